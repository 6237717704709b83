import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from patuh.assessments.models import Answer
from patuh.scoring.services import compute_snapshot
from tests import factories, html
from tests.results.conftest import announce, release
from tests.results.helpers import indonesian, provider_score, set_answers

# Session, user, cycle, official snapshot with its author, a newer preliminary one; the
# ranking: the providers' scores, the names of their kinds and regions (2), missing answers of
# incomplete ones, providers in scope it lacks; the latest released snapshot (withdrawal: the
# official one shown is not released), products' completeness, failed indicators and
# subjects per level (2), region scores.
RANKING_PAGE_QUERIES = 15
# Session, user, cycle, the official snapshot shown (released, so nothing more is read for the
# withdrawal) and a newer preliminary one; the sections drawn from the snapshot are kept.
KEPT_DASHBOARD_QUERIES = 5
# No session or user: the published snapshot's id (is the page kept?), the published cycle and
# its snapshot; the ranking: the providers' scores, the names of their kinds and regions (2),
# missing answers of incomplete ones.
PUBLIC_RANKING_PAGE_QUERIES = 7


def page(cycle, **params):
    url = reverse("cycle_detail", args=[cycle.code])
    if params:
        url += "?" + "&".join(f"{name}={value}" for name, value in params.items())
    return url


def ranked_names(response) -> list[str]:
    return [row.name for row in response.context["ranking"].rows]


@pytest.fixture
def staff_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def mixed_cycle(provider_a, provider_b, coordinator):
    """A best (100), B and C tied below it, D incomplete with one answer missing."""
    provider_c = factories.provider("aaa-c")
    provider_d = factories.provider("bbb-d")
    cycle = factories.cycle([provider_a, provider_b, provider_c, provider_d])
    factories.answer_everything(cycle)
    set_answers(cycle, provider_b)
    set_answers(cycle, provider_c)
    missing = Answer.objects.filter(
        cycle=cycle, product__unit__provider=provider_d, indicator="P02"
    ).first()
    missing.delete()
    compute_snapshot(cycle, user=coordinator)
    return cycle


def test_anonymous_user_is_sent_to_login(client, scored_cycle):
    response = client.get(page(scored_cycle))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["coordinator", "reviewer", "evaluator", "admin_user"])
def test_office_staff_see_the_ranking(client, request, who, scored_cycle):
    client.force_login(request.getfixturevalue(who))

    response = client.get(page(scored_cycle))

    assert response.status_code == 200
    assert "Provider disdukcapil-a" in response.text


def test_ranking_shows_scores_zones_kinds_regions_and_products(
    staff_client, scored_cycle, provider_a, provider_b
):
    response = staff_client.get(page(scored_cycle))

    rows = {
        row.one("th").text: row
        for row in html.parse(response.text).one(id="ranking").one("tbody").find_all("tr")
    }
    first = rows["Provider disdukcapil-a"]
    cells = [cell.text for cell in first.find_all("td")]
    # Rank, agency kind, regency, score, zone, products assessed of planned.
    assert cells == [
        "1",
        "Disdukcapil",
        "Kabupaten Belitung",
        "100,00",
        "Zona hijau – kepatuhan tinggi",
        "2 dari 2",
    ]
    assert first.one("span", class_="zone-green").text == "Zona hijau – kepatuhan tinggi"
    link = reverse("provider_detail", args=[scored_cycle.code, provider_a.code])
    assert first.one("a").attrs["href"] == link
    second = [cell.text for cell in rows["Provider dpmptsp-b"].find_all("td")]
    assert second[3] == indonesian(provider_score(provider_b))
    assert [row.score.products for row in response.context["ranking"].rows] == [2, 2]


def test_ranking_puts_best_first_ties_by_name_and_incomplete_last(staff_client, mixed_cycle):
    response = staff_client.get(page(mixed_cycle))

    rows = response.context["ranking"].rows
    assert ranked_names(response) == [
        "Provider disdukcapil-a",
        "Provider aaa-c",
        "Provider dpmptsp-b",
        "Provider bbb-d",
    ]
    assert [row.rank for row in rows] == [1, 2, 2, None]


def test_incomplete_provider_shows_as_incomplete_not_zero(staff_client, mixed_cycle):
    response = staff_client.get(page(mixed_cycle))

    incomplete = response.context["ranking"].rows[-1]
    assert incomplete.score.score is None
    assert incomplete.missing == 1
    assert "Belum lengkap: 1 belum terjawab" in response.text
    assert 'score">—<' in response.text
    assert 'score">0,00<' not in response.text


