"""The scoring engine: from indicator answers to scores and bands, level by level.

Pure Python (no Django). The same engine scores a stored cycle (scoring.services, which lets the
database tally the answers) and a standalone answers file (`patuh compute`, tallied here).

Steps:
1. Tally each subject's own answers: per dimension, earned and applicable points in whole point
   units (exact integers), plus answered and N/A counts. `tally_answers` does this in Python.
2. `score_tallies` walks the levels bottom-up (product, unit, website, provider, region): the own
   score is scale_max × earned / applicable; the level's aggregation rule (points, mean,
   dimensions or descendant_mean, named in the instrument file) combines it with the children's
   scores. A subject with an unanswered indicator, or an incomplete child, is incomplete: its
   score is None, never a silent zero.
3. Each score is rounded with the instrument's rounding and classified into a band.
4. Instruments with an opinion (opini-2025) join each region's or provider's band with its level
   of compliance with the Ombudsman's products (`compliance`, by subject key, inherited downwards).
"""

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from patuh.instruments.definition import (
    NA,
    SURVEY_RULE,
    AnswerError,
    Instrument,
    InstrumentError,
    Opinion,
    Text,
)

LEVEL_ORDER = ("product", "unit", "website", "provider", "region")


@dataclass(eq=False)
class Subject:
    """Something scored: a product, unit, website, provider or region."""

    level: str
    key: Hashable
    path: str
    name: str = ""
    parent: "Subject | None" = None
    # A provider's agency kind code, kept with its scores; empty for other levels.
    kind: str = ""


@dataclass(eq=False)
class Tally:
    """A subject's own answers, summed."""

    # Dimension code → [earned, applicable] in the instrument's point units.
    points: dict[str, list[int]] = field(default_factory=dict)
    answered: int = 0
    not_applicable: int = 0
    # Indicator codes answered; needed only to name what is missing from an incomplete subject.
    codes: set[str] | None = None
    # Indicator code → the answer given, for answers that earned less than full points. A dict
    # here; a stored cycle's tallies keep the database's JSON text, read when asked.
    shortfalls: Mapping[str, str] = field(default_factory=dict)


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
    # Own indicators answered with less than full points: code → answer (see Tally).
    shortfalls: Mapping[str, str] = field(default_factory=dict)
    incomplete_children: int = 0
    products: int = 0
    own_score: Decimal | None = None
    # The unrounded score, which parents use when the instrument aggregates exact values.
    exact: Decimal | None = None
    # Dimension code → the dimension's score on the instrument's scale.
    dimensions: dict[str, Decimal] = field(default_factory=dict)
    # Under the dimensions rule: dimension code → its weighted score; they add up to the score.
    weighted: dict[str, Decimal] = field(default_factory=dict)
    children: list["SubjectScore"] = field(default_factory=list)
    # Level of compliance with the Ombudsman's products, own or inherited (opinion instruments).
    compliance: str | None = None
    opinion: Text | None = None


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
    compliance: Mapping[Hashable, str] | None = None,
) -> ScoreReport:
    """Score `subjects` from `answers`: (subject key, indicator code, raw value) triples."""
    subjects = list(subjects)
    tallies = tally_answers(instrument, {s.key: s for s in subjects}, answers)
    return score_tallies(instrument, subjects, tallies, compliance)


