"""The evaluators' side (F-02): score each indicator 0–5 with a comment and a field-verification
mark, complete a unit (which recomputes the scores) and reopen it for a correction.

The evaluator's score of an indicator is the cycle's official answer (assessments.Answer, unit
level, source manual, answered by the evaluator, the comment as its note), so the scoring engine,
the audit log and the result pages treat it like any other answer.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patuh.assessments.models import Answer, AnswerSource, Cycle, Level
from patuh.audit.services import Action, record
from patuh.pekppp.models import Evaluation, SelfAssessment, Verification
from patuh.pekppp.self_assessment import (
    EXPLANATION_MAX,
    EvaluationError,
    Item,
    indicator_of,
    items,
    parse_score,
    store,
)
from patuh.registry.models import ServiceUnit


@dataclass
class EvaluationItem:
    """One indicator as the evaluator sees it: the unit's side (item) and the evaluator's."""

    item: Item
    answer: Answer | None
    verification: Verification | None

    @property
    def code(self) -> str:
        return self.item.code

    @property
    def indicator(self):
        return self.item.indicator

    @property
    def anchor(self) -> str:
        return self.item.anchor

    @property
    def scored(self) -> bool:
        return self.answer is not None

    @property
    def score(self) -> int | None:
        """The evaluator's score, None when not scored (or, imported, not a whole number)."""
        value = self.answer.value if self.answer else ""
        return int(value) if value.isdigit() else None


def evaluation_of(cycle: Cycle, unit: ServiceUnit) -> Evaluation | None:
    return Evaluation.objects.filter(cycle=cycle, unit=unit).first()


def submitted_self_assessment(cycle: Cycle, unit: ServiceUnit) -> SelfAssessment | None:
    """The unit's self-assessment once submitted; evaluators never see a draft."""
    return SelfAssessment.objects.filter(
        cycle=cycle, unit=unit, status=SelfAssessment.Status.SUBMITTED
    ).first()


def require_submitted(cycle: Cycle, unit: ServiceUnit) -> SelfAssessment:
    """The unit's submitted self-assessment; EvaluationError while it is a draft or missing,
    since evaluators score only what the unit has submitted."""
    assessment = submitted_self_assessment(cycle, unit)
    if assessment is None:
        raise EvaluationError(
            _(
                "%(unit)s has not submitted its self-assessment yet; evaluators score only "
                "submitted self-assessments."
            )
            % {"unit": unit.name}
        )
    return assessment


def evaluation_items(cycle: Cycle, unit: ServiceUnit, language: str) -> dict[str, EvaluationItem]:
    """Every indicator with the submitted self-assessment, the official answer (the evaluator's
    score and comment) and the verification mark; the unit's SKM results as of today."""
    assessment = submitted_self_assessment(cycle, unit)
    answers = {
        answer.indicator: answer
        for answer in Answer.objects.filter(cycle=cycle, level=Level.UNIT, unit=unit)
    }
    evaluation = evaluation_of(cycle, unit)
    verifications = (
        {v.indicator: v for v in evaluation.verifications.all()} if evaluation is not None else {}
    )
    return {
        code: EvaluationItem(item, answers.get(code), verifications.get(code))
        for code, item in items(cycle, unit, assessment, language).items()
    }


def _open_evaluation(cycle: Cycle, unit: ServiceUnit) -> Evaluation:
    require_submitted(cycle, unit)
    evaluation, _created = Evaluation.objects.select_for_update().get_or_create(
        cycle=cycle, unit=unit
    )
    if evaluation.complete:
        raise EvaluationError(
            _("The evaluation of %(unit)s is complete; reopen it to change a score.")
            % {"unit": unit.name}
        )
    return evaluation


def check_verification(verified: bool, verified_on: dt.date | None) -> dt.date | None:
    """The verification date to keep: required and not in the future when verified on site."""
    if not verified:
        return None
    if verified_on is None:
        raise EvaluationError(_("Give the date of the field verification."))
    if verified_on > timezone.localdate():
        raise EvaluationError(_("The field verification cannot be dated in the future."))
    return verified_on


