"""The office dashboard: zone charts per regency and agency kind, completeness, the indicators
failed most often, a sortable ranking, and the regional summary."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from patuh.assessments.models import Answer
from patuh.fieldwork.scoring import compute_preliminary_snapshot
from patuh.scoring.services import compute_snapshot
from tests import factories
from tests.results.helpers import answer_worst, set_answers


def dashboard(client, cycle, **params):
    return client.get(reverse("cycle_detail", args=[cycle.code]), params)


def figure_rows(figure) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in figure.rows}


def test_zone_charts_count_providers_per_regency_and_per_kind(
    client, coordinator, provider_a, provider_b
):
    east = factories.region("19.06", "Kabupaten Belitung Timur")
    puskesmas = factories.agency_kind("puskesmas", "Puskesmas")
    red = factories.provider("pkm-east", in_region=east, kind=puskesmas)
    cycle = factories.cycle([provider_a, provider_b, red])
    factories.answer_everything(cycle)
    set_answers(cycle, provider_b)
    answer_worst(cycle, red)
    compute_snapshot(cycle, user=coordinator)
    client.force_login(coordinator)

    response = dashboard(client, cycle)

    by_region, by_kind = response.context["zone_figures"]
    assert by_region.headers == ["Kelompok", "Zona hijau", "Zona merah", "Jumlah"]
    assert figure_rows(by_region) == {
        "Kabupaten Belitung": ["2", "0", "2"],
        "Kabupaten Belitung Timur": ["0", "1", "1"],
    }
    assert figure_rows(by_kind) == {"Disdukcapil": ["2", "0", "2"], "Puskesmas": ["0", "1", "1"]}
    assert 'id="zones-by-region"' in response.text
    assert '<title id="zones-by-kind-title">' in response.text
    assert "Angkanya dalam tabel" in response.text


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", '"><svg onload=alert(1)>'])
def test_an_agency_kinds_name_is_written_as_text_in_the_zone_chart(client, coordinator, name):
    hostile = factories.provider("hostile", kind=factories.agency_kind("hostile", name))
    cycle = factories.cycle([hostile])
    factories.answer_everything(cycle)
    compute_snapshot(cycle, user=coordinator)
    client.force_login(coordinator)

    response = dashboard(client, cycle)

    assert name not in response.text
    chart = response.text.split('id="zones-by-kind"', 1)[1].split("</svg>", 1)[0]
    assert f'text-anchor="end">{escape(name)}</text>' in chart


def test_completeness_counts_products_assessed_of_those_planned(
    client, coordinator, scored_cycle, provider_a
):
    Answer.objects.filter(
        cycle=scored_cycle, product__unit__provider=provider_a, indicator="P02"
    ).first().delete()
    compute_snapshot(scored_cycle, user=coordinator)
    client.force_login(coordinator)

    response = dashboard(client, scored_cycle)

    total = response.context["completeness"]
    assert (total.assessed, total.planned) == (3, 4)
    assert "3 dari 4 produk layanan yang direncanakan telah dinilai (75%)." in response.text
    assert figure_rows(response.context["completeness_figure"]) == {
        "Kabupaten Belitung": ["75% (3/4)"]
    }


def test_assessed_of_planned_is_the_same_figure_per_regency_agency_and_column(
    client, coordinator, scored_cycle, provider_a, provider_b
):
    Answer.objects.filter(
        cycle=scored_cycle, product__unit__provider=provider_a, indicator="P02"
    ).first().delete()
    compute_snapshot(scored_cycle, user=coordinator)
    client.force_login(coordinator)

    response = dashboard(client, scored_cycle)

    rows = {row.code: row.score.assessed_of_planned for row in response.context["everyone"].rows}
    assert {code: (item.assessed, item.planned) for code, item in rows.items()} == {
        provider_a.code: (1, 2),
        provider_b.code: (2, 2),
    }
    (region,) = response.context["regions"]
    assert (region.assessed_of_planned.assessed, region.assessed_of_planned.planned) == (3, 4)
    assert "1 dari 2" in response.text
    # The htmx ranking shows the same column.
    fragment = client.get(
        reverse("cycle_detail", args=[scored_cycle.code]), headers={"HX-Request": "true"}
    )
    assert "1 dari 2" in fragment.text


def test_failure_rates_are_divided_by_the_products_actually_assessed(
    client, coordinator, scored_cycle, provider_a
):
    # One of A's products is not assessed (an answer missing): it neither fails nor passes.
    Answer.objects.filter(
        cycle=scored_cycle, product__unit__provider=provider_a, indicator="P02"
    ).first().delete()
    compute_snapshot(scored_cycle, user=coordinator)
    client.force_login(coordinator)

    response = dashboard(client, scored_cycle)

    failed = {item.indicator.code: item for item in response.context["most_failed"]}
    # B fails P01 on both its (assessed) products: 2 of the 3 products assessed.
    assert (failed["P01"].failed, failed["P01"].subjects) == (2, 3)


def test_most_failed_indicators_come_first_with_their_share(
    client, coordinator, scored_cycle, provider_a
):
    # B fails P01 on both products (the fixture); A fails P02 on one product.
    Answer.objects.filter(
        cycle=scored_cycle, product__unit__provider=provider_a, indicator="P02"
    ).filter(pk__in=Answer.objects.filter(indicator="P02").values("pk")[:1]).update(value="kurang")
    compute_snapshot(scored_cycle, user=coordinator)
    client.force_login(coordinator)

    response = dashboard(client, scored_cycle)

    failed = response.context["most_failed"]
    assert [(item.indicator.code, item.failed, item.subjects) for item in failed] == [
        ("P01", 2, 4),
        ("P02", 1, 4),
    ]
    assert figure_rows(response.context["most_failed_figure"])["P01 2. persyaratan"] == [
        "50% (2/4)"
    ]


@pytest.fixture
def sortable_cycle(coordinator):
    """Three providers whose rank, name, kind and region orders all differ:

    rank   zz-best (1), mm-middle (2), aa-worst (3)
    name   aa-worst, mm-middle, zz-best
    kind   zz-best (Disdukcapil), aa-worst (DPMPTSP), mm-middle (Puskesmas)
    region mm-middle (Bangka), zz-best (Belitung), aa-worst (Kota Pangkalpinang)
    """
    best = factories.provider("zz-best", kind=factories.agency_kind("disdukcapil", "Disdukcapil"))
    middle = factories.provider(
        "mm-middle",
        in_region=factories.region("19.01", "Kabupaten Bangka"),
        kind=factories.agency_kind("puskesmas", "Puskesmas"),
    )
    worst = factories.provider(
        "aa-worst",
        in_region=factories.region("19.71", "Kota Pangkalpinang"),
        kind=factories.agency_kind("dpmptsp", "DPMPTSP"),
    )
    cycle = factories.cycle([best, middle, worst])
    factories.answer_everything(cycle)
    set_answers(cycle, middle)
    answer_worst(cycle, worst)
    compute_snapshot(cycle, user=coordinator)
    return cycle


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("", ["zz-best", "mm-middle", "aa-worst"]),
        ("name", ["aa-worst", "mm-middle", "zz-best"]),
        ("kind", ["zz-best", "aa-worst", "mm-middle"]),
        ("region", ["mm-middle", "zz-best", "aa-worst"]),
    ],
)
def test_ranking_sorts_by_each_column_keeping_ranks(
    client, coordinator, sortable_cycle, sort, order
):
    client.force_login(coordinator)

    rows = dashboard(client, sortable_cycle, sort=sort).context["ranking"].rows

    assert [row.code for row in rows] == order
    assert {row.code: row.rank for row in rows} == {"zz-best": 1, "mm-middle": 2, "aa-worst": 3}


def test_ranking_in_reverse_puts_the_worst_first(client, coordinator, sortable_cycle):
    client.force_login(coordinator)

    worst_first = dashboard(client, sortable_cycle, desc="on").context["ranking"].rows
    names_from_z = dashboard(client, sortable_cycle, sort="name", desc="on")

    assert [(row.code, row.rank) for row in worst_first] == [
        ("aa-worst", 3),
        ("mm-middle", 2),
        ("zz-best", 1),
    ]
    assert [row.code for row in names_from_z.context["ranking"].rows] == [
        "zz-best",
        "mm-middle",
        "aa-worst",
    ]
    assert 'name="desc" id="id_desc" checked' in names_from_z.text


def test_unknown_sort_is_refused_and_the_ranking_stays_in_rank_order(
    client, coordinator, sortable_cycle
):
    client.force_login(coordinator)

    response = dashboard(client, sortable_cycle, sort="nonsense")

    assert response.context["form"].errors["sort"]
    assert [row.code for row in response.context["ranking"].rows] == [
        "zz-best",
        "mm-middle",
        "aa-worst",
    ]


def test_coordinator_sees_release_and_announcement_controls_reviewer_does_not(
    client, coordinator, reviewer, scored_cycle
):
    client.force_login(coordinator)
    text = dashboard(client, scored_cycle).text
    assert reverse("release", args=[scored_cycle.code]) in text
    assert reverse("announce", args=[scored_cycle.code]) in text
    assert "Resmi, belum dirilis ke instansi" in text

    client.force_login(reviewer)
    text = dashboard(client, scored_cycle).text
    assert reverse("release", args=[scored_cycle.code]) not in text
    assert reverse("announce", args=[scored_cycle.code]) not in text
    assert reverse("report_cards", args=[scored_cycle.code]) in text


def test_regional_summary_lists_counted_agencies_and_vertical_offices_apart(
    client, coordinator, provider_a, provider_b
):
    central = factories.Government.objects.create(
        code="atr-bpn", name="Kementerian ATR/BPN", kind="central"
    )
    land_office = factories.provider("kantah", government=central)
    cycle = factories.cycle([provider_a, provider_b, land_office])
    factories.answer_everything(cycle)
    compute_snapshot(cycle, user=coordinator)
    client.force_login(coordinator)

    response = client.get(reverse("regions", args=[cycle.code]))

    (summary,) = response.context["summaries"]
    assert summary.score.name == "Kabupaten Belitung"
    assert [row.code for row in summary.counted] == ["disdukcapil-a", "dpmptsp-b"]
    assert [row.code for row in summary.located] == ["kantah"]
    assert (
        "Rerata dari penyelenggara di bawah pemerintahnya sendiri berbobot jumlah produk"
        " yang dinilai." in response.text
    )
    assert "Juga berlokasi di sini tetapi tidak dihitung" in response.text
    assert reverse("region_trend", args=["19.02"]) in response.text


def test_a_newer_preliminary_snapshot_is_shown_beside_never_instead_of_the_official_one(
    client, coordinator, scored_cycle
):
    official = scored_cycle.snapshots.get()
    preliminary, _ = compute_preliminary_snapshot(scored_cycle)
    client.force_login(coordinator)

    response = client.get(reverse("cycle_detail", args=[scored_cycle.code]))

    assert response.context["snapshot"] == official
    assert response.context["preliminary"] == preliminary
    assert 'id="preliminary"' in response.text
    assert "bukan nilai resmi" in response.text
