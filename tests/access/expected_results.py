"""Who gets through the result pages: office dashboard and exports, report cards, the portal.

build() adds a second cycle of providers A and B whose official scores were released and
announced yesterday, so the public portal, and officer A's trend, have something to show.
"""

import datetime as dt
import uuid

from django.utils import timezone

from patuh.fieldwork.models import Assignment, Evidence
from patuh.fieldwork.services.collecting import submit
from patuh.fieldwork.services.reviewing import decide
from patuh.scoring.services import compute_snapshot
from tests import factories
from tests.access.roles import EVERYONE, RESULTS_STAFF
from tests.fieldwork.conftest import fill

COORDINATORS = frozenset({"coordinator", "admin_user"})

EXPECTED = {
    "release": COORDINATORS,
    "withdraw_release": COORDINATORS,
    "announce": COORDINATORS,
    "report_cards": RESULTS_STAFF,
    "regions": RESULTS_STAFF,
    "cycle_exports": RESULTS_STAFF,
    "export_scores": RESULTS_STAFF,
    "export_answers": RESULTS_STAFF,
    # The sample cycle's scores are not released, so officer A does not see A's report card yet.
    "provider_pdf": RESULTS_STAFF,
    "provider_scores_export": RESULTS_STAFF,
    # Officer A follows A over the cycles released to them (the announced one).
    "provider_trend": RESULTS_STAFF | {"officer_a"},
    "region_trend": RESULTS_STAFF,
    "public_index": EVERYONE,
    "public_agency": EVERYONE,
    "public_cycle": EVERYONE,
    "public_regions": EVERYONE,
    "public_data": EVERYONE,
    "public_scores_export": EVERYONE,
    "public_provider": EVERYONE,
    "public_provider_pdf": EVERYONE,
    "public_provider_trend": EVERYONE,
    "public_region_trend": EVERYONE,
    # A photo behind a finding on A's card in the announced cycle: public like the card.
    "card_photo": EVERYONE,
}

SAMPLES = {
    "cycle": lambda world: world["announced_cycle"].code,
    "region": lambda world: world["provider_a"].region.code,
    "photo": lambda world: world["card_photo"].uuid,
}


def build(world: dict) -> None:
    cycle = factories.cycle([world["provider_a"], world["provider_b"]], code="kepatuhan-2020")
    factories.answer_everything(cycle)
    users = world["users"]
    visit = Assignment.objects.create(
        cycle=cycle,
        unit=world["provider_a"].units.get(),
        enumerator=users["enumerator"],
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
    )
    fill(
        visit,
        users["enumerator"],
        lambda indicator: "no" if indicator.code == "U01" else factories.best_value(indicator),
    )
    submission, _ = submit(visit, users["enumerator"], uuid.uuid4())
    decide(submission, users["reviewer"], "approved")
    world["card_photo"] = Evidence.objects.get(assignment=visit, indicator="U01")
    snapshot, _ = compute_snapshot(cycle)
    yesterday = timezone.now() - dt.timedelta(days=1)
    snapshot.released_at = yesterday - dt.timedelta(hours=1)
    snapshot.save()
    cycle.announce_at = yesterday
    cycle.save()
    world["announced_cycle"] = cycle
