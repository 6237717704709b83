"""The unit's survey pages: creating a link, results with charts, poster and export."""

import csv
import datetime as dt
import io
import json
import re

import pytest
import segno
from django.urls import reverse
from django.utils import timezone

from patuh.audit.models import AuditEvent
from patuh.satisfaction.models import Response, Survey
from patuh.satisfaction.qr import qr_svg
from patuh.satisfaction.services import survey_results_for_unit
from tests import commands, factories
from tests.satisfaction.conftest import survey_for

pytestmark = pytest.mark.django_db

# Three respondents; one skipped U4. NRR U1 = (4+3+2)/3 = 3, U4 = (4+2)/2 = 3, the rest 3:
# index 3, IKM 75.00, grade C (65.00–76.60).
RESPONSES = [
    {"U1": 4, "U2": 4, "U3": 4, "U4": 4, "U5": 4, "U6": 4, "U7": 4, "U8": 4, "U9": 4},
    {"U1": 3, "U2": 3, "U3": 3, "U5": 3, "U6": 3, "U7": 3, "U8": 3, "U9": 3},
    {"U1": 2, "U2": 2, "U3": 2, "U4": 2, "U5": 2, "U6": 2, "U7": 2, "U8": 2, "U9": 2},
]


def add_responses(survey, when=None):
    product = survey.unit.products.order_by("code").first()
    for index, answers in enumerate(RESPONSES):
        Response.objects.create(
            survey=survey,
            product=product,
            answers=answers,
            suggestion=f"saran {index}",
            submitted_at=when or timezone.now(),
        )


def test_an_officer_creates_a_survey_link_for_their_unit(client, officer_a, unit):
    client.force_login(officer_a)
    response = client.post(
        reverse("survey_create", args=[unit.provider.code, unit.code]),
        {
            "title": "SKM 2025",
            "opens_on": "2025-01-06",
            "closes_on": "2025-06-30",
            "population": 300,
        },
    )
    survey = Survey.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("survey_detail", args=[survey.uuid])
    assert survey.instrument_version.instrument.code == "skm-2017"
    assert (survey.unit, survey.created_by, survey.population) == (unit, officer_a, 300)
    assert AuditEvent.objects.filter(object_type="satisfaction.survey", action="create").exists()


def test_an_officer_creates_the_opinions_public_trust_survey_with_its_own_questions(
    client, officer_a, unit
):
    client.force_login(officer_a)
    today = timezone.localdate()
    client.post(
        reverse("survey_create", args=[unit.provider.code, unit.code]),
        {
            "kind": "kepercayaan-masyarakat",
            "title": "Kepercayaan masyarakat",
            "opens_on": today.isoformat(),
            "closes_on": (today + dt.timedelta(days=30)).isoformat(),
        },
    )
    survey = Survey.objects.get()
    assert survey.instrument_version.instrument.code == "kepercayaan-masyarakat-2025"
    questions = client.get(reverse("survey_respond", args=[survey.uuid])).content.decode()
    assert "Seberapa percaya Saudara bahwa petugas di unit ini jujur" in questions
    assert 'name="K5"' in questions and 'name="U1"' not in questions


def test_a_survey_keeps_its_kind_when_its_dates_change(client, officer_a, unit):
    survey = survey_for(unit, officer_a, kind="persepsi-maladministrasi")
    client.force_login(officer_a)
    response = client.post(
        reverse("survey_edit", args=[survey.uuid]),
        {
            "kind": "skm",
            "title": "Persepsi 2026",
            "opens_on": "2026-01-05",
            "closes_on": "2026-02-27",
        },
    )
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.instrument_version.instrument.code == "persepsi-maladministrasi-2025"
    assert survey.title == "Persepsi 2026"


def test_the_opinions_surveys_cannot_open_before_the_2025_regulation(client, officer_a, unit):
    client.force_login(officer_a)
    response = client.post(
        reverse("survey_create", args=[unit.provider.code, unit.code]),
        {
            "kind": "kepercayaan-masyarakat",
            "title": "Terlalu awal",
            "opens_on": "2024-06-03",
            "closes_on": "2024-06-28",
        },
    )
    assert response.status_code == 400
    assert "yang paling awal berlaku mulai 1 Januari 2025" in response.content.decode()
    assert not Survey.objects.exists()


def test_a_survey_of_2015_uses_the_2004_method(client, officer_a, unit):
    client.force_login(officer_a)
    client.post(
        reverse("survey_create", args=[unit.provider.code, unit.code]),
        {"title": "IKM 2015", "opens_on": "2015-03-01", "closes_on": "2015-03-31"},
    )
    assert Survey.objects.get().instrument_version.instrument.code == "skm-2004"


def test_a_period_that_ends_before_it_starts_is_refused(client, officer_a, unit):
    client.force_login(officer_a)
    response = client.post(
        reverse("survey_create", args=[unit.provider.code, unit.code]),
        {"title": "SKM", "opens_on": "2025-06-30", "closes_on": "2025-01-06"},
    )
    assert response.status_code == 400
    assert "Survei harus ditutup pada atau setelah hari pembukaannya." in response.content.decode()
    assert not Survey.objects.exists()


