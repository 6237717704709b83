"""Photos for a visit's indicators: checked, flagged against the visit's window and the unit's
position, and attached to the draft."""

import math
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patuh.fieldwork.models import Assignment, Evidence, SubmittedAnswer
from patuh.fieldwork.services import FieldworkError
from patuh.fieldwork.services.collecting import open_draft, subject_of, take_turns
from patuh.lib.images import ImageLimits, ImageRejected, process_image
from patuh.lib.storage import files_kept_only_on_success


def image_limits() -> ImageLimits:
    return ImageLimits(
        max_bytes=settings.PATUH_EVIDENCE_MAX_BYTES,
        max_pixels=settings.PATUH_EVIDENCE_MAX_PIXELS,
    )


def image_problem(exc: ImageRejected) -> str:
    """Why a photo was refused, in the user's language."""
    messages = {
        "too_large": _("The file is %(size)s; photos may be at most %(limit)s."),
        "not_image": _("The file is not an image (JPEG, PNG or WebP photo)."),
        "format": _("%(format)s images are not accepted; send a JPEG, PNG or WebP photo."),
        "too_many_pixels": _(
            "The image declares %(pixels)s pixels, more than the %(limit)s allowed."
        ),
        "far_too_many_pixels": _("The image declares far more than the %(limit)s pixels allowed."),
        "damaged": _("The image is damaged or incomplete and cannot be read."),
    }
    return messages[exc.reason] % exc.details


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
    existing = _stored_photo(assignment, client_id)
    if existing is not None:
        return existing, False
    instrument = assignment.cycle.instrument_version.parsed
    product, indicator = subject_of(assignment, instrument, product_code, indicator_code)
    try:
        image = process_image(data, image_limits())
    except ImageRejected as exc:
        raise FieldworkError(image_problem(exc)) from exc
    taken_at = image.taken_at
    if taken_at is not None and timezone.is_naive(taken_at):
        taken_at = timezone.make_aware(taken_at)
    position = (image.latitude, image.longitude) if image.latitude is not None else None
    flags, distance = _flags(assignment, taken_at, position)
    public_id = uuid.uuid4()
    folder = f"evidence/{assignment.cycle.code}/{assignment.uuid}/{public_id}"
    with files_kept_only_on_success() as save, transaction.atomic():
        take_turns(assignment)
        existing = _stored_photo(assignment, client_id)
        if existing is not None:
            return existing, False
        draft = open_draft(assignment, user)
        evidence = Evidence(
            uuid=public_id,
            client_id=client_id,
            assignment=assignment,
            product=product,
            indicator=indicator.code,
            sha256=image.sha256,
            content_type=image.content_type,
            size=image.size,
            width=image.width,
            height=image.height,
            taken_at=taken_at,
            latitude=_coordinate(image.latitude),
            longitude=_coordinate(image.longitude),
            distance_m=distance,
            flags=flags,
            attention=Evidence.flags_need_attention(flags),
            uploaded_by=user,
            original=save(f"{folder}/original.{image.extension}", data),
            display=save(f"{folder}/display.jpg", image.display),
            thumbnail=save(f"{folder}/thumbnail.jpg", image.thumbnail),
        )
        evidence.save()
        answer, _created = SubmittedAnswer.objects.get_or_create(
            submission=draft, product=product, indicator=indicator.code
        )
        answer.evidence.add(evidence)
    return evidence, True


def _stored_photo(assignment: Assignment, client_id: uuid.UUID) -> Evidence | None:
    existing = Evidence.objects.filter(client_id=client_id).first()
    if existing is not None and existing.assignment_id != assignment.pk:
        raise FieldworkError(_("This photo belongs to another visit."))
    return existing


@transaction.atomic
def remove_photo(assignment: Assignment, user, evidence_id: uuid.UUID) -> None:
    """Take a photo off the draft; earlier versions that hold it keep it."""
    draft = open_draft(assignment, user)
    for answer in draft.answers.filter(evidence__uuid=evidence_id):
        answer.evidence.remove(*answer.evidence.filter(uuid=evidence_id))
