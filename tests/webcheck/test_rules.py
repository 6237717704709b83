"""Keyword matching: data-driven, case- and accent-insensitive, reporting the page's own words."""

import pytest

from patuh.webcheck.pages import parse_page
from patuh.webcheck.rules import RulesError, load_rules, parse_rules

RULES = load_rules()


def page(html: str, url: str = "https://dinas.belitung.go.id/layanan"):
    return parse_page(url, html.encode())


@pytest.mark.parametrize(
    ("check", "html", "matched"),
    [
        ("standard_requirements", "<p>PERSYARATAN PELAYANAN</p>", "PERSYARATAN"),
        ("standard_requirements", "<p>Persyarátan</p>", "Persyarátan"),
        ("standard_procedure", "<h2>Alur\n  Pelayanan</h2>", "Alur Pelayanan"),
        ("standard_time", "<td>Selesai dalam 3 hari kerja</td>", "3 hari kerja"),
        ("standard_cost", "<td>Biaya</td><td>Gratis</td>", "Biaya"),
        ("maklumat", "<h1>MAKLUMAT PELAYANAN</h1>", "MAKLUMAT PELAYANAN"),
        ("skm_results", "<p>Indeks Kepuasan Masyarakat 2021</p>", "Indeks Kepuasan Masyarakat"),
        ("complaint_phone", "<p>Telp. (0719) 21234</p>", "Telp. (0719) 21234"),
        ("complaint_whatsapp", "<p>WA: 0812-3456-7890</p>", "WA: 0812-3456-7890"),
        ("complaint_email", "<p>aduan[at]belitung.go.id</p>", "aduan[at]belitung.go.id"),
        ("contact_address", "<p>Jl. Jend. Sudirman No. 5</p>", "Jl. Jend. Sudirman No. 5"),
    ],
)
def test_phrases_and_patterns_match_ignoring_case_and_accents(check, html, matched):
    match = RULES.checks[check].search(page(html))
    assert match is not None
    assert match.matched == matched
    assert match.page == "https://dinas.belitung.go.id/layanan"


def test_a_phrase_matches_whole_words_only():
    assert RULES.checks["standard_cost"].search(page("<p>Pembiayaan daerah</p>")) is None


def test_links_match_by_address_and_their_words_are_not_page_text():
    found = page('<a href="mailto:aduan@belitung.go.id">Kirim surel</a><a href="/m">Maklumat</a>')
    email = RULES.checks["complaint_email"].search(found)
    assert email.link == "mailto:aduan@belitung.go.id"
    assert email.matched == "Kirim surel"
    assert RULES.checks["maklumat"].search(found) is None


def test_scripts_and_styles_are_not_page_text():
    assert RULES.checks["maklumat"].search(page("<script>var maklumat = 1</script>")) is None


def test_a_sites_product_names_count_for_the_product_check():
    rule = RULES.checks["standard_product"].with_phrases(["Penerbitan Akta Kelahiran"])
    match = rule.search(page("<li>PENERBITAN AKTA KELAHIRAN</li>"))
    assert match.matched == "PENERBITAN AKTA KELAHIRAN"


def test_an_operator_can_supply_their_own_keyword_file(tmp_path):
    lines = [f"  {check}: {{phrases: [zzz]}}" for check in RULES.checks if check != "maklumat"]
    custom = tmp_path / "keywords.yaml"
    custom.write_text("checks:\n  maklumat: {phrases: [janji layanan]}\n" + "\n".join(lines))
    rules = load_rules(custom)
    assert rules.checks["maklumat"].search(page("<p>Janji Layanan kami</p>")).matched == (
        "Janji Layanan"
    )


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ([], "expected a mapping with a 'checks' mapping"),
        ({"checks": {"nonsense": {"phrases": ["x"]}}}, "checks.nonsense: unknown check"),
        ({"checks": {"maklumat": {"patterns": ["("]}}}, "not a valid regular expression"),
        ({"checks": {"maklumat": {"phrases": "x"}}}, "expected a list of strings"),
        ({"checks": {"maklumat": {"phrases": ["x"]}}}, "no keywords for standard_requirements"),
    ],
)
def test_a_bad_keyword_file_is_refused_saying_where(data, problem):
    with pytest.raises(RulesError, match=r"^my\.yaml: ") as error:
        parse_rules(data, "my.yaml")
    assert problem in str(error.value)
