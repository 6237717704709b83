"""Instruments as data: the immutable objects an instrument file becomes.

Pure Python (no Django), so the scoring engine and its benchmarks run on their own. Reading and
checking a file is patuh.instruments.loading's job (the schema pass) with
patuh.instruments.crosschecks and patuh.instruments.indicator_checks (what a schema cannot
express); they report every problem as "<file>: <path inside it>: <problem>".
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

LEVELS = ("product", "unit", "website", "provider")
# Which level a subject's score feeds into; regions are scored from their government's providers.
PARENT_LEVEL = {"product": "unit", "unit": "provider", "website": "provider", "provider": "region"}
# The rule that scores respondents' answers (a satisfaction survey) rather than one answer per
# subject and indicator: see patuh.satisfaction.skm.
SURVEY_RULE = "nrr"
ROUNDING_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN}

YES_VALUES = frozenset({"yes", "ya", "y", "1", "true"})
NO_VALUES = frozenset({"no", "tidak", "n", "0", "false"})
NA_VALUES = frozenset({"na", "n/a", "tidak berlaku"})
# How many decimals a number answer may have unless its indicator says otherwise.
NUMBER_PLACES = 2
# The surveys respondents answer by link or QR: the citizen satisfaction survey, and the two the
# Ombudsman's opinion (opini-2025) takes its perception and trust indices from.
SKM = "skm"
SURVEY_KINDS = (SKM, "persepsi-maladministrasi", "kepercayaan-masyarakat")


class InstrumentError(ValueError):
    """An instrument file is invalid; `problems` lists every "<file>: <path>: <problem>"."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class AnswerError(ValueError):
    """A value that the indicator cannot take."""


class NotApplicable:
    """Marker for an N/A answer, which leaves the indicator out of the denominator."""

    def __repr__(self) -> str:
        return "N/A"


NA = NotApplicable()


@dataclass(frozen=True)
class Text:
    id: str
    en: str

    @classmethod
    def from_data(cls, data: dict) -> "Text":
        """The text an instrument file writes as {id: ..., en: ...}."""
        return cls(id=data["id"], en=data["en"])

    def get(self, language: str) -> str:
        return self.en if language.startswith("en") else self.id


@dataclass(frozen=True)
class Option:
    code: str
    label: Text
    points: Decimal


@dataclass(frozen=True)
class Automatic:
    """An indicator answered by a machine: `source` "webcheck" reads the website checks named
    in `checks` and answers by `rule` (all pass, any passes, or the share that pass)."""

    source: str
    checks: tuple[str, ...]
    rule: str


@dataclass(frozen=True)
class Indicator:
    code: str
    level: str
    dimension: str
    text: Text
    answer_type: str
    weight: Decimal
    na_allowed: bool = False
    evidence_required: bool = False
    # Where evidence for this indicator can be taken from ("skm": the unit's satisfaction surveys).
    evidence_from: str = ""
    critical: bool = False
    component: str = ""
    fix: Text | None = None
    options: tuple[Option, ...] = ()
    scale_min: int | None = None
    scale_max: int | None = None
    # What each value of a scale means (the rubric an evaluator scores against), by value.
    rubric: dict[int, Text] = field(default_factory=dict, compare=False)
    number_unit: str = ""
    thresholds: tuple[tuple[Decimal, Decimal], ...] = ()
    # The values a number may take (both ends included) and its decimals; without thresholds a
    # number with a range earns its distance from the bottom over the span.
    number_range: tuple[Decimal, Decimal] | None = None
    number_places: int = NUMBER_PLACES
    automatic: Automatic | None = None
    # Every answer that can be listed (all but free numbers) → exact share of the weight, or NA.
    fractions: dict[str, Fraction | NotApplicable] = field(default_factory=dict, compare=False)
    # The same answers → (earned, possible) in whole point units (see Instrument.point_units).
    points: dict[str, tuple[int, int] | NotApplicable] = field(default_factory=dict, compare=False)

    def fraction(self, raw: str) -> Fraction | NotApplicable:
        """The exact share of the indicator's weight that the answer `raw` earns, or NA."""
        value = raw.strip().lower()
        known = self.fractions.get(value)
        if known is not None:
            return known
        if value in NA_VALUES:
            raise AnswerError(f"{self.code} does not allow N/A")
        if self.answer_type == "yes_no":
            raise AnswerError(f"{self.code} takes yes or no, not {raw!r}")
        if self.answer_type == "choice":
            codes = ", ".join(option.code for option in self.options)
            raise AnswerError(f"{self.code} takes one of {codes}, not {raw!r}")
        if self.answer_type == "scale":
            raise AnswerError(
                f"{self.code} takes a whole number from {self.scale_min} to {self.scale_max},"
                f" not {raw!r}"
            )
        number = parse_decimal(value)
        if number is None:
            raise AnswerError(f"{self.code} takes a number, not {raw!r}")
        if self.number_range is not None:
            return self._ranged(number, raw)
        return self._reached(number)

    def _ranged(self, number: Decimal, raw: str) -> Fraction:
        low, high = self.number_range
        if not low <= number <= high:
            raise AnswerError(f"{self.code} takes a number from {low} to {high}, not {raw!r}")
        if number.normalize().as_tuple().exponent < -self.number_places:
            raise AnswerError(
                f"{self.code} takes at most {self.number_places} decimal(s), not {raw!r}"
            )
        if self.thresholds:
            return self._reached(number)
        return (Fraction(number) - Fraction(low)) / (Fraction(high) - Fraction(low))

    def _reached(self, number: Decimal) -> Fraction:
        """The share of the highest threshold `number` reaches (none: nothing)."""
        earned = Fraction(0)
        for at_least, fraction in self.thresholds:
            if number >= at_least:
                earned = Fraction(fraction)
        return earned


