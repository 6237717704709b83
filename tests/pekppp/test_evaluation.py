"""The evaluators' side (F-02): scores become official answers, completing a unit recomputes the
index and category, verification marks, reopening, and only the office's own evaluators."""

import datetime as dt
import uuid
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from patuh.accounts.models import Role, User
from patuh.assessments.models import Answer, AnswerSource
from patuh.audit.models import AuditEvent
from patuh.pekppp.models import Evaluation, Evidence, Verification
from patuh.scoring.models import ScoreSnapshot, SubjectScore
from tests import factories, html
from tests.pekppp.conftest import (
    fill_self_assessment,
    mark_submitted,
    score_everything,
    unit_indicators,
)

# Hand-computed example (pekppp-2022): Kebijakan 3 everywhere but 1.a.Ak (weight 17 of 100) at 5,
# so (17×5 + 83×3)/100 = 3.34; SDM 4; Sarana Prasarana 5; SIPP 2; Konsultasi dan Pengaduan 4;
# Inovasi 29.f.B 5 and 30.f.B 3 with equal weights, so 4. The index is
# (24×3.34 + 25×4 + 18×5 + 11×2 + 10×4 + 12×4)/100 = 380.16/100 = 3.8016 → 3.80, category B
# (3.51 up to 4.01).
BY_ASPECT = {"kebijakan": 3, "sdm": 4, "sarpras": 5, "sipp": 2, "pengaduan": 4}
BY_INDICATOR = {"1.a.Ak": 5, "29.f.B": 5, "30.f.B": 3}


def hand_score(indicator) -> str:
    return str(BY_INDICATOR.get(indicator.code, BY_ASPECT.get(indicator.dimension)))


def url(name, cycle, unit):
    return reverse(name, args=[cycle.code, unit.provider.code, unit.code])


def post_score(client, cycle, unit, indicator, score, **extra):
    data = {"indicator": indicator, "score": score, "comment": "", "verified": "no"} | extra
    return client.post(url("pekppp:score", cycle, unit), data, follow=True)


def tags(element) -> list[str]:
    return [tag.text for tag in element.find_all("span", class_="tag")]


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_index_and_category_per_unit_from_the_evaluators_scores(
    client, evaluator, cycle, unit_a, submitted_a
):
    client.force_login(evaluator)
    for indicator in unit_indicators(cycle):
        post_score(client, cycle, unit_a, indicator.code, hand_score(indicator))

    response = client.post(url("pekppp:complete", cycle, unit_a), follow=True)

    assert "Nilai dihitung ulang dari 30 jawaban." in messages_of(response)
    snapshot = ScoreSnapshot.objects.get(kind="official")
    row = SubjectScore.objects.get(snapshot=snapshot, level="unit", subject_id=unit_a.pk)
    assert row.score == Decimal("3.80")
    assert row.band == "B"
    assert row.dimensions == {
        "kebijakan": "3.34",
        "sdm": "4.00",
        "sarpras": "5.00",
        "sipp": "2.00",
        "pengaduan": "4.00",
        "inovasi": "4.00",
    }
    provider = SubjectScore.objects.get(
        snapshot=snapshot, level="provider", subject_id=unit_a.provider_id
    )
    assert (provider.score, provider.band) == (Decimal("3.80"), "B")
    assert Evaluation.objects.get(unit=unit_a).complete


def test_the_evaluators_score_is_the_official_answer_and_audited(
    client, evaluator, cycle, unit_a, submitted_a
):
    client.force_login(evaluator)

    post_score(client, cycle, unit_a, "5.a.K", "3", comment="Maklumat belum daring.")
    post_score(client, cycle, unit_a, "5.a.K", "4", comment="Maklumat sudah daring.")

    answer = Answer.objects.get(cycle=cycle, unit=unit_a, indicator="5.a.K")
    assert (answer.level, answer.value, answer.note) == ("unit", "4", "Maklumat sudah daring.")
    assert (answer.source, answer.answered_by) == (AnswerSource.MANUAL, evaluator)
    events = AuditEvent.objects.filter(object_type="assessments.answer").order_by("pk")
    assert [event.action for event in events] == ["create", "update"]
    assert events[1].before["value"] == "3" and events[1].after["value"] == "4"
    assert events[1].actor == evaluator


