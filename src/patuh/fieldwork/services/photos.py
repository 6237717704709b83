"""Photos for a visit's indicators, stored through the evidence core (store_upload): flagged
against the visit's window and the unit's position, and attached to the draft."""

import datetime as dt
import math
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from patuh.accounts.models import User
from patuh.evidence.refusals import EvidenceRejected
from patuh.evidence.services import Destination, Kind, Upload, Vetted, store_upload
from patuh.fieldwork.models import Assignment, Evidence, Submission, SubmittedAnswer
from patuh.fieldwork.services import FieldworkError
from patuh.fieldwork.services.collecting import open_draft, subject_of, take_turns

EARTH_RADIUS_M = 6_371_000


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points, in metres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def _flags(assignment: Assignment, taken_at, position) -> tuple[list[str], int | None]:
    """The reviewer's flags for a photo taken at `taken_at` (aware) and `position`."""
    flags = []
    if taken_at is None:
        flags.append(Evidence.Flag.NO_TIME)
    else:
        day = timezone.localtime(taken_at).date()
        if not assignment.starts_on <= day <= assignment.ends_on:
            flags.append(Evidence.Flag.OUTSIDE_WINDOW)
    distance = None
    unit = assignment.unit
    if position is None:
        flags.append(Evidence.Flag.NO_POSITION)
    elif unit.latitude is None or unit.longitude is None:
        flags.append(Evidence.Flag.NO_UNIT_POSITION)
    else:
        distance = round(distance_m(position, (float(unit.latitude), float(unit.longitude))))
        if distance > settings.PATUH_EVIDENCE_MAX_DISTANCE_M:
            flags.append(Evidence.Flag.TOO_FAR)
    return [str(flag) for flag in flags], distance


def _coordinate(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(f"{value:.6f}")


def _aware(taken_at: dt.datetime | None) -> dt.datetime | None:
    """EXIF time without an offset is the camera's wall clock: local time."""
    if taken_at is not None and timezone.is_naive(taken_at):
        return timezone.make_aware(taken_at)
    return taken_at


@dataclass
class _VisitPhoto(Destination[Evidence]):
    """A photo for one indicator of the visit's draft."""

    model = Evidence
    assignment: Assignment
    user: User
    product_code: str
    indicator_code: str
    draft: Submission | None = None

    def owns(self, stored: Evidence) -> bool:
        return stored.assignment_id == self.assignment.pk

    def prepare(self) -> Evidence:
        instrument = self.assignment.cycle.instrument_version.parsed
        product, indicator = subject_of(
            self.assignment, instrument, self.product_code, self.indicator_code
        )
        return Evidence(assignment=self.assignment, product=product, indicator=indicator.code)

    def describe(self, evidence: Evidence, vetted: Vetted) -> None:
        image = vetted.image
        evidence.width, evidence.height = image.width, image.height
        evidence.taken_at = _aware(image.taken_at)
        evidence.latitude = _coordinate(image.latitude)
        evidence.longitude = _coordinate(image.longitude)
        position = (image.latitude, image.longitude) if image.latitude is not None else None
        evidence.flags, evidence.distance_m = _flags(self.assignment, evidence.taken_at, position)
        evidence.attention = Evidence.flags_need_attention(evidence.flags)

    def place(self, evidence: Evidence) -> str:
        # A phone re-sends while its first attempt is still on its way: take turns.
        take_turns(self.assignment)
        self.draft = open_draft(self.assignment, self.user)
        return f"evidence/{self.assignment.cycle.code}/{self.assignment.uuid}"

    def attach(self, evidence: Evidence) -> None:
        answer, _created = SubmittedAnswer.objects.get_or_create(
            submission=self.draft, product=evidence.product, indicator=evidence.indicator
        )
        answer.evidence.add(evidence)


def add_photo(
    assignment: Assignment,
    user,
    *,
    product_code: str,
    indicator_code: str,
    data: bytes,
    client_id: uuid.UUID,
) -> tuple[Evidence, bool]:
    """Store a photo for an indicator of the draft; (evidence, created).

    The same client_id again returns the stored photo, also when both uploads arrive at once.
    A file that is not an acceptable image raises FieldworkError and stores nothing.
    """
    photo = _VisitPhoto(assignment, user, product_code, indicator_code)
    try:
        return store_upload(photo, Upload(Kind.IMAGE, data), client_id=client_id, user=user)
    except EvidenceRejected as exc:
        raise FieldworkError(str(exc)) from exc


@transaction.atomic
def remove_photo(assignment: Assignment, user, evidence_id: uuid.UUID) -> None:
    """Take a photo off the draft; earlier versions that hold it keep it."""
    draft = open_draft(assignment, user)
    for answer in draft.answers.filter(evidence__uuid=evidence_id):
        answer.evidence.remove(*answer.evidence.filter(uuid=evidence_id))
