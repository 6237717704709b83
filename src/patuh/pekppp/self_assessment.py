"""The unit's self-assessment (F-01): self-scores with explanations, evidence, submission.

Every function checks its own rules and raises EvaluationError (or SelfAssessmentIncomplete)
with a message for the person acting; who may call which function is the views' and
patuh.access.pekppp's business. Changes are allowed only while the cycle's self-assessment
phase runs and until the unit submits; a submitted self-assessment is final.
"""

import datetime as dt
import uuid
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patuh.assessments.models import Cycle, Level, Phase
from patuh.fieldwork.services import image_limits, image_problem
from patuh.instruments.definition import Indicator, Instrument
from patuh.lib.documents import CONTENT_TYPE as PDF
from patuh.lib.documents import DocumentLimits, DocumentRejected, check_pdf
from patuh.lib.images import ImageRejected, process_image
from patuh.pekppp.models import Evidence, SelfAssessment, SelfScore
from patuh.registry.models import ServiceUnit
from patuh.satisfaction.models import Survey
from patuh.satisfaction.services import SurveyEvidence, skm_results_for_unit

EXPLANATION_MAX = 4000
LINK_MAX = 500


class EvaluationError(Exception):
    """The action cannot be done; the message says why, for the person acting."""


class SelfAssessmentIncomplete(EvaluationError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(_("The self-assessment cannot be submitted yet."))


# Phases


def phase_of(cycle: Cycle, kind: str) -> Phase | None:
    return next((phase for phase in cycle.phases.all() if phase.kind == kind), None)


def self_assessment_open(cycle: Cycle, today: dt.date | None = None) -> bool:
    phase = phase_of(cycle, Phase.Kind.PENILAIAN_MANDIRI)
    today = today or timezone.localdate()
    return phase is not None and phase.starts_on <= today <= phase.ends_on


def _check_open(cycle: Cycle) -> None:
    phase = phase_of(cycle, Phase.Kind.PENILAIAN_MANDIRI)
    if phase is None:
        raise EvaluationError(_("This cycle has no self-assessment phase."))
    if not self_assessment_open(cycle):
        raise EvaluationError(
            _("The self-assessment is open from %(first)s to %(last)s, not today.")
            % {"first": phase.starts_on.isoformat(), "last": phase.ends_on.isoformat()}
        )


# What the form shows


def rubric(indicator: Indicator, language: str) -> list[tuple[int, str]]:
    """(value, what the value means) for each level of a scale indicator, lowest first."""
    return [
        (value, indicator.rubric[value].get(language) if value in indicator.rubric else "")
        for value in range(indicator.scale_min, indicator.scale_max + 1)
    ]


@dataclass
class Item:
    """One indicator of the self-assessment with what the unit has given for it."""

    indicator: Indicator
    rubric: list[tuple[int, str]]
    self_score: SelfScore | None = None
    evidence: list[Evidence] = field(default_factory=list)
    # For indicators about satisfaction surveys: the unit's SKM results, offered as evidence.
    surveys: list[SurveyEvidence] = field(default_factory=list)
    # Sent with the page's upload forms for this indicator: a re-sent upload is stored once.
    upload_key: uuid.UUID = field(default_factory=uuid.uuid4)

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def level_text(self) -> str:
        """What the unit's self-score means in the rubric."""
        return dict(self.rubric).get(self.score, "") if self.scored else ""

    @property
    def anchor(self) -> str:
        return "i-" + self.code.replace(".", "-")

    @property
    def score(self) -> int | None:
        return self.self_score.score if self.self_score else None

    @property
    def scored(self) -> bool:
        return self.score is not None


@dataclass
class Section:
    """The indicators of one aspect (a dimension of the instrument): the unit's items, or the
    evaluator's entries (anything with `scored`)."""

    code: str
    title: str
    weight: str
    items: list = field(default_factory=list)

    @property
    def scored(self) -> int:
        return sum(item.scored for item in self.items)


def sections(instrument: Instrument, language: str, items_by_code: dict) -> list[Section]:
    """The instrument's aspects in order, each with its entries from `items_by_code`."""
    grouped = {
        code: Section(code, dimension.title.get(language), str(dimension.weight.normalize()))
        for code, dimension in instrument.dimensions.items()
    }
    for indicator in instrument.indicators_at(Level.UNIT):
        grouped[indicator.dimension].items.append(items_by_code[indicator.code])
    return [section for section in grouped.values() if section.items]


def self_assessment_of(cycle: Cycle, unit: ServiceUnit) -> SelfAssessment | None:
    return SelfAssessment.objects.filter(cycle=cycle, unit=unit).first()


def items(
    cycle: Cycle,
    unit: ServiceUnit,
    assessment: SelfAssessment | None,
    language: str,
    on_date: dt.date | None = None,
    *,
    with_surveys: bool = True,
) -> dict[str, Item]:
    """Every unit-level indicator of the cycle's instrument with `assessment`'s scores and
    evidence, and (`with_surveys`) the unit's survey results as of `on_date` (today) for the
    indicators about SKM."""
    instrument = cycle.instrument_version.parsed
    scores, evidence = {}, {}
    if assessment is not None:
        scores = {score.indicator: score for score in assessment.scores.all()}
        for item in assessment.evidence.select_related("survey"):
            evidence.setdefault(item.indicator, []).append(item)
    surveys = []
    if with_surveys and instrument.evidence_indicators("skm"):
        surveys = skm_results_for_unit(unit, on_date or timezone.localdate())
    return {
        indicator.code: Item(
            indicator,
            rubric(indicator, language),
            scores.get(indicator.code),
            evidence.get(indicator.code, []),
            surveys if indicator.evidence_from == "skm" else [],
        )
        for indicator in instrument.indicators_at(Level.UNIT)
    }


# Changing the draft


def indicator_of(cycle: Cycle, code: str) -> Indicator:
    indicator = cycle.instrument_version.parsed.indicators.get(code)
    if indicator is None or indicator.level != Level.UNIT:
        raise EvaluationError(
            _("%(code)s is not an indicator of this evaluation.") % {"code": code}
        )
    return indicator


def parse_score(indicator: Indicator, raw: str) -> int | None:
    """The whole number `raw` on the indicator's scale, None when empty; EvaluationError else."""
    raw = raw.strip()
    if not raw:
        return None
    if raw.isdigit() and indicator.scale_min <= int(raw) <= indicator.scale_max:
        return int(raw)
    raise EvaluationError(
        _("%(code)s takes a whole number from %(min)s to %(max)s, not “%(value)s”.")
        % {
            "code": indicator.code,
            "min": indicator.scale_min,
            "max": indicator.scale_max,
            "value": raw[:20],
        }
    )


def _draft(cycle: Cycle, unit: ServiceUnit) -> SelfAssessment:
    """The unit's draft, made on first use; EvaluationError once it is submitted."""
    assessment, _created = SelfAssessment.objects.select_for_update().get_or_create(
        cycle=cycle, unit=unit
    )
    if assessment.submitted:
        raise EvaluationError(
            _("The self-assessment was submitted on %(date)s; it can no longer be changed.")
            % {"date": timezone.localtime(assessment.submitted_at).date().isoformat()}
        )
    return assessment


@transaction.atomic
def save_self_score(
    cycle: Cycle, unit: ServiceUnit, user, *, indicator: str, score: str, explanation: str
) -> SelfScore:
    """Store one indicator's self-score and explanation. Sending the same again changes nothing."""
    _check_open(cycle)
    found = indicator_of(cycle, indicator)
    value = parse_score(found, score)
    explanation = explanation.strip()
    if len(explanation) > EXPLANATION_MAX:
        raise EvaluationError(
            _("The explanation of %(code)s is longer than %(max)d characters.")
            % {"code": found.code, "max": EXPLANATION_MAX}
        )
    assessment = _draft(cycle, unit)
    row = SelfScore.objects.filter(self_assessment=assessment, indicator=found.code).first()
    if row is None:
        return SelfScore.objects.create(
            self_assessment=assessment,
            indicator=found.code,
            score=value,
            explanation=explanation,
            updated_by=user,
        )
    if (row.score, row.explanation) != (value, explanation):
        row.score, row.explanation, row.updated_by = value, explanation, user
        row.save()
    return row


def document_limits() -> DocumentLimits:
    return DocumentLimits(
        max_bytes=settings.PATUH_DOCUMENT_MAX_BYTES, max_pages=settings.PATUH_DOCUMENT_MAX_PAGES
    )


def document_problem(exc: DocumentRejected) -> str:
    """Why a document was refused, in the user's language."""
    messages = {
        "too_large": _("The file is %(size)s; documents may be at most %(limit)s."),
        "not_pdf": _("The file is not a PDF document. Upload documents as PDF."),
        "damaged": _("The PDF is damaged or incomplete and cannot be read."),
        "encrypted": _("The PDF is protected by a password; upload it without one."),
        "too_many_pages": _("The PDF has %(pages)s pages, more than the %(limit)s allowed."),
        "no_pages": _("The PDF has no pages."),
    }
    return messages[exc.reason] % exc.details


def _existing(client_id: uuid.UUID, cycle: Cycle, unit: ServiceUnit) -> Evidence | None:
    """Evidence already stored under `client_id`: the same upload sent again."""
    existing = Evidence.objects.filter(client_id=client_id).select_related("self_assessment")
    found = existing.first()
    if found is not None and (found.self_assessment.cycle_id, found.self_assessment.unit_id) != (
        cycle.pk,
        unit.pk,
    ):
        raise EvaluationError(_("This evidence belongs to another self-assessment."))
    return found


def _title(filename: str, fallback: str) -> str:
    name = PurePath(filename.replace("\\", "/")).name.strip()
    return (name or fallback)[:200]


def _store(
    cycle: Cycle,
    unit: ServiceUnit,
    user,
    evidence: Evidence,
    files: dict[str, tuple[str, bytes]],
) -> Evidence:
    """Save `evidence` with `files` (attribute → (file name, content)) in the draft, all or
    nothing: files already written are deleted again when anything fails."""
    saved: list[str] = []
    try:
        with transaction.atomic():
            assessment = _draft(cycle, unit)
            evidence.self_assessment = assessment
            evidence.uploaded_by = user
            folder = f"pekppp/{cycle.code}/{assessment.uuid}/{evidence.uuid}"
            for attribute, (filename, content) in files.items():
                name = default_storage.save(f"{folder}/{filename}", ContentFile(content))
                saved.append(name)
                setattr(evidence, attribute, name)
            evidence.save()
    except BaseException:
        for name in saved:
            default_storage.delete(name)
        raise
    return evidence


def add_document(
    cycle: Cycle,
    unit: ServiceUnit,
    user,
    *,
    indicator: str,
    data: bytes,
    filename: str,
    client_id: uuid.UUID,
) -> tuple[Evidence, bool]:
    """Attach a PDF to an indicator; (evidence, created). A file that is not a readable PDF
    within the limits raises EvaluationError and stores nothing."""
    existing = _existing(client_id, cycle, unit)
    if existing is not None:
        return existing, False
    _check_open(cycle)
    found = indicator_of(cycle, indicator)
    try:
        document = check_pdf(data, document_limits())
    except DocumentRejected as exc:
        raise EvaluationError(document_problem(exc)) from exc
    evidence = Evidence(
        client_id=client_id,
        indicator=found.code,
        kind=Evidence.Kind.DOCUMENT,
        title=_title(filename, document.title or _("Document")),
        content_type=PDF,
        size=document.size,
        pages=document.pages,
        sha256=document.sha256,
    )
    return _store(cycle, unit, user, evidence, {"file": ("document.pdf", data)}), True


def add_image(
    cycle: Cycle,
    unit: ServiceUnit,
    user,
    *,
    indicator: str,
    data: bytes,
    filename: str,
    client_id: uuid.UUID,
) -> tuple[Evidence, bool]:
    """Attach an image; (evidence, created). Checked as evidence photos are (size, format,
    pixels before decoding, damage); a refused file raises EvaluationError, storing nothing."""
    existing = _existing(client_id, cycle, unit)
    if existing is not None:
        return existing, False
    _check_open(cycle)
    found = indicator_of(cycle, indicator)
    try:
        image = process_image(data, image_limits())
    except ImageRejected as exc:
        raise EvaluationError(image_problem(exc)) from exc
    extension = image.content_type.split("/")[1].replace("jpeg", "jpg")
    evidence = Evidence(
        client_id=client_id,
        indicator=found.code,
        kind=Evidence.Kind.IMAGE,
        title=_title(filename, _("Image")),
        content_type=image.content_type,
        size=image.size,
        sha256=image.sha256,
    )
    files = {
        "file": (f"original.{extension}", data),
        "display": ("display.jpg", image.display),
        "thumbnail": ("thumbnail.jpg", image.thumbnail),
    }
    return _store(cycle, unit, user, evidence, files), True


def check_link(address: str) -> str:
    """`address` if it is an http or https URL; EvaluationError saying what is wrong else."""
    address = address.strip()
    if not address:
        raise EvaluationError(_("Enter the link's address."))
    if len(address) > LINK_MAX:
        raise EvaluationError(
            _("The address is longer than %(max)d characters.") % {"max": LINK_MAX}
        )
    try:
        URLValidator(schemes=["http", "https"])(address)
    except ValidationError:
        raise EvaluationError(
            _("“%(address)s” is not a web address; links start with http:// or https://.")
            % {"address": address[:80]}
        ) from None
    return address


def add_link(
    cycle: Cycle,
    unit: ServiceUnit,
    user,
    *,
    indicator: str,
    address: str,
    title: str,
    client_id: uuid.UUID,
) -> tuple[Evidence, bool]:
    """Attach a web link (http or https only); (evidence, created)."""
    existing = _existing(client_id, cycle, unit)
    if existing is not None:
        return existing, False
    _check_open(cycle)
    found = indicator_of(cycle, indicator)
    address = check_link(address)
    evidence = Evidence(
        client_id=client_id,
        indicator=found.code,
        kind=Evidence.Kind.LINK,
        title=(title.strip() or address)[:200],
        url=address,
    )
    return _store(cycle, unit, user, evidence, {}), True


def add_survey(
    cycle: Cycle,
    unit: ServiceUnit,
    user,
    *,
    indicator: str,
    survey: str,
    client_id: uuid.UUID,
) -> tuple[Evidence, bool]:
    """Cite one of the unit's satisfaction surveys for an indicator about SKM results."""
    existing = _existing(client_id, cycle, unit)
    if existing is not None:
        return existing, False
    _check_open(cycle)
    found = indicator_of(cycle, indicator)
    if found.evidence_from != "skm":
        raise EvaluationError(
            _("%(code)s does not take satisfaction survey results as evidence.")
            % {"code": found.code}
        )
    try:
        chosen = Survey.objects.filter(
            unit=unit, uuid=survey, opens_on__lte=timezone.localdate()
        ).first()
    except ValidationError:
        chosen = None
    if chosen is None:
        raise EvaluationError(_("Choose one of this unit's satisfaction surveys."))
    evidence = Evidence(
        client_id=client_id,
        indicator=found.code,
        kind=Evidence.Kind.SURVEY,
        title=chosen.title[:200],
        survey=chosen,
    )
    return _store(cycle, unit, user, evidence, {}), True


def remove_evidence(cycle: Cycle, unit: ServiceUnit, evidence: uuid.UUID) -> None:
    """Take evidence off the draft and delete its files once the deletion is committed."""
    _check_open(cycle)
    with transaction.atomic():
        assessment = _draft(cycle, unit)
        found = assessment.evidence.filter(uuid=evidence).first()
        if found is None:
            return
        names = found.stored_files
        found.delete()
        transaction.on_commit(lambda: [default_storage.delete(name) for name in names])


# Submitting


def completeness_problems(
    cycle: Cycle, unit: ServiceUnit, assessment: SelfAssessment | None
) -> list[str]:
    """What keeps the self-assessment from being submitted: every indicator needs a self-score
    and an explanation, and evidence where the instrument requires it (unless scored 0)."""
    problems = []
    for item in items(cycle, unit, assessment, "id", with_surveys=False).values():
        code = item.code
        if not item.scored:
            problems.append(_("%(code)s: no self-score.") % {"code": code})
            continue
        if not item.self_score.explanation:
            problems.append(_("%(code)s: no explanation.") % {"code": code})
        if item.indicator.evidence_required and item.score > 0 and not item.evidence:
            problems.append(_("%(code)s: supporting evidence is required.") % {"code": code})
    return problems


@transaction.atomic
def submit(cycle: Cycle, unit: ServiceUnit, user, key: uuid.UUID) -> tuple[SelfAssessment, bool]:
    """Submit the unit's self-assessment to the evaluators; (self-assessment, newly submitted).

    Idempotent: the same key again, or a self-assessment already submitted, returns it
    unchanged. Incomplete, it raises SelfAssessmentIncomplete listing what is missing.
    """
    done = SelfAssessment.objects.filter(submit_key=key).first()
    if done is not None:
        if (done.cycle_id, done.unit_id) != (cycle.pk, unit.pk):
            raise EvaluationError(_("This submission belongs to another self-assessment."))
        return done, False
    assessment = SelfAssessment.objects.select_for_update().filter(cycle=cycle, unit=unit).first()
    if assessment is not None and assessment.submitted:
        return assessment, False
    _check_open(cycle)
    problems = completeness_problems(cycle, unit, assessment)
    if assessment is None or problems:
        raise SelfAssessmentIncomplete(problems)
    assessment.status = SelfAssessment.Status.SUBMITTED
    assessment.submit_key = key
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = user
    assessment.save()
    return assessment, True
