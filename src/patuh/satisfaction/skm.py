"""The citizen satisfaction survey (SKM/IKM) and its sample size. Pure Python, no Django.

Every number comes from the survey instrument's file (skm-2017, skm-2004): its elements (the
indicators, keyed by code), their answer scale, the nrr rule's factor and weight convention, the
conversion table (bands) and the sample-size parameters.

Steps of `compute`:
1. NRR per element = the mean of its answers over the respondents who answered it (a skipped
   question is left out of that element's mean only).
2. Each element's weight: its weight over all elements' weight ("exact", 1/9 for nine equal
   elements) or the rule's `written_weight` ("written", 0.111 as the regulation prints it).
3. index = Σ weight × NRR (on the answer scale, 1–4); IKM = index × factor (25), rounded as the
   instrument's `rounding` says; the grade (mutu) and label (kinerja) are those of the band the
   rounded IKM falls in, read on the IKM held within the scale (25–100).
Exact fractions are used throughout; only the reported numbers are rounded.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cache

from patuh.instruments.definition import SKM, SURVEY_RULE, Band, Instrument, Text
from patuh.instruments.loading import builtin_instrument_files, load_instrument_file
from patuh.lib.spreadsheet import AnswersFileError

WEIGHT_CONVENTIONS = ("exact", "written")
# Reported NRR and index keep enough decimals that the IKM can be re-derived from them.
NRR_PLACES = 4


class SurveyError(ValueError):
    """A survey cannot be scored as asked (no such instrument, no answers for an element…)."""


type Response = Mapping[str, int | None]


@dataclass(frozen=True)
class ElementResult:
    code: str
    title: Text
    weight: Fraction
    answered: int
    # None when nobody answered the element.
    nrr: Fraction | None

    @property
    def weighted(self) -> Fraction | None:
        return None if self.nrr is None else self.nrr * self.weight


@dataclass(frozen=True)
class SkmResult:
    instrument: Instrument
    weights: str
    elements: tuple[ElementResult, ...]
    respondents: int
    # None when an element has no answer: the index needs every element's NRR.
    index: Fraction | None
    ikm: Decimal | None
    # Set whenever the IKM is: the bands cover the whole scale.
    band: Band | None

    @property
    def unanswered(self) -> list[str]:
        return [element.code for element in self.elements if element.nrr is None]

    def as_dict(self, language: str = "id") -> dict:
        """The result with the keys `patuh skm compute --format json` documents."""
        return {
            "instrument": self.instrument.id,
            "weights": self.weights,
            "nrr": {e.code: _reported(e.nrr) for e in self.elements},
            "answered": {e.code: e.answered for e in self.elements},
            "index": _reported(self.index),
            "ikm": None if self.ikm is None else float(self.ikm),
            "grade": self.band.code if self.band else None,
            "label": self.band.label.get(language) if self.band else None,
            "respondents": self.respondents,
        }


def _reported(value: Fraction | None) -> float | None:
    return None if value is None else float(round_fraction(value, NRR_PLACES))


def round_fraction(value: Fraction, places: int) -> Decimal:
    """`value` rounded half up to `places` decimals, exactly (no binary floating point)."""
    scaled = value * 10**places
    whole = Decimal(scaled.numerator) / Decimal(scaled.denominator)
    return whole.quantize(Decimal(1), rounding=ROUND_HALF_UP).scaleb(-places)


def survey_rule(instrument: Instrument):
    """The instrument's nrr rule; SurveyError when it is not a satisfaction survey."""
    rule = next((r for r in instrument.aggregation.values() if r.rule == SURVEY_RULE), None)
    if rule is None:
        raise SurveyError(f"{instrument.id} is not a satisfaction survey (no {SURVEY_RULE} rule)")
    return rule


def element_weights(instrument: Instrument, weights: str | None = None) -> dict[str, Fraction]:
    """Each element's weight under the convention `weights` (default: the file's)."""
    rule = survey_rule(instrument)
    convention = weights or rule.weights
    if convention not in WEIGHT_CONVENTIONS:
        raise SurveyError(f"weights must be one of {', '.join(WEIGHT_CONVENTIONS)}")
    elements = instrument.indicators_at(rule.level)
    if convention == "written":
        if rule.written_weight is None:
            raise SurveyError(f"{instrument.id} has no written_weight")
        return {element.code: Fraction(rule.written_weight) for element in elements}
    total = sum(Fraction(element.weight) for element in elements)
    return {element.code: Fraction(element.weight) / total for element in elements}


def compute(
    instrument: Instrument, responses: Iterable[Response], weights: str | None = None
) -> SkmResult:
    """Score `responses` (element code → answer, None or absent when skipped) with the survey
    `instrument`. Answers must already be whole numbers on the element's scale."""
    rule = survey_rule(instrument)
    element_weight = element_weights(instrument, weights)
    sums = dict.fromkeys(element_weight, 0)
    counts = dict.fromkeys(element_weight, 0)
    respondents = 0
    for response in responses:
        answered = False
        for code in element_weight:
            value = response.get(code)
            if value is not None:
                sums[code] += value
                counts[code] += 1
                answered = True
        respondents += answered
    elements = tuple(
        ElementResult(
            code=code,
            title=instrument.dimensions[instrument.indicators[code].dimension].title,
            weight=weight,
            answered=counts[code],
            nrr=Fraction(sums[code], counts[code]) if counts[code] else None,
        )
        for code, weight in element_weight.items()
    )
    index = ikm = band = None
    if all(element.nrr is not None for element in elements):
        index = sum(element.weighted for element in elements)
        exact = index * Fraction(rule.factor)
        ikm = instrument.quantize(Decimal(exact.numerator) / Decimal(exact.denominator))
        # The printed weights (0.111, 0.071) only approximate 1/n, so all 1s give 24.98 or 24.85,
        # under the scale's 25 where grade D starts; the regulation means that as D. The grade is
        # read on the IKM held within the scale; the IKM is reported as computed.
        band = instrument.band_for(min(max(ikm, instrument.scale_min), instrument.scale_max))
    return SkmResult(
        instrument=instrument,
        weights=weights or rule.weights,
        elements=elements,
        respondents=respondents,
        index=index,
        ikm=ikm,
        band=band,
    )