@dataclass(frozen=True)
class Dimension:
    code: str
    title: Text
    weight: Decimal


@dataclass(frozen=True)
class Aggregation:
    """How one level's score is made: from its own indicators and/or its children's scores.

    rule "points": earned points over applicable points of the subject's own indicators.
    rule "mean": weighted mean of the own-indicator score (weight `own_weight`, or the children's
    total weight when it is "children") and each child's score (weight per child level: a number,
    or "products" for the number of products assessed beneath that child).
    rule "dimensions": each dimension's share earned (the mean of the own indicators' share and
    the children's shares in that dimension) weighted by the dimension weights; the score is the
    sum of the weighted dimension scores.
    rule "descendant_mean": the arithmetic mean of the scores of every subject at level `of`
    beneath this one (e.g. a region's units).
    rule "nrr": a satisfaction survey's index (patuh.satisfaction.skm): `factor` × the weighted sum
    of each element's mean answer, with the weights `exact` (weight over the total weight) or
    `written` (every element weighs `written_weight`, as the regulations print it).
    """

    level: str
    rule: str
    own_weight: Decimal | str = Decimal(0)
    children: dict[str, Decimal | str] = field(default_factory=dict)
    of: str = ""
    factor: Decimal = Decimal(1)
    weights: str = "exact"
    written_weight: Decimal | None = None

    def summary(self) -> str:
        """The rule in a few words, e.g. "mean of provider×products"."""
        if self.rule == "descendant_mean":
            return f"{self.rule} of {self.of}"
        if self.rule == SURVEY_RULE:
            written = f", written {self.written_weight}" if self.written_weight else ""
            return f"{self.rule} × {self.factor}, weights {self.weights}{written}"
        children = ", ".join(f"{k}×{v}" for k, v in self.children.items())
        return f"{self.rule} of {children}" if children else self.rule


@dataclass(frozen=True)
class Band:
    """A result band [lower, upper); the top band also includes its upper bound."""

    code: str
    label: Text
    # red, yellow or green; None for instruments without zones (PEKPPP categories, SKM grades).
    zone: str | None
    lower: Decimal
    upper: Decimal


