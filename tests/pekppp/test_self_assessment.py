"""The unit's self-assessment (F-01): self-scores with the rubric on screen, evidence of three
kinds checked before anything is stored, an idempotent submission, and nobody else's units."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from patuh.assessments.models import Phase
from patuh.audit.models import AuditEvent
from patuh.pekppp import self_assessment as services
from patuh.pekppp.models import Evidence, SelfAssessment, SelfScore
from tests import photos
from tests.documents import pdf, pdf_made_by_pypdf, text_named_pdf
from tests.pekppp.conftest import fill_self_assessment
from tests.satisfaction.conftest import survey_for
from tests.storage import stored_files


def page(cycle, unit, name="pekppp:self_assessment"):
    return reverse(name, args=[cycle.code, unit.provider.code, unit.code])


def upload(client, cycle, unit, kind, data, name, indicator="1.a.Ak", client_id=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        page(cycle, unit, "pekppp:add_evidence"),
        {
            "indicator": indicator,
            "kind": kind,
            "client_id": str(client_id or uuid.uuid4()),
            "file": SimpleUploadedFile(name, data),
        },
        follow=True,
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_form_shows_every_indicator_with_its_rubric_per_level(client, officer_a, cycle, unit_a):
    client.force_login(officer_a)

    response = client.get(page(cycle, unit_a))

    assert response.status_code == 200
    text = response.text
    assert len(response.context["sections"]) == 6
    assert response.context["total"] == 30
    # 1.a.Ak's rubric, level 0 and level 5, as the instrument writes them.
    assert "Tidak ada SP." in text
    assert "Seperti nilai 4, dan pelaksanaannya dipantau serta dievaluasi." in text
    assert text.count('name="score" value="5"') == 30
    assert "Unggah dokumen (PDF)" in text and "Tambah tautan" in text


def test_saving_a_self_score_keeps_score_and_explanation_and_is_audited(
    client, officer_a, cycle, unit_a
):
    client.force_login(officer_a)
    data = {"indicator": "2.a.P", "score": "3", "explanation": "Tiga unsur dilibatkan."}

    response = client.post(page(cycle, unit_a, "pekppp:save_self_score"), data)
    again = client.post(page(cycle, unit_a, "pekppp:save_self_score"), data)

    assert response.status_code == again.status_code == 302
    score = SelfScore.objects.get()
    assert (score.indicator, score.score, score.explanation) == ("2.a.P", 3, data["explanation"])
    assert score.self_assessment.status == SelfAssessment.Status.DRAFT
    # Sent twice, stored once: one creation, no empty update.
    assert AuditEvent.objects.filter(object_type="pekppp.selfscore").count() == 1


def test_htmx_save_returns_the_indicator_with_its_state(client, officer_a, cycle, unit_a):
    client.force_login(officer_a)

    response = client.post(
        page(cycle, unit_a, "pekppp:save_self_score"),
        {"indicator": "2.a.P", "score": "7", "explanation": ""},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert 'id="i-2-a-P"' in response.text
    assert "2.a.P menerima bilangan bulat dari 0 sampai 5, bukan “7”." in response.text
    assert not SelfScore.objects.exists()


def test_nothing_changes_outside_the_self_assessment_phase(client, officer_a, cycle, unit_a):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    cycle.phases.filter(kind=Phase.Kind.PENILAIAN_MANDIRI).update(
        starts_on=yesterday - dt.timedelta(days=10), ends_on=yesterday
    )
    client.force_login(officer_a)

    response = client.post(
        page(cycle, unit_a, "pekppp:save_self_score"),
        {"indicator": "2.a.P", "score": "3", "explanation": "x"},
        follow=True,
    )

    assert any("tidak hari ini" in message for message in messages_of(response))
    assert not SelfScore.objects.exists()
    assert "Penilaian mandiri tidak dibuka hari ini" in client.get(page(cycle, unit_a)).text


def test_a_pdf_document_is_stored_with_its_pages(client, officer_a, cycle, unit_a):
    client.force_login(officer_a)

    response = upload(client, cycle, unit_a, "document", pdf("SK", pages=2), "sk-sp.pdf")

    evidence = Evidence.objects.get()
    assert (evidence.kind, evidence.pages, evidence.title) == ("document", 2, "sk-sp.pdf")
    assert evidence.content_type == "application/pdf"
    assert len(stored_files()) == 1
    assert "1.a.Ak: “sk-sp.pdf” ditambahkan." in messages_of(response)
    file = client.get(reverse("pekppp:evidence_file", args=[evidence.uuid, "file"]))
    assert file["Content-Type"] == "application/pdf"
    assert file["Content-Disposition"].startswith("attachment")
    assert b"".join(file.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("kind", "make", "name", "problem"),
    [
        ("document", text_named_pdf, "sp.pdf", "Berkas ini bukan dokumen PDF."),
        ("document", lambda: pdf("SK", pages=301), "sp.pdf", "PDF ini 301 halaman"),
        ("document", lambda: pdf_made_by_pypdf(script=True), "sp.pdf", "berisi JavaScript"),
        ("document", lambda: pdf_made_by_pypdf(attachment=True), "sp.pdf", "berkas lain"),
        ("image", photos.decompression_bomb, "foto.png", "piksel"),
        ("image", photos.text_named_jpg, "foto.jpg", "bukan gambar"),
    ],
)
def test_hostile_uploads_are_refused_with_a_message_and_nothing_is_stored(
    client, officer_a, cycle, unit_a, kind, make, name, problem
):
    client.force_login(officer_a)

    response = upload(client, cycle, unit_a, kind, make(), name)

    assert response.status_code == 200
    refused = [m for m in messages_of(response) if m.startswith("Tidak disimpan:")]
    assert len(refused) == 1 and problem in refused[0]
    assert not Evidence.objects.exists()
    assert not SelfAssessment.objects.exists()
    assert stored_files() == []


def test_an_oversized_pdf_is_refused(client, officer_a, cycle, unit_a, settings):
    settings.PATUH_DOCUMENT_MAX_BYTES = 1_000_000
    settings.PATUH_EVIDENCE_MAX_BYTES = 2_000_000
    client.force_login(officer_a)
    big = pdf("SK", ["x" * 80] * 40, pages=400)
    assert 1_000_000 < len(big) < 2_000_000

    response = upload(client, cycle, unit_a, "document", big, "sk.pdf")

    assert messages_of(response) == [
        f"Tidak disimpan: Berkas ini berukuran {len(big) / 1e6:.1f} MB;"
        " dokumen paling besar 1.0 MB."
    ]
    assert not Evidence.objects.exists()
    assert stored_files() == []


def test_an_upload_far_over_every_limit_is_refused_before_it_is_read(
    client, officer_a, cycle, unit_a, settings
):
    settings.PATUH_DOCUMENT_MAX_BYTES = settings.PATUH_EVIDENCE_MAX_BYTES = 1_000_000
    client.force_login(officer_a)
    big = pdf("SK", ["x" * 80] * 40, pages=400)
    assert len(big) > 1_100_000

    response = upload(client, cycle, unit_a, "document", big, "sk.pdf")

    assert messages_of(response) == ["Berkas lebih besar dari batas 1 MB; tidak ada yang disimpan."]
    assert not Evidence.objects.exists()


def test_links_must_be_http_or_https(client, officer_a, cycle, unit_a):
    client.force_login(officer_a)
    url = page(cycle, unit_a, "pekppp:add_evidence")
    for address in ("javascript:alert(1)", "ftp://unit.go.id/sp.pdf", "not a link"):
        response = client.post(
            url,
            {
                "indicator": "3.a.T",
                "kind": "link",
                "client_id": str(uuid.uuid4()),
                "address": address,
            },
            follow=True,
        )
        assert any("bukan alamat web" in m for m in messages_of(response)), address
    assert not Evidence.objects.exists()

    client.post(
        url,
        {
            "indicator": "3.a.T",
            "kind": "link",
            "client_id": str(uuid.uuid4()),
            "address": "https://dpmptsp.babelprov.go.id/standar-pelayanan",
            "title": "SP di web",
        },
    )
    link = Evidence.objects.get()
    assert (link.kind, link.title, link.url) == (
        "link",
        "SP di web",
        "https://dpmptsp.babelprov.go.id/standar-pelayanan",
    )


def test_the_same_upload_sent_twice_is_stored_once(client, officer_a, cycle, unit_a, picture):
    client.force_login(officer_a)
    key = uuid.uuid4()

    upload(client, cycle, unit_a, "image", picture, "loket.jpg", client_id=key)
    upload(client, cycle, unit_a, "image", picture, "loket.jpg", client_id=key)

    image = Evidence.objects.get()
    assert image.kind == "image" and image.display and image.thumbnail
    assert len(stored_files()) == 3
    thumbnail = client.get(reverse("pekppp:evidence_file", args=[image.uuid, "thumbnail"]))
    assert thumbnail["Content-Type"] == "image/jpeg"


def test_removing_evidence_deletes_its_files(
    client, officer_a, cycle, unit_a, django_capture_on_commit_callbacks
):
    client.force_login(officer_a)
    upload(client, cycle, unit_a, "document", pdf("SK"), "sk.pdf")
    evidence = Evidence.objects.get()
    assert len(stored_files()) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            page(cycle, unit_a, "pekppp:remove_evidence"), {"evidence": str(evidence.uuid)}
        )

    assert response["Location"].endswith("?open=1.a.Ak#i-1-a-Ak")
    assert not Evidence.objects.exists()
    assert stored_files() == []


def test_skm_indicators_offer_the_units_surveys_as_evidence(client, officer_a, cycle, unit_a):
    survey = survey_for(unit_a, officer_a)
    client.force_login(officer_a)

    text = client.get(page(cycle, unit_a)).text
    assert text.count("Kutip survei kepuasan") == 2  # 6.a.B and 7.a.T
    client.post(
        page(cycle, unit_a, "pekppp:add_evidence"),
        {
            "indicator": "6.a.B",
            "kind": "survey",
            "client_id": str(uuid.uuid4()),
            "survey": str(survey.uuid),
        },
    )
    cited = Evidence.objects.get()
    assert (cited.kind, cited.survey, cited.indicator) == ("survey", survey, "6.a.B")

    response = client.post(
        page(cycle, unit_a, "pekppp:add_evidence"),
        {
            "indicator": "1.a.Ak",
            "kind": "survey",
            "client_id": str(uuid.uuid4()),
            "survey": str(survey.uuid),
        },
        follow=True,
    )
    assert any("tidak menerima hasil survei kepuasan" in m for m in messages_of(response))


def test_submitting_lists_what_is_missing(client, officer_a, cycle, unit_a):
    fill_self_assessment(cycle, unit_a, officer_a, skip=("30.f.B",))
    services.save_self_score(
        cycle, unit_a, officer_a, indicator="29.f.B", score="2", explanation=""
    )
    client.force_login(officer_a)

    response = client.post(
        page(cycle, unit_a, "pekppp:submit"), {"key": str(uuid.uuid4())}, follow=True
    )

    shown = messages_of(response)
    assert "Penilaian mandiri belum dapat dikirim." in shown
    assert "29.f.B: belum ada penjelasan." in shown
    assert "30.f.B: belum ada nilai mandiri." in shown
    assert SelfAssessment.objects.get().status == SelfAssessment.Status.DRAFT


def test_submitting_is_idempotent_and_final(client, officer_a, cycle, unit_a):
    fill_self_assessment(cycle, unit_a, officer_a)
    client.force_login(officer_a)
    key = str(uuid.uuid4())

    first = client.post(page(cycle, unit_a, "pekppp:submit"), {"key": key}, follow=True)
    assessment = SelfAssessment.objects.get()
    submitted_at = assessment.submitted_at
    again = client.post(page(cycle, unit_a, "pekppp:submit"), {"key": key}, follow=True)

    assert "Penilaian mandiri telah dikirim ke evaluator." in messages_of(first)
    assert "Penilaian mandiri sudah dikirim sebelumnya." in messages_of(again)
    assessment.refresh_from_db()
    assert assessment.status == SelfAssessment.Status.SUBMITTED
    assert assessment.submitted_at == submitted_at
    assert assessment.submitted_by == officer_a
    assert (
        AuditEvent.objects.filter(object_type="pekppp.selfassessment", action="update").count() == 1
    )
    refused = client.post(
        page(cycle, unit_a, "pekppp:save_self_score"),
        {"indicator": "2.a.P", "score": "5", "explanation": "x"},
        follow=True,
    )
    assert any("tidak dapat diubah lagi" in m for m in messages_of(refused))
    assert SelfScore.objects.get(indicator="2.a.P").score == 3
    assert 'name="score" value="5" disabled' in client.get(page(cycle, unit_a)).text


def test_officers_of_another_provider_get_404_everywhere(
    client, officer_a, officer_b, cycle, unit_a
):
    fill_self_assessment(cycle, unit_a, officer_a)
    client.force_login(officer_b)

    assert client.get(page(cycle, unit_a)).status_code == 404
    for name in ("save_self_score", "add_evidence", "remove_evidence", "submit"):
        assert client.post(page(cycle, unit_a, f"pekppp:{name}"), {}).status_code == 404
    evidence = Evidence.objects.first()
    assert (
        client.get(reverse("pekppp:evidence_file", args=[evidence.uuid, "file"])).status_code == 404
    )


def test_an_officer_sees_only_their_own_units_in_the_index(client, officer_a, cycle, unit_a):
    client.force_login(officer_a)

    response = client.get(reverse("pekppp:index"))

    (listed,) = response.context["cycles"]
    assert [p.unit for p in listed.own_units] == [unit_a]
    assert "Belum dirilis" in response.text


def test_the_index_tells_evaluators_but_not_officers_when_field_verification_runs(
    client, officer_a, evaluator, cycle
):
    today = timezone.localdate()
    last = today + dt.timedelta(days=23)
    cycle.phases.filter(kind=Phase.Kind.VERIFIKASI).update(
        starts_on=today - dt.timedelta(days=1), ends_on=last
    )
    with translation.override("id"):
        shown = formats.date_format(last, "DATE_FORMAT")

    client.force_login(evaluator)
    staff = client.get(reverse("pekppp:index")).text
    client.force_login(officer_a)
    officer = client.get(reverse("pekppp:index")).text

    assert "Verifikasi lapangan" in staff and shown in staff
    assert "Verifikasi lapangan" not in officer and shown not in officer
    # The self-assessment, which the officer fills, still shows.
    assert "Penilaian mandiri" in officer
