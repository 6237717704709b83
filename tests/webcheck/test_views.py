"""The website-check pages: list with a button, a website's state, history and overrides."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from patuh.assessments.models import Answer, AnswerSource
from patuh.audit.models import AuditEvent
from patuh.jobs.models import Job
from patuh.registry.models import Website
from patuh.webcheck.models import WebcheckRun, WebsiteCheck
from patuh.webcheck.services import check_cycle
from tests import factories

pytestmark = pytest.mark.django_db


def websites_url(cycle) -> str:
    return reverse("webcheck_websites", kwargs={"code": cycle.code})


def website_url(cycle, name="webcheck_website", **extra) -> str:
    website = Website.objects.get(provider__cycles=cycle)
    kwargs = {"code": cycle.code, "provider": website.provider.code, "website": website.code}
    return reverse(name, kwargs=kwargs | extra)


def test_the_websites_page_lists_every_website_with_its_latest_state(
    client, coordinator, checked_cycle, provider_b, django_assert_num_queries
):
    checked_cycle.providers.add(provider_b)
    check_cycle(checked_cycle)
    for number in range(3):
        extra = factories.provider(f"extra-{number}")
        checked_cycle.providers.add(extra)
    client.force_login(coordinator)
    # Session, user, cycle, latest job, websites, their latest checks.
    with django_assert_num_queries(6):
        response = client.get(websites_url(checked_cycle))
    assert response.status_code == 200
    page = response.content.decode()
    assert "5 situs web" in page
    checked = WebsiteCheck.objects.get(website__provider__code="disdukcapil-a")
    assert f'<td class="num">{checked.passed}</td>' in page
    assert page.count("Belum diperiksa") == 3
    assert "Periksa semua situs web" in page


def test_staff_who_only_see_results_get_no_button(client, evaluator, checked_cycle):
    client.force_login(evaluator)
    page = client.get(websites_url(checked_cycle)).content.decode()
    assert "Belum pernah diperiksa" in page or "belum diperiksa" in page.lower()
    assert "Periksa semua situs web" not in page


def test_the_button_checks_every_website_and_reports_back(client, coordinator, checked_cycle):
    client.force_login(coordinator)
    response = client.post(reverse("webcheck_run", kwargs={"code": checked_cycle.code}))
    assert response.status_code == 302
    assert response["Location"] == websites_url(checked_cycle)
    job = Job.objects.get(kind="webcheck")
    assert job.status == Job.Status.SUCCEEDED
    assert WebcheckRun.objects.get().started_by == coordinator
    page = client.get(response["Location"]).content.decode()
    assert "1 situs web diperiksa; 5 jawaban otomatis ditulis." in page
    assert "Selesai" in page


def test_a_second_run_is_not_started_while_one_is_running(client, reviewer, checked_cycle):
    Job.objects.create(
        kind="webcheck", title="Check", cycle=checked_cycle, status=Job.Status.RUNNING
    )
    client.force_login(reviewer)
    response = client.post(reverse("webcheck_run", kwargs={"code": checked_cycle.code}))
    assert response.status_code == 302
    assert Job.objects.count() == 1
    assert not WebcheckRun.objects.exists()
    panel = client.get(websites_url(checked_cycle), headers={"HX-Request": "true"})
    assert 'hx-trigger="every 2s"' in panel.content.decode()
    assert "<table" not in panel.content.decode()


def test_the_website_page_shows_each_check_with_evidence_and_changes_over_time(
    client, reviewer, checked_cycle, agency_site
):
    check_cycle(checked_cycle)
    del agency_site.routes["/maklumat"]
    check_cycle(checked_cycle)
    client.force_login(reviewer)
    page = client.get(website_url(checked_cycle)).content.decode()
    # Current state, with the matched words and the page they came from.
    assert "Persyaratan" in page and "PERSYARATAN" in page
    assert agency_site.url("/layanan/ktp-el") in page
    assert "standard_requirements" in page
    # History: the chart of two runs and the change of the maklumat check.
    assert 'id="pass-chart"' in page
    assert "Maklumat pelayanan" in page
    changes = page[page.index("Perubahan status per pemeriksaan") :]
    assert "Lulus" in changes and "Gagal" in changes
    # Automatic answers with an override form for a reviewer.
    assert "W03" in page and "Pemeriksaan situs web otomatis" in page
    assert 'name="override-W03-reason"' in page


def test_staff_who_cannot_review_see_answers_without_the_override_form(
    client, evaluator, checked_cycle
):
    check_cycle(checked_cycle)
    client.force_login(evaluator)
    page = client.get(website_url(checked_cycle)).content.decode()
    assert "W03" in page
    assert "override-W03-reason" not in page


def test_a_reviewer_overrides_an_automatic_answer_with_a_reason(client, reviewer, checked_cycle):
    check_cycle(checked_cycle)
    client.force_login(reviewer)
    url = website_url(checked_cycle, "webcheck_override", indicator="W03")
    response = client.post(
        url, {"override-W03-value": "no", "override-W03-reason": "Only a placeholder page."}
    )
    assert response.status_code == 302
    answer = Answer.objects.get(indicator="W03")
    assert (answer.value, answer.source, answer.note) == (
        "no",
        AnswerSource.OVERRIDE,
        "Only a placeholder page.",
    )
    event = AuditEvent.objects.get(action="override")
    assert (event.actor, event.via, event.note) == (reviewer, "web", "Only a placeholder page.")
    page = client.get(response["Location"]).content.decode()
    assert "Diubah oleh reviewer" in page and "Only a placeholder page." in page


def test_an_override_without_a_reason_is_refused(client, reviewer, checked_cycle):
    check_cycle(checked_cycle)
    client.force_login(reviewer)
    url = website_url(checked_cycle, "webcheck_override", indicator="W03")
    response = client.post(url, {"override-W03-value": "no", "override-W03-reason": ""})
    assert response.status_code == 400
    assert "Bidang ini tidak boleh kosong." in response.content.decode()
    answer = Answer.objects.get(indicator="W03")
    assert (answer.value, answer.source) == ("yes", AnswerSource.AUTOMATIC)


def test_an_answer_entered_by_hand_cannot_be_overridden_here(client, reviewer, checked_cycle):
    check_cycle(checked_cycle)
    Answer.objects.filter(indicator="W03").update(source=AnswerSource.MANUAL)
    client.force_login(reviewer)
    url = website_url(checked_cycle, "webcheck_override", indicator="W03")
    response = client.post(url, {"override-W03-value": "no", "override-W03-reason": "x"})
    assert response.status_code == 400
    assert Answer.objects.get(indicator="W03").source == AnswerSource.MANUAL


def test_an_indicator_that_is_not_automatic_cannot_be_overridden(client, reviewer, checked_cycle):
    check_cycle(checked_cycle)
    client.force_login(reviewer)
    url = website_url(checked_cycle, "webcheck_override", indicator="W06")
    assert client.post(url, {"override-W06-value": "no"}).status_code == 404


@pytest.mark.parametrize("who", ["coordinator_elsewhere", "officer_a", "outsider"])
def test_other_offices_and_agencies_see_nothing(client, request, checked_cycle, who):
    check_cycle(checked_cycle)
    client.force_login(request.getfixturevalue(who))
    assert client.get(websites_url(checked_cycle)).status_code in {403, 404}
    assert client.get(website_url(checked_cycle)).status_code in {403, 404}


def test_the_screenshot_is_served_to_staff_only(client, coordinator, officer_a, checked_cycle):
    run, _ = check_cycle(checked_cycle)
    stored = WebsiteCheck.objects.get(run=run)
    stored.screenshot.save("shot.png", ContentFile(b"\x89PNG fake"))
    url = website_url(checked_cycle, "webcheck_screenshot", check=stored.uuid)
    client.force_login(coordinator)
    response = client.get(url)
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == b"\x89PNG fake"
    client.force_login(officer_a)
    assert client.get(url).status_code == 403
