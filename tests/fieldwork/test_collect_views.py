"""The enumerator's pages and endpoints: my visits, the checklist, autosave, submitting."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from patuh.assessments.models import Phase
from patuh.fieldwork.models import Assignment, Evidence, Submission, SubmittedAnswer
from tests import factories
from tests.fieldwork.conftest import (
    at_once,
    fill,
    photo_here,
    post_json,
    recorded,
    send_photo,
    submitted,
    today,
)
from tests.html import parse

pytestmark = pytest.mark.django_db


def test_my_visits_lists_only_my_open_visits(client, enumerator, visit, open_cycle, provider_b):
    colleague = factories.office()
    other = Assignment.objects.create(
        cycle=open_cycle,
        unit=provider_b.units.get(),
        enumerator=type(enumerator).objects.create_user(
            "enumerator-2", role="enumerator", office=colleague
        ),
        starts_on=today(),
        ends_on=today(),
    )
    client.force_login(enumerator)

    response = client.get(reverse("fieldwork:my_visits"))

    assert [v.pk for v in response.context["visits"]] == [visit.pk]
    assert str(other.uuid) not in response.text


def test_visits_disappear_when_data_collection_closes(client, enumerator, visit):
    visit.cycle.phases.update(starts_on=dt.date(2021, 6, 7), ends_on=dt.date(2021, 8, 27))
    client.force_login(enumerator)

    assert list(client.get(reverse("fieldwork:my_visits")).context["visits"]) == []
    assert client.get(reverse("fieldwork:visit", args=[visit.uuid])).status_code == 404


def test_once_data_collection_closed_the_enumerator_neither_opens_nor_changes_the_visit(
    client, enumerator, visit
):
    fill(visit, enumerator)
    photo = Evidence.objects.first()
    visit.cycle.phases.update(ends_on=today() - dt.timedelta(days=1))
    before = recorded()
    client.force_login(enumerator)

    def url(name, *args):
        return reverse(f"fieldwork:{name}", args=[visit.uuid, *args])

    responses = {
        "visit": client.get(url("visit")),
        "save": post_json(
            client, url("save"), {"answers": [{"product": "", "indicator": "U01", "value": "no"}]}
        ),
        "add_photo": send_photo(client, visit, photo_here(), indicator="U02"),
        "remove_photo": client.post(url("remove_photo", photo.uuid)),
        "submit": post_json(client, url("submit"), {"client_id": str(uuid.uuid4())}),
        "correction": client.post(url("correction"), {"reason": "Foto ulang"}),
        "photo": client.get(reverse("fieldwork:evidence", args=[photo.uuid, "thumbnail"])),
    }

    assert {name: r.status_code for name, r in responses.items()} == dict.fromkeys(responses, 404)
    assert recorded() == before


def test_the_form_shows_the_unit_then_each_product(client, enumerator, visit):
    client.force_login(enumerator)

    response = client.get(reverse("fieldwork:visit", args=[visit.uuid]))

    assert response.status_code == 200
    page = parse(response.text)
    keys = [
        fieldset.attrs["data-key"] for fieldset in page.find_all("fieldset", class_="indicator")
    ]
    assert keys == (
        [f":U{n:02}" for n in range(1, 22)]
        + [f"product-1:P0{n}" for n in range(1, 7)]
        + [f"product-2:P0{n}" for n in range(1, 7)]
    )

    def options(key):
        return [radio.attrs["value"] for radio in page.find_all("input", name=f"value:{key}")]

    assert options(":U01") == ["yes", "no"]
    assert options(":U06") == ["yes", "no", "na"]
    assert options("product-1:P01") == ["tidak-ada", "kurang", "baik"]
    cameras = page.find_all("input", type="file")
    assert len(cameras) == 33
    assert {camera.attrs["capture"] for camera in cameras} == {"environment"}
    assert "/static/fieldwork/checklist.js" in [s.attrs.get("src") for s in page.find_all("script")]
    assert response.context["total"] == 33
    assert not Submission.objects.exists()


def test_the_form_registers_the_worker_that_keeps_visit_pages_on_the_phone(
    client, enumerator, visit
):
    client.force_login(enumerator)
    worker = reverse("fieldwork:offline_worker")

    page = client.get(reverse("fieldwork:visit", args=[visit.uuid]))
    response = client.get(worker)

    assert parse(page.text).one("form", id="checklist").attrs["data-offline-worker"] == worker
    # A worker looks after the pages below its own folder: every visit's page.
    assert reverse("fieldwork:visit", args=[visit.uuid]).startswith(worker.rsplit("/", 1)[0])
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript"
    assert response["Cache-Control"] == "no-cache"
    assert 'self.addEventListener("fetch"' in response.text


def test_autosave_stores_answers_and_reports_the_count(client, enumerator, visit):
    client.force_login(enumerator)
    url = reverse("fieldwork:save", args=[visit.uuid])
    answers = {
        "answers": [
            {"product": "", "indicator": "U01", "value": "yes", "note": ""},
            {"product": "product-1", "indicator": "P01", "value": "kurang", "note": "Kertas sobek"},
        ]
    }

    first = post_json(client, url, answers)
    again = post_json(client, url, answers)

    assert first.json() == again.json() == {"saved": 2, "answered": 2, "refused": []}
    assert SubmittedAnswer.objects.count() == 2


def test_autosave_refuses_only_the_bad_answers_each_with_its_reason(client, enumerator, visit):
    client.force_login(enumerator)

    response = post_json(
        client,
        reverse("fieldwork:save", args=[visit.uuid]),
        {
            "answers": [
                {"product": "", "indicator": "U01", "value": "maybe"},
                {"product": "", "indicator": "U02", "value": "yes"},
                {"product": "product-1", "indicator": "P01", "value": "kurang", "note": "Sobek"},
                {"product": "product-9", "indicator": "P02", "value": "baik"},
            ]
        },
    )

    assert response.status_code == 400
    assert response.json() == {
        "saved": 2,
        "answered": 2,
        "refused": [
            {"product": "", "indicator": "U01", "error": "U01 takes yes or no, not 'maybe'"},
            {
                "product": "product-9",
                "indicator": "P02",
                "error": "Provider disdukcapil-a – Unit 1 tidak memiliki produk product-9.",
            },
        ],
        "error": "2 jawaban tidak tersimpan; alasannya tertera pada pertanyaan.",
    }
    assert sorted(SubmittedAnswer.objects.values_list("indicator", "value", "note")) == [
        ("P01", "kurang", "Sobek"),
        ("U02", "yes", ""),
    ]


def test_autosave_refused_as_a_whole_lists_no_answer(client, enumerator, visit):
    submitted(visit, enumerator)
    client.force_login(enumerator)

    response = post_json(
        client,
        reverse("fieldwork:save", args=[visit.uuid]),
        {"answers": [{"product": "", "indicator": "U01", "value": "no"}]},
    )

    assert response.status_code == 400
    assert response.json() == {"error": "Versi 1 berstatus diterima; tidak dapat diubah sekarang."}
    assert SubmittedAnswer.objects.get(indicator="U01").value == "yes"


def test_the_plain_form_saves_the_good_answers_and_says_what_was_refused(client, enumerator, visit):
    client.force_login(enumerator)

    response = client.post(
        reverse("fieldwork:save", args=[visit.uuid]),
        {"value::U01": "maybe", "value::U02": "yes", "note::U02": "Ada di dinding"},
        follow=True,
    )

    assert [str(message) for message in response.context["messages"]] == [
        "U01 takes yes or no, not 'maybe'",
        "Jawaban tersimpan.",
    ]
    assert list(SubmittedAnswer.objects.values_list("indicator", "value", "note")) == [
        ("U02", "yes", "Ada di dinding")
    ]


def test_submit_lists_problems_then_succeeds_once_for_a_resent_request(client, enumerator, visit):
    client.force_login(enumerator)
    url = reverse("fieldwork:submit", args=[visit.uuid])
    client_id = str(uuid.uuid4())
    fill(visit, enumerator, with_photos=False)

    refused = post_json(client, url, {"client_id": client_id})
    assert refused.status_code == 422
    assert "Unit, U01: foto wajib dilampirkan." in refused.json()["problems"]
    # Each problem names its item, so the page links it to the item's question.
    assert {
        "key": ":U01",
        "kind": "photo",
        "text": "Unit, U01: foto wajib dilampirkan.",
    } in refused.json()["items"]

    fill(visit, enumerator)
    accepted = post_json(client, url, {"client_id": client_id})
    resent = post_json(client, url, {"client_id": client_id})

    assert accepted.status_code == resent.status_code == 200
    assert accepted.json() == resent.json()
    assert accepted.json()["status"] == "received"
    assert Submission.objects.count() == 1
    # The phone reloads the page, which says the submission went through.
    page = client.get(reverse("fieldwork:visit", args=[visit.uuid]))
    assert "Terkirim untuk direviu." in [str(m) for m in page.context["messages"]]


@pytest.mark.django_db(transaction=True)
def test_the_same_submission_sent_twice_at_once_is_stored_once(enumerator, visit):
    fill(visit, enumerator)
    url = reverse("fieldwork:submit", args=[visit.uuid])
    resent = {"client_id": str(uuid.uuid4())}

    responses = at_once(enumerator, lambda phone: post_json(phone, url, resent))

    assert [r.status_code for r in responses] == [200, 200]
    assert responses[0].json() == responses[1].json()
    submission = Submission.objects.get()
    assert (submission.version, submission.status) == (1, Submission.Status.RECEIVED)
    assert str(submission.uuid) == responses[0].json()["submission"]


def test_the_units_satisfaction_survey_results_are_offered_on_the_skm_indicators(
    client, enumerator, visit, officer_a
):
    from patuh.satisfaction.services import issue_token, submit_response
    from tests.satisfaction.conftest import survey_for

    survey = survey_for(visit.unit, officer_a)
    sent_at = timezone.now()
    for _respondent in range(2):
        submit_response(
            survey,
            token=issue_token(survey, now=sent_at - dt.timedelta(minutes=5)),
            answers={f"U{n}": 4 for n in range(1, 10)},
            product=None,
            profile={},
            suggestion="",
            now=sent_at,
        )
    client.force_login(enumerator)

    page = parse(client.get(reverse("fieldwork:visit", args=[visit.uuid])).text)

    with translation.override("id"):
        opens, closes = (
            formats.date_format(day, "SHORT_DATE_FORMAT")
            for day in (survey.opens_on, survey.closes_on)
        )
    [offered] = page.one("fieldset", **{"data-key": ":U17"}).find_all("li")
    assert offered.text == (
        f"SKM 2025 ({opens} – {closes}): IKM 100,00, mutu A; 2 responden / 169 diperlukan"
    )
    assert page.one("fieldset", **{"data-key": ":U01"}).find_all(class_="skm-evidence") == []


def test_the_opinions_trust_survey_is_offered_on_its_indicator_and_nowhere_else(
    client, enumerator, provider_a, officer_a, coordinator
):
    from patuh.satisfaction.services import issue_token, submit_response
    from tests.satisfaction.conftest import survey_for

    cycle = factories.cycle([provider_a], "opini-2026", "opini-2025")
    Phase.objects.filter(cycle=cycle).update(
        starts_on=timezone.localdate() - dt.timedelta(days=10),
        ends_on=timezone.localdate() + dt.timedelta(days=30),
    )
    visit = Assignment.objects.create(
        cycle=cycle,
        unit=provider_a.units.get(),
        enumerator=enumerator,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=5),
        created_by=coordinator,
    )
    survey = survey_for(visit.unit, officer_a, kind="kepercayaan-masyarakat")
    sent_at = timezone.now()
    submit_response(
        survey,
        token=issue_token(survey, now=sent_at - dt.timedelta(minutes=5)),
        answers={"K1": 4, "K2": 3, "K3": 4, "K4": 3, "K5": 4},
        product=None,
        profile={},
        suggestion="",
        now=sent_at,
    )
    client.force_login(enumerator)

    page = parse(client.get(reverse("fieldwork:visit", args=[visit.uuid])).text)

    [offered] = page.one("fieldset", **{"data-key": ":KP01"}).find_all("li")
    # (4 + 3 + 4 + 3 + 4) / 5 × 25 = 90.
    assert offered.text.startswith("kepercayaan-masyarakat (")
    assert offered.text.endswith("): indeks 90,00; 1 responden / 169 diperlukan")
    [none] = page.one("fieldset", **{"data-key": ":PR06"}).find_all(class_="skm-evidence")
    assert none.text == "Belum ada survei unit ini untuk indikator ini yang tercatat di Patuh."
    assert page.one("fieldset", **{"data-key": ":IN01"}).find_all(class_="skm-evidence") == []
