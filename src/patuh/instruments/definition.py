"""Instruments as data: parse and validate an instrument file into immutable objects.

Pure Python (no Django), so the scoring engine and its benchmarks run on their own.
An instrument file is YAML checked in two passes: the JSON Schema in instrument.schema.json
for shape, then the cross-references and arithmetic that a schema cannot express. Every problem
is reported as "<file>: <path inside it>: <problem>".
"""

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from functools import cache
from importlib import resources
from math import lcm
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from patuh.webcheck.ids import CHECK_IDS

LEVELS = ("product", "unit", "website", "provider")
# Which level a subject's score feeds into; regions are scored from their government's providers.
PARENT_LEVEL = {"product": "unit", "unit": "provider", "website": "provider", "provider": "region"}
AGGREGATE_LEVELS = (*LEVELS, "region")
# The rule that scores respondents' answers (a satisfaction survey) rather than one answer per
# subject and indicator: see patuh.satisfaction.skm.
SURVEY_RULE = "nrr"
ROUNDING_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN}

YES_VALUES = frozenset({"yes", "ya", "y", "1", "true"})
NO_VALUES = frozenset({"no", "tidak", "n", "0", "false"})
NA_VALUES = frozenset({"na", "n/a", "tidak berlaku"})


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
        number = _parse_decimal(value)
        if number is None:
            raise AnswerError(f"{self.code} takes a number, not {raw!r}")
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

    @property
    def is_survey(self) -> bool:
        """Whether the instrument scores respondents' answers (SKM), not subjects' answers."""
        return any(rule.rule == SURVEY_RULE for rule in self.aggregation.values())

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


def _parse_decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