def test_field_verification_needs_a_date_that_has_passed(
    client, evaluator, cycle, unit_a, submitted_a
):
    client.force_login(evaluator)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    undated = post_score(client, cycle, unit_a, "16.c.As", "4", verified="yes")
    future = post_score(
        client, cycle, unit_a, "16.c.As", "4", verified="yes", verified_on=tomorrow.isoformat()
    )
    nonsense = post_score(
        client, cycle, unit_a, "16.c.As", "4", verified="yes", verified_on="16-09-2020"
    )

    assert "Isi tanggal verifikasi lapangan." in messages_of(undated)
    assert "Tanggal verifikasi lapangan tidak boleh di masa depan." in messages_of(future)
    assert "“16-09-2020” bukan tanggal (tahun-bulan-hari)." in messages_of(nonsense)
    assert not Answer.objects.exists() and not Verification.objects.exists()

    post_score(client, cycle, unit_a, "16.c.As", "4", verified="yes", verified_on="2025-01-06")
    mark = Verification.objects.get()
    assert (mark.verified, mark.verified_on) == (True, dt.date(2025, 1, 6))
    post_score(client, cycle, unit_a, "16.c.As", "4", verified="no", verified_on="2025-01-06")
    mark.refresh_from_db()
    assert (mark.verified, mark.verified_on) == (False, None)


def test_a_score_is_required_and_must_be_on_the_scale(
    client, evaluator, cycle, unit_a, submitted_a
):
    client.force_login(evaluator)

    missing = post_score(client, cycle, unit_a, "2.a.P", "")
    outside = client.post(
        url("pekppp:score", cycle, unit_a),
        {"indicator": "2.a.P", "score": "6", "comment": "", "verified": "no"},
        HTTP_HX_REQUEST="true",
    )

    assert "Pilih nilai dari 0 sampai 5 untuk 2.a.P." in messages_of(missing)
    assert outside.status_code == 200 and 'id="i-2-a-P"' in outside.text
    assert "bukan “6”" in outside.text
    assert not Answer.objects.exists()


def test_completing_needs_every_indicator_and_then_locks_until_reopened(
    client, evaluator, cycle, unit_a, submitted_a
):
    client.force_login(evaluator)
    score_everything(cycle, unit_a, evaluator)
    Answer.objects.filter(indicator__in=["29.f.B", "30.f.B"]).delete()

    refused = client.post(url("pekppp:complete", cycle, unit_a), follow=True)
    assert "Nilai semua indikator lebih dulu; belum dinilai: 29.f.B, 30.f.B." in messages_of(
        refused
    )
    assert not ScoreSnapshot.objects.exists()

    post_score(client, cycle, unit_a, "29.f.B", "4")
    post_score(client, cycle, unit_a, "30.f.B", "4")
    client.post(url("pekppp:complete", cycle, unit_a))
    again = client.post(url("pekppp:complete", cycle, unit_a), follow=True)
    assert "Evaluasi unit ini sudah selesai sebelumnya." in messages_of(again)
    assert ScoreSnapshot.objects.count() == 1

    locked = post_score(client, cycle, unit_a, "2.a.P", "1")
    assert any("buka kembali untuk mengubah nilai" in m for m in messages_of(locked))
    assert Answer.objects.get(indicator="2.a.P").value == "4"

    no_reason = client.post(url("pekppp:reopen", cycle, unit_a), {"reason": " "}, follow=True)
    assert "Tuliskan alasan evaluasi dibuka kembali." in messages_of(no_reason)
    client.post(url("pekppp:reopen", cycle, unit_a), {"reason": "Bukti baru dari unit"})
    assert not Evaluation.objects.get().complete
    assert AuditEvent.objects.filter(
        object_type="pekppp.evaluation", action="review", note="Bukti baru dari unit"
    ).exists()
    post_score(client, cycle, unit_a, "2.a.P", "1")
    assert Answer.objects.get(indicator="2.a.P").value == "1"


def test_evaluators_see_a_self_assessment_only_once_submitted(
    client, evaluator, officer_a, cycle, unit_a
):
    fill_self_assessment(cycle, unit_a, officer_a, score="2")
    document = Evidence.objects.get(kind="document")
    file_url = reverse("pekppp:evidence_file", args=[document.uuid, "file"])
    client.force_login(evaluator)

    draft = client.get(url("pekppp:evaluate", cycle, unit_a))
    assert "Belum dikirim: nilai mandiri dan bukti dukung unit tidak ditampilkan." in draft.text
    assert "Ada SK." not in draft.text
    assert client.get(file_url).status_code == 404

    client.force_login(officer_a)
    client.post(url("pekppp:submit", cycle, unit_a), {"key": str(uuid.uuid4())})
    client.force_login(evaluator)
    submitted = client.get(url("pekppp:evaluate", cycle, unit_a))
    assert "Ada SK." in submitted.text
    assert "sk-standar-pelayanan.pdf" in submitted.text
    assert "Nilai mandiri unit" in submitted.text
    assert client.get(file_url).status_code == 200


