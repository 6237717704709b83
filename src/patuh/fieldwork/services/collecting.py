"""The checklist of a visit: its items, the draft and its versions, answers, submitting."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patuh.assessments.models import Level
from patuh.audit.services import field_values, save_as_read
from patuh.fieldwork.models import Assignment, Submission, SubmittedAnswer
from patuh.fieldwork.services import FieldworkError, Problem, SubmissionIncomplete
from patuh.instruments.definition import NA, AnswerError, Indicator, Instrument
from patuh.lib.rows import lock_row
from patuh.registry.models import ServiceProduct, ServiceUnit
from patuh.satisfaction.services import citing, survey_results_for_unit

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
    # A SubmittedAnswer, or the agency's SelfCheckAnswer in a self-check.
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
    given: dict[tuple[int | None, str], SubmittedAnswer] = {}
    if submission is not None:
        for answer in submission.answers.prefetch_related("evidence"):
            given[(answer.product_id, answer.indicator)] = answer
    return unit_checklist(
        assignment.unit, assignment.cycle.instrument_version.parsed, given, language
    )


def unit_checklist(
    unit: ServiceUnit, instrument: Instrument, given: dict, language: str = "id"
) -> list[ChecklistSection]:
    """The unit's observable indicators, then each product's, with the answers `given` by
    (product id or None, indicator code): the enumerator's checklist and the agency's
    self-check (patuh.selfcheck) show the same items."""
    options = {
        indicator.code: answer_options(indicator, language)
        for indicator in instrument.indicators.values()
    }
    surveys = []
    if instrument.cites_surveys:
        surveys = survey_results_for_unit(unit, timezone.localdate())

    def section(product: ServiceProduct | None, level: str) -> ChecklistSection:
        items = [
            ChecklistItem(
                product,
                indicator,
                given.get((product.pk if product else None, indicator.code)),
                options[indicator.code],
                citing(surveys, indicator),
            )
            for indicator in instrument.indicators_at(level)
        ]
        return ChecklistSection(product, items)

    products = unit.products.order_by("name", "pk")
    return [section(None, Level.UNIT)] + [section(p, Level.PRODUCT) for p in products]


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
    return copy_version(latest, user, reason.strip(), Submission.Status.DRAFT)


def copy_version(source: Submission, user, reason: str, status: str) -> Submission:
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


def subject_of(
    assignment: Assignment, instrument: Instrument, product_code: str, code: str
) -> tuple[ServiceProduct | None, Indicator]:
    """The product (None: the unit) and indicator an answer for `assignment`'s unit names;
    FieldworkError when they do not belong. Anything with a `unit` will do as `assignment`:
    an agency's self-check (patuh.selfcheck) checks its answers the same way."""
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


def checked_value(indicator: Indicator, value: str) -> str:
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


def save_answers(assignment: Assignment, user, inputs: Iterable[AnswerInput]) -> SavedAnswers:
    """Store answers in the draft (autosave). The same input sent twice changes nothing.

    Each answer stands alone: one the indicator cannot take, or for an indicator or product
    that does not belong, is refused with the reason while the others are stored, so a phone
    holding a batch of answers entered offline loses only the bad one.
    """
    # Checked before the transaction: on SQLite every writer waits for the one in a transaction.
    instrument = assignment.cycle.instrument_version.parsed
    checked, refused = [], []
    for item in inputs:
        try:
            product, indicator = subject_of(assignment, instrument, item.product, item.indicator)
            checked.append((product, indicator, checked_value(indicator, item.value), item))
        except FieldworkError as exc:
            refused.append((item, str(exc)))
    with transaction.atomic():
        # Two autosaves of one answer at once would both find none and both insert it.
        take_turns(assignment)
        # An autosave is the commonest request of a busy day, and on SQLite every other writer
        # waits while it runs: the draft mostly exists (open_draft would add a savepoint), and
        # each answer is read once, through the draft, so it knows its visit for the audit.
        draft = draft_of(assignment) or open_draft(assignment, user)
        for product, indicator, value, item in checked:
            note = item.note.strip()
            answer = draft.answers.filter(product=product, indicator=indicator.code).first()
            if answer is None:
                SubmittedAnswer.objects.create(
                    submission=draft,
                    product=product,
                    indicator=indicator.code,
                    value=value,
                    note=note,
                )
            elif (answer.value, answer.note) != (value, note):
                before = field_values(answer)
                answer.value, answer.note = value, note
                save_as_read(answer, before)
    return SavedAnswers(draft, refused)


# Submitting


def take_turns(assignment: Assignment) -> None:
    """Lock the visit until the transaction ends, so two requests for it take turns and the
    second finds what the first stored: a phone re-sends while its first attempt is still on
    its way."""
    lock_row(assignment)


def completeness_problems(assignment: Assignment, submission: Submission) -> list[Problem]:
    """What keeps `submission` from being submitted: unanswered indicators, missing photos."""
    problems = []
    for section in checklist(assignment, submission):
        where = section.product.name if section.product else _("Unit")
        for item in section.items:
            answer = item.answer
            named = {"where": where, "code": item.indicator.code}
            if not item.answered:
                text = _("%(where)s, %(code)s: not answered.") % named
                problems.append(Problem(item.key, "answer", text))
            elif (
                item.indicator.evidence_required
                and item.indicator.fraction(answer.value) is not NA
                and not answer.evidence.all()
            ):
                text = _("%(where)s, %(code)s: a photo is required.") % named
                problems.append(Problem(item.key, "photo", text))
    return problems


@transaction.atomic
def submit(assignment: Assignment, user, client_id: uuid.UUID) -> tuple[Submission, bool]:
    """Submit the draft for review; (submission, newly submitted).

    Idempotent: a client_id already used returns that submission unchanged, so a phone that
    re-sends after a dropped connection, or while its first attempt is still on its way, never
    makes a second one.
    """
    take_turns(assignment)
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