def test_a_date_before_any_regulation_is_refused_with_the_earliest(client, officer_a, unit, survey):
    client.force_login(officer_a)
    period = {"title": "SKM", "opens_on": "2003-05-01", "closes_on": "2003-05-31"}
    created = client.post(reverse("survey_create", args=[unit.provider.code, unit.code]), period)
    edited = client.post(reverse("survey_edit", args=[survey.uuid]), period)
    for response in (created, edited):
        assert response.status_code == 400
        assert "yang paling awal berlaku mulai 24 Februari 2004" in response.content.decode()
    assert Survey.objects.get() == survey
    survey.refresh_from_db()
    assert survey.opens_on != dt.date(2003, 5, 1)


def test_the_survey_page_shows_ikm_grade_sample_and_charts(
    client, officer_a, survey, django_assert_num_queries
):
    add_responses(survey)
    client.force_login(officer_a)
    url = reverse("survey_detail", args=[survey.uuid])
    # Session, user, survey, responses' answers, the officer check, products and suggestions.
    with django_assert_num_queries(7):
        response = client.get(url)
    page = response.content.decode()
    assert 'id="ikm">IKM 75,00<' in page
    assert "Mutu pelayanan: C" in page and "kinerja: Kurang baik" in page
    # 300 people served → 169 required (Krejcie & Morgan); 3 of them so far.
    assert '<dd id="respondents">3</dd>' in page
    assert "169 (Krejcie &amp; Morgan, untuk 300 orang yang dilayani)" in page
    assert "3 dari 169 responden (2%)" in page
    # Charts are SVG with every value written out, and the grade letters on the table's strip.
    assert page.count('class="chart"') == 3
    assert ">3,00</text>" in page
    for code in "ABCD":
        assert f">{code}</text>" in page
    assert "saran 2" in page
    assert survey.unit.provider.name in page


def test_an_officer_edits_the_period_and_population(client, officer_a, survey):
    client.force_login(officer_a)
    response = client.post(
        reverse("survey_edit", args=[survey.uuid]),
        {
            "title": "SKM semester I",
            "opens_on": "2025-01-01",
            "closes_on": "2025-06-30",
            "population": 2000,
        },
    )
    assert response.status_code == 302
    survey.refresh_from_db()
    assert (survey.title, survey.closes_on, survey.population) == (
        "SKM semester I",
        dt.date(2025, 6, 30),
        2000,
    )
    assert AuditEvent.objects.filter(object_type="satisfaction.survey", action="update").exists()


def edit(client, survey, opens_on: str, closes_on: str):
    return client.post(
        reverse("survey_edit", args=[survey.uuid]),
        {"title": survey.title, "opens_on": opens_on, "closes_on": closes_on, "population": 300},
    )


def test_moving_a_survey_without_responses_to_2015_takes_the_2004_table(client, officer_a, survey):
    client.force_login(officer_a)
    response = edit(client, survey, "2015-03-01", "2015-03-31")
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.opens_on == dt.date(2015, 3, 1)
    assert survey.instrument_version.instrument.code == "skm-2004"


def test_a_survey_with_responses_refuses_a_date_under_another_regulation(client, officer_a, survey):
    add_responses(survey)
    opens_on = survey.opens_on
    client.force_login(officer_a)
    response = edit(client, survey, "2015-03-01", "2015-03-31")
    assert response.status_code == 400
    assert response.context["form"].errors.keys() == {"opens_on"}
    page = response.content.decode()
    assert (
        "Survei yang dibuka pada 1 Maret 2015 mengikuti Indeks Kepuasan Masyarakat (KepMenPAN"
        " 25/2004), tetapi survei ini sudah memiliki jawaban yang dikumpulkan berdasarkan Survei"
        " Kepuasan Masyarakat (PermenPAN-RB 14/2017)"
    ) in page
    # The page shows the stored period, not the refused one.
    assert response.context["survey"].opens_on == opens_on
    survey.refresh_from_db()
    assert survey.opens_on == opens_on
    assert survey.instrument_version.instrument.code == "skm-2017"


def test_a_survey_with_responses_may_move_within_its_regulation(client, officer_a, survey):
    add_responses(survey)
    client.force_login(officer_a)
    assert edit(client, survey, "2024-01-02", "2024-12-31").status_code == 302
    survey.refresh_from_db()
    assert survey.opens_on == dt.date(2024, 1, 2)
    assert survey.instrument_version.instrument.code == "skm-2017"


def test_office_staff_see_results_but_cannot_change_them(client, reviewer, survey, provider_a):
    factories.cycle([provider_a])
    client.force_login(reviewer)
    assert client.get(reverse("survey_detail", args=[survey.uuid])).status_code == 200
    response = client.post(reverse("survey_edit", args=[survey.uuid]), {"title": "x"})
    assert response.status_code == 403


