"""What PEKPPP results show and to whom: the unit's final scores only once released, the
provincial overview, year on year across the 2017 and 2022 regimes, and the results app's
pages for a unit-level instrument without zones."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from patuh.pekppp import evaluation
from patuh.scoring.services import compute_snapshot
from tests import html
from tests.pekppp.conftest import evaluation_cycle, mark_submitted, score_everything
from tests.pekppp.test_evaluation import hand_score
from tests.results.conftest import announce, release


def unit_url(name, cycle, unit):
    return reverse(name, args=[cycle.code, unit.provider.code, unit.code])


@pytest.fixture
def evaluated(cycle, unit_a, evaluator, coordinator, submitted_a):
    """Unit A scored by hand (index 3.80, B) with comments, complete; B not evaluated."""
    score_everything(cycle, unit_a, evaluator, hand_score, comment="Perlu ditingkatkan.")
    evaluation.complete(cycle, unit_a, evaluator)
    compute_snapshot(cycle, user=coordinator)
    return cycle


def test_the_unit_sees_nothing_before_the_release_and_its_final_scores_after(
    client, officer_a, coordinator, evaluated, unit_a
):
    client.force_login(officer_a)
    result_url = unit_url("pekppp:unit_result", evaluated, unit_a)
    assert client.get(result_url).status_code == 404
    assert "Belum dirilis" in client.get(reverse("pekppp:index")).text

    client.force_login(coordinator)
    client.post(reverse("release", args=[evaluated.code]))
    client.force_login(officer_a)
    response = client.get(result_url)

    assert response.status_code == 200
    text = response.text
    assert '<span class="score" data-index>3,80</span>' in text
    assert '<span class="badge zone-none" data-category>B · Baik</span>' in text
    aspects = {a.code: a.score for a in response.context["result"].aspects}
    assert aspects["kebijakan"] == Decimal("3.34") and aspects["sipp"] == Decimal("2.00")
    finals = {f.indicator.code: f for f in response.context["result"].indicators}
    assert (finals["1.a.Ak"].value, finals["2.a.P"].value, finals["21.d.T"].value) == (5, 3, 2)
    assert finals["2.a.P"].comment == "Perlu ditingkatkan."
    assert "Perlu ditingkatkan." in text
    assert (
        finals["1.a.Ak"].level_text
        == "Seperti nilai 4, dan pelaksanaannya dipantau serta dievaluasi."
    )


def test_a_correction_after_the_release_waits_for_the_next_release(
    client, officer_a, evaluator, coordinator, evaluated, unit_a
):
    release(evaluated)
    evaluation.reopen(evaluated, unit_a, evaluator, "Bukti baru")
    evaluation.save_score(
        evaluated,
        unit_a,
        evaluator,
        indicator="2.a.P",
        score="5",
        comment="Sudah melibatkan lima unsur.",
        verified=False,
        verified_on=None,
    )
    client.force_login(officer_a)

    response = client.get(unit_url("pekppp:unit_result", evaluated, unit_a))

    final = next(f for f in response.context["result"].indicators if f.indicator.code == "2.a.P")
    assert (final.value, final.comment, final.changed_since) == (3, "", True)
    assert "Sudah melibatkan lima unsur." not in response.text
    assert "ditampilkan pada rilis berikutnya" in response.text


def test_officers_of_another_provider_and_the_public_never_see_a_units_result(
    client, officer_b, evaluated, unit_a
):
    release(evaluated)
    result_url = unit_url("pekppp:unit_result", evaluated, unit_a)
    trend_url = reverse("pekppp:unit_trend", args=[unit_a.provider.code, unit_a.code])
    client.force_login(officer_b)
    assert client.get(result_url).status_code == 404
    assert client.get(trend_url).status_code == 404
    client.logout()
    assert client.get(result_url).status_code == 302
    assert client.get(reverse("public_index")).context["cycles"] == []


def test_the_provincial_overview_lists_every_unit_with_charts_and_a_table(
    client, coordinator, evaluated, unit_a, unit_b, django_assert_num_queries
):
    client.force_login(coordinator)
    overview_url = reverse("pekppp:overview", args=[evaluated.code])
    client.get(overview_url)

    with django_assert_num_queries(7):
        response = client.get(overview_url)

    overview = response.context["overview"]
    assert [row.unit for row in overview.rows] == [unit_a, unit_b]
    assert overview.rows[0].score.score == Decimal("3.80") and overview.rows[1].score.score is None
    assert overview.scored == 1
    assert overview.aspect_means[0] == Decimal("3.34")
    assert overview.distribution.rows[0] == ["A · Pelayanan prima", "0"]
    distribution = dict(overview.distribution.rows)
    assert distribution["B · Baik"] == "1" and distribution["F · Gagal"] == "0"
    assert dict(overview.aspects.rows)["Sistem Informasi Pelayanan Publik (11%)"] == "2,00"
    assert 'id="categories"' in response.text and 'id="aspects"' in response.text
    assert "1 dari 2 unit sudah bernilai" in response.text


def test_the_overview_is_for_the_office_only(client, officer_a, coordinator_elsewhere, evaluated):
    overview_url = reverse("pekppp:overview", args=[evaluated.code])
    for user in (officer_a, coordinator_elsewhere):
        client.force_login(user)
        assert client.get(overview_url).status_code in (403, 404)


def test_a_units_index_year_on_year_across_the_2017_and_2022_regimes(
    client, officer_a, coordinator, evaluator, provider_a, unit_a
):
    past = evaluation_cycle([provider_a], "pekppp-2019", "pekppp-2017", year=2019, phases=())
    mark_submitted(past, unit_a, officer_a)
    score_everything(past, unit_a, evaluator, lambda indicator: "3")
    compute_snapshot(past, user=coordinator)
    release(past)
    now = evaluation_cycle([provider_a], "pekppp-2023", year=2023, phases=())
    mark_submitted(now, unit_a, officer_a)
    score_everything(now, unit_a, evaluator, hand_score)
    compute_snapshot(now, user=coordinator)
    trend_url = reverse("pekppp:unit_trend", args=[provider_a.code, unit_a.code])

    client.force_login(coordinator)
    first, second = client.get(trend_url).context["points"]
    assert (first.instrument, second.instrument) == ("pekppp-2017", "pekppp-2022")
    assert (first.score.score, second.score.score) == (Decimal("3.00"), Decimal("3.80"))
    # One index and one category table under both regimes: the change is in index points.
    assert second.delta == Decimal("0.80")
    assert (first.band_label, second.band_label) == ("C · Cukup", "B · Baik")
    response = client.get(trend_url)
    tables = html.parse(response.text).find_all("table")
    table = next(t for t in tables if t.one("caption").text.startswith("Indeks per siklus"))
    rows = table.one("tbody").find_all("tr")
    # Year, instrument, index, category, change.
    assert [[cell.text for cell in row.find_all("td")] for row in rows] == [
        ["pekppp-2017 v1", "3,00", "C · Cukup", "—"],
        ["pekppp-2022 v1", "3,80", "B · Baik", "+0,80"],
    ]
    # Drawn on the 0–5 index with the category bounds.
    assert '<text x="42" y="20.0" text-anchor="end">5</text>' in response.text
    assert ">B</text>" in response.text

    client.force_login(officer_a)
    (only,) = client.get(trend_url).context["points"]
    assert only.results.cycle == past


def test_the_results_dashboard_counts_units_and_categories_without_zones(
    client, coordinator, evaluated
):
    client.force_login(coordinator)

    response = client.get(reverse("cycle_detail", args=[evaluated.code]))

    (categories,) = response.context["zone_figures"]
    assert dict(categories.rows)["B · Baik"] == "1"
    assert '<h2 id="zones-heading">Kategori</h2>' in response.text
    total = response.context["completeness"]
    assert (total.assessed, total.planned) == (1, 2)
    assert "1 dari 2 unit layanan dalam cakupan telah dinilai (50%)." in response.text
    assert "Produk yang dinilai" not in response.text
    assert response.context["without_products"] and response.context["without_zones"]


def test_the_report_card_shows_aspects_and_no_product_or_website_sections(
    client, coordinator, officer_a, evaluated, provider_a
):
    release(evaluated)
    client.force_login(officer_a)

    response = client.get(reverse("provider_detail", args=[evaluated.code, provider_a.code]))

    card = response.context["card"]
    assert [s.level for s in card.subjects()] == ["unit"]
    assert (card.has_products, card.has_components, card.has_fix_column) == (False, False, False)
    assert card.score.band_label == "B · Baik"
    text = response.text
    assert "Nilai setiap unit layanan" in text
    breakdown = html.parse(text).one("section", **{"aria-labelledby": "breakdown-heading"})
    dimension_table = next(t for t in breakdown.find_all("table") if "Dimensi" in t.text)
    aspects = {
        row.find_all("td")[0].text: row.find_all("td")[1].text
        for row in dimension_table.one("tbody").find_all("tr")
    }
    assert aspects["Kebijakan Pelayanan"] == "3,34"
    assert "Produk layanan" not in text and "Situs web" not in text
    assert "Produk yang dinilai" not in text

    client.force_login(coordinator)
    office = client.get(reverse("provider_detail", args=[evaluated.code, provider_a.code])).text
    assert "Situs web" not in office and "Unit ini tidak memiliki produk layanan." not in office


def test_the_public_sees_a_units_index_from_the_announcement_on(
    client, evaluated, provider_a, unit_a
):
    agency_url = reverse("public_agency", args=[provider_a.code])
    release(evaluated)
    assert client.get(agency_url).status_code == 404

    announce(evaluated, timezone.now() - dt.timedelta(minutes=1))

    page = client.get(agency_url)
    [shown] = page.context["page"].cycles
    assert shown.evaluation and shown.results.cycle == evaluated
    assert [(u.name, str(u.score), u.band_label) for u in shown.units] == [
        (unit_a.name, "3.8000", "B · Baik")
    ]
    assert "Indeks setiap unit layanan" in page.text
    # The portal lists the evaluation among the announced cycles, its search finds the agency.
    index = client.get(reverse("public_index"), {"q": provider_a.code})
    assert index.context["cycles"] == [evaluated]
    assert index.context["agencies"] == [provider_a]


def test_score_exports_hold_only_the_levels_the_instrument_scores(client, coordinator, evaluated):
    client.force_login(coordinator)

    response = client.get(reverse("export_scores", args=[evaluated.code, "csv"]))

    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert {row["level"] for row in rows} == {"region", "provider", "unit"}
    unit = next(row for row in rows if row["level"] == "unit" and row["score"])
    assert (unit["score"], unit["band"], unit["dim.kebijakan"]) == ("3.80", "B", "3.34")
    page = client.get(reverse("cycle_exports", args=[evaluated.code]))
    levels = page.context["download_form"].fields["level"].choices
    assert [value for value, _label in levels] == ["", "region", "provider", "unit"]
