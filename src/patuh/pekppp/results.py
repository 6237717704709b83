"""What PEKPPP results show, read from one stored score snapshot: a unit's index, category,
aspect scores and final indicator scores; the provincial overview of a cycle; a unit's index
over the years.

Which snapshot each audience sees is decided in patuh.access (released ones for agencies). The
final score of each indicator is reproduced from the snapshot alone: a complete unit earned full
marks on every indicator not listed among its shortfalls (PEKPPP indicators have no N/A). The
evaluator's comment is read from the official answer, and shown only when that answer has not
changed since the snapshot's inputs (Answer.answered_at ≤ ScoreSnapshot.answers_as_of), so a
correction made after a release never reaches the unit before the next release.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from patuh.access.results import Results
from patuh.assessments.models import Answer, Level
from patuh.instruments.definition import Band, Indicator, Instrument
from patuh.pekppp.self_assessment import rubric
from patuh.registry.models import ServiceUnit
from patuh.results import trends
from patuh.results.dashboard import band_figure
from patuh.results.figures import Figure, decimal, value_figure
from patuh.results.queries import label_scores
from patuh.scoring.models import SubjectScore


@dataclass
class Aspect:
    code: str
    title: str
    weight: Decimal
    score: Decimal | None


@dataclass
class FinalScore:
    indicator: Indicator
    # None when the snapshot holds no answer for it (the unit was incomplete).
    value: int | None
    level_text: str
    comment: str
    # The official answer changed after this snapshot: its comment waits for the next release.
    changed_since: bool = False


@dataclass
class UnitResult:
    row: SubjectScore
    band: Band | None
    aspects: list[Aspect]
    indicators: list[FinalScore] = field(default_factory=list)


def aspects_of(instrument: Instrument, row: SubjectScore, language: str) -> list[Aspect]:
    return [
        Aspect(
            code,
            dimension.title.get(language),
            dimension.weight,
            Decimal(row.dimensions[code]) if code in row.dimensions else None,
        )
        for code, dimension in instrument.dimensions.items()
    ]


def unit_row(results: Results, unit: ServiceUnit) -> SubjectScore | None:
    if results.snapshot is None:
        return None
    return SubjectScore.objects.filter(
        snapshot=results.snapshot, level=Level.UNIT, subject_id=unit.pk
    ).first()


def final_value(indicator: Indicator, row: SubjectScore) -> int | None:
    if indicator.code in row.missing:
        return None
    return int(row.shortfalls.get(indicator.code, indicator.scale_max))


def unit_result(results: Results, unit: ServiceUnit, language: str) -> UnitResult | None:
    """The unit's result in the snapshot `results` shows, or None when it holds no such unit."""
    row = unit_row(results, unit)
    if row is None:
        return None
    instrument = results.snapshot.instrument_version.parsed
    label_scores([row], instrument, language)
    answers = {
        answer.indicator: answer
        for answer in Answer.objects.filter(cycle=results.cycle, level=Level.UNIT, unit=unit)
    }
    as_of = results.snapshot.answers_as_of
    result = UnitResult(
        row,
        next((band for band in instrument.bands if band.code == row.band), None),
        aspects_of(instrument, row, language),
    )
    for indicator in instrument.indicators_at(Level.UNIT):
        value = final_value(indicator, row)
        levels = dict(rubric(indicator, language))
        answer = answers.get(indicator.code)
        current = answer is not None and as_of is not None and answer.answered_at <= as_of
        result.indicators.append(
            FinalScore(
                indicator,
                value,
                levels.get(value, "") if value is not None else "",
                answer.note if current else "",
                changed_since=answer is not None and not current,
            )
        )
    return result


@dataclass
class OverviewRow:
    unit: ServiceUnit
    score: SubjectScore | None
    # Each aspect's score, in the instrument's order (None: not scored).
    aspects: list[Decimal | None] = field(default_factory=list)


