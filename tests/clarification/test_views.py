"""The klarifikasi pages as agency officers and reviewers use them."""

import csv
import io
import uuid

from django.conf import settings
from django.urls import reverse

from patuh.clarification.models import Objection, ObjectionEvidence
from tests import photos
from tests.clarification import scenario
from tests.clarification.conftest import object_to


def form(data: bytes | None = None, **fields) -> dict:
    photo = io.BytesIO(scenario.photo() if data is None else data)
    photo.name = "maklumat.jpg"
    return {
        "provider": "disdukcapil-a",
        "unit": "unit-1",
        "product": "",
        "indicator": "U01",
        "client_id": str(uuid.uuid4()),
        "reason": "Maklumat sudah dipajang di dinding ruang tunggu.",
        "evidence": photo,
        **fields,
    }


def page(client, cycle):
    return client.get(reverse("clarification:findings", args=[cycle.code]))


def test_officer_sees_findings_with_photos_but_not_who_visited_or_when(
    client, cycle, officer_a, enumerator
):
    client.force_login(officer_a)

    response = page(client, cycle)

    assert response.status_code == 200
    listed = response.context["findings"]
    assert [f.indicator for f in listed] == ["U01", "P01"]
    photo = listed[0].photos[0]
    assert reverse("clarification:finding_photo", args=[photo.uuid, "thumbnail"]) in response.text
    assert "Ajukan keberatan" in response.text
    assignment = photo.assignment
    for secret in (enumerator.username, f"{assignment.starts_on:%d-%m-%Y}", "latitude"):
        assert secret not in response.text


def test_a_finding_photo_reaches_its_officer_without_metadata(client, cycle, officer_a, officer_b):
    client.force_login(officer_a)
    photo = page(client, cycle).context["findings"][0].photos[0]
    url = reverse("clarification:finding_photo", args=[photo.uuid, "display"])

    response = client.get(url)

    body = b"".join(response.streaming_content)
    assert set(photos.jpeg_markers(body)).isdisjoint({photos.APP1, photos.APP13, photos.COM})
    original = reverse("clarification:finding_photo", args=[photo.uuid, "original"])
    assert client.get(original).status_code == 404
    client.force_login(officer_b)
    assert client.get(url).status_code == 404


def test_officer_files_an_objection_and_sees_it(client, cycle, officer_a):
    client.force_login(officer_a)

    response = client.post(reverse("clarification:file", args=[cycle.code]), form())

    assert response.status_code == 302
    objection = Objection.objects.get()
    assert (objection.filed_by, objection.indicator) == (officer_a, "U01")
    response = page(client, cycle)
    assert "Keberatan Anda telah diajukan" in response.text
    assert "Menunggu keputusan" in response.text
    evidence = objection.evidence.get()
    thumbnail = reverse("clarification:evidence", args=[evidence.uuid, "thumbnail"])
    assert thumbnail in response.text
    assert client.get(thumbnail).status_code == 200


def test_a_refused_objection_says_why_at_its_finding_and_keeps_the_reason(client, cycle, officer_a):
    client.force_login(officer_a)

    response = client.post(
        reverse("clarification:file", args=[cycle.code]),
        form(b"<svg onload=alert(1)>", reason="Alasan saya"),
    )

    assert response.status_code == 400
    assert "Berkas ini bukan gambar" in response.text
    assert "Alasan saya" in response.text
    assert Objection.objects.count() == ObjectionEvidence.objects.count() == 0


def test_after_the_phase_the_form_is_gone_and_a_post_is_refused(client, cycle, officer_a):
    phase = scenario.open_klarifikasi(cycle, first=-20, last=-1)
    client.force_login(officer_a)

    shown = page(client, cycle)
    response = client.post(reverse("clarification:file", args=[cycle.code]), form())

    assert "Ajukan keberatan" not in shown.text
    assert "tidak dapat diajukan lagi" in shown.text
    assert response.status_code == 400
    assert f"{phase.ends_on:%d-%m-%Y}" in response.text
    assert Objection.objects.count() == 0


