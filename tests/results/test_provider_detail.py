import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from patuh.assessments.models import Answer
from patuh.scoring.models import SubjectScore
from patuh.scoring.services import compute_snapshot
from tests import factories
from tests.results.helpers import indonesian, provider_score

# Session, user, cycle, snapshot, provider; the report card: the provider's row, the rows beneath
# it, its peers' scores, approved visits (no photos to read without them), the names of its kind
# and region (2); the answers as stored now: the rows again, units, products, websites, answers.
PROVIDER_PAGE_QUERIES = 16


def page(cycle, provider):
    return reverse("provider_detail", args=[cycle.code, provider.code])


@pytest.fixture
def staff_client(client, reviewer):
    client.force_login(reviewer)
    return client


def test_anonymous_user_is_sent_to_login(client, scored_cycle, provider_a):
    response = client.get(page(scored_cycle, provider_a))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_page_shows_each_levels_score_and_zone(staff_client, scored_cycle, provider_b):
    response = staff_client.get(page(scored_cycle, provider_b))

    assert response.status_code == 200
    report = response.context["report"]
    assert report.score.score == provider_score(provider_b)
    assert indonesian(provider_score(provider_b)) in response.text
    unit = report.units[0]
    assert unit.name == "Unit 1"
    assert indonesian(unit.score.score) in response.text
    assert [product.name for product in unit.children] == ["Product 1", "Product 2"]
    product_score = unit.children[0].score.score
    assert product_score < 100
    assert indonesian(product_score) in response.text
    website = report.websites[0]
    assert website.name == "https://dpmptsp-b.example.go.id/"
    assert website.score.score == 100
    assert "Zona hijau – kepatuhan tinggi" in response.text


def test_page_shows_every_answer_with_question_and_label(staff_client, scored_cycle, provider_b):
    Answer.objects.filter(cycle=scored_cycle, unit__provider=provider_b, indicator="U01").update(
        value="no", note="Maklumat belum dipasang."
    )

    response = staff_client.get(page(scored_cycle, provider_b))

    text = response.text
    indicators = scored_cycle.instrument_version.parsed.indicators
    absent, _, best = indicators["P01"].options
    assert "P01" in text
    assert escape(indicators["P01"].text.id) in text
    assert f'<td data-label="Jawaban">{escape(absent.label.id)}</td>' in text
    assert f'<td data-label="Jawaban">{escape(best.label.id)}</td>' in text
    assert escape(indicators["U01"].text.id) in text
    assert '<td data-label="Jawaban">Tidak</td>' in text
    assert '<td data-label="Jawaban">Ya</td>' in text
    assert "Maklumat belum dipasang." in text
    product = response.context["report"].units[0].children[0]
    assert [row.code for row in product.answers] == ["P01", "P02", "P03", "P04", "P05", "P06"]


def test_questions_and_labels_follow_the_language(staff_client, scored_cycle, provider_b):
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = staff_client.get(page(scored_cycle, provider_b))

    indicator = scored_cycle.instrument_version.parsed.indicators["P01"]
    assert escape(indicator.text.en) in response.text
    assert f'<td data-label="Answer">{escape(indicator.options[0].label.en)}</td>' in response.text
    assert '<td data-label="Answer">Yes</td>' in response.text
    assert "Green zone – high compliance" in response.text


def test_incomplete_provider_lists_its_missing_answers(
    staff_client, scored_cycle, provider_a, coordinator
):
    Answer.objects.filter(
        cycle=scored_cycle, product__unit__provider=provider_a, indicator="P03"
    ).first().delete()
    compute_snapshot(scored_cycle, user=coordinator)

    response = staff_client.get(page(scored_cycle, provider_a))

    report = response.context["report"]
    assert report.score.score is None
    assert report.missing_total == 1
    assert "Belum lengkap: 1 belum terjawab" in response.text
    missing = [p for p in report.units[0].children if p.missing]
    assert [p.missing for p in missing] == [["P03"]]
    assert "Jawaban yang belum ada:</strong> P03" in response.text
    assert "Belum dijawab" in response.text


def test_page_without_scores_still_shows_answers(staff_client, cycle, provider_a):
    factories.answer_everything(cycle)

    response = staff_client.get(page(cycle, provider_a))

    assert response.status_code == 200
    assert "Belum ada nilai yang dihitung untuk siklus ini." in response.text
    assert "Belum dinilai" in response.text
    best = cycle.instrument_version.parsed.indicators["P01"].options[-1]
    assert f'<td data-label="Jawaban">{escape(best.label.id)}</td>' in response.text


@pytest.mark.parametrize("who", ["officer_a", "officer_b", "coordinator_elsewhere"])
def test_agency_officers_and_other_offices_get_404_before_release(
    client, request, who, scored_cycle, provider_a
):
    client.force_login(request.getfixturevalue(who))

    response = client.get(page(scored_cycle, provider_a))

    assert response.status_code == 404


def test_provider_outside_the_cycle_is_404(staff_client, scored_cycle):
    other = factories.provider("not-in-scope")

    assert staff_client.get(page(scored_cycle, other)).status_code == 404


def provider_page_queries(client, cycle, provider) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page(cycle, provider))
    assert response.status_code == 200
    return len(queries)


def test_provider_page_queries_do_not_grow_with_units_and_products(
    staff_client, coordinator, django_assert_num_queries
):
    small = factories.provider("small", units=1, products_per_unit=1)
    large = factories.provider("large", units=4, products_per_unit=5)
    cycle = factories.cycle([small, large])
    factories.answer_everything(cycle)
    compute_snapshot(cycle, user=coordinator)

    with django_assert_num_queries(PROVIDER_PAGE_QUERIES):
        few = provider_page_queries(staff_client, cycle, small)
    with django_assert_num_queries(PROVIDER_PAGE_QUERIES):
        many = provider_page_queries(staff_client, cycle, large)

    assert many == few
    assert SubjectScore.objects.filter(path__startswith="19.02/large/").count() == 4 + 20 + 1