def sample_size(population: int, instrument: Instrument) -> int:
    """The Krejcie & Morgan sample for a population of `population` people served:
    n = χ²·N·P(1−P) / (d²·(N−1) + χ²·P(1−P)), rounded to the nearest whole number (halves up),
    with χ², P and d from the instrument's `sample_size`."""
    if instrument.sample_size is None:
        raise SurveyError(f"{instrument.id} has no sample_size parameters")
    if population < 1:
        raise SurveyError("the population must be at least 1")
    chi_square = Fraction(instrument.sample_size.chi_square)
    p = Fraction(instrument.sample_size.proportion)
    d = Fraction(instrument.sample_size.margin)
    spread = chi_square * p * (1 - p)
    n = spread * population / (d * d * (population - 1) + spread)
    return int(round_fraction(n, 0))


@cache
def builtin_survey_instruments() -> tuple[Instrument, ...]:
    """The satisfaction-survey instruments shipped in the package, oldest first."""
    instruments = (load_instrument_file(path) for path in builtin_instrument_files().values())
    return tuple(sorted((i for i in instruments if i.is_survey), key=lambda i: i.valid_from))


def instrument_for_date(
    on: dt.date, instruments: Iterable[Instrument] | None = None, kind: str = SKM
) -> Instrument:
    """The survey instrument of `kind` whose regulation applies on `on` (valid_from ≤ on ≤
    valid_until); where several apply, the newest. `instruments` defaults to the built-in ones."""
    candidates = builtin_survey_instruments() if instruments is None else tuple(instruments)
    candidates = tuple(i for i in candidates if i.is_survey and i.survey_kind == kind)
    valid = [
        i
        for i in candidates
        if i.valid_from <= on and (i.valid_until is None or on <= i.valid_until)
    ]
    if not valid:
        known = ", ".join(f"{i.id} ({i.valid_from} – {i.valid_until or '…'})" for i in candidates)
        raise SurveyError(f"no {kind} survey instrument applies on {on}; known: {known}")
    return max(valid, key=lambda i: i.valid_from)


def read_responses(
    rows: list[tuple[int, list[str]]], instrument: Instrument, source: str = "responses"
) -> list[dict[str, int | None]]:
    """One response per row (header first, as lib.spreadsheet.read_rows gives them): a column per
    element code (U1 … U9), an empty cell for a skipped question, other columns ignored.
    Raises AnswersFileError listing every problem as "row N, column C: reason"."""
    rule = survey_rule(instrument)
    elements = instrument.indicators_at(rule.level)
    header_number, header_cells = rows[0]
    header = [name.strip().upper() for name in header_cells]
    missing = [e.code for e in elements if e.code.upper() not in header]
    if missing:
        raise AnswersFileError(
            [f"{source}: row {header_number}: missing column(s) {', '.join(missing)}"]
        )
    if len(rows) == 1:
        raise AnswersFileError([f"{source}: no respondents: the file has only a header row"])
    position = {e.code: header.index(e.code.upper()) for e in elements}
    responses: list[dict[str, int | None]] = []
    problems: list[str] = []
    for row_number, cells in rows[1:]:
        response: dict[str, int | None] = {}
        for element in elements:
            index = position[element.code]
            raw = cells[index].strip() if index < len(cells) else ""
            try:
                response[element.code] = parse_answer(element, raw)
            except SurveyError as exc:
                problems.append(f"{source}: row {row_number}, column {element.code}: {exc}")
        responses.append(response)
    if problems:
        raise AnswersFileError(problems)
    return responses


def parse_answer(element, raw: str) -> int | None:
    """An element's answer from text: None when empty, else a whole number on its scale."""
    if raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        raise SurveyError(f"{raw!r} is not a whole number") from None
    if not element.scale_min <= value <= element.scale_max:
        raise SurveyError(f"{value} is outside {element.scale_min}–{element.scale_max}")
    return value


def report_text(result: SkmResult, language: str = "id") -> str:
    """The result as a readable table: NRR per element, then index, IKM, grade and label."""
    lines = [
        f"{result.instrument.id} (weights: {result.weights}), {result.respondents} respondents",
        "",
    ]
    width = max(len(element.title.get(language)) for element in result.elements)
    lines.append(f"{'element':<{width + 5}}  answered  NRR")
    for element in result.elements:
        nrr = "—" if element.nrr is None else f"{round_fraction(element.nrr, NRR_PLACES)}"
        title = element.title.get(language)
        lines.append(f"{element.code:<4} {title:<{width}}  {element.answered:>8}  {nrr}")
    lines.append("")
    if result.index is None:
        lines.append(f"No IKM: nobody answered {', '.join(result.unanswered)}.")
    else:
        lines.append(f"index  {round_fraction(result.index, NRR_PLACES)}")
        lines.append(f"IKM    {result.ikm}")
        lines.append(f"grade  {result.band.code} ({result.band.label.get(language)})")
    return "\n".join(lines) + "\n"