def test_regional_government_scores_are_shown_with_their_zone(staff_client, scored_cycle):
    response = staff_client.get(page(scored_cycle))

    regions = response.context["regions"]
    assert [region.name for region in regions] == ["Kabupaten Belitung"]
    assert "Pemerintah daerah" in response.text
    assert regions[0].band_label == "Zona hijau – kepatuhan tinggi"


def test_page_names_the_snapshot_time_and_instrument_version(staff_client, scored_cycle):
    response = staff_client.get(page(scored_cycle))

    assert "ombudsman-2021, versi 1" in response.text
    assert "Nilai dihitung" in response.text
    assert "oleh coordinator" in response.text


def test_filter_by_regency_keeps_only_its_providers(staff_client, provider_a, provider_b):
    east = factories.region("19.03", "Kabupaten Belitung Timur")
    provider_e = factories.provider("dinkes-e", in_region=east)
    cycle = factories.cycle([provider_a, provider_b, provider_e])
    factories.answer_everything(cycle)
    compute_snapshot(cycle)

    response = staff_client.get(page(cycle, region="19.03"))

    assert ranked_names(response) == ["Provider dinkes-e"]
    assert 'value="19.03" selected' in response.text


def test_filter_by_agency_kind_keeps_only_that_kind(staff_client, provider_a, provider_b):
    puskesmas = factories.agency_kind("puskesmas", "Puskesmas")
    provider_p = factories.provider("puskesmas-p", kind=puskesmas)
    cycle = factories.cycle([provider_a, provider_b, provider_p])
    factories.answer_everything(cycle)
    compute_snapshot(cycle)

    response = staff_client.get(page(cycle, kind="puskesmas"))
    assert ranked_names(response) == ["Provider puskesmas-p"]

    response = staff_client.get(page(cycle, kind="disdukcapil"))
    assert ranked_names(response) == ["Provider disdukcapil-a", "Provider dpmptsp-b"]


def test_unknown_filter_value_is_reported_and_ignored(staff_client, scored_cycle):
    response = staff_client.get(page(scored_cycle, region="99.99"))

    assert response.status_code == 200
    assert response.context["form"].errors["region"]
    assert len(response.context["ranking"].rows) == 2


def test_filter_with_no_match_says_so(staff_client, provider_a, provider_b):
    east = factories.region("19.03", "Kabupaten Belitung Timur")
    puskesmas = factories.agency_kind("puskesmas", "Puskesmas")
    cycle = factories.cycle([provider_a, provider_b, factories.provider("x", in_region=east)])
    factories.provider("unscoped", kind=puskesmas)
    compute_snapshot(cycle)

    response = staff_client.get(page(cycle, region="19.03", kind="disdukcapil"))
    assert ranked_names(response) == ["Provider x"]

    response = staff_client.get(page(cycle, region="19.02", kind="puskesmas"))
    # Puskesmas is not in the cycle's scope, so the filter is not offered and is ignored.
    assert response.context["form"].errors["kind"]