def test_before_the_phase_no_finding_is_shown(client, cycle, officer_a):
    scenario.open_klarifikasi(cycle, first=3, last=20)
    client.force_login(officer_a)

    response = page(client, cycle)

    assert response.context["findings"] == []
    assert "U01" not in response.text


def test_an_officer_cannot_object_for_another_provider(client, cycle, officer_b):
    client.force_login(officer_b)

    response = client.post(reverse("clarification:file", args=[cycle.code]), form())

    assert response.status_code == 404
    assert Objection.objects.count() == 0


def test_reviewer_accepts_and_the_agency_sees_the_decision(
    client, cycle, provider_a, officer_a, reviewer
):
    objection, _ = object_to(cycle, provider_a, officer_a)
    client.force_login(reviewer)
    queue = client.get(reverse("clarification:queue", args=[cycle.code]))
    assert reverse("clarification:objection", args=[objection.uuid]) in queue.text
    detail = client.get(reverse("clarification:objection", args=[objection.uuid]))
    assert "Maklumat sudah dipajang" in detail.text

    response = client.post(
        reverse("clarification:decide", args=[objection.uuid]),
        {"decision": "accept", "value": "yes", "note": "Terbukti."},
    )

    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.status == "accepted"
    client.force_login(officer_a)
    shown = page(client, cycle)
    assert "Diterima" in shown.text and "Terbukti." in shown.text
    assert [f.indicator for f in shown.context["findings"]] == ["P01"]


def test_a_rejection_without_reason_is_refused_with_a_message(
    client, cycle, provider_a, officer_a, reviewer
):
    objection, _ = object_to(cycle, provider_a, officer_a)
    client.force_login(reviewer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.post(
        reverse("clarification:decide", args=[objection.uuid]),
        {"decision": "reject", "note": ""},
        follow=True,
    )

    assert "Say why the objection is rejected" in response.text
    objection.refresh_from_db()
    assert objection.status == "filed"


def test_the_report_page_and_csv_count_per_provider(client, cycle, provider_a, officer_a, reviewer):
    object_to(cycle, provider_a, officer_a)
    client.force_login(reviewer)

    assert provider_a.name in client.get(reverse("clarification:report", args=[cycle.code])).text
    response = client.get(reverse("clarification:report_csv", args=[cycle.code]))

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows == [
        ["provider_code", "provider", "filed", "accepted", "rejected", "pending"],
        [provider_a.code, provider_a.name, "1", "0", "0", "1"],
    ]


def test_the_officers_home_and_the_review_queue_link_the_clarification_pages(
    client, cycle, officer_a, reviewer
):
    client.force_login(officer_a)
    assert reverse("clarification:findings", args=[cycle.code]) in client.get("/").text

    client.force_login(reviewer)
    queue = client.get(reverse("fieldwork:queue", args=[cycle.code]))
    assert reverse("clarification:queue", args=[cycle.code]) in queue.text
    assert reverse("clarification:findings", args=[cycle.code]) not in client.get("/").text


def test_the_pages_take_the_same_queries_however_many_objections(
    client,
    cycle,
    provider_a,
    officer_a,
    reviewer,
    django_assert_num_queries,
    django_assert_max_num_queries,
):
    object_to(cycle, provider_a, officer_a)
    pages = [
        (reviewer, reverse("clarification:queue", args=[cycle.code])),
        (reviewer, reverse("clarification:report", args=[cycle.code])),
        (officer_a, reverse("clarification:findings", args=[cycle.code])),
    ]
    counts = []
    for user, url in pages:
        client.force_login(user)
        with django_assert_max_num_queries(100) as captured:
            client.get(url)
        counts.append(len(captured))
    object_to(cycle, provider_a, officer_a, indicator="P01", product="product-1")

    for (user, url), count in zip(pages, counts, strict=True):
        client.force_login(user)
        with django_assert_num_queries(count):
            client.get(url)