def tally_answers(
    instrument: Instrument,
    subjects: dict[Hashable, Subject],
    answers: Iterable[tuple[Hashable, str, str]],
) -> dict[Hashable, Tally]:
    """Sum each subject's answers into a Tally.

    Raises AnswerProblem for an answer to an unknown subject or indicator, a value the indicator
    cannot take, an indicator asked of another level, or the same indicator answered twice.
    """
    indicators = instrument.indicators
    tallies: dict[Hashable, Tally] = {}
    for key, code, raw in answers:
        subject = subjects.get(key)
        if subject is None:
            raise AnswerProblem(None, code, f"answer for an unknown subject {key!r}")
        indicator = indicators.get(code)
        if indicator is None:
            raise AnswerProblem(subject, code, f"unknown indicator {code!r}")
        if indicator.level != subject.level:
            raise AnswerProblem(
                subject,
                code,
                f"{code} is a {indicator.level}-level indicator, not {subject.level}-level",
            )
        try:
            points = instrument.points_for(indicator, raw)
        except AnswerError as exc:
            raise AnswerProblem(subject, code, str(exc)) from exc
        tally = tallies.get(key)
        if tally is None:
            tally = tallies[key] = Tally(codes=set())
        if code in tally.codes:
            raise AnswerProblem(subject, code, f"{code} answered more than once")
        tally.codes.add(code)
        tally.answered += 1
        if points is NA:
            tally.not_applicable += 1
            continue
        if points[0] < points[1]:
            tally.shortfalls[code] = raw
        sums = tally.points.get(indicator.dimension)
        if sums is None:
            tally.points[indicator.dimension] = [points[0], points[1]]
        else:
            sums[0] += points[0]
            sums[1] += points[1]
    return tallies


def score_tallies(
    instrument: Instrument,
    subjects: Iterable[Subject],
    tallies: dict[Hashable, Tally],
    compliance: Mapping[Hashable, str] | None = None,
) -> ScoreReport:
    """Score every subject from its own tally and its children, bottom-up; with an opinion
    instrument, give opinions from `compliance` (subject key → level code)."""
    if instrument.is_survey:
        # Respondents' answers are scored by patuh.satisfaction.skm, not per subject.
        raise InstrumentError(
            [
                f"{instrument.id} is a satisfaction survey: its {SURVEY_RULE} rule scores"
                " respondents' answers (patuh skm compute), not subjects"
            ]
        )
    results: dict[Hashable, SubjectScore] = {}
    by_level: dict[str, list[SubjectScore]] = {level: [] for level in LEVEL_ORDER}
    for subject in subjects:
        result = SubjectScore(subject)
        results[subject.key] = result
        by_level[subject.level].append(result)
    for result in results.values():
        parent = result.subject.parent
        # A part of the tree (the gap planner re-scores one subject's) has its root's parent
        # outside it.
        if parent is not None and parent.key in results:
            results[parent.key].children.append(result)

    empty = Tally(codes=set())
    for level in LEVEL_ORDER:
        rule = instrument.aggregation.get(level)
        own_codes = [indicator.code for indicator in instrument.indicators_at(level)]
        for result in by_level[level]:
            tally = tallies.get(result.subject.key, empty)
            _score_one(instrument, rule, own_codes, result, tally)
    if instrument.opinion is not None:
        _give_opinions(instrument.opinion, results.values(), compliance or {})
    return ScoreReport(instrument, by_level)


def _give_opinions(
    opinion: Opinion, results: Iterable[SubjectScore], compliance: Mapping[Hashable, str]
) -> None:
    """Each subject's compliance is its own or the nearest above it. A subject at an opinion
    level with a band and compliance of its own gets its opinion: a regional government, or a
    provider assessed as a whole (a ministry, agency or vertical office), never a department
    that only inherits its government's compliance."""
    for result in results:
        subject = result.subject
        while subject is not None and subject.key not in compliance:
            subject = subject.parent
        if subject is None:
            continue
        result.compliance = compliance[subject.key]
        own = subject is result.subject
        if own and result.band is not None and subject.level in opinion.levels:
            result.opinion = opinion.wording(result.band, result.compliance)


def _score_one(instrument: Instrument, rule, own_codes: list[str], result, tally: Tally) -> None:
    result.answered = tally.answered
    result.shortfalls = tally.shortfalls
    result.not_applicable = tally.not_applicable
    result.applicable = tally.answered - tally.not_applicable
    if tally.answered < len(own_codes):
        result.missing = [code for code in own_codes if code not in tally.codes]
    scale = instrument.scale_max
    total_earned = total_possible = 0
    for dimension, (earned, possible) in tally.points.items():
        if possible:
            result.dimensions[dimension] = scale * Decimal(earned) / Decimal(possible)
            total_earned += earned
            total_possible += possible
    own_score = scale * Decimal(total_earned) / Decimal(total_possible) if total_possible else None
    result.own_score = own_score
    if result.subject.level == "product":
        result.products = 1
    else:
        result.products = sum(child.products for child in result.children)
    result.incomplete_children = sum(1 for child in result.children if not child.complete)
    result.complete = not result.missing and not result.incomplete_children
    if not result.complete or rule is None:
        return
    score = _RULES[rule.rule](instrument, rule, result)
    if score is None:
        return
    result.exact = score
    result.score = instrument.quantize(score)
    band = instrument.band_for(result.score)
    if band is not None:
        result.band, result.zone = band.code, band.zone


