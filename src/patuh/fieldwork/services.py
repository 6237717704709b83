"""Fieldwork workflows: plan visits, fill and submit checklists with photos, review, correct.

Every function checks its own rules and raises FieldworkError (or SubmissionIncomplete) with a
message for the person acting; who may call which function is the views' and access rules'
business.
"""

import datetime as dt
import math
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from patuh.accounts.models import Role
from patuh.assessments.models import Answer, AnswerSource, Cycle, Level, Phase
from patuh.audit.services import Action, record
from patuh.fieldwork.models import Assignment, Evidence, Review, Submission, SubmittedAnswer
from patuh.instruments.definition import NA, AnswerError, Indicator, Instrument
from patuh.lib.images import ImageLimits, ImageRejected, process_image
from patuh.lib.storage import files_kept_only_on_success
from patuh.registry.models import ServiceProduct, ServiceUnit
from patuh.satisfaction.services import skm_results_for_unit

# Levels an enumerator answers at a unit; websites are checked from the office.
FIELD_LEVELS = (Level.UNIT, Level.PRODUCT)


class FieldworkError(Exception):
    """The action cannot be done; the message says why, for the person acting."""


class SubmissionIncomplete(FieldworkError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(_("The checklist cannot be submitted yet."))


# Planning


def collection_window(cycle: Cycle) -> tuple[dt.date, dt.date]:
    phase = cycle.phase(Phase.Kind.PENGAMBILAN_DATA)
    if phase is None:
        raise FieldworkError(_("This cycle has no data collection phase to plan visits in."))
    return phase.starts_on, phase.ends_on


def _check_plan(cycle: Cycle, enumerator, starts_on: dt.date, ends_on: dt.date) -> None:
    if enumerator.role != Role.ENUMERATOR or not enumerator.is_active:
        raise FieldworkError(_("%(name)s is not an active enumerator.") % {"name": enumerator})
    if enumerator.office_id != cycle.office_id:
        raise FieldworkError(
            _("%(name)s does not work for the office running this cycle.") % {"name": enumerator}
        )
    if ends_on < starts_on:
        raise FieldworkError(_("The visit window ends before it starts."))
    first, last = collection_window(cycle)
    if starts_on < first or ends_on > last:
        raise FieldworkError(
            _("The visit window must lie within data collection, %(first)s to %(last)s.")
            % {"first": first.isoformat(), "last": last.isoformat()}
        )


@transaction.atomic
def assign(
    cycle: Cycle, unit: ServiceUnit, enumerator, starts_on: dt.date, ends_on: dt.date, *, by
) -> Assignment:
    """Assign one unit of the cycle's scope, or move its existing assignment."""
    _check_plan(cycle, enumerator, starts_on, ends_on)
    if not cycle.providers.filter(pk=unit.provider_id).exists():
        raise FieldworkError(_("%(unit)s is not in this cycle's scope.") % {"unit": unit})
    assignment = Assignment.objects.filter(cycle=cycle, unit=unit).first()
    if assignment is None:
        return Assignment.objects.create(
            cycle=cycle,
            unit=unit,
            enumerator=enumerator,
            starts_on=starts_on,
            ends_on=ends_on,
            created_by=by,
        )
    if assignment.enumerator_id != enumerator.pk and assignment.submissions.exists():
        raise FieldworkError(
            _("%(unit)s already has a submission; it cannot move to another enumerator.")
            % {"unit": unit}
        )
    assignment.enumerator, assignment.starts_on, assignment.ends_on = enumerator, starts_on, ends_on
    assignment.save()
    return assignment


@dataclass
class BulkPlan:
    created: int = 0
    # Units already assigned, left as they were.
    kept: int = 0


@transaction.atomic
def assign_many(
    cycle: Cycle, units: QuerySet[ServiceUnit], enumerator, starts_on, ends_on, *, by
) -> BulkPlan:
    """Assign every not yet assigned unit of `units` in the cycle's scope, all or nothing."""
    _check_plan(cycle, enumerator, starts_on, ends_on)
    units = list(units.filter(provider__cycles=cycle).order_by("pk"))
    if not units:
        raise FieldworkError(_("No unit of this cycle's scope matches."))
    taken = set(
        Assignment.objects.filter(cycle=cycle, unit__in=units).values_list("unit_id", flat=True)
    )
    plan = BulkPlan(kept=len(taken))
    for unit in units:
        if unit.pk not in taken:
            # One by one, so each assignment is in the audit log.
            Assignment.objects.create(
                cycle=cycle,
                unit=unit,
                enumerator=enumerator,
                starts_on=starts_on,
                ends_on=ends_on,
                created_by=by,
            )
            plan.created += 1
    return plan


def unassign(assignment: Assignment) -> None:
    if assignment.submissions.exists():
        raise FieldworkError(_("A visit with a submission cannot be removed from the plan."))
    assignment.delete()


# The checklist of an assignment


def answer_options(indicator: Indicator, language: str) -> list[tuple[str, str]]:
    """The values an indicator takes with their labels, for radio buttons; empty for numbers."""
    if indicator.answer_type == "choice":
        options = [(option.code, option.label.get(language)) for option in indicator.options]
    elif indicator.answer_type == "yes_no":
        options = [("yes", _("Yes")), ("no", _("No"))]
    elif indicator.answer_type == "scale":
        values = range(indicator.scale_min, indicator.scale_max + 1)
        options = [(str(value), str(value)) for value in values]
    else:
        options = []
    if indicator.na_allowed:
        options.append(("na", _("Not applicable")))
    return options


@dataclass
class ChecklistItem:
    """One indicator to answer at the unit or for one of its products."""

    product: ServiceProduct | None
    indicator: Indicator
    answer: SubmittedAnswer | None = None
    options: list[tuple[str, str]] = field(default_factory=list)
    # For indicators about satisfaction surveys: the unit's SKM results, offered as evidence.
    surveys: list = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.product.code if self.product else ''}:{self.indicator.code}"

    @property
    def answered(self) -> bool:
        return self.answer is not None and self.answer.value != ""


