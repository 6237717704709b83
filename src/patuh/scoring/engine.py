"""The scoring engine: from indicator answers to scores and bands, level by level.

Pure Python (no Django). The same engine scores a stored cycle (scoring.services) and a
standalone answers file (`patuh compute`).

Steps of `score_subjects`:
1. Interpret every answer with its indicator: a fraction of the indicator's weight, or N/A.
2. For each subject, sum earned and applicable points per dimension over its own indicators;
   an indicator with no answer makes the subject incomplete.
3. Walk the levels bottom-up (product, unit, website, provider, region) and apply that level's
   aggregation rule. A subject with a missing answer, or with an incomplete child, is incomplete:
   its score is None, never a silent zero.
4. Round each score with the instrument's rounding and classify it into a band.
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from patuh.instruments.definition import (
    NA,
    AnswerError,
    Instrument,
)

LEVEL_ORDER = ("product", "unit", "website", "provider", "region")
HUNDRED = Decimal(100)


@dataclass(eq=False)
class Subject:
    """Something scored: a product, unit, website, provider or region."""

    level: str
    key: Hashable
    path: str
    name: str = ""
    parent: "Subject | None" = None


@dataclass(eq=False)
class SubjectScore:
    subject: Subject
    score: Decimal | None = None
    band: str | None = None
    zone: str | None = None
    complete: bool = True
    answered: int = 0
    applicable: int = 0
    not_applicable: int = 0
    missing: list[str] = field(default_factory=list)
    incomplete_children: int = 0
    products: int = 0
    own_score: Decimal | None = None
    # The unrounded score, which parents use when the instrument aggregates exact values.
    exact: Decimal | None = None
    dimensions: dict[str, Decimal] = field(default_factory=dict)
    children: list["SubjectScore"] = field(default_factory=list)


@dataclass
class ScoreReport:
    instrument: Instrument
    by_level: dict[str, list[SubjectScore]]

    def get(self, level: str, key: Hashable) -> SubjectScore | None:
        return next((s for s in self.by_level.get(level, []) if s.subject.key == key), None)


class AnswerProblem(AnswerError):
    def __init__(self, subject: Subject | None, indicator: str, message: str):
        self.subject = subject
        self.indicator = indicator
        where = subject.path if subject else "?"
        super().__init__(f"{where}: {message}")


def score_subjects(
    instrument: Instrument,
    subjects: Iterable[Subject],
    answers: Iterable[tuple[Hashable, str, str]],
) -> ScoreReport:
    """Score `subjects` from `answers`: (subject key, indicator code, raw value) triples.

    Raises AnswerProblem for an answer to an unknown subject or indicator, a value the
    indicator cannot take, or an indicator asked of another level.
    """
    results: dict[Hashable, SubjectScore] = {}
    by_level: dict[str, list[SubjectScore]] = {level: [] for level in LEVEL_ORDER}
    for subject in subjects:
        result = SubjectScore(subject)
        results[subject.key] = result
        by_level[subject.level].append(result)
    for result in results.values():
        parent = result.subject.parent
        if parent is not None:
            results[parent.key].children.append(result)

    own = _collect_own_points(instrument, results, answers)
    for level in LEVEL_ORDER:
        rule = instrument.aggregation.get(level)
        own_indicators = instrument.indicators_at(level)
        for result in by_level[level]:
            _score_one(instrument, rule, own_indicators, result, own.get(result.subject.key))
    return ScoreReport(instrument, by_level)


def _collect_own_points(instrument, results, answers):
    """Per subject: {indicator code: (earned, applicable) or NA} over its own indicators."""
    indicators = instrument.indicators
    own: dict[Hashable, dict[str, tuple[Decimal, Decimal] | object]] = {}
    for key, code, raw in answers:
        result = results.get(key)
        if result is None:
            raise AnswerProblem(None, code, f"answer for an unknown subject {key!r}")
        indicator = indicators.get(code)
        if indicator is None:
            raise AnswerProblem(result.subject, code, f"unknown indicator {code!r}")
        if indicator.level != result.subject.level:
            raise AnswerProblem(
                result.subject,
                code,
                f"{code} is a {indicator.level}-level indicator, not {result.subject.level}-level",
            )
        fraction = indicator.fractions.get(raw)
        if fraction is None:
            try:
                fraction = indicator.fraction(raw)
            except AnswerError as exc:
                raise AnswerProblem(result.subject, code, str(exc)) from exc
        subject_points = own.setdefault(key, {})
        if code in subject_points:
            raise AnswerProblem(result.subject, code, f"{code} answered more than once")
        subject_points[code] = (
            NA if fraction is NA else (indicator.weight * fraction, indicator.weight)
        )
    return own


def _score_one(instrument: Instrument, rule, own_indicators, result: SubjectScore, points) -> None:
    level = result.subject.level
    points = points or {}
    earned_by_dim: dict[str, list[Decimal]] = {}
    for indicator in own_indicators:
        value = points.get(indicator.code)
        if value is None:
            result.missing.append(indicator.code)
            continue
        result.answered += 1
        if value is NA:
            result.not_applicable += 1
            continue
        result.applicable += 1
        sums = earned_by_dim.setdefault(indicator.dimension, [Decimal(0), Decimal(0)])
        sums[0] += value[0]
        sums[1] += value[1]
    result.dimensions = {
        dim: instrument.scale_max * earned / possible
        for dim, (earned, possible) in earned_by_dim.items()
        if possible
    }
    total_earned = sum((s[0] for s in earned_by_dim.values()), Decimal(0))
    total_possible = sum((s[1] for s in earned_by_dim.values()), Decimal(0))
    own_score = instrument.scale_max * total_earned / total_possible if total_possible else None
    result.own_score = own_score
    result.products = 1 if level == "product" else sum(c.products for c in result.children)
    result.incomplete_children = sum(1 for c in result.children if not c.complete)
    result.complete = not result.missing and not result.incomplete_children
    if not result.complete or rule is None:
        return

    if rule.rule == "points":
        score = own_score
    else:
        score = _weighted_mean(instrument, rule, result, own_score)
    if score is None:
        return
    result.exact = score
    result.score = instrument.quantize(score)
    band = instrument.band_for(result.score)
    if band is not None:
        result.band, result.zone = band.code, band.zone


def _weighted_mean(instrument: Instrument, rule, result: SubjectScore, own_score):
    total = Decimal(0)
    weights = Decimal(0)
    for child in result.children:
        child_weight = rule.children.get(child.subject.level)
        if child_weight is None or child.score is None:
            continue
        weight = Decimal(child.products) if child_weight == "products" else child_weight
        child_score = child.score if instrument.aggregate_rounded else child.exact
        total += weight * child_score
        weights += weight
    if own_score is not None:
        own_weight = weights if rule.own_weight == "children" else rule.own_weight
        if own_weight:
            total += own_weight * own_score
            weights += own_weight
    return total / weights if weights else None
