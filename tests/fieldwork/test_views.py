"""The fieldwork pages and endpoints as the enumerator's phone, the planner and the reviewer
use them."""

import datetime as dt
import io
import json
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from PIL import Image

from patuh.assessments.models import Answer
from patuh.fieldwork.models import Assignment, Evidence, Submission, SubmittedAnswer
from patuh.fieldwork.services.collecting import AnswerInput, save_answers
from patuh.fieldwork.services.photos import add_photo
from patuh.registry.models import Region
from patuh.scoring.models import ScoreSnapshot
from tests import factories, photos
from tests.fieldwork.conftest import (
    fill,
    photo_here,
    recorded,
    submitted,
    today,
)
from tests.storage import stored_files

pytestmark = pytest.mark.django_db


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


# The plan


def test_coordinator_sees_the_plan_with_progress(client, coordinator, visit, enumerator):
    fill(visit, enumerator, with_photos=False)
    client.force_login(coordinator)

    response = client.get(reverse("fieldwork:plan", args=[visit.cycle.code]))

    assert response.status_code == 200
    assert "Rahasia" in response.text
    [row] = response.context["rows"]
    assert (row.progress.answered, row.progress.total) == (33, 33)
    assert row.latest_status == "draft"
    assert response.context["summary"]["units"] == 2