@dataclass
class ChecklistSection:
    product: ServiceProduct | None
    items: list[ChecklistItem] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return sum(item.answered for item in self.items)


def checklist(
    assignment: Assignment, submission: Submission | None, language: str = "id"
) -> list[ChecklistSection]:
    """The unit's indicators, then each product's, with `submission`'s answers (if any)."""
    instrument = assignment.cycle.instrument_version.parsed
    options = {
        indicator.code: answer_options(indicator, language)
        for indicator in instrument.indicators.values()
    }
    given: dict[tuple[int | None, str], SubmittedAnswer] = {}
    if submission is not None:
        for answer in submission.answers.prefetch_related("evidence"):
            given[(answer.product_id, answer.indicator)] = answer
    surveys = []
    if instrument.evidence_indicators("skm"):
        surveys = skm_results_for_unit(assignment.unit, timezone.localdate())
    unit_section = ChecklistSection(None)
    for indicator in instrument.indicators_at(Level.UNIT):
        unit_section.items.append(
            ChecklistItem(
                None,
                indicator,
                given.get((None, indicator.code)),
                options[indicator.code],
                surveys if indicator.evidence_from == "skm" else [],
            )
        )
    sections = [unit_section]
    product_indicators = instrument.indicators_at(Level.PRODUCT)
    for product in assignment.unit.products.order_by("name", "pk"):
        section = ChecklistSection(product)
        for indicator in product_indicators:
            section.items.append(
                ChecklistItem(
                    product,
                    indicator,
                    given.get((product.pk, indicator.code)),
                    options[indicator.code],
                    surveys if indicator.evidence_from == "skm" else [],
                )
            )
        sections.append(section)
    return sections


def checklist_size(instrument: Instrument, products: int) -> int:
    return len(instrument.indicators_at(Level.UNIT)) + products * len(
        instrument.indicators_at(Level.PRODUCT)
    )


def latest_submission(assignment: Assignment) -> Submission | None:
    return assignment.submissions.order_by("-version").first()


