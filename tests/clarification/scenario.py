"""A cycle in its klarifikasi phase: every official answer the best, then provider A's visit
approved with two failures (U01 at the unit, P01 for product-1) and photos, and preliminary
scores computed. Shared by these tests and the access walk (tests/access)."""

import datetime as dt
import uuid

from django.utils import timezone

from patuh.assessments.models import Phase
from patuh.fieldwork.models import Assignment, Submission
from patuh.fieldwork.scoring import compute_preliminary_snapshot
from patuh.fieldwork.services.collecting import AnswerInput, checklist, save_answers, submit
from patuh.fieldwork.services.photos import add_photo
from patuh.fieldwork.services.reviewing import decide
from tests import factories, photos

# (product code, indicator) → the failing answer the visit gives.
FAILURES = {("", "U01"): "no", ("product-1", "P01"): "kurang"}


def today() -> dt.date:
    return timezone.localdate()


def photo() -> bytes:
    """A small photo taken now at the unit, with EXIF time and GPS."""
    return photos.jpeg(
        taken_at=timezone.localtime().replace(tzinfo=None),
        position=photos.TANJUNG_PANDAN,
        size=(64, 48),
    )


def open_klarifikasi(cycle, first: int = -1, last: int = 10) -> Phase:
    """The cycle's klarifikasi phase from `first` to `last` days from today."""
    phase, _ = Phase.objects.update_or_create(
        cycle=cycle,
        kind=Phase.Kind.KLARIFIKASI,
        defaults={
            "starts_on": today() + dt.timedelta(days=first),
            "ends_on": today() + dt.timedelta(days=last),
        },
    )
    return phase


def approved_visit(cycle, unit, enumerator, reviewer) -> Submission:
    """The unit visited, answered (FAILURES, else the best), with a photo for each indicator
    that needs one, submitted and approved."""
    assignment = Assignment.objects.create(
        cycle=cycle,
        unit=unit,
        enumerator=enumerator,
        starts_on=today() - dt.timedelta(days=12),
        ends_on=today() - dt.timedelta(days=8),
    )
    items = [item for section in checklist(assignment, None) for item in section.items]
    inputs = []
    for item in items:
        product = item.product.code if item.product else ""
        value = FAILURES.get((product, item.indicator.code)) or factories.best_value(item.indicator)
        inputs.append(AnswerInput(product, item.indicator.code, value))
    save_answers(assignment, enumerator, inputs)
    for item in inputs:
        if cycle.instrument_version.parsed.indicators[item.indicator].evidence_required:
            add_photo(
                assignment,
                enumerator,
                product_code=item.product,
                indicator_code=item.indicator,
                data=photo(),
                client_id=uuid.uuid4(),
            )
    submission, _ = submit(assignment, enumerator, uuid.uuid4())
    decide(submission, reviewer, "approved")
    return submission


def in_klarifikasi(cycle, provider, enumerator, reviewer) -> Submission:
    """Everything answered at its best, `provider`'s visit approved with FAILURES, klarifikasi
    running since yesterday, preliminary scores computed; the approved version."""
    factories.answer_everything(cycle)
    Phase.objects.filter(cycle=cycle, kind=Phase.Kind.PENGAMBILAN_DATA).update(
        starts_on=today() - dt.timedelta(days=30), ends_on=today() - dt.timedelta(days=2)
    )
    open_klarifikasi(cycle)
    submission = approved_visit(cycle, provider.units.get(), enumerator, reviewer)
    compute_preliminary_snapshot(cycle)
    return submission