def test_a_draft_self_assessment_is_neither_scored_nor_completed(
    client, evaluator, officer_a, cycle, unit_a
):
    fill_self_assessment(cycle, unit_a, officer_a)
    client.force_login(evaluator)

    scored = post_score(client, cycle, unit_a, "2.a.P", "4")
    completed = client.post(url("pekppp:complete", cycle, unit_a), follow=True)

    refusal = (
        f"{unit_a.name} belum mengirim penilaian mandirinya; evaluator hanya menilai penilaian "
        "mandiri yang sudah dikirim."
    )
    assert refusal in messages_of(scored) and refusal in messages_of(completed)
    assert not Answer.objects.exists() and not Evaluation.objects.exists()
    assert not ScoreSnapshot.objects.exists()
    page = html.parse(client.get(url("pekppp:evaluate", cycle, unit_a)).text)
    assert page.one("p", **{"data-not-submitted": ""})
    assert all("disabled" in radio.attrs for radio in page.find_all("input", name="score"))
    assert not page.find_all("form", class_="submit-panel")


def test_the_units_list_and_the_unit_page_say_the_same(
    client, evaluator, officer_a, cycle, unit_a, unit_b
):
    fill_self_assessment(cycle, unit_a, officer_a)
    client.force_login(evaluator)

    listed = client.get(reverse("pekppp:evaluation_units", args=[cycle.code]))
    rows = {progress.unit.provider.code: progress for progress in listed.context["units"]}
    assert (rows["disdukcapil-a"].self_status, rows["disdukcapil-a"].scored) == ("draft", 0)
    assert (rows["dpmptsp-b"].self_status, rows["dpmptsp-b"].scored) == ("not_started", 0)
    # Each row's tags by the unit page it links to.
    row_tags = {
        row.one("th").first("a").attrs["href"]: tags(row)
        for row in html.parse(listed.text).one("tbody").find_all("tr")
    }
    for unit in (unit_a, unit_b):
        unit_url = url("pekppp:evaluate", cycle, unit)
        page = html.parse(client.get(unit_url).text)
        assert tags(page.one("dl", class_="facts")) == row_tags[unit_url]
    assert row_tags[url("pekppp:evaluate", cycle, unit_a)] == ["Draf", "Belum dimulai"]
    assert row_tags[url("pekppp:evaluate", cycle, unit_b)] == ["Belum dimulai", "Belum dimulai"]

    mark_submitted(cycle, unit_a, officer_a)
    post_score(client, cycle, unit_a, "2.a.P", "4")
    listed = html.parse(client.get(reverse("pekppp:evaluation_units", args=[cycle.code])).text)
    page = html.parse(client.get(url("pekppp:evaluate", cycle, unit_a)).text)
    unit_url = url("pekppp:evaluate", cycle, unit_a)
    row = next(
        r
        for r in listed.one("tbody").find_all("tr")
        if r.one("th").first("a").attrs["href"] == unit_url
    )
    assert tags(row) == tags(page.one("dl", class_="facts")) == ["Dikirim", "Sedang berjalan"]


def test_the_units_list_takes_a_fixed_number_of_queries(
    client, evaluator, cycle, django_assert_num_queries
):
    client.force_login(evaluator)
    list_url = reverse("pekppp:evaluation_units", args=[cycle.code])
    client.get(list_url)

    with django_assert_num_queries(9):
        client.get(list_url)
    cycle.providers.add(factories.provider("pkm-c", units=3))
    with django_assert_num_queries(9):
        client.get(list_url)


def test_evaluators_of_another_office_and_coordinators_cannot_score(
    client, coordinator, cycle, unit_a
):
    elsewhere = factories.office("biro-sumsel", "Biro Organisasi Sumatera Selatan")
    stranger = User.objects.create_user(
        "evaluator-elsewhere", password="x", role=Role.EVALUATOR, office=elsewhere
    )
    for user in (stranger, coordinator):
        client.force_login(user)
        page = client.get(url("pekppp:evaluate", cycle, unit_a))
        scored = client.post(url("pekppp:score", cycle, unit_a), {"indicator": "2.a.P"})
        assert (user.username, page.status_code, scored.status_code) in {
            ("evaluator-elsewhere", 404, 404),
            ("coordinator", 403, 403),
        }
    assert not Answer.objects.exists()