def _own_points(instrument: Instrument, rule, result: SubjectScore) -> Decimal | None:
    return result.own_score


def _published(instrument: Instrument, result: SubjectScore) -> Decimal:
    """The score a parent aggregates: as published (rounded) or exact, as the instrument says."""
    return result.score if instrument.aggregate_rounded else result.exact


def _weighted_mean(instrument: Instrument, rule, result: SubjectScore) -> Decimal | None:
    total = Decimal(0)
    weights = Decimal(0)
    for child in result.children:
        child_weight = rule.children.get(child.subject.level)
        if child_weight is None or child.score is None:
            continue
        weight = Decimal(child.products) if child_weight == "products" else child_weight
        total += weight * _published(instrument, child)
        weights += weight
    if result.own_score is not None:
        own_weight = weights if rule.own_weight == "children" else rule.own_weight
        if own_weight:
            total += own_weight * result.own_score
            weights += own_weight
    return total / weights if weights else None


def _dimension_sum(instrument: Instrument, rule, result: SubjectScore) -> Decimal | None:
    """Σ over dimensions of scale × weight / total weight × share earned in the dimension.

    A dimension's share is the mean of the subject's own share (earned / applicable points of its
    own indicators in that dimension) and each child's share, a child weighing what the rule's
    `children` say. Dimensions with nothing applicable leave the total weight, as N/A answers
    leave the denominator. When the instrument aggregates rounded scores, each weighted dimension
    score is rounded before they are added, so the published parts add up to the published score.
    """
    scale = instrument.scale_max
    shares: dict[str, list[tuple[Decimal, Decimal]]] = {}
    for dimension, value in result.dimensions.items():
        shares.setdefault(dimension, []).append((Decimal(1), value / scale))
    for child in result.children:
        child_weight = rule.children.get(child.subject.level)
        if child_weight is None:
            continue
        weight = Decimal(child.products) if child_weight == "products" else child_weight
        for dimension, value in child.dimensions.items():
            shares.setdefault(dimension, []).append((weight, value / scale))
    share_of = {
        dimension: sum(w * share for w, share in members) / sum(w for w, _ in members)
        for dimension, members in shares.items()
        if sum(w for w, _ in members)
    }
    weights = {
        code: dimension.weight
        for code, dimension in instrument.dimensions.items()
        if code in share_of and dimension.weight
    }
    total_weight = sum(weights.values())
    if not total_weight:
        return None
    result.dimensions = {
        code: scale * share_of[code] for code in instrument.dimensions if code in share_of
    }
    for code, weight in weights.items():
        weighted = scale * weight * share_of[code] / total_weight
        result.weighted[code] = (
            instrument.quantize(weighted) if instrument.aggregate_rounded else weighted
        )
    return sum(result.weighted.values())


def _descendant_mean(instrument: Instrument, rule, result: SubjectScore) -> Decimal | None:
    """The arithmetic mean of the scores of every scored subject at level `rule.of` beneath."""
    scores = []
    pending = list(result.children)
    while pending:
        child = pending.pop()
        if child.subject.level == rule.of:
            if child.score is not None:
                scores.append(_published(instrument, child))
        else:
            pending.extend(child.children)
    return sum(scores) / len(scores) if scores else None


# The aggregation rules an instrument file can name (the survey rule is scored elsewhere).
_RULES = {
    "points": _own_points,
    "mean": _weighted_mean,
    "dimensions": _dimension_sum,
    "descendant_mean": _descendant_mean,
}