def draft_of(assignment: Assignment) -> Submission | None:
    return assignment.submissions.filter(status=Submission.Status.DRAFT).first()


@transaction.atomic
def open_draft(assignment: Assignment, user, reason: str = "") -> Submission:
    """The assignment's draft, making one when there is none.

    The first version needs no reason. After a review that sent it back (or rejected it), a new
    version starts as a copy of the last one and must say why it is made; while a version
    waits for review or is approved, no draft can be opened.
    """
    draft = draft_of(assignment)
    if draft is not None:
        return draft
    latest = latest_submission(assignment)
    if latest is None:
        return Submission.objects.create(assignment=assignment, version=1, created_by=user)
    if latest.status in (Submission.Status.RECEIVED, Submission.Status.APPROVED):
        raise FieldworkError(
            _("Version %(n)d is %(status)s; it cannot be changed now.")
            % {"n": latest.version, "status": latest.get_status_display().lower()}
        )
    if not reason.strip():
        raise FieldworkError(_("Say why this correction is made."))
    return _copy_version(latest, user, reason.strip(), Submission.Status.DRAFT)


def _copy_version(source: Submission, user, reason: str, status: str) -> Submission:
    """A new version holding the same answers, notes and photos as `source`."""
    copy = Submission.objects.create(
        assignment=source.assignment,
        version=source.version + 1,
        status=status,
        reason=reason,
        created_by=user,
        submitted_at=timezone.now() if status != Submission.Status.DRAFT else None,
    )
    for answer in source.answers.prefetch_related("evidence"):
        photos = list(answer.evidence.all())
        answer.pk, answer.submission = None, copy
        answer.save()
        answer.evidence.set(photos)
    return copy


@dataclass(frozen=True)
class AnswerInput:
    """An answer as the form sends it: product code ("" for the unit), indicator, value, note."""

    product: str
    indicator: str
    value: str
    note: str = ""


def _subject(
    assignment: Assignment, instrument: Instrument, product_code: str, code: str
) -> tuple[ServiceProduct | None, Indicator]:
    indicator = instrument.indicators.get(code)
    level = Level.PRODUCT if product_code else Level.UNIT
    if indicator is None or indicator.level != level:
        raise FieldworkError(
            _("%(code)s is not a %(level)s indicator of this instrument.")
            % {"code": code, "level": Level(level).label.lower()}
        )
    if not product_code:
        return None, indicator
    product = assignment.unit.products.filter(code=product_code).first()
    if product is None:
        raise FieldworkError(
            _("%(unit)s has no product %(code)s.") % {"unit": assignment.unit, "code": product_code}
        )
    return product, indicator


def _checked_value(indicator: Indicator, value: str) -> str:
    value = value.strip()
    if value:
        try:
            indicator.fraction(value)
        except AnswerError as exc:
            raise FieldworkError(str(exc)) from exc
    return value


@dataclass
class SavedAnswers:
    """What save_answers did: the draft, and each answer it refused with the reason."""

    draft: Submission
    refused: list[tuple[AnswerInput, str]] = field(default_factory=list)


@transaction.atomic
def save_answers(assignment: Assignment, user, inputs: Iterable[AnswerInput]) -> SavedAnswers:
    """Store answers in the draft (autosave). The same input sent twice changes nothing.

    Each answer stands alone: one the indicator cannot take, or for an indicator or product
    that does not belong, is refused with the reason while the others are stored, so a phone
    holding a batch of answers entered offline loses only the bad one.
    """
    draft = open_draft(assignment, user)
    instrument = assignment.cycle.instrument_version.parsed
    saved = SavedAnswers(draft)
    for item in inputs:
        try:
            product, indicator = _subject(assignment, instrument, item.product, item.indicator)
            value = _checked_value(indicator, item.value)
        except FieldworkError as exc:
            saved.refused.append((item, str(exc)))
            continue
        answer = SubmittedAnswer.objects.filter(
            submission=draft, product=product, indicator=indicator.code
        ).first()
        if answer is None:
            SubmittedAnswer.objects.create(
                submission=draft,
                product=product,
                indicator=indicator.code,
                value=value,
                note=item.note.strip(),
            )
        elif (answer.value, answer.note) != (value, item.note.strip()):
            answer.value, answer.note = value, item.note.strip()
            answer.save()
    return saved


