"""The second pass over an instrument file: what its schema cannot check, and the Instrument.

The data has passed the schema (patuh.instruments.loading), so every key the schema requires is
there. Each function checks one part, adds every problem it finds to `problems` as (path inside
the file, what is wrong) rather than stopping at the first, and builds that part's objects.
Indicators and their answers are checked in patuh.instruments.indicator_checks.
"""

import datetime as dt
from decimal import Decimal

from patuh.instruments.definition import (
    PARENT_LEVEL,
    SKM,
    SURVEY_RULE,
    Aggregation,
    Band,
    Dimension,
    Indicator,
    Instrument,
    Opinion,
    SampleSize,
    Text,
    parse_decimal,
)
from patuh.instruments.indicator_checks import Problems, build_indicators, point_units

# The rules that score a subject's own answers only, and so take no children.
CHILDLESS_RULES = ("points", "descendant_mean", SURVEY_RULE)
# The options only the survey rule takes.
SURVEY_OPTIONS = frozenset({"factor", "weights", "written_weight"})


def check_instrument(data: dict) -> tuple[Instrument, Problems]:
    """The Instrument that schema-valid `data` defines, with every problem found in it."""
    problems: Problems = []
    dimensions = _dimensions(data["dimensions"], problems)
    indicators = build_indicators(data["indicators"], dimensions, problems)
    levels = tuple(data["levels"])
    _check_indicator_levels(data["indicators"], levels, problems)
    scale_min, scale_max = _scale(data, problems)
    bands = _bands(data["bands"], scale_min, scale_max, problems)
    aggregation = _aggregation(data["aggregation"], levels, indicators, dimensions, problems)
    valid_from, valid_until = _validity(data, problems)
    rounding = data["rounding"]
    instrument = Instrument(
        id=data["id"],
        version=data["version"],
        title=Text.from_data(data["title"]),
        legal_basis=tuple(data["legal_basis"]),
        valid_from=valid_from,
        valid_until=valid_until,
        assumptions=tuple(Text.from_data(item) for item in data.get("assumptions", [])),
        scale_max=scale_max,
        levels=levels,
        dimensions=dimensions,
        indicators=indicators,
        aggregation=aggregation,
        bands=bands,
        rounding_places=rounding["places"],
        rounding_mode=rounding.get("mode", "half_up"),
        aggregate_rounded=rounding.get("aggregate", "rounded") == "rounded",
        point_units=point_units(indicators.values()),
        scale_min=scale_min,
        sample_size=_sample_size(data.get("sample_size"), problems),
        workflow=data.get("workflow", "fieldwork"),
        survey_kind=data.get("survey_kind", SKM),
        respondents=data.get("respondents", "service_users"),
        asks_date_of_use=data.get("ask_date_of_use", False),
        opinion=_opinion(data.get("opinion"), bands, indicators, problems),
    )
    return instrument, problems


def _opinion(
    item: dict | None,
    bands: tuple[Band, ...],
    indicators: dict[str, Indicator],
    problems: Problems,
) -> Opinion | None:
    """The opinion section: every band needs its quality word, and the compliance levels named
    clean must exist."""
    if item is None:
        return None
    compliance = {
        entry["code"].lower(): Text.from_data(entry["label"]) for entry in item["compliance"]
    }
    if len(compliance) != len(item["compliance"]):
        problems.append(("opinion.compliance", "compliance codes must be unique"))
    unknown = [code for code in item["clean"] if code.lower() not in compliance]
    if unknown:
        problems.append(("opinion.clean", f"not a compliance level: {', '.join(unknown)}"))
    unworded = [band.code for band in bands if band.code not in item["quality"]]
    if unworded:
        problems.append(("opinion.quality", f"no quality word for band(s) {', '.join(unworded)}"))
    strays = sorted(set(item["quality"]) - {band.code for band in bands})
    if strays:
        problems.append(("opinion.quality", f"not a band: {', '.join(strays)}"))
    if item["indicator"] in indicators:
        problems.append(("opinion.indicator", f"{item['indicator']} is already a scored indicator"))
    return Opinion(
        levels=tuple(item["levels"]),
        indicator=item["indicator"],
        compliance=compliance,
        clean=frozenset(code.lower() for code in item["clean"]),
        quality={code: Text.from_data(text) for code, text in item["quality"].items()},
        plain=Text.from_data(item["wording"]["plain"]),
        clean_wording=Text.from_data(item["wording"]["clean"]),
    )


