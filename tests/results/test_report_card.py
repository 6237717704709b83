"""The report card page: built from the snapshot, with rank, breakdown and every finding."""

from django.urls import reverse
from django.utils.html import escape

from patuh.assessments.models import Answer
from patuh.scoring.services import compute_snapshot
from tests import factories
from tests.results.helpers import set_answers, worst_value


def page(cycle, provider) -> str:
    return reverse("provider_detail", args=[cycle.code, provider.code])


def test_card_lists_each_failed_indicator_with_component_answer_and_fix(
    client, reviewer, scored_cycle, provider_b
):
    client.force_login(reviewer)

    response = client.get(page(scored_cycle, provider_b))

    card = response.context["card"]
    instrument = scored_cycle.instrument_version.parsed
    p01 = instrument.indicators["P01"]
    products = card.units[0].children
    assert [product.name for product in products] == ["Product 1", "Product 2"]
    for product in products:
        (failure,) = product.failures
        assert (failure.code, failure.component) == ("P01", "2. persyaratan")
        assert failure.answer == p01.options[0].label.id
        assert failure.fix == p01.fix.id
    assert card.failure_count == 2
    text = response.text
    assert escape(p01.fix.id) in text
    assert "2. persyaratan" in text
    assert 'data-indicator="P01"' in text
    assert "Temuan dan saran perbaikan" in text


def test_card_breaks_the_score_down_per_level_and_dimension(
    client, reviewer, scored_cycle, provider_b
):
    client.force_login(reviewer)

    response = client.get(page(scored_cycle, provider_b))

    card = response.context["card"]
    unit = card.units[0]
    assert dict(unit.dimensions)["Maklumat pelayanan"] == "100,00"
    figure = card.breakdown_figure()
    labels = [row[0] for row in figure.rows]
    assert labels == [
        "Unit: Unit 1",
        "Produk: Product 1",
        "Produk: Product 2",
        "Situs web: dpmptsp-b.example.go.id",
    ]
    assert "<svg" in response.text
    assert "Rincian per tingkat dan dimensi" in response.text


def test_breakdown_chart_names_its_bands_in_a_legend_and_in_its_table(
    client, reviewer, coordinator, scored_cycle, provider_b
):
    first, second = provider_b.units.get().products.order_by("code")
    Answer.objects.filter(cycle=scored_cycle, product=first, indicator="P02").delete()
    for answer in Answer.objects.filter(cycle=scored_cycle, product=second):
        indicator = scored_cycle.instrument_version.parsed.indicators[answer.indicator]
        answer.value = worst_value(indicator)
        answer.save()
    compute_snapshot(scored_cycle, user=coordinator)
    client.force_login(reviewer)

    figure = client.get(page(scored_cycle, provider_b)).context["card"].breakdown_figure()

    assert figure.headers == ["Objek", "Nilai", "Predikat"]
    assert [(row[0], row[2]) for row in figure.rows] == [
        ("Unit: Unit 1", "—"),
        ("Produk: Product 1", "—"),
        ("Produk: Product 2", "Zona merah – kepatuhan rendah"),
        ("Situs web: dpmptsp-b.example.go.id", "Zona hijau – kepatuhan tinggi"),
    ]
    # Colour and hatching are explained in words: one legend entry per style drawn.
    legend = [item.label.text for item in figure.chart.legend]
    assert legend == ["Zona hijau", "Zona merah", "Belum lengkap"]


def test_rank_is_among_providers_of_the_same_kind_in_the_same_region(
    client, coordinator, provider_a, provider_b
):
    puskesmas = factories.agency_kind("puskesmas", "Puskesmas")
    east = factories.region("19.06", "Kabupaten Belitung Timur")
    other_kind = factories.provider("pkm", kind=puskesmas)
    other_region = factories.provider("disdukcapil-east", in_region=east)
    cycle = factories.cycle([provider_a, provider_b, other_kind, other_region])
    factories.answer_everything(cycle)
    set_answers(cycle, provider_a)
    compute_snapshot(cycle, user=coordinator)
    client.force_login(coordinator)

    card_a = client.get(page(cycle, provider_a)).context["card"]
    card_b = client.get(page(cycle, provider_b)).context["card"]

    # A and B are the region's Disdukcapil; B got full points, A did not.
    assert (card_b.rank, card_b.peers) == (1, 2)
    assert (card_a.rank, card_a.peers) == (2, 2)
    assert client.get(page(cycle, other_kind)).context["card"].peers == 1


def test_card_comes_from_the_snapshot_not_from_todays_answers(
    client, reviewer, scored_cycle, provider_b
):
    Answer.objects.filter(cycle=scored_cycle, unit__provider=provider_b, indicator="U01").update(
        value="no"
    )
    client.force_login(reviewer)

    card = client.get(page(scored_cycle, provider_b)).context["card"]

    assert card.units[0].failures == []
    assert [f.code for p in card.units[0].children for f in p.failures] == ["P01", "P01"]


def test_incomplete_subjects_show_what_is_missing(
    client, reviewer, scored_cycle, provider_a, coordinator
):
    Answer.objects.filter(
        cycle=scored_cycle, product__unit__provider=provider_a, indicator="P03"
    ).first().delete()
    compute_snapshot(scored_cycle, user=coordinator)
    client.force_login(reviewer)

    response = client.get(page(scored_cycle, provider_a))

    card = response.context["card"]
    assert card.score.score is None
    assert card.rank is None
    assert card.missing_count == 1
    assert "Belum dijawab: P03" in response.text


def test_a_preliminary_snapshot_is_labelled_for_office_staff(
    client, reviewer, scored_cycle, provider_a
):
    scored_cycle.snapshots.update(kind="preliminary")
    client.force_login(reviewer)

    response = client.get(page(scored_cycle, provider_a))

    assert 'class="badge preliminary">Sementara<' in response.text
    assert "belum resmi" in response.text


def test_public_card_matches_the_office_card(client, coordinator, announced_cycle, provider_b):
    public = client.get(reverse("public_provider", args=[announced_cycle.code, provider_b.code]))
    client.force_login(coordinator)
    office = client.get(page(announced_cycle, provider_b))

    assert public.status_code == 200
    assert public.context["card"].score.score == office.context["card"].score.score
    assert public.context["card"].failure_count == office.context["card"].failure_count == 2
    assert "report" not in public.context
    assert "oleh coordinator" not in public.text