# Evidence


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
    product, indicator = _subject(assignment, instrument, product_code, indicator_code)
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
        _take_turns(assignment)
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


def _take_turns(assignment: Assignment) -> None:
    """Lock the visit until the transaction ends, so two requests for it take turns and the
    second finds what the first stored: a phone re-sends while its first attempt is still on
    its way. SQLite's immediate transactions take turns anyway; PostgreSQL needs the lock."""
    Assignment.objects.select_for_update().get(pk=assignment.pk)


@transaction.atomic
def remove_photo(assignment: Assignment, user, evidence_id: uuid.UUID) -> None:
    """Take a photo off the draft; earlier versions that hold it keep it."""
    draft = open_draft(assignment, user)
    for answer in draft.answers.filter(evidence__uuid=evidence_id):
        answer.evidence.remove(*answer.evidence.filter(uuid=evidence_id))


# Submitting


def completeness_problems(assignment: Assignment, submission: Submission) -> list[str]:
    """What keeps `submission` from being submitted: unanswered indicators, missing photos."""
    problems = []
    for section in checklist(assignment, submission):
        where = section.product.name if section.product else _("Unit")
        for item in section.items:
            answer = item.answer
            if not item.answered:
                problems.append(
                    _("%(where)s, %(code)s: not answered.")
                    % {"where": where, "code": item.indicator.code}
                )
            elif (
                item.indicator.evidence_required
                and item.indicator.fraction(answer.value) is not NA
                and not answer.evidence.all()
            ):
                problems.append(
                    _("%(where)s, %(code)s: a photo is required.")
                    % {"where": where, "code": item.indicator.code}
                )
    return problems


@transaction.atomic
def submit(assignment: Assignment, user, client_id: uuid.UUID) -> tuple[Submission, bool]:
    """Submit the draft for review; (submission, newly submitted).

    Idempotent: a client_id already used returns that submission unchanged, so a phone that
    re-sends after a dropped connection, or while its first attempt is still on its way, never
    makes a second one.
    """
    _take_turns(assignment)
    done = Submission.objects.filter(client_id=client_id).first()
    if done is not None:
        if done.assignment_id != assignment.pk:
            raise FieldworkError(_("This submission belongs to another visit."))
        return done, False
    draft = draft_of(assignment)
    if draft is None:
        raise FieldworkError(_("There is no draft to submit."))
    problems = completeness_problems(assignment, draft)
    if problems:
        raise SubmissionIncomplete(problems)
    draft.status = Submission.Status.RECEIVED
    draft.client_id = client_id
    draft.submitted_at = timezone.now()
    draft.save()
    return draft, True


# Review


@transaction.atomic
def decide(submission: Submission, reviewer, decision: str, comment: str = "") -> Review:
    """Approve, send back or reject a received submission.

    Approval makes its answers the official ones of the unit and its products (source
    "fieldwork"); a send-back or rejection must say why.
    """
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status != Submission.Status.RECEIVED:
        raise FieldworkError(
            _("Only a received submission can be reviewed; this one is %(status)s.")
            % {"status": submission.get_status_display().lower()}
        )
    if decision not in Review.Decision.values:
        raise FieldworkError(_("Unknown decision %(decision)r.") % {"decision": decision})
    comment = comment.strip()
    if decision != Review.Decision.APPROVED and not comment:
        raise FieldworkError(_("Say what is wrong, so the enumerator can put it right."))
    review = Review.objects.create(
        submission=submission, reviewer=reviewer, decision=decision, comment=comment
    )
    submission.status = decision
    submission.save()
    if decision == Review.Decision.APPROVED:
        _make_official(submission)
    record(Action.REVIEW, submission, after={"decision": decision}, note=comment)
    return review


