"""Read-side helpers for the PEKPPP list pages, in a fixed number of queries however many units."""

from dataclasses import dataclass

from django.db.models import Count

from patuh.assessments.models import Answer, Cycle, Level
from patuh.pekppp.models import Evaluation, SelfAssessment
from patuh.registry.models import ServiceUnit
from patuh.results.queries import label_scores
from patuh.scoring.models import ScoreSnapshot, SubjectScore


@dataclass
class UnitProgress:
    """A unit of a cycle: where its self-assessment and its evaluation stand."""

    unit: ServiceUnit
    self_assessment: SelfAssessment | None
    evaluation: Evaluation | None
    scored: int
    total: int
    score: SubjectScore | None = None

    @property
    def self_status(self) -> str:
        return self.self_assessment.status if self.self_assessment else "not_started"

    @property
    def evaluation_complete(self) -> bool:
        return self.evaluation is not None and self.evaluation.complete


def cycle_units(cycle: Cycle, units=None) -> list[ServiceUnit]:
    """The units evaluated in `cycle` (every unit of its providers), narrowed to `units`."""
    found = ServiceUnit.objects.filter(provider__cycles=cycle)
    if units is not None:
        found = found.filter(pk__in=units.values("pk"))
    return list(found.select_related("provider").order_by("provider__name", "name", "pk"))


def unit_progress(
    cycle: Cycle, snapshot: ScoreSnapshot | None, language: str, units=None
) -> list[UnitProgress]:
    """Each evaluated unit (narrowed to the queryset `units`) with its self-assessment, its
    evaluation, how many indicators the evaluators scored and its index in `snapshot`."""
    listed = cycle_units(cycle, units)
    ids = [unit.pk for unit in listed]
    assessments = {
        a.unit_id: a for a in SelfAssessment.objects.filter(cycle=cycle, unit_id__in=ids)
    }
    evaluations = {e.unit_id: e for e in Evaluation.objects.filter(cycle=cycle, unit_id__in=ids)}
    scored = dict(
        Answer.objects.filter(cycle=cycle, level=Level.UNIT, unit_id__in=ids)
        .values_list("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    scores = {}
    if snapshot is not None:
        rows = list(
            SubjectScore.objects.filter(snapshot=snapshot, level=Level.UNIT, subject_id__in=ids)
        )
        label_scores(rows, snapshot.instrument_version.parsed, language)
        scores = {row.subject_id: row for row in rows}
    total = len(cycle.instrument_version.parsed.indicators_at(Level.UNIT))
    return [
        UnitProgress(
            unit,
            assessments.get(unit.pk),
            evaluations.get(unit.pk),
            scored.get(unit.pk, 0),
            total,
            scores.get(unit.pk),
        )
        for unit in listed
    ]