def _dimensions(items: list[dict], problems: Problems) -> dict[str, Dimension]:
    dimensions: dict[str, Dimension] = {}
    for index, item in enumerate(items):
        if item["code"] in dimensions:
            problems.append((f"dimensions[{index}].code", f"duplicate code {item['code']!r}"))
        weight = parse_decimal(item.get("weight", 1))
        if weight < 0:
            problems.append((f"dimensions[{index}].weight", "must not be negative"))
        dimensions[item["code"]] = Dimension(item["code"], Text.from_data(item["title"]), weight)
    return dimensions


def _check_indicator_levels(items: list[dict], levels: tuple[str, ...], problems: Problems) -> None:
    for index, item in enumerate(items):
        if item["level"] not in levels:
            problems.append(
                (
                    f"indicators[{index}].level",
                    f"level {item['level']!r} is not listed under levels",
                )
            )


def _scale(data: dict, problems: Problems) -> tuple[Decimal, Decimal]:
    scale_max = parse_decimal(data.get("scale_max", 100))
    scale_min = parse_decimal(data.get("scale_min", 0))
    if scale_min >= scale_max:
        problems.append(("scale_min", "must be below scale_max"))
    return scale_min, scale_max


def _validity(data: dict, problems: Problems) -> tuple[dt.date, dt.date | None]:
    valid_from = dt.date.fromisoformat(data["valid_from"])
    valid_until = data.get("valid_until")
    valid_until = dt.date.fromisoformat(valid_until) if valid_until else None
    if valid_until and valid_until < valid_from:
        problems.append(("valid_until", "ends before valid_from"))
    return valid_from, valid_until


def _bands(
    items: list[dict], scale_min: Decimal, scale_max: Decimal, problems: Problems
) -> tuple[Band, ...]:
    """The bands, which must cover the scale from scale_min to scale_max without gap or overlap."""
    bands = tuple(
        Band(
            code=item["code"],
            label=Text.from_data(item["label"]),
            zone=item["zone"],
            lower=parse_decimal(item["from"]),
            upper=parse_decimal(item["to"]),
        )
        for item in items
    )
    if len({band.code for band in bands}) != len(bands):
        problems.append(("bands", "band codes must be unique"))
    for index, band in enumerate(bands):
        if band.upper <= band.lower:
            problems.append((f"bands[{index}]", "'to' must be greater than 'from'"))
        if index == 0 and band.lower != scale_min:
            problems.append((f"bands[{index}].from", f"the first band must start at {scale_min}"))
        if index > 0 and band.lower != bands[index - 1].upper:
            problems.append(
                (
                    f"bands[{index}].from",
                    f"must equal the previous band's 'to' ({bands[index - 1].upper}):"
                    " bands must not overlap or leave gaps",
                )
            )
    if bands and bands[-1].upper != scale_max:
        problems.append((f"bands[{len(bands) - 1}].to", f"the last band must end at {scale_max}"))
    return bands


def _aggregation(
    items: dict[str, dict],
    levels: tuple[str, ...],
    indicators: dict[str, Indicator],
    dimensions: dict[str, Dimension],
    problems: Problems,
) -> dict[str, Aggregation]:
    aggregation = {
        level: _aggregation_rule(level, item, indicators, dimensions, problems)
        for level, item in items.items()
    }
    for level in levels:
        if level not in aggregation:
            problems.append(("aggregation", f"no rule for level {level!r}, which has indicators"))
    return aggregation