def _make_official(submission: Submission) -> None:
    """Write the approved answers into the cycle's official answers."""
    assignment = submission.assignment
    for answer in submission.answers.all():
        subject = (
            {"product_id": answer.product_id}
            if answer.product_id
            else {"unit_id": assignment.unit_id}
        )
        official, created = Answer.objects.get_or_create(
            cycle_id=assignment.cycle_id,
            level=answer.level,
            indicator=answer.indicator,
            **subject,
            defaults={
                "value": answer.value,
                "note": answer.note,
                "source": AnswerSource.FIELDWORK,
                "answered_by": submission.assignment.enumerator,
                "answered_at": submission.submitted_at,
            },
        )
        if not created and (official.value, official.note, official.source) != (
            answer.value,
            answer.note,
            AnswerSource.FIELDWORK,
        ):
            official.value, official.note = answer.value, answer.note
            official.source = AnswerSource.FIELDWORK
            official.answered_by = submission.assignment.enumerator
            official.answered_at = submission.submitted_at
            official.save()


@transaction.atomic
def correct(
    submission: Submission, reviewer, reason: str, inputs: Iterable[AnswerInput]
) -> Submission:
    """A reviewer's correction: a new received version with the changed answers and a reason.

    An approved version stays approved (its answers stay official) until the correction is
    approved in turn, e.g. after an agency's objection.
    """
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status in (Submission.Status.REJECTED, Submission.Status.DRAFT):
        raise FieldworkError(_("Only a submitted, not rejected, submission can be corrected."))
    if latest_submission(submission.assignment).pk != submission.pk:
        raise FieldworkError(_("Correct the latest version only."))
    if not reason.strip():
        raise FieldworkError(_("Say why this correction is made."))
    assignment = submission.assignment
    instrument = assignment.cycle.instrument_version.parsed
    checked = []
    for item in inputs:
        product, indicator = _subject(assignment, instrument, item.product, item.indicator)
        checked.append((product, indicator, _checked_value(indicator, item.value), item.note))
    if not checked:
        raise FieldworkError(_("Change at least one answer."))
    if submission.status == Submission.Status.RECEIVED:
        # The version it replaces will not be reviewed any more.
        submission.status = Submission.Status.HAS_ISSUES
        submission.save()
    copy = _copy_version(submission, reviewer, reason.strip(), Submission.Status.RECEIVED)
    for product, indicator, value, note in checked:
        answer, _created = SubmittedAnswer.objects.get_or_create(
            submission=copy, product=product, indicator=indicator.code
        )
        answer.value, answer.note = value, note.strip()
        answer.save()
    return copy


@dataclass
class Difference:
    where: str
    indicator: str
    before: str
    after: str
    note_before: str
    note_after: str
    photos_added: int
    photos_removed: int


def compare(older: Submission, newer: Submission) -> list[Difference]:
    """What changed between two versions of an assignment's checklist, in checklist order."""

    def answers(submission):
        return {
            (answer.product_id, answer.indicator): answer
            for answer in submission.answers.prefetch_related("evidence")
        }

    before, after = answers(older), answers(newer)
    names = dict(older.assignment.unit.products.values_list("pk", "name"))
    differences = []
    for key in sorted(before.keys() | after.keys(), key=lambda k: (k[0] or 0, k[1])):
        old, new = before.get(key), after.get(key)
        old_photos = {e.pk for e in old.evidence.all()} if old else set()
        new_photos = {e.pk for e in new.evidence.all()} if new else set()
        values = (old.value if old else "", new.value if new else "")
        notes = (old.note if old else "", new.note if new else "")
        if values[0] == values[1] and notes[0] == notes[1] and old_photos == new_photos:
            continue
        differences.append(
            Difference(
                where=names.get(key[0], _("Unit")),
                indicator=key[1],
                before=values[0],
                after=values[1],
                note_before=notes[0],
                note_after=notes[1],
                photos_added=len(new_photos - old_photos),
                photos_removed=len(old_photos - new_photos),
            )
        )
    return differences
