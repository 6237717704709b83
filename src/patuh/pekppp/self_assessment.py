"""The unit's self-assessment (F-01): self-scores with explanations, evidence, submission.

Every function checks its own rules and raises EvaluationError (or SelfAssessmentIncomplete)
with a message for the person acting; who may call which function is the views' and
patuh.access.pekppp's business. Changes are allowed only while the cycle's self-assessment
phase runs and until the unit submits; a submitted self-assessment is final.
"""

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patuh.assessments.models import Cycle, Level, Phase
from patuh.instruments.definition import Indicator, Instrument
from patuh.pekppp.models import Evidence, SelfAssessment, SelfScore
from patuh.registry.models import ServiceUnit
from patuh.satisfaction.services import SurveyEvidence, citing, survey_results_for_unit

EXPLANATION_MAX = 4000


class EvaluationError(Exception):
    """The action cannot be done; the message says why, for the person acting."""


class SelfAssessmentIncomplete(EvaluationError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(_("The self-assessment cannot be submitted yet."))


# Phases


def self_assessment_open(cycle: Cycle, today: dt.date | None = None) -> bool:
    phase = cycle.phase(Phase.Kind.PENILAIAN_MANDIRI)
    return phase is not None and phase.runs_on(today or timezone.localdate())


def check_open(cycle: Cycle) -> None:
    phase = cycle.phase(Phase.Kind.PENILAIAN_MANDIRI)
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
    if with_surveys and instrument.cites_surveys:
        surveys = survey_results_for_unit(unit, on_date or timezone.localdate())
    return {
        indicator.code: Item(
            indicator,
            rubric(indicator, language),
            scores.get(indicator.code),
            evidence.get(indicator.code, []),
            citing(surveys, indicator),
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


def draft(cycle: Cycle, unit: ServiceUnit) -> SelfAssessment:
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


def store(model: type[models.Model], lookup: dict, values: dict, stamp: dict) -> models.Model:
    """The row of `model` matching `lookup`, created with `values` and `stamp`, or updated when
    its `values` differ (the `stamp`, who and when, only then): a save that changes nothing
    writes nothing, so the audit log records only real changes."""
    row = model.objects.filter(**lookup).first()
    if row is None:
        return model.objects.create(**lookup, **values, **stamp)
    if any(getattr(row, name) != value for name, value in values.items()):
        for name, value in (values | stamp).items():
            setattr(row, name, value)
        row.save()
    return row


@transaction.atomic
def save_self_score(
    cycle: Cycle, unit: ServiceUnit, user, *, indicator: str, score: str, explanation: str
) -> SelfScore:
    """Store one indicator's self-score and explanation. Sending the same again changes nothing."""
    check_open(cycle)
    found = indicator_of(cycle, indicator)
    value = parse_score(found, score)
    explanation = explanation.strip()
    if len(explanation) > EXPLANATION_MAX:
        raise EvaluationError(
            _("The explanation of %(code)s is longer than %(max)d characters.")
            % {"code": found.code, "max": EXPLANATION_MAX}
        )
    return store(
        SelfScore,
        {"self_assessment": draft(cycle, unit), "indicator": found.code},
        {"score": value, "explanation": explanation},
        {"updated_by": user},
    )


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
    check_open(cycle)
    problems = completeness_problems(cycle, unit, assessment)
    if assessment is None or problems:
        raise SelfAssessmentIncomplete(problems)
    assessment.status = SelfAssessment.Status.SUBMITTED
    assessment.submit_key = key
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = user
    assessment.save()
    return assessment, True