def _aggregation_rule(
    level: str,
    item: dict,
    indicators: dict[str, Indicator],
    dimensions: dict[str, Dimension],
    problems: Problems,
) -> Aggregation:
    where = f"aggregation.{level}"
    rule = item["rule"]
    children = _children(where, level, item.get("children", {}), problems)
    own = item.get("own_weight", 0)
    if rule in CHILDLESS_RULES and children:
        problems.append((f"{where}.children", f"the {rule} rule takes no children"))
    if rule == "mean" and not children:
        problems.append((f"{where}.children", "the mean rule needs children to average"))
    if rule == "dimensions" and not any(d.weight > 0 for d in dimensions.values()):
        problems.append((f"{where}.rule", "the dimensions rule needs dimension weights"))
    _check_descendant_option(where, level, item, problems)
    _check_survey_options(where, level, item, indicators, problems)
    return Aggregation(
        level,
        rule,
        own if own == "children" else parse_decimal(own),
        children,
        of=item.get("of", ""),
        factor=parse_decimal(item.get("factor", 1)),
        weights=item.get("weights", "exact"),
        written_weight=parse_decimal(item["written_weight"]) if "written_weight" in item else None,
    )


def _children(where: str, level: str, items: dict, problems: Problems) -> dict[str, Decimal | str]:
    children: dict[str, Decimal | str] = {}
    for child, weight in items.items():
        if PARENT_LEVEL.get(child) != level:
            problems.append((f"{where}.children.{child}", f"{child} does not feed {level}"))
        children[child] = weight if weight == "products" else parse_decimal(weight)
    return children


def _check_descendant_option(where: str, level: str, item: dict, problems: Problems) -> None:
    """`of`, which only descendant_mean takes, must name a level beneath `level`."""
    if item["rule"] != "descendant_mean":
        if "of" in item:
            problems.append((f"{where}.of", "only the descendant_mean rule takes 'of'"))
        return
    of = item.get("of")
    ancestor = of
    while ancestor is not None and ancestor != level:
        ancestor = PARENT_LEVEL.get(ancestor)
    if of in (None, level) or ancestor != level:
        problems.append((f"{where}.of", f"name a level beneath {level} to average"))


def _check_survey_options(
    where: str, level: str, item: dict, indicators: dict[str, Indicator], problems: Problems
) -> None:
    """The options that only the survey rule takes, and the scale answers it averages."""
    if item["rule"] != SURVEY_RULE:
        given = SURVEY_OPTIONS & item.keys()
        if given:
            problems.append((where, f"only the {SURVEY_RULE} rule takes {sorted(given)}"))
        return
    if item.get("weights") == "written" and "written_weight" not in item:
        problems.append((f"{where}.written_weight", "weights: written needs written_weight"))
    if parse_decimal(item.get("factor", 1)) <= 0:
        problems.append((f"{where}.factor", "must be greater than 0"))
    for indicator in indicators.values():
        if indicator.level == level and indicator.answer_type != "scale":
            problems.append(
                (
                    f"{where}.rule",
                    f"the {SURVEY_RULE} rule averages scale answers; {indicator.code} is"
                    f" {indicator.answer_type}",
                )
            )


def _sample_size(item: dict | None, problems: Problems) -> SampleSize | None:
    if item is None:
        return None
    sample = SampleSize(
        chi_square=parse_decimal(item["chi_square"]),
        proportion=parse_decimal(item["proportion"]),
        margin=parse_decimal(item["margin"]),
    )
    if sample.chi_square <= 0:
        problems.append(("sample_size.chi_square", "must be greater than 0"))
    if not 0 < sample.proportion < 1:
        problems.append(("sample_size.proportion", "must be between 0 and 1"))
    if not 0 < sample.margin < 1:
        problems.append(("sample_size.margin", "must be between 0 and 1"))
    return sample