@transaction.atomic
def save_score(
    cycle: Cycle,
    unit: ServiceUnit,
    user,
    *,
    indicator: str,
    score: str,
    comment: str,
    verified: bool,
    verified_on: dt.date | None,
) -> Answer:
    """Store the evaluator's score, comment and verification mark of one indicator.

    The score becomes the official answer; the same values again change nothing (and leave the
    answer's time alone, which dates what was released: see patuh.pekppp.results).
    """
    found = indicator_of(cycle, indicator)
    value = parse_score(found, score)
    if value is None:
        raise EvaluationError(
            _("Choose a score from %(min)s to %(max)s for %(code)s.")
            % {"min": found.scale_min, "max": found.scale_max, "code": found.code}
        )
    comment = comment.strip()
    if len(comment) > EXPLANATION_MAX:
        raise EvaluationError(
            _("The comment on %(code)s is longer than %(max)d characters.")
            % {"code": found.code, "max": EXPLANATION_MAX}
        )
    verified_on = check_verification(verified, verified_on)
    evaluation = _open_evaluation(cycle, unit)
    answer = store(
        Answer,
        {"cycle": cycle, "level": Level.UNIT, "unit": unit, "indicator": found.code},
        {"value": str(value), "note": comment, "source": AnswerSource.MANUAL},
        {"answered_by": user, "answered_at": timezone.now()},
    )
    store(
        Verification,
        {"evaluation": evaluation, "indicator": found.code},
        {"verified": verified, "verified_on": verified_on},
        {"updated_by": user},
    )
    return answer


def missing_scores(cycle: Cycle, unit: ServiceUnit) -> list[str]:
    """Codes of the unit's indicators the evaluators have not scored yet."""
    scored = set(
        Answer.objects.filter(cycle=cycle, level=Level.UNIT, unit=unit).values_list(
            "indicator", flat=True
        )
    )
    instrument = cycle.instrument_version.parsed
    return [ind.code for ind in instrument.indicators_at(Level.UNIT) if ind.code not in scored]


@transaction.atomic
def complete(cycle: Cycle, unit: ServiceUnit, user) -> tuple[Evaluation, bool]:
    """Mark the unit's evaluation complete once every indicator is scored; (evaluation, newly).

    Completing it again is a no-op. The caller recomputes the cycle's scores when newly complete.
    """
    evaluation, _created = Evaluation.objects.select_for_update().get_or_create(
        cycle=cycle, unit=unit
    )
    if evaluation.complete:
        return evaluation, False
    require_submitted(cycle, unit)
    missing = missing_scores(cycle, unit)
    if missing:
        raise EvaluationError(
            _("Score every indicator first; not scored yet: %(codes)s.")
            % {"codes": ", ".join(missing)}
        )
    evaluation.status = Evaluation.Status.COMPLETE
    evaluation.completed_at, evaluation.completed_by = timezone.now(), user
    evaluation.save()
    return evaluation, True


@transaction.atomic
def reopen(cycle: Cycle, unit: ServiceUnit, user, reason: str) -> Evaluation:
    """Open a complete evaluation again for a correction, saying why (kept in the audit log).

    Released scores do not change until the coordinator recomputes and releases again.
    """
    evaluation = Evaluation.objects.select_for_update().filter(cycle=cycle, unit=unit).first()
    if evaluation is None or not evaluation.complete:
        raise EvaluationError(_("Only a complete evaluation can be reopened."))
    reason = reason.strip()
    if not reason:
        raise EvaluationError(_("Say why the evaluation is reopened."))
    evaluation.status = Evaluation.Status.IN_PROGRESS
    evaluation.completed_at = evaluation.completed_by = None
    evaluation.save()
    record(Action.REVIEW, evaluation, after={"status": evaluation.status}, note=reason)
    return evaluation
