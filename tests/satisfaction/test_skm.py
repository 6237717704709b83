"""The SKM formulas, the sample size and the choice of regulation, against hand computation."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from patuh.instruments.loading import builtin_instrument_files, load_instrument_file
from patuh.lib.spreadsheet import AnswersFileError
from patuh.satisfaction import skm


@pytest.fixture(scope="module")
def skm2017():
    return load_instrument_file(builtin_instrument_files()["skm-2017"])


@pytest.fixture(scope="module")
def skm2004():
    return load_instrument_file(builtin_instrument_files()["skm-2004"])


def answers(*rows: str) -> list[dict]:
    """Responses from strings such as "4 4 3 - 4 …" ("-" = skipped), codes U1, U2, … in order."""
    return [
        {f"U{n}": None if v == "-" else int(v) for n, v in enumerate(row.split(), 1)}
        for row in rows
    ]


def test_nrr_leaves_skipped_questions_out_of_each_elements_mean(skm2017):
    result = skm.compute(
        skm2017,
        answers(
            "4 4 4 4 4 4 4 4 4",
            "3 3 3 3 3 3 3 3 3",
            "3 4 2 4 3 3 4 2 3",
            "4 3 3 - 4 4 4 3 -",
            "2 3 3 4 3 - 4 3 3",
            "4 4 4 4 4 4 4 4 4",
        ),
    )
    nrr = {element.code: element.nrr for element in result.elements}
    assert nrr == {
        "U1": Fraction(20, 6),
        "U2": Fraction(21, 6),
        "U3": Fraction(19, 6),
        "U4": Fraction(19, 5),  # one respondent skipped U4: 19 over 5, not 6
        "U5": Fraction(21, 6),
        "U6": Fraction(18, 5),
        "U7": Fraction(23, 6),
        "U8": Fraction(19, 6),
        "U9": Fraction(17, 5),
    }
    assert [element.answered for element in result.elements] == [6, 6, 6, 5, 6, 5, 6, 6, 5]
    # Σ NRR = 123/6 + 54/5 = 31.3; index = 31.3 / 9 = 3.4777…; IKM = 25 × index = 86.944… → 86.94.
    assert result.index == Fraction(313, 90)
    assert result.ikm == Decimal("86.94")
    assert (result.band.code, result.band.label.id) == ("B", "Baik")
    assert result.respondents == 6
    data = result.as_dict()
    assert (data["index"], data["ikm"], data["grade"], data["label"]) == (
        3.4778,
        86.94,
        "B",
        "Baik",
    )


def test_written_weight_follows_the_printed_0_111(skm2017):
    responses = answers("4 4 4 4 4 4 4 4 4")
    exact = skm.compute(skm2017, responses)
    written = skm.compute(skm2017, responses, "written")
    # 9 × 0.111 × 4 × 25 = 99.9, where the exact 1/9 gives the 100 official portals show.
    assert (exact.ikm, written.ikm) == (Decimal("100.00"), Decimal("99.90"))
    assert written.index == Fraction("3.996")
    assert written.weights == "written"


def test_skm_2004_weighs_fourteen_elements_by_1_14_or_the_written_0_071(skm2004):
    responses = [{f"U{n}": 4 for n in range(1, 15)}]
    assert skm.compute(skm2004, responses).ikm == Decimal("100.00")
    # 14 × 0.071 × 4 × 25 = 99.4.
    assert skm.compute(skm2004, responses, "written").ikm == Decimal("99.40")


@pytest.mark.parametrize(
    ("code", "answer", "ikm", "grade"),
    [
        # 9 × 0.111 × 1 × 25 = 24.975 → 24.98, under the scale's 25 where D starts.
        ("skm-2017", 1, "24.98", "D"),
        # 14 × 0.071 × 1 × 25 = 24.85.
        ("skm-2004", 1, "24.85", "D"),
        # 9 × 0.111 × 4 × 25 = 99.9; 14 × 0.071 × 4 × 25 = 99.4.
        ("skm-2017", 4, "99.90", "A"),
        ("skm-2004", 4, "99.40", "A"),
    ],
)
def test_the_printed_weight_grades_the_ends_of_the_scale_but_keeps_the_ikm(
    skm2017, skm2004, code, answer, ikm, grade
):
    instrument = {"skm-2017": skm2017, "skm-2004": skm2004}[code]
    count = len(instrument.indicators)
    result = skm.compute(instrument, [{f"U{n}": answer for n in range(1, count + 1)}], "written")
    assert (result.ikm, result.band.code) == (Decimal(ikm), grade)


def test_skm_2004_uses_its_own_conversion_table(skm2004):
    # All 3s: IKM 75.00, which is B (62.51–81.25) in 2004 but C (65.00–76.60) in 2017.
    result = skm.compute(skm2004, [{f"U{n}": 3 for n in range(1, 15)}])
    assert (result.ikm, result.band.code) == (Decimal("75.00"), "B")


def responses_totalling(total: int, respondents: int, elements: int) -> list[dict]:
    """`respondents` full responses whose answers add up to `total`: every answer is the same
    value, and the first ones (row by row) one more, until the total is reached."""
    base, extra = divmod(total, respondents * elements)
    values = iter(base + (n < extra) for n in range(respondents * elements))
    return [{f"U{e}": next(values) for e in range(1, elements + 1)} for _ in range(respondents)]


# Answers in all from 5,000 respondents whose exact IKM, 25 × total / (elements × 5,000), lies
# half a cent under the first value of a band: rounded half up (the files' rounding) it reaches
# that value, so the upper band; one answer point less stays in the lower band.
# skm-2017: IKM = total / 1,800; skm-2004: IKM = total / 2,800.
HALF_CENT_EDGES = [
    ("skm-2017", 116_991, "64.995", "65.00", "D", "C"),
    ("skm-2017", 137_889, "76.605", "76.61", "C", "B"),
    ("skm-2017", 158_949, "88.305", "88.31", "B", "A"),
    ("skm-2004", 122_514, "43.755", "43.76", "D", "C"),
    ("skm-2004", 175_014, "62.505", "62.51", "C", "B"),
    ("skm-2004", 227_514, "81.255", "81.26", "B", "A"),
]


@pytest.mark.parametrize(("code", "total", "exact", "edge", "below", "above"), HALF_CENT_EDGES)
def test_an_ikm_half_a_cent_under_a_band_rounds_up_into_it(
    skm2017, skm2004, code, total, exact, edge, below, above
):
    instrument = {"skm-2017": skm2017, "skm-2004": skm2004}[code]
    elements = len(instrument.indicators)
    on_edge = skm.compute(instrument, responses_totalling(total, 5000, elements))
    assert on_edge.index * 25 == Fraction(exact)
    assert (on_edge.ikm, on_edge.band.code) == (Decimal(edge), above)
    under = skm.compute(instrument, responses_totalling(total - 1, 5000, elements))
    assert (under.ikm, under.band.code) == (Decimal(edge) - Decimal("0.01"), below)


def test_an_element_nobody_answered_leaves_the_index_empty(skm2017):
    result = skm.compute(skm2017, answers("4 4 4 - 4 4 4 4 4", "3 3 3 - 3 3 3 3 3"))
    assert result.unanswered == ["U4"]
    assert (result.index, result.ikm, result.band) == (None, None, None)
    assert result.as_dict()["nrr"]["U4"] is None


def test_a_response_that_skipped_everything_is_not_a_respondent(skm2017):
    result = skm.compute(skm2017, answers("4 4 4 4 4 4 4 4 4", "- - - - - - - - -"))
    assert result.respondents == 1


def test_unknown_weight_convention_is_refused(skm2017):
    with pytest.raises(skm.SurveyError, match="weights must be one of exact, written"):
        skm.compute(skm2017, [], "approximate")


@pytest.mark.parametrize(
    ("population", "sample"),
    [(1, 1), (10, 10), (100, 80), (300, 169), (1000, 278), (2000, 322), (10**9, 384)],
)
def test_krejcie_and_morgan_sample_size(skm2017, population, sample):
    assert skm.sample_size(population, skm2017) == sample


def test_sample_size_needs_a_population(skm2017):
    with pytest.raises(skm.SurveyError, match="at least 1"):
        skm.sample_size(0, skm2017)


@pytest.mark.parametrize(
    ("on", "code"),
    [
        (dt.date(2004, 2, 24), "skm-2004"),
        (dt.date(2016, 12, 31), "skm-2004"),
        (dt.date(2017, 1, 1), "skm-2017"),
        (dt.date(2025, 6, 1), "skm-2017"),
    ],
)
def test_the_survey_date_picks_the_regulation(on, code):
    assert skm.instrument_for_date(on).id == code


def test_a_date_before_any_regulation_is_refused():
    with pytest.raises(skm.SurveyError, match="no skm survey instrument applies on 2003"):
        skm.instrument_for_date(dt.date(2003, 12, 31))


def test_only_survey_instruments_are_chosen():
    ombudsman = load_instrument_file(builtin_instrument_files()["ombudsman-2022"])
    with pytest.raises(skm.SurveyError):
        skm.instrument_for_date(dt.date(2023, 1, 1), [ombudsman])


def rows(*lines: str) -> list[tuple[int, list[str]]]:
    return [(number, line.split(",")) for number, line in enumerate(lines, 1)]


def test_responses_file_keys_columns_by_code_and_ignores_others(skm2017):
    responses = skm.read_responses(
        rows("umur,u9,U8,U7,U6,U5,U4,U3,U2,U1,saran", "30,1,2,3,4,4,,3,2,1,ok"), skm2017
    )
    assert responses == [
        {"U1": 1, "U2": 2, "U3": 3, "U4": None, "U5": 4, "U6": 4, "U7": 3, "U8": 2, "U9": 1}
    ]


def test_every_bad_cell_is_named_by_row_and_column(skm2017):
    with pytest.raises(AnswersFileError) as caught:
        skm.read_responses(
            rows(
                "U1,U2,U3,U4,U5,U6,U7,U8,U9",
                "4,4,4,4,4,4,4,4,4",
                "5,4,4,4,4,4,4,4,4",
                "4,baik,4,4,4,4,4,4,3.5",
                "4,4,4,4,0",
            ),
            skm2017,
            source="r.csv",
        )
    assert caught.value.problems == [
        "r.csv: row 3, column U1: 5 is outside 1–4",
        "r.csv: row 4, column U2: 'baik' is not a whole number",
        "r.csv: row 4, column U9: '3.5' is not a whole number",
        "r.csv: row 5, column U5: 0 is outside 1–4",
    ]


def test_missing_columns_and_a_header_without_rows_are_refused(skm2004, skm2017):
    with pytest.raises(AnswersFileError, match=r"row 1: missing column\(s\) U10, U11, U12"):
        skm.read_responses(rows("U1,U2,U3,U4,U5,U6,U7,U8,U9", "4,4,4,4,4,4,4,4,4"), skm2004)
    with pytest.raises(AnswersFileError, match="no respondents"):
        skm.read_responses(rows("U1,U2,U3,U4,U5,U6,U7,U8,U9"), skm2017)
