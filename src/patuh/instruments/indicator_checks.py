"""Indicators of an instrument file: checked beyond the schema, and built with their answers.

Part of the second pass over an instrument file (see patuh.instruments.crosschecks): each
function adds every problem it finds to `problems` as (path inside the file, what is wrong).

Automatic answers name the ids of checks that another app makes (the website checks of
patuh.webcheck). Instruments sit below that app and do not import it: the app registers its ids
when Django loads it (register_automatic_source in its AppConfig.ready()), and an instrument may
name only registered ids. Without Django nothing is registered and the ids go unchecked, so the
scoring engine still reads every instrument on its own; every `patuh` command and the web app
check them.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from math import lcm

from patuh.instruments.definition import (
    NA,
    NA_VALUES,
    NO_VALUES,
    NUMBER_PLACES,
    YES_VALUES,
    Automatic,
    Dimension,
    Indicator,
    NotApplicable,
    Option,
    Text,
    parse_decimal,
)

# Each problem found: (path inside the file, what is wrong).
type Problems = list[tuple[str, str]]

# The ids that automatic answers from each source may name, as the answering apps register them.
_AUTOMATIC_IDS: dict[str, frozenset[str]] = {}


def register_automatic_source(source: str, ids: Iterable[str]) -> None:
    """Let instrument files name `ids` in automatic answers from `source`."""
    _AUTOMATIC_IDS[source] = frozenset(ids)


@dataclass
class _Answer:
    """What an indicator's answer type gives it."""

    # Every answer that can be listed → the share of the weight it earns (see Indicator).
    fractions: dict[str, Fraction | NotApplicable] = field(default_factory=dict)
    options: tuple[Option, ...] = ()
    thresholds: tuple[tuple[Decimal, Decimal], ...] = ()
    rubric: dict[int, Text] = field(default_factory=dict)
    number_range: tuple[Decimal, Decimal] | None = None


def build_indicators(
    items: list[dict], dimensions: dict[str, Dimension], problems: Problems
) -> dict[str, Indicator]:
    indicators: dict[str, Indicator] = {}
    for index, item in enumerate(items):
        where = f"indicators[{index}]"
        if item["code"] in indicators:
            problems.append((f"{where}.code", f"duplicate code {item['code']!r}"))
        indicators[item["code"]] = _indicator(where, item, dimensions, problems)
    return indicators


def point_units(indicators: Iterable[Indicator]) -> int:
    """The least number of units per point that makes every possible answer's points whole,
    and fill in each indicator's (earned, possible) units for the answers that can be listed."""
    indicators = list(indicators)
    shares = []
    for indicator in indicators:
        weight = Fraction(indicator.weight)
        shares.append(weight)
        shares.extend(weight * f for f in indicator.fractions.values() if f is not NA)
        shares.extend(weight * Fraction(fraction) for _, fraction in indicator.thresholds)
        if indicator.number_range is not None and not indicator.thresholds:
            # A ranged number moves in steps of one in its last decimal place.
            low, high = indicator.number_range
            step = Fraction(1, 10**indicator.number_places)
            shares.append(weight * step / (Fraction(high) - Fraction(low)))
    units = lcm(*(share.denominator for share in shares)) if shares else 1
    for indicator in indicators:
        possible = Fraction(indicator.weight) * units
        indicator.points.update(
            (value, NA if f is NA else (int(possible * f), int(possible)))
            for value, f in indicator.fractions.items()
        )
    return units


def _indicator(
    where: str, item: dict, dimensions: dict[str, Dimension], problems: Problems
) -> Indicator:
    if item["dimension"] not in dimensions:
        problems.append((f"{where}.dimension", f"unknown dimension {item['dimension']!r}"))
    weight = parse_decimal(item.get("weight", 1))
    if weight < 0:
        problems.append((f"{where}.weight", "must not be negative"))
    answer = item["answer"]
    parts = _answer(f"{where}.answer", answer, weight, problems)
    na_allowed = item.get("na_allowed", False)
    if na_allowed:
        parts.fractions |= dict.fromkeys(NA_VALUES, NA)
    return Indicator(
        code=item["code"],
        level=item["level"],
        dimension=item["dimension"],
        text=Text.from_data(item["text"]),
        answer_type=answer["type"],
        weight=weight,
        na_allowed=na_allowed,
        evidence_required=item.get("evidence_required", False),
        evidence_from=item.get("evidence_from", ""),
        critical=item.get("critical", False),
        component=item.get("component", ""),
        fix=Text.from_data(item["fix"]) if "fix" in item else None,
        options=parts.options,
        scale_min=answer.get("min"),
        scale_max=answer.get("max"),
        rubric=parts.rubric,
        number_unit=answer.get("unit", ""),
        thresholds=parts.thresholds,
        number_range=parts.number_range,
        number_places=answer.get("places", NUMBER_PLACES),
        automatic=_automatic(where, item, problems),
        fractions=parts.fractions,
    )