def test_htmx_filter_request_gets_only_the_table(staff_client, provider_a, provider_b):
    east = factories.region("19.03", "Kabupaten Belitung Timur")
    cycle = factories.cycle([provider_a, provider_b, factories.provider("e", in_region=east)])
    factories.answer_everything(cycle)
    compute_snapshot(cycle)

    response = staff_client.get(page(cycle, region="19.03"), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert 'id="ranking"' in response.text
    assert "<table" in response.text
    assert "Provider e" in response.text
    assert "Provider disdukcapil-a" not in response.text
    assert "<html" not in response.text
    assert "Pemerintah daerah" not in response.text
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(staff_client, scored_cycle):
    response = staff_client.get(
        page(scored_cycle), HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )

    assert "<html" in response.text
    assert 'id="ranking"' in response.text


def test_full_page_carries_the_htmx_enhanced_filter_form(staff_client, scored_cycle):
    response = staff_client.get(page(scored_cycle))

    assert 'hx-get="' in response.text
    assert 'hx-target="#ranking"' in response.text
    assert "django_htmx/htmx-2.min.js" in response.text


def test_cycle_without_scores_says_so(staff_client, cycle):
    response = staff_client.get(page(cycle))

    assert response.status_code == 200
    assert "Belum ada nilai yang dihitung untuk siklus ini." in response.text
    assert 'id="ranking"' not in response.text


def test_provider_added_after_the_snapshot_is_named_as_not_scored(
    staff_client, scored_cycle, coordinator
):
    late = factories.provider("late-l")
    scored_cycle.providers.add(late)

    response = staff_client.get(page(scored_cycle))

    assert response.context["ranking"].unscored == [late]
    assert "Provider late-l" in response.text


def test_recompute_button_is_shown_to_coordinator_only(client, coordinator, reviewer, scored_cycle):
    recompute = reverse("recompute", args=[scored_cycle.code])
    client.force_login(coordinator)
    assert recompute in client.get(page(scored_cycle)).text

    client.force_login(reviewer)
    assert recompute not in client.get(page(scored_cycle)).text


@pytest.mark.parametrize("who", ["officer_a", "officer_b", "coordinator_elsewhere"])
def test_agency_officers_and_other_offices_get_404(client, request, who, scored_cycle):
    client.force_login(request.getfixturevalue(who))

    response = client.get(page(scored_cycle))

    assert response.status_code == 404


@pytest.mark.parametrize("who", ["enumerator", "outsider"])
def test_enumerators_and_users_without_role_are_refused_results(client, request, who, scored_cycle):
    client.force_login(request.getfixturevalue(who))

    response = client.get(page(scored_cycle))

    assert response.status_code == 403


def test_unknown_cycle_is_404(staff_client, scored_cycle):
    assert staff_client.get(reverse("cycle_detail", args=["nope"])).status_code == 404


def test_page_is_in_english_when_asked(staff_client, scored_cycle):
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = staff_client.get(page(scored_cycle))

    assert "Provider ranking" in response.text
    assert "100.00" in response.text
    assert "Green zone – high compliance" in response.text


def growing_cycle(coordinator, publish=lambda cycle: None):
    """Score a cycle of three providers, one incomplete, and yield it; then add nine more,
    four of them incomplete, score again and yield it again."""
    east = factories.region("19.03", "Kabupaten Belitung Timur")
    puskesmas = factories.agency_kind("puskesmas", "Puskesmas")
    providers = [factories.provider(in_region=east, kind=puskesmas) for _ in range(3)]
    cycle = factories.cycle(providers)
    factories.answer_everything(cycle)
    # One incomplete provider, so the missing answers are counted too.
    Answer.objects.filter(cycle=cycle, unit__provider=providers[0], indicator="U01").delete()
    compute_snapshot(cycle, user=coordinator)
    publish(cycle)
    yield cycle

    more = [factories.provider(units=2) for _ in range(9)]
    cycle.providers.add(*more)
    Answer.objects.filter(cycle=cycle).delete()
    factories.answer_everything(cycle)
    for provider in more[:4]:
        Answer.objects.filter(cycle=cycle, unit__provider=provider, indicator="U01").delete()
    compute_snapshot(cycle, user=coordinator)
    publish(cycle)
    yield cycle


def test_ranking_page_queries_do_not_grow_with_providers(
    staff_client, coordinator, django_assert_num_queries
):
    rows = []
    for cycle in growing_cycle(coordinator):
        with django_assert_num_queries(RANKING_PAGE_QUERIES):
            response = staff_client.get(page(cycle))
        assert response.status_code == 200
        rows.append(len(response.context["ranking"].rows))

    assert rows == [3, 12]


def test_a_kept_dashboard_of_released_scores_reads_only_its_snapshots(
    staff_client, coordinator, django_assert_num_queries
):
    cycle = next(growing_cycle(coordinator, release))
    assert staff_client.get(page(cycle)).status_code == 200  # draws and keeps its sections

    with django_assert_num_queries(KEPT_DASHBOARD_QUERIES):
        response = staff_client.get(page(cycle))

    assert response.context["released"] == response.context["snapshot"]


def publish_now(cycle) -> None:
    """Release the latest snapshot and announce the cycle, so the public sees it."""
    release(cycle, at=timezone.now() - dt.timedelta(seconds=1))
    announce(cycle, timezone.now())


def test_public_ranking_page_queries_do_not_grow_with_providers(
    client, coordinator, django_assert_num_queries
):
    rows = []
    for cycle in growing_cycle(coordinator, publish_now):
        with django_assert_num_queries(PUBLIC_RANKING_PAGE_QUERIES):
            response = client.get(reverse("public_cycle", args=[cycle.code]))
        assert response.status_code == 200
        rows.append(len(response.context["ranking"].rows))

    assert rows == [3, 12]