@dataclass
class Overview:
    rows: list[OverviewRow]
    aspect_titles: list[str]
    # Each aspect's mean over the scored units, in the instrument's order.
    aspect_means: list[Decimal | None]
    distribution: Figure
    aspects: Figure
    scored: int


def overview(results: Results, language: str) -> Overview:
    """Every evaluated unit of the cycle with its index and category (best first, unscored
    last), units per category and the mean of each aspect over the scored units: two queries."""
    snapshot = results.snapshot
    instrument = snapshot.instrument_version.parsed
    units = list(
        ServiceUnit.objects.filter(provider__cycles=results.cycle).select_related("provider")
    )
    scores = {
        row.subject_id: row
        for row in SubjectScore.objects.filter(
            snapshot=snapshot, level=Level.UNIT, subject_id__in=[unit.pk for unit in units]
        )
    }
    label_scores(scores.values(), instrument, language)
    codes = list(instrument.dimensions)
    rows = []
    for unit in units:
        row = scores.get(unit.pk)
        scored_aspects = row.dimensions if row is not None and row.score is not None else {}
        aspects = [Decimal(scored_aspects[c]) if c in scored_aspects else None for c in codes]
        rows.append(OverviewRow(unit, row, aspects))
    rows.sort(
        key=lambda r: (
            r.score is None or r.score.score is None,
            -(r.score.score or 0) if r.score else 0,
            r.unit.provider.name,
            r.unit.name,
        )
    )
    scored = [r.score for r in rows if r.score is not None and r.score.score is not None]
    totals: dict[str, list[Decimal]] = {}
    for row in scored:
        for code, value in row.dimensions.items():
            totals.setdefault(code, []).append(Decimal(value))
    means = {
        code: instrument.quantize(sum(values) / len(values))
        for code, values in totals.items()
        if values
    }
    return Overview(
        rows=rows,
        aspect_titles=[d.title.get(language) for d in instrument.dimensions.values()],
        aspect_means=[means.get(code) for code in codes],
        distribution=band_figure(
            instrument,
            (row.band for row in scored),
            language,
            chart_id="categories",
            caption=_("Units per category"),
            description=_("Number of evaluated units in each category of the index."),
            header=_("Units"),
        ),
        aspects=aspect_figure(instrument, means, language),
        scored=len(scored),
    )


def aspect_figure(instrument: Instrument, means: dict[str, Decimal], language: str) -> Figure:
    """The mean score of each aspect over the scored units, on the instrument's scale."""
    return value_figure(
        [
            (
                f"{dimension.title.get(language)} ({decimal(dimension.weight, 0)}%)",
                float(means[code]),
                decimal(means[code]),
            )
            for code, dimension in instrument.dimensions.items()
            if code in means
        ],
        chart_id="aspects",
        caption=_("Mean score of each aspect"),
        description=_(
            "Mean over the evaluated units of each aspect's score, on the scale of 0 to %(max)s;"
            " the aspect's weight in the index is in brackets."
        )
        % {"max": decimal(instrument.scale_max, 0)},
        headers=[_("Aspect"), _("Mean score")],
        max_value=float(instrument.scale_max),
    )


def evaluation_results(results: list[Results]) -> list[Results]:
    """The PEKPPP cycles among `results`."""
    return [r for r in results if r.snapshot.instrument_version.parsed.workflow == "evaluation"]


def unit_trend(results: list[Results], unit: ServiceUnit, language: str):
    """The unit's index in each PEKPPP cycle of `results` that scored it, oldest first, with
    the change since the cycle before, and its line chart on the 0–5 index."""
    points = trends.subject_trend(evaluation_results(results), Level.UNIT, unit.pk, language)
    figure = None
    if points:
        figure = trends.trend_figure(
            points,
            caption=_("Index of %(name)s per cycle") % {"name": unit.name},
            native=True,
        )
    return points, figure