def test_another_agency_cannot_see_the_survey(client, officer_b, survey):
    client.force_login(officer_b)
    assert client.get(reverse("survey_detail", args=[survey.uuid])).status_code == 404
    assert client.get(reverse("survey_poster", args=[survey.uuid])).status_code == 404


def test_the_export_feeds_back_into_skm_compute_and_is_recorded(
    client, officer_a, survey, tmp_path, django_assert_num_queries
):
    add_responses(survey)
    client.force_login(officer_a)
    # Session, user, survey, the audit event and one read of the responses, however many.
    with django_assert_num_queries(5):
        response = client.get(reverse("survey_export", args=[survey.uuid, "csv"]))
        text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 3
    assert rows[1]["U4"] == "" and rows[1]["U1"] == "3" and rows[1]["product"] == "product-1"
    path = tmp_path / "export.csv"
    path.write_text(text)
    data = json.loads(commands.run("skm", "compute", str(path), "--format", "json"))
    assert (data["ikm"], data["grade"], data["respondents"]) == (75.0, "C", 3)
    event = AuditEvent.objects.get(action="export")
    assert event.object_id == str(survey.pk) and "format=csv" in event.note


@pytest.mark.parametrize("fmt", ["xlsx", "json"])
def test_the_export_comes_in_every_format(client, officer_a, survey, fmt):
    add_responses(survey)
    client.force_login(officer_a)
    response = client.get(reverse("survey_export", args=[survey.uuid, fmt]))
    assert response.status_code == 200
    assert f".{fmt}" in response["Content-Disposition"]


def test_the_poster_carries_the_link_as_a_qr_code(client, officer_a, survey):
    client.force_login(officer_a)
    response = client.get(reverse("survey_poster", args=[survey.uuid]))
    page = response.content.decode()
    link = f"http://testserver/s/{survey.uuid}/"
    assert f'<p class="link" id="survey-link">{link}</p>' in page
    assert str(qr_svg(link, "Kode QR tautan survei")) in page
    # Its A4 layout and print button come from files: the page's policy allows nothing inline.
    assert 'href="/static/satisfaction/poster.css"' in page
    assert '<script src="/static/satisfaction/poster.js" defer></script>' in page
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert " style=" not in page and "onclick" not in page


def qr_matrix_from_svg(svg: str) -> set[tuple[int, int]]:
    """The dark modules an SVG path of segno's draws: "M x y" then runs of "h n" (dark) and
    "m dx dy" (moves); y is a row's centre line."""
    path = re.search(r' d="([^"]+)"', svg).group(1)
    dark, x, y = set(), 0.0, 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            dark.update((int(y - 0.5), int(x) + i) for i in range(int(a)))
            x += float(a)
    return dark


def test_the_qr_svg_draws_exactly_segnos_symbol_for_the_link():
    link = "https://patuh.example.go.id/s/6f1c1d1e-0000-4000-8000-000000000000/"
    symbol = segno.make_qr(link, error="m", boost_error=False)
    expected = {
        (row + 4, column + 4)
        for row, line in enumerate(symbol.matrix)
        for column, module in enumerate(line)
        if module
    }
    assert qr_matrix_from_svg(str(qr_svg(link, "QR"))) == expected


def test_evidence_for_an_assessment_counts_what_was_known_on_its_date(unit, officer_a):
    early = survey_for(unit, officer_a, opens_in=-60, closes_in=-30)
    add_responses(early, when=timezone.now() - dt.timedelta(days=40))
    later = survey_for(unit, officer_a, opens_in=-5, closes_in=20)
    add_responses(later, when=timezone.now())
    today = timezone.localdate()

    evidence = survey_results_for_unit(unit, today)
    assert [e.survey for e in evidence] == [later, early]
    assert evidence[0].result.ikm == 75 and evidence[0].required_sample == 169
    assert not evidence[0].complete
    # A week ago the later survey had opened but had no responses yet; a month ago only the
    # early one existed, with its three responses.
    week_ago = survey_results_for_unit(unit, today - dt.timedelta(days=2))
    assert [e.result.respondents for e in week_ago] == [0, 3]
    month_ago = survey_results_for_unit(unit, today - dt.timedelta(days=35))
    assert [e.survey for e in month_ago] == [early]


def test_the_units_list_shows_only_the_units_one_may_see(
    client, officer_a, coordinator, provider_a, provider_b, survey, django_assert_num_queries
):
    client.force_login(officer_a)
    with django_assert_num_queries(3):
        page = client.get(reverse("skm_units")).content.decode()
    assert reverse("skm_unit", args=[provider_a.code, "unit-1"]) in page
    assert provider_b.name not in page
    # Office staff see the units of the providers in their office's cycles.
    factories.cycle([provider_b])
    client.force_login(coordinator)
    page = client.get(reverse("skm_units")).content.decode()
    assert provider_b.name in page and provider_a.name not in page