def test_the_plan_list_takes_the_same_queries_for_more_visits(
    client, coordinator, open_cycle, enumerator, django_assert_max_num_queries
):
    client.force_login(coordinator)
    for number in range(6):
        provider = factories.provider(f"extra-{number}")
        open_cycle.providers.add(provider)
        Assignment.objects.create(
            cycle=open_cycle,
            unit=provider.units.get(),
            enumerator=enumerator,
            starts_on=today(),
            ends_on=today(),
        )
    url = reverse("fieldwork:plan", args=[open_cycle.code])
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for number in range(6, 12):
        provider = factories.provider(f"extra-{number}")
        open_cycle.providers.add(provider)
        Assignment.objects.create(
            cycle=open_cycle,
            unit=provider.units.get(),
            enumerator=enumerator,
            starts_on=today(),
            ends_on=today(),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_planning_a_whole_regency_by_form(client, coordinator, open_cycle, enumerator):
    client.force_login(coordinator)
    window = {"bulk-starts_on": today().isoformat(), "bulk-ends_on": today().isoformat()}

    response = client.post(
        reverse("fieldwork:assign_many", args=[open_cycle.code]),
        {"bulk-region": "19.02", "bulk-enumerator": "enumerator", **window},
        follow=True,
    )

    assert "2 unit direncanakan" in response.text
    assert Assignment.objects.filter(cycle=open_cycle, enumerator=enumerator).count() == 2


def test_a_plan_outside_data_collection_is_refused_with_the_reason(
    client, coordinator, open_cycle, provider_a, enumerator
):
    client.force_login(coordinator)
    late = (today() + dt.timedelta(days=60)).isoformat()

    response = client.post(
        reverse("fieldwork:assign", args=[open_cycle.code]),
        {
            "one-unit": f"{provider_a.code}/unit-1",
            "one-enumerator": "enumerator",
            "one-starts_on": late,
            "one-ends_on": late,
        },
    )

    assert response.status_code == 400
    assert "harus berada dalam masa pengambilan data" in response.text
    assert not Assignment.objects.exists()


def test_the_calendar_shows_each_visit_on_the_days_of_its_window(client, coordinator, visit):
    client.force_login(coordinator)

    response = client.get(
        reverse("fieldwork:calendar", args=[visit.cycle.code]),
        {"month": today().strftime("%Y-%m")},
    )

    days = {
        day: [v.pk for v in visits] for week in response.context["weeks"] for day, visits, _ in week
    }
    assert days[today()] == [visit.pk]
    assert days.get(today() + dt.timedelta(days=6), []) == []


@pytest.mark.parametrize("who", ["officer_a", "officer_b", "coordinator_elsewhere", "enumerator"])
def test_the_plan_is_hidden_from_agencies_other_offices_and_enumerators(
    client, request, who, visit
):
    client.force_login(request.getfixturevalue(who))

    for url in (
        reverse("fieldwork:plan", args=[visit.cycle.code]),
        reverse("fieldwork:calendar", args=[visit.cycle.code]),
    ):
        response = client.get(url)
        assert response.status_code in (403, 404)
        assert "Unit 1" not in response.text


def test_an_officers_pages_never_mention_the_visit(client, officer_a, visit, enumerator):
    enumerator.first_name = "Siti"
    enumerator.save()
    client.force_login(officer_a)

    home = client.get(reverse("home"))

    assert visit.cycle.name in home.text
    assert "Siti" not in home.text
    assert "fieldwork" not in home.text
    assert "Rencana kunjungan" not in home.text


# The enumerator


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
    upload = io.BytesIO(photo_here())
    upload.name = "papan.jpg"

    def url(name, *args):
        return reverse(f"fieldwork:{name}", args=[visit.uuid, *args])

    responses = {
        "visit": client.get(url("visit")),
        "save": post_json(
            client, url("save"), {"answers": [{"product": "", "indicator": "U01", "value": "no"}]}
        ),
        "add_photo": client.post(
            url("add_photo"),
            {"photo": upload, "client_id": str(uuid.uuid4()), "product": "", "indicator": "U02"},
        ),
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
    assert 'data-key=":U01"' in response.text and 'data-key="product-2:P06"' in response.text
    assert 'name="value::U01" value="yes"' in response.text
    assert 'name="value::U06" value="na"' in response.text
    assert 'name="value:product-1:P01" value="kurang"' in response.text
    assert 'capture="environment"' in response.text
    assert "checklist.js" in response.text
    assert response.context["total"] == 33
    assert not Submission.objects.exists()


def test_the_form_registers_the_worker_that_keeps_visit_pages_on_the_phone(
    client, enumerator, visit
):
    client.force_login(enumerator)
    worker = reverse("fieldwork:offline_worker")

    page = client.get(reverse("fieldwork:visit", args=[visit.uuid]))
    response = client.get(worker)

    assert f'data-offline-worker="{worker}"' in page.text
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
    reply = response.json()
    assert reply["error"] == "2 jawaban tidak tersimpan; alasannya tertera pada pertanyaan."
    assert (reply["saved"], reply["answered"]) == (2, 2)
    assert [(r["product"], r["indicator"]) for r in reply["refused"]] == [
        ("", "U01"),
        ("product-9", "P02"),
    ]
    assert "U01" in reply["refused"][0]["error"]
    assert "product-9" in reply["refused"][1]["error"]
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
    assert "refused" not in response.json()
    assert "tidak dapat diubah sekarang" in response.json()["error"]
    assert SubmittedAnswer.objects.get(indicator="U01").value == "yes"


def test_the_plain_form_saves_the_good_answers_and_says_what_was_refused(client, enumerator, visit):
    client.force_login(enumerator)

    response = client.post(
        reverse("fieldwork:save", args=[visit.uuid]),
        {"value::U01": "maybe", "value::U02": "yes", "note::U02": "Ada di dinding"},
        follow=True,
    )

    shown = [str(message) for message in response.context["messages"]]
    assert len(shown) == 2 and "U01" in shown[0]
    assert shown[1] == "Jawaban tersimpan."
    assert list(SubmittedAnswer.objects.values_list("indicator", "value", "note")) == [
        ("U02", "yes", "Ada di dinding")
    ]


def test_a_photo_upload_is_idempotent(client, enumerator, visit):
    client.force_login(enumerator)
    url = reverse("fieldwork:add_photo", args=[visit.uuid])
    client_id = str(uuid.uuid4())

    def send():
        photo = io.BytesIO(photo_here())
        photo.name = "papan.jpg"
        return client.post(
            url, {"photo": photo, "client_id": client_id, "product": "", "indicator": "U01"}
        )

    first, again = send(), send()

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Evidence.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [(photos.text_named_jpg(), "bukan gambar"), (photos.decompression_bomb(), "8000×8000")],
    ids=["text-named-jpg", "decompression-bomb"],
)
def test_a_hostile_upload_gets_a_message_and_stores_nothing(
    client, enumerator, visit, data, message
):
    # A draft with another answer and its photo: the refused upload must leave both alone.
    save_answers(visit, enumerator, [AnswerInput("", "U02", "yes")])
    add_photo(
        visit,
        enumerator,
        product_code="",
        indicator_code="U02",
        data=photo_here(),
        client_id=uuid.uuid4(),
    )
    files = stored_files()
    before = recorded()
    client.force_login(enumerator)
    upload = io.BytesIO(data)
    upload.name = "foto.jpg"

    response = client.post(
        reverse("fieldwork:add_photo", args=[visit.uuid]),
        {"photo": upload, "client_id": str(uuid.uuid4()), "product": "", "indicator": "U01"},
    )

    assert response.status_code == 400
    assert message in response.json()["error"]
    assert recorded() == before
    assert stored_files() == files


def test_an_upload_larger_than_the_limit_is_refused_before_reading_it(
    client, enumerator, visit, settings
):
    settings.PATUH_EVIDENCE_MAX_BYTES = 2_000_000
    save_answers(visit, enumerator, [AnswerInput("", "U02", "yes")])
    before = recorded()
    client.force_login(enumerator)
    upload = io.BytesIO(b"\xff" * 2_100_000)
    upload.name = "besar.jpg"

    response = client.post(
        reverse("fieldwork:add_photo", args=[visit.uuid]),
        {"photo": upload, "client_id": str(uuid.uuid4()), "product": "", "indicator": "U01"},
    )

    assert response.status_code == 413
    assert response.json() == {
        "error": "Berkas lebih besar dari batas 2 MB; tidak ada yang disimpan."
    }
    assert recorded() == before
    assert stored_files() == []


def test_submit_lists_problems_then_succeeds_once_for_a_resent_request(client, enumerator, visit):
    client.force_login(enumerator)
    url = reverse("fieldwork:submit", args=[visit.uuid])
    client_id = str(uuid.uuid4())
    fill(visit, enumerator, with_photos=False)

    refused = post_json(client, url, {"client_id": client_id})
    assert refused.status_code == 422
    assert "Unit, U01: foto wajib dilampirkan." in refused.json()["problems"]

    fill(visit, enumerator)
    accepted = post_json(client, url, {"client_id": client_id})
    resent = post_json(client, url, {"client_id": client_id})

    assert accepted.status_code == resent.status_code == 200
    assert accepted.json() == resent.json()
    assert accepted.json()["status"] == "received"
    assert Submission.objects.count() == 1


def at_once(enumerator, send, times: int = 2) -> list:
    """`send(client)` from `times` phones of the enumerator at the same moment, each in a
    thread of its own with a database connection of its own, as a phone re-sending while its
    first attempt is still on its way."""
    phones = [Client() for _ in range(times)]
    for phone in phones:
        phone.force_login(enumerator)
    start = threading.Barrier(times)

    def go(phone):
        try:
            start.wait()
            return send(phone)
        finally:
            connection.close()

    with ThreadPoolExecutor(times) as pool:
        return list(pool.map(go, phones))


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


@pytest.mark.django_db(transaction=True)
def test_the_same_photo_sent_twice_at_once_is_stored_once(enumerator, visit):
    url = reverse("fieldwork:add_photo", args=[visit.uuid])
    data, client_id = photo_here(), str(uuid.uuid4())

    def send(phone):
        upload = io.BytesIO(data)
        upload.name = "papan.jpg"
        fields = {"photo": upload, "client_id": client_id, "product": "", "indicator": "U01"}
        return phone.post(url, fields)

    responses = at_once(enumerator, send)

    assert sorted(r.status_code for r in responses) == [200, 201]
    assert responses[0].json()["id"] == responses[1].json()["id"]
    assert Evidence.objects.count() == 1
    assert len(stored_files()) == 3  # the original, the display copy, the thumbnail


# Review


def test_the_reviewer_approves_and_the_official_score_follows(
    client, reviewer, enumerator, visit, open_cycle
):
    submission = submitted(visit, enumerator)
    client.force_login(reviewer)
    queue = client.get(reverse("fieldwork:queue", args=[open_cycle.code]))
    assert [s.pk for s in queue.context["submissions"]] == [submission.pk]

    page = client.get(reverse("fieldwork:submission", args=[submission.uuid]))
    assert page.status_code == 200
    assert "nilai bila disetujui: 100,00" in page.text

    response = client.post(
        reverse("fieldwork:decide", args=[submission.uuid]), {"decision": "approved"}, follow=True
    )

    assert "Keputusan dicatat" in response.text
    assert Answer.objects.filter(unit=visit.unit).count() == 21
    snapshot = ScoreSnapshot.objects.filter(cycle=open_cycle, kind="official").latest("pk")
    unit_score = snapshot.scores.get(level="unit", subject_id=visit.unit_id)
    assert str(unit_score.score) == "100.0000"


def test_the_reviewer_corrects_an_answer_into_a_new_version_and_compares(
    client, reviewer, enumerator, visit
):
    submission = submitted(visit, enumerator)
    client.force_login(reviewer)

    response = client.post(
        reverse("fieldwork:correct", args=[submission.uuid]),
        {
            "reason": "Papan maklumat tidak ada di foto",
            "value::U02": "no",
            "was::U02": "yes",
            "note::U02": "",
            "wasnote::U02": "",
            "value::U03": "yes",
            "was::U03": "yes",
        },
        follow=True,
    )

    second = Submission.objects.get(version=2)
    assert response.redirect_chain[-1][0] == reverse("fieldwork:submission", args=[second.uuid])
    assert second.answers.get(indicator="U02").value == "no"
    compare = client.get(reverse("fieldwork:compare", args=[second.uuid]), {"with": 1})
    [change] = compare.context["differences"]
    assert (change.indicator, change.before, change.after) == ("U02", "yes", "no")


def test_the_reviewer_sees_the_original_with_its_location_and_the_enumerator_does_not(
    client, reviewer, enumerator, officer_a, visit
):
    data = photo_here()
    evidence, _ = add_photo(
        visit, enumerator, product_code="", indicator_code="U01", data=data, client_id=uuid.uuid4()
    )
    original = reverse("fieldwork:evidence", args=[evidence.uuid, "original"])
    display = reverse("fieldwork:evidence", args=[evidence.uuid, "display"])

    client.force_login(reviewer)
    assert b"".join(client.get(original).streaming_content) == data

    client.force_login(enumerator)
    assert client.get(original).status_code == 404
    shown = b"".join(client.get(display).streaming_content)
    assert dict(Image.open(io.BytesIO(shown)).getexif()) == {}

    client.force_login(officer_a)
    assert client.get(display).status_code == 404


def test_preliminary_scores_are_computed_on_request_and_labelled(
    client, reviewer, enumerator, visit, open_cycle
):
    submitted(visit, enumerator)
    client.force_login(reviewer)

    response = client.post(reverse("fieldwork:preliminary", args=[open_cycle.code]), follow=True)

    assert "Nilai sementara dihitung" in response.text
    snapshot = ScoreSnapshot.objects.get(cycle=open_cycle, kind="preliminary")
    assert snapshot.scores.get(level="unit", subject_id=visit.unit_id).score is not None
    assert not Region.objects.filter(code="00").exists()


def test_the_units_satisfaction_survey_results_are_offered_on_the_skm_indicators(
    client, enumerator, visit, officer_a
):
    from patuh.satisfaction.services import submit_response
    from tests.satisfaction.conftest import survey_for

    survey = survey_for(visit.unit, officer_a)
    for address in ("10.0.0.1", "10.0.0.2"):
        submit_response(
            survey,
            answers={f"U{n}": 4 for n in range(1, 10)},
            product=None,
            profile={},
            suggestion="",
            address=address,
        )
    client.force_login(enumerator)

    response = client.get(reverse("fieldwork:visit", args=[visit.uuid]))

    u17 = response.text.split('data-key=":U17"')[1].split("</fieldset>")[0]
    assert "SKM 2025" in u17 and "IKM 100" in u17 and "2 responden" in u17
    u01 = response.text.split('data-key=":U01"')[1].split("</fieldset>")[0]
    assert "SKM 2025" not in u01


def test_a_performance_evaluation_has_no_visit_plan_or_review_queue(
    client, coordinator, reviewer, provider_a
):
    evaluation = factories.cycle([provider_a], code="pekppp-2025", instrument="pekppp-2022")
    client.force_login(coordinator)

    assert client.get(reverse("fieldwork:plan", args=[evaluation.code])).status_code == 404
    assert client.get(reverse("webcheck_websites", args=[evaluation.code])).status_code == 404
    home = client.get(reverse("home")).text
    assert reverse("fieldwork:plan", args=[evaluation.code]) not in home
    assert reverse("pekppp:index") in home
    client.force_login(reviewer)
    assert client.get(reverse("fieldwork:queue", args=[evaluation.code])).status_code == 404
