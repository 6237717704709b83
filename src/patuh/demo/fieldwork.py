"""The demo's running cycle: a visit plan, checklists in every state, photos and a review.

Everything goes through the fieldwork services, as it would in the field, so the audit log,
photo flags, official answers and scores are what real use produces.
"""

import datetime as dt
import random
import uuid

from django.utils import timezone

from patuh.accounts.models import Role
from patuh.assessments.models import Cycle
from patuh.audit.services import acting_as
from patuh.demo import seed
from patuh.demo.answers import answer_value
from patuh.demo.cycles import running_cycle
from patuh.demo.photos import notice_board
from patuh.fieldwork.services.collecting import AnswerInput, checklist, save_answers, submit
from patuh.fieldwork.services.photos import add_photo
from patuh.fieldwork.services.planning import assign
from patuh.fieldwork.services.reviewing import decide
from patuh.registry.models import Provider
from patuh.scoring.services import compute_snapshot


def load_live_cycle(office, users: dict, versions: dict) -> Cycle:
    """The running cycle with its plan and visits; returns it."""
    today = timezone.localdate()
    providers = Provider.objects.filter(region__code=seed.LIVE_CYCLE["region"]).order_by("code")
    cycle = running_cycle(
        seed.LIVE_CYCLE,
        versions[seed.LIVE_CYCLE["instrument"]],
        office,
        providers,
        seed.LIVE_PHASES,
    )
    enumerator, reviewer = users[Role.ENUMERATOR], users[Role.REVIEWER]
    with acting_as(users[Role.COORDINATOR], "cli"):
        for number, provider in enumerate(providers):
            # Visits spread over the first weeks, a few days each, as an office would plan them.
            starts = today + dt.timedelta(days=-6 + 2 * number)
            assign(
                cycle,
                provider.units.get(),
                enumerator,
                starts,
                starts + dt.timedelta(days=3),
                by=users[Role.COORDINATOR],
            )
    for assignment in cycle.assignments.select_related("unit__provider").order_by("pk"):
        state = seed.LIVE_VISITS.get(assignment.unit.provider.code)
        if state is not None:
            _visit(assignment, state, enumerator, reviewer)
    compute_snapshot(cycle, users[Role.COORDINATOR])
    return cycle


def _visit(assignment, state: str, enumerator, reviewer) -> None:
    """Fill (part of) the checklist as the enumerator, then review it as far as `state`."""
    rng = random.Random(f"{seed.ANSWER_SEED}:live:{assignment.unit.provider.code}")
    propensity = next(
        item["propensity"]
        for item in seed.PROVIDERS
        if item["code"] == assignment.unit.provider.code
    )
    unit = assignment.unit
    position = (float(unit.latitude), float(unit.longitude))
    # The camera's wall-clock time on the first morning of the visit window.
    taken = dt.datetime.combine(assignment.starts_on, dt.time(9, 15))
    items = [item for section in checklist(assignment, None) for item in section.items]
    if state == "draft":
        items = items[: len(items) // 2]
    with acting_as(enumerator, "cli"):
        save_answers(
            assignment,
            enumerator,
            [
                AnswerInput(
                    item.product.code if item.product else "",
                    item.indicator.code,
                    answer_value(item.indicator, propensity, rng),
                )
                for item in items
            ],
        )
        for number, item in enumerate(items):
            if not item.indicator.evidence_required:
                continue
            when = taken + dt.timedelta(minutes=2 * number)
            if state == "received" and number == 0:
                # One photo taken a month earlier: the reviewer sees it flagged.
                when -= dt.timedelta(days=30)
            add_photo(
                assignment,
                enumerator,
                product_code=item.product.code if item.product else "",
                indicator_code=item.indicator.code,
                data=notice_board(
                    taken_at=when,
                    position=position,
                    size=(320, 240),
                    colour=(40 + number % 5 * 30, 110, 180),
                    caption=item.indicator.code,
                ),
                client_id=uuid.UUID(int=rng.getrandbits(128)),
            )
        if state == "draft":
            return
        submission, _ = submit(assignment, enumerator, uuid.UUID(int=rng.getrandbits(128)))
    with acting_as(reviewer, "cli"):
        if state == "approved":
            decide(submission, reviewer, "approved")
        elif state == "has_issues":
            decide(submission, reviewer, "has_issues", seed.LIVE_REVIEW_COMMENT)