@cache
def _schema_validator() -> jsonschema.Draft202012Validator:
    schema_text = resources.files("patuh.instruments").joinpath("instrument.schema.json")
    schema = json.loads(schema_text.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _format_path(parts: Iterable[Any]) -> str:
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(top level)"


def _schema_problems(data: Any) -> list[tuple[str, str]]:
    problems = []
    for error in _schema_validator().iter_errors(data):
        # For "oneOf" (answer types) the most relevant sub-error says what is actually wrong.
        best = jsonschema.exceptions.best_match(error.context) if error.context else error
        problems.append((_format_path(best.absolute_path), best.message))
    return sorted(set(problems))


def load_instrument_file(path: Path | str) -> Instrument:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InstrumentError([f"{path}: cannot be read: {exc}"]) from exc
    return parse_instrument(text, source=str(path))


def parse_yaml(text: str, source: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(top level)"
        problem = getattr(exc, "problem", None) or str(exc)
        raise InstrumentError([f"{source}: {where}: not valid YAML: {problem}"]) from exc


def parse_instrument(text: str, source: str = "<instrument>") -> Instrument:
    return build_instrument(parse_yaml(text, source), source)


def build_instrument(data: Any, source: str = "<instrument>") -> Instrument:
    """Validate parsed YAML data and build the Instrument, or raise InstrumentError."""
    problems = _schema_problems(data)
    if problems:
        raise InstrumentError([f"{source}: {where}: {what}" for where, what in problems])
    checker = _SemanticChecker(data)
    instrument = checker.build()
    if checker.problems:
        raise InstrumentError([f"{source}: {where}: {what}" for where, what in checker.problems])
    return instrument


def _point_units(indicators: Iterable[Indicator]) -> int:
    """The least number of units per point that makes every possible answer's points whole,
    and fill in each indicator's (earned, possible) units for the answers that can be listed."""
    indicators = list(indicators)
    shares = []
    for indicator in indicators:
        weight = Fraction(indicator.weight)
        shares.append(weight)
        shares.extend(weight * f for f in indicator.fractions.values() if f is not NA)
        shares.extend(weight * Fraction(fraction) for _, fraction in indicator.thresholds)
    units = lcm(*(share.denominator for share in shares)) if shares else 1
    for indicator in indicators:
        possible = Fraction(indicator.weight) * units
        indicator.points.update(
            (value, NA if f is NA else (int(possible * f), int(possible)))
            for value, f in indicator.fractions.items()
        )
    return units


def _text(data: dict) -> Text:
    return Text(id=data["id"], en=data["en"])


class _SemanticChecker:
    """Checks what the schema cannot, collecting every problem rather than stopping at the first."""

    def __init__(self, data: dict):
        self.data = data
        self.problems: list[tuple[str, str]] = []

    def problem(self, where: str, what: str) -> None:
        self.problems.append((where, what))

    def build(self) -> Instrument:
        data = self.data
        dimensions = self._dimensions()
        indicators = self._indicators(dimensions)
        levels = tuple(data["levels"])
        for index, item in enumerate(data["indicators"]):
            if item["level"] not in levels:
                self.problem(
                    f"indicators[{index}].level",
                    f"level {item['level']!r} is not listed under levels",
                )
        scale_max = _parse_decimal(data.get("scale_max", 100))
        scale_min = _parse_decimal(data.get("scale_min", 0))
        if scale_min >= scale_max:
            self.problem("scale_min", "must be below scale_max")
        bands = self._bands(scale_min, scale_max)
        aggregation = self._aggregation(levels, indicators, dimensions)
        valid_from = dt.date.fromisoformat(data["valid_from"])
        valid_until = data.get("valid_until")
        valid_until = dt.date.fromisoformat(valid_until) if valid_until else None
        if valid_until and valid_until < valid_from:
            self.problem("valid_until", "ends before valid_from")
        rounding = data["rounding"]
        point_units = _point_units(indicators.values())
        return Instrument(
            id=data["id"],
            version=data["version"],
            title=_text(data["title"]),
            legal_basis=tuple(data["legal_basis"]),
            valid_from=valid_from,
            valid_until=valid_until,
            assumptions=tuple(_text(item) for item in data.get("assumptions", [])),
            scale_max=scale_max,
            levels=levels,
            dimensions=dimensions,
            indicators=indicators,
            aggregation=aggregation,
            bands=bands,
            rounding_places=rounding["places"],
            rounding_mode=rounding.get("mode", "half_up"),
            aggregate_rounded=rounding.get("aggregate", "rounded") == "rounded",
            point_units=point_units,
            scale_min=scale_min,
            sample_size=self._sample_size(),
            workflow=data.get("workflow", "fieldwork"),
        )

    def _dimensions(self) -> dict[str, Dimension]:
        dimensions: dict[str, Dimension] = {}
        for index, item in enumerate(self.data["dimensions"]):
            if item["code"] in dimensions:
                self.problem(f"dimensions[{index}].code", f"duplicate code {item['code']!r}")
            weight = _parse_decimal(item.get("weight", 1))
            if weight < 0:
                self.problem(f"dimensions[{index}].weight", "must not be negative")
            dimensions[item["code"]] = Dimension(item["code"], _text(item["title"]), weight)
        return dimensions

    def _indicators(self, dimensions: dict[str, Dimension]) -> dict[str, Indicator]:
        indicators: dict[str, Indicator] = {}
        for index, item in enumerate(self.data["indicators"]):
            where = f"indicators[{index}]"
            code = item["code"]
            if code in indicators:
                self.problem(f"{where}.code", f"duplicate code {code!r}")
            if item["dimension"] not in dimensions:
                self.problem(f"{where}.dimension", f"unknown dimension {item['dimension']!r}")
            weight = _parse_decimal(item.get("weight", 1))
            if weight < 0:
                self.problem(f"{where}.weight", "must not be negative")
            answer = item["answer"]
            kind = answer["type"]
            fractions: dict[str, Fraction | NotApplicable] = {}
            options: tuple[Option, ...] = ()
            thresholds: tuple[tuple[Decimal, Decimal], ...] = ()
            rubric: dict[int, Text] = {}
            if kind == "choice":
                options = tuple(
                    Option(o["code"], _text(o["label"]), _parse_decimal(o["points"]))
                    for o in answer["options"]
                )
                best = max(option.points for option in options)
                codes = [option.code.lower() for option in options]
                if len(set(codes)) != len(codes):
                    self.problem(f"{where}.answer.options", "option codes must be unique")
                if set(codes) & NA_VALUES:
                    self.problem(
                        f"{where}.answer.options", "use na_allowed instead of an N/A option"
                    )
                if best <= 0 or any(option.points < 0 for option in options):
                    self.problem(
                        f"{where}.answer.options",
                        "points must not be negative and the best option must earn points",
                    )
                else:
                    fractions = {
                        option.code.lower(): Fraction(option.points) / Fraction(best)
                        for option in options
                    }
            elif kind == "yes_no":
                fractions = dict.fromkeys(YES_VALUES, Fraction(1)) | dict.fromkeys(
                    NO_VALUES, Fraction(0)
                )
            elif kind == "scale":
                if answer["max"] <= answer["min"]:
                    self.problem(f"{where}.answer.max", "must be greater than min")
                else:
                    span = answer["max"] - answer["min"]
                    fractions = {
                        str(v): Fraction(v - answer["min"], span)
                        for v in range(answer["min"], answer["max"] + 1)
                    }
                    rubric = self._rubric(where, answer)
            else:
                thresholds = tuple(
                    (_parse_decimal(t["at_least"]), _parse_decimal(t["fraction"]))
                    for t in answer.get("thresholds", [])
                )
                if not thresholds and weight != 0:
                    self.problem(
                        f"{where}.answer",
                        "a number without thresholds scores nothing; set weight: 0",
                    )
                if [t[0] for t in thresholds] != sorted(t[0] for t in thresholds):
                    self.problem(f"{where}.answer.thresholds", "list them in ascending at_least")
                if any(not (0 <= t[1] <= 1) for t in thresholds):
                    self.problem(f"{where}.answer.thresholds", "fractions must be from 0 to 1")
            if item.get("na_allowed", False):
                fractions |= dict.fromkeys(NA_VALUES, NA)
            automatic = item.get("automatic")
            if automatic and (item["level"] != "website" or kind == "number"):
                self.problem(
                    f"{where}.automatic", "only website indicators without a number answer"
                )
            if automatic and automatic["rule"] == "share" and kind == "yes_no":
                self.problem(f"{where}.automatic.rule", "share needs a choice or scale answer")
            for index, check in enumerate(automatic["checks"] if automatic else ()):
                if check not in CHECK_IDS:
                    self.problem(f"{where}.automatic.checks[{index}]", f"unknown check {check!r}")
            indicators[code] = Indicator(
                code=code,
                level=item["level"],
                dimension=item["dimension"],
                text=_text(item["text"]),
                answer_type=kind,
                weight=weight,
                na_allowed=item.get("na_allowed", False),
                evidence_required=item.get("evidence_required", False),
                evidence_from=item.get("evidence_from", ""),
                critical=item.get("critical", False),
                component=item.get("component", ""),
                fix=_text(item["fix"]) if "fix" in item else None,
                options=options,
                scale_min=answer.get("min"),
                scale_max=answer.get("max"),
                rubric=rubric,
                number_unit=answer.get("unit", ""),
                thresholds=thresholds,
                automatic=Automatic(
                    automatic["source"], tuple(automatic["checks"]), automatic["rule"]
                )
                if automatic
                else None,
                fractions=fractions,
            )
        return indicators

    def _sample_size(self) -> SampleSize | None:
        item = self.data.get("sample_size")
        if item is None:
            return None
        sample = SampleSize(
            chi_square=_parse_decimal(item["chi_square"]),
            proportion=_parse_decimal(item["proportion"]),
            margin=_parse_decimal(item["margin"]),
        )
        if sample.chi_square <= 0:
            self.problem("sample_size.chi_square", "must be greater than 0")
        if not 0 < sample.proportion < 1:
            self.problem("sample_size.proportion", "must be between 0 and 1")
        if not 0 < sample.margin < 1:
            self.problem("sample_size.margin", "must be between 0 and 1")
        return sample

    def _rubric(self, where: str, answer: dict) -> dict[int, Text]:
        """A scale's rubric by value; when given it must describe every value exactly once."""
        rubric = {item["value"]: _text(item["text"]) for item in answer.get("rubric", [])}
        values = [item["value"] for item in answer.get("rubric", [])]
        expected = list(range(answer["min"], answer["max"] + 1))
        if values and sorted(values) != expected:
            self.problem(
                f"{where}.answer.rubric",
                f"describe each value from {answer['min']} to {answer['max']} once, in any order",
            )
        return rubric

    def _bands(self, scale_min: Decimal, scale_max: Decimal) -> tuple[Band, ...]:
        bands = tuple(
            Band(
                code=item["code"],
                label=_text(item["label"]),
                zone=item["zone"],
                lower=_parse_decimal(item["from"]),
                upper=_parse_decimal(item["to"]),
            )
            for item in self.data["bands"]
        )
        if len({band.code for band in bands}) != len(bands):
            self.problem("bands", "band codes must be unique")
        for index, band in enumerate(bands):
            if band.upper <= band.lower:
                self.problem(f"bands[{index}]", "'to' must be greater than 'from'")
            if index == 0 and band.lower != scale_min:
                self.problem(f"bands[{index}].from", f"the first band must start at {scale_min}")
            if index > 0 and band.lower != bands[index - 1].upper:
                self.problem(
                    f"bands[{index}].from",
                    f"must equal the previous band's 'to' ({bands[index - 1].upper}):"
                    " bands must not overlap or leave gaps",
                )
        if bands and bands[-1].upper != scale_max:
            self.problem(f"bands[{len(bands) - 1}].to", f"the last band must end at {scale_max}")
        return bands

    def _aggregation(
        self,
        levels: tuple[str, ...],
        indicators: dict[str, Indicator],
        dimensions: dict[str, Dimension],
    ) -> dict[str, Aggregation]:
        aggregation: dict[str, Aggregation] = {}
        for level, item in self.data["aggregation"].items():
            where = f"aggregation.{level}"
            rule = item["rule"]
            children = {}
            for child, weight in item.get("children", {}).items():
                if PARENT_LEVEL.get(child) != level:
                    self.problem(f"{where}.children.{child}", f"{child} does not feed {level}")
                children[child] = weight if weight == "products" else _parse_decimal(weight)
            own = item.get("own_weight", 0)
            own_weight = own if own == "children" else _parse_decimal(own)
            if rule in ("points", "descendant_mean", SURVEY_RULE) and children:
                self.problem(f"{where}.children", f"the {rule} rule takes no children")
            if rule == "mean" and not children:
                self.problem(f"{where}.children", "the mean rule needs children to average")
            if rule == "dimensions" and not any(d.weight > 0 for d in dimensions.values()):
                self.problem(f"{where}.rule", "the dimensions rule needs dimension weights")
            self._rule_options(where, level, item, indicators)
            aggregation[level] = Aggregation(
                level,
                rule,
                own_weight,
                children,
                of=item.get("of", ""),
                factor=_parse_decimal(item.get("factor", 1)),
                weights=item.get("weights", "exact"),
                written_weight=_parse_decimal(item["written_weight"])
                if "written_weight" in item
                else None,
            )
        for level in levels:
            if level not in aggregation:
                self.problem("aggregation", f"no rule for level {level!r}, which has indicators")
        return aggregation

    def _rule_options(
        self, where: str, level: str, item: dict, indicators: dict[str, Indicator]
    ) -> None:
        """The options that only one rule takes: `of` for descendant_mean, the rest for nrr."""
        rule = item["rule"]
        if rule == "descendant_mean":
            of = item.get("of")
            while of is not None and of != level:
                of = PARENT_LEVEL.get(of)
            if item.get("of") in (None, level) or of != level:
                self.problem(f"{where}.of", f"name a level beneath {level} to average")
        elif "of" in item:
            self.problem(f"{where}.of", "only the descendant_mean rule takes 'of'")
        survey_options = {"factor", "weights", "written_weight"} & item.keys()
        if rule != SURVEY_RULE:
            if survey_options:
                self.problem(where, f"only the {SURVEY_RULE} rule takes {sorted(survey_options)}")
            return
        if item.get("weights") == "written" and "written_weight" not in item:
            self.problem(f"{where}.written_weight", "weights: written needs written_weight")
        if _parse_decimal(item.get("factor", 1)) <= 0:
            self.problem(f"{where}.factor", "must be greater than 0")
        for indicator in indicators.values():
            if indicator.level == level and indicator.answer_type != "scale":
                self.problem(
                    f"{where}.rule",
                    f"the {SURVEY_RULE} rule averages scale answers; {indicator.code} is"
                    f" {indicator.answer_type}",
                )


def builtin_instrument_files() -> dict[str, Path]:
    """The instrument files shipped in the package, by instrument id (the file's stem)."""
    folder = resources.files("patuh.instruments").joinpath("definitions")
    return {
        Path(entry.name).stem: Path(str(entry))
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    }