def _answer(where: str, answer: dict, weight: Decimal, problems: Problems) -> _Answer:
    kind = answer["type"]
    if kind == "choice":
        return _choice(where, answer, problems)
    if kind == "yes_no":
        return _Answer(
            dict.fromkeys(YES_VALUES, Fraction(1)) | dict.fromkeys(NO_VALUES, Fraction(0))
        )
    if kind == "scale":
        return _scale(where, answer, problems)
    return _number(where, answer, weight, problems)


def _choice(where: str, answer: dict, problems: Problems) -> _Answer:
    """Options earn their points over the best option's points."""
    options = tuple(
        Option(o["code"], Text.from_data(o["label"]), parse_decimal(o["points"]))
        for o in answer["options"]
    )
    codes = [option.code.lower() for option in options]
    if len(set(codes)) != len(codes):
        problems.append((f"{where}.options", "option codes must be unique"))
    if set(codes) & NA_VALUES:
        problems.append((f"{where}.options", "use na_allowed instead of an N/A option"))
    best = max(option.points for option in options)
    if best <= 0 or any(option.points < 0 for option in options):
        problems.append(
            (
                f"{where}.options",
                "points must not be negative and the best option must earn points",
            )
        )
        return _Answer(options=options)
    fractions = {
        option.code.lower(): Fraction(option.points) / Fraction(best) for option in options
    }
    return _Answer(fractions, options=options)


def _scale(where: str, answer: dict, problems: Problems) -> _Answer:
    """Each whole number from min to max earns its distance from min over the span."""
    low, high = answer["min"], answer["max"]
    if high <= low:
        problems.append((f"{where}.max", "must be greater than min"))
        return _Answer()
    fractions = {str(v): Fraction(v - low, high - low) for v in range(low, high + 1)}
    return _Answer(fractions, rubric=_rubric(where, answer, problems))


def _rubric(where: str, answer: dict, problems: Problems) -> dict[int, Text]:
    """A scale's rubric by value; when given it must describe every value exactly once."""
    items = answer.get("rubric", [])
    values = [item["value"] for item in items]
    if values and sorted(values) != list(range(answer["min"], answer["max"] + 1)):
        problems.append(
            (
                f"{where}.rubric",
                f"describe each value from {answer['min']} to {answer['max']} once, in any order",
            )
        )
    return {item["value"]: Text.from_data(item["text"]) for item in items}


def _number(where: str, answer: dict, weight: Decimal, problems: Problems) -> _Answer:
    """A number earns the fraction of the highest threshold it reaches (none: nothing), or, with
    a range and no thresholds, its distance from the range's bottom over the span."""
    thresholds = tuple(
        (parse_decimal(t["at_least"]), parse_decimal(t["fraction"]))
        for t in answer.get("thresholds", [])
    )
    number_range = _range(where, answer, problems)
    if not thresholds and number_range is None and weight != 0:
        problems.append(
            (where, "a number without thresholds or a range scores nothing; set weight: 0")
        )
    if [t[0] for t in thresholds] != sorted(t[0] for t in thresholds):
        problems.append((f"{where}.thresholds", "list them in ascending at_least"))
    if any(not (0 <= t[1] <= 1) for t in thresholds):
        problems.append((f"{where}.thresholds", "fractions must be from 0 to 1"))
    return _Answer(thresholds=thresholds, number_range=number_range)


def _range(where: str, answer: dict, problems: Problems) -> tuple[Decimal, Decimal] | None:
    if "range" not in answer:
        return None
    low, high = (parse_decimal(answer["range"][end]) for end in ("min", "max"))
    places = answer.get("places", NUMBER_PLACES)
    if high <= low:
        problems.append((f"{where}.range.max", "must be greater than min"))
        return None
    if any(end.normalize().as_tuple().exponent < -places for end in (low, high)):
        problems.append((f"{where}.range", f"min and max may have at most {places} decimal(s)"))
        return None
    return low, high


def _automatic(where: str, item: dict, problems: Problems) -> Automatic | None:
    automatic = item.get("automatic")
    if not automatic:
        return None
    kind = item["answer"]["type"]
    if item["level"] != "website" or kind == "number":
        problems.append((f"{where}.automatic", "only website indicators without a number answer"))
    if automatic["rule"] == "share" and kind == "yes_no":
        problems.append((f"{where}.automatic.rule", "share needs a choice or scale answer"))
    _check_automatic_ids(where, automatic, problems)
    return Automatic(automatic["source"], tuple(automatic["checks"]), automatic["rule"])


def _check_automatic_ids(where: str, automatic: dict, problems: Problems) -> None:
    known = _AUTOMATIC_IDS.get(automatic["source"])
    if known is None:
        return
    for index, check in enumerate(automatic["checks"]):
        if check not in known:
            problems.append((f"{where}.automatic.checks[{index}]", f"unknown check {check!r}"))