@dataclass(frozen=True)
class Opinion:
    """The two-axis opinion of the Ombudsman's 2025 method: the quality word of the score's band,
    worded "clean" (… Tanpa Maladministrasi) where the subject's level of compliance with the
    Ombudsman's supervision products is one of `clean`.

    Compliance is given per region or provider as an answer to `indicator`; a unit or provider
    without its own takes the nearest one above it.
    """

    levels: tuple[str, ...]
    indicator: str
    compliance: dict[str, Text]
    clean: frozenset[str]
    # Band code → the quality word ("Sedang").
    quality: dict[str, Text]
    plain: Text
    clean_wording: Text

    def compliance_code(self, raw: str) -> str:
        """The compliance level `raw` names; AnswerError for anything else."""
        code = raw.strip().lower()
        if code not in self.compliance:
            levels = ", ".join(self.compliance)
            raise AnswerError(f"{self.indicator} takes one of {levels}, not {raw!r}")
        return code

    def wording(self, band: str, compliance: str) -> Text:
        """The opinion for a score in `band` at `compliance`, in both languages."""
        template = self.clean_wording if compliance in self.clean else self.plain
        quality = self.quality[band]
        return Text(
            id=template.id.format(quality=quality.id), en=template.en.format(quality=quality.en)
        )


@dataclass(frozen=True)
class SampleSize:
    """Parameters of the Krejcie & Morgan sample size (see patuh.satisfaction.skm)."""

    chi_square: Decimal
    proportion: Decimal
    margin: Decimal


@dataclass(frozen=True)
class Instrument:
    id: str
    version: int
    title: Text
    legal_basis: tuple[str, ...]
    valid_from: dt.date
    valid_until: dt.date | None
    assumptions: tuple[Text, ...]
    scale_max: Decimal
    levels: tuple[str, ...]
    dimensions: dict[str, Dimension]
    indicators: dict[str, Indicator]
    aggregation: dict[str, Aggregation]
    bands: tuple[Band, ...]
    rounding_places: int
    rounding_mode: str
    aggregate_rounded: bool
    # Points are counted in whole units of 1/point_units, so sums are exact integers (also when
    # a database adds them up) and every way of scoring the same answers gives the same numbers.
    point_units: int = 1
    # Bottom of the score scale, where the first band starts (25 for a satisfaction index).
    scale_min: Decimal = Decimal(0)
    # How many respondents a survey needs, for survey instruments.
    sample_size: SampleSize | None = None
    # How answers are gathered: "fieldwork", "evaluation" or "survey" (WORKFLOWS).
    workflow: str = "fieldwork"
    # Which survey a survey instrument is (SURVEY_KINDS); indicators whose evidence_from names
    # it are offered its results.
    survey_kind: str = "skm"
    # Who answers a survey: "service_users" name the service they used; "public" need not have.
    respondents: str = "service_users"
    # Whether a survey asks its respondents on which day they used the service.
    asks_date_of_use: bool = False
    # The Ombudsman's opinion, for instruments that give one (opini-2025).
    opinion: Opinion | None = None

    @property
    def is_survey(self) -> bool:
        """Whether the instrument scores respondents' answers (SKM), not subjects' answers."""
        return any(rule.rule == SURVEY_RULE for rule in self.aggregation.values())

    @property
    def cites_surveys(self) -> bool:
        """Whether any indicator takes a survey's results as evidence (evidence_from)."""
        return any(indicator.evidence_from for indicator in self.indicators.values())

    def evidence_indicators(self, source: str) -> list[Indicator]:
        """The indicators whose evidence can be taken from `source` (e.g. "skm")."""
        return [ind for ind in self.indicators.values() if ind.evidence_from == source]

    def points_for(self, indicator: Indicator, raw: str) -> tuple[int, int] | NotApplicable:
        """(earned, possible) point units for an answer, or NA; AnswerError when invalid."""
        known = indicator.points.get(raw)
        if known is not None:
            return known
        fraction = indicator.fraction(raw)
        if fraction is NA:
            return NA
        possible = indicator.weight * self.point_units
        return int(Fraction(possible) * fraction), int(possible)

    def indicators_at(self, level: str) -> list[Indicator]:
        return [ind for ind in self.indicators.values() if ind.level == level]

    def quantize(self, value: Decimal) -> Decimal:
        exponent = Decimal(1).scaleb(-self.rounding_places)
        return value.quantize(exponent, rounding=ROUNDING_MODES[self.rounding_mode])

    def band_for(self, score: Decimal | None) -> Band | None:
        if score is None:
            return None
        for band in self.bands:
            if band.lower <= score < band.upper:
                return band
        top = self.bands[-1]
        return top if score == top.upper else None


def parse_decimal(value: Any) -> Decimal | None:
    """A finite Decimal from a number or its text, or None (booleans are not numbers)."""
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None
