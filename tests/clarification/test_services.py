"""Objections from filing to decision, through the services: findings, the window, evidence,
corrections that change the scores, notifications, audit and the report."""

import datetime as dt
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from patuh.assessments.models import Answer, Level
from patuh.audit.models import AuditEvent
from patuh.clarification import services
from patuh.clarification.models import Objection, ObjectionEvidence
from patuh.clarification.services import ClarificationError, accept, findings, reject, report
from patuh.fieldwork.models import Submission
from patuh.scoring.models import ScoreSnapshot, SubjectScore
from patuh.scoring.services import compute_snapshot, latest_snapshot
from tests import photos
from tests.clarification import scenario
from tests.clarification.conftest import object_to

pytestmark = pytest.mark.usefixtures("in_english")


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "objections"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def provider_score(cycle, provider, kind=ScoreSnapshot.Kind.PRELIMINARY):
    snapshot = latest_snapshot(cycle, kind)
    return SubjectScore.objects.get(
        snapshot=snapshot, level=Level.PROVIDER, subject_id=provider.pk
    ).score


def test_an_agency_sees_the_failed_indicators_of_its_own_units_with_their_photos(
    cycle, provider_a, provider_b
):
    listed = findings(cycle, [provider_a], "en")

    assert [(f.level, f.product.code if f.product else "", f.indicator) for f in listed] == [
        ("unit", "", "U01"),
        ("product", "product-1", "P01"),
    ]
    assert listed[0].answer == "No"
    assert listed[0].fix.startswith("Issue a service declaration")
    assert len(listed[0].photos) == 1
    assert findings(cycle, [provider_b], "en") == []


def test_an_objection_is_filed_with_a_photo_and_the_office_is_told(
    cycle, provider_a, officer_a, reviewer, coordinator
):
    objection, created = object_to(cycle, provider_a, officer_a)

    assert created
    objection.refresh_from_db()
    assert (objection.status, objection.answer, objection.unit.code) == ("filed", "no", "unit-1")
    evidence = objection.evidence.get()
    assert evidence.kind == "image" and evidence.display and evidence.thumbnail
    assert sorted(m.to[0] for m in mail.outbox) == sorted([reviewer.email, coordinator.email])
    assert "U01" in mail.outbox[0].body
    assert AuditEvent.objects.filter(
        object_type="clarification.objection", object_id=str(objection.pk), action="create"
    ).exists()


def test_the_same_upload_sent_again_is_filed_once(cycle, provider_a, officer_a):
    client_id = uuid.uuid4()
    first, _ = object_to(cycle, provider_a, officer_a, client_id=client_id)

    again, created = object_to(cycle, provider_a, officer_a, client_id=client_id)

    assert (again, created) == (first, False)
    assert ObjectionEvidence.objects.count() == 1


def test_a_finding_is_objected_to_once(cycle, provider_a, officer_a):
    object_to(cycle, provider_a, officer_a)

    with pytest.raises(ClarificationError, match="objected to already"):
        object_to(cycle, provider_a, officer_a)
    assert Objection.objects.count() == 1


def test_nothing_can_be_filed_after_the_phase_closes(cycle, provider_a, officer_a):
    phase = scenario.open_klarifikasi(cycle, first=-20, last=-1)

    with pytest.raises(ClarificationError) as refused:
        object_to(cycle, provider_a, officer_a)

    assert str(refused.value) == (
        f"The clarification phase closed on {phase.ends_on:%d-%m-%Y};"
        " objections can no longer be filed."
    )
    assert Objection.objects.count() == ObjectionEvidence.objects.count() == 0
    assert stored_files() == [] and mail.outbox == []


def test_nothing_can_be_filed_before_the_phase_starts(cycle, provider_a, officer_a):
    scenario.open_klarifikasi(cycle, first=2, last=10)

    with pytest.raises(ClarificationError, match="can be filed from"):
        object_to(cycle, provider_a, officer_a)
    assert Objection.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"MZ\x90\x00 not a photo at all", "not an image"),
        (photos.decompression_bomb(), "pixels"),
        (b"%PDF-1.7\n garbage that is no PDF", "PDF is damaged"),
    ],
)
def test_evidence_that_fails_the_vetting_is_refused_and_changes_nothing(
    cycle, provider_a, officer_a, data, message
):
    with pytest.raises(ClarificationError, match=message):
        object_to(cycle, provider_a, officer_a, data=data)

    assert Objection.objects.count() == ObjectionEvidence.objects.count() == 0
    assert stored_files() == [] and mail.outbox == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"reason": "   "}, "Say why"),
        ({"indicator": "U02"}, "no finding about U02"),
        ({"data": b""}, "Add a photo or a PDF"),
    ],
)
def test_an_objection_without_reason_finding_or_evidence_is_refused(
    cycle, provider_a, officer_a, fields, message
):
    with pytest.raises(ClarificationError, match=message):
        object_to(cycle, provider_a, officer_a, **fields)
    assert Objection.objects.count() == 0


def test_an_agency_cannot_object_to_another_agencys_finding(cycle, provider_b, officer_b):
    with pytest.raises(ClarificationError, match="no finding"):
        object_to(cycle, provider_b, officer_b)


def test_accepting_corrects_the_answer_as_a_new_approved_version_and_raises_the_score(
    cycle, provider_a, officer_a, reviewer
):
    objection, _ = object_to(cycle, provider_a, officer_a)
    before = provider_score(cycle, provider_a)
    mail.outbox.clear()

    accept(objection, reviewer, "yes", "Foto dari agensi meyakinkan.")

    objection.refresh_from_db()
    assert (objection.status, objection.corrected_value) == ("accepted", "yes")
    assert objection.decided_by == reviewer
    correction = objection.correction
    assert (correction.version, correction.status) == (2, Submission.Status.APPROVED)
    assert correction.reason.startswith("Objection accepted")
    official = Answer.objects.get(cycle=cycle, unit=objection.unit, indicator="U01")
    assert official.value == "yes"
    assert provider_score(cycle, provider_a) > before
    assert [f.indicator for f in findings(cycle, [provider_a], "en")] == ["P01"]
    assert [m.to[0] for m in mail.outbox] == [officer_a.email]
    # In the officer's language, Indonesian by default.
    assert mail.outbox[0].subject == "Keberatan Anda tentang U01 diterima"
    assert AuditEvent.objects.filter(
        object_type="clarification.objection", object_id=str(objection.pk), action="review"
    ).exists()


def test_released_scores_reflect_an_accepted_objection(cycle, provider_a, officer_a, reviewer):
    objection, _ = object_to(cycle, provider_a, officer_a)
    compute_snapshot(cycle)
    before = provider_score(cycle, provider_a, ScoreSnapshot.Kind.OFFICIAL)

    accept(objection, reviewer, "yes")
    compute_snapshot(cycle)

    assert provider_score(cycle, provider_a, ScoreSnapshot.Kind.OFFICIAL) > before
    unit = SubjectScore.objects.get(
        snapshot=latest_snapshot(cycle, ScoreSnapshot.Kind.OFFICIAL),
        level=Level.UNIT,
        subject_id=objection.unit_id,
    )
    assert "U01" not in unit.shortfalls


def test_a_product_finding_is_corrected_for_that_product(cycle, provider_a, officer_a, reviewer):
    objection, _ = object_to(cycle, provider_a, officer_a, indicator="P01", product="product-1")

    accept(objection, reviewer, "baik")

    official = Answer.objects.get(cycle=cycle, product=objection.product, indicator="P01")
    assert official.value == "baik"


def test_accepting_with_an_answer_the_indicator_cannot_take_changes_nothing(
    cycle, provider_a, officer_a, reviewer
):
    objection, _ = object_to(cycle, provider_a, officer_a)

    with pytest.raises(ClarificationError):
        accept(objection, reviewer, "maybe")
    with pytest.raises(ClarificationError, match="other than the current"):
        accept(objection, reviewer, "no")

    objection.refresh_from_db()
    assert objection.status == "filed"
    assert Submission.objects.filter(assignment__cycle=cycle).count() == 1


def test_rejecting_needs_a_reason_and_keeps_the_answer(cycle, provider_a, officer_a, reviewer):
    objection, _ = object_to(cycle, provider_a, officer_a)
    mail.outbox.clear()

    with pytest.raises(ClarificationError, match="Say why"):
        reject(objection, reviewer, " ")
    reject(objection, reviewer, "Foto tidak menunjukkan ruang pelayanan.")

    objection.refresh_from_db()
    assert (objection.status, objection.decision_note) == (
        "rejected",
        "Foto tidak menunjukkan ruang pelayanan.",
    )
    assert Answer.objects.get(cycle=cycle, unit=objection.unit, indicator="U01").value == "no"
    assert [m.to[0] for m in mail.outbox] == [officer_a.email]


def test_a_decided_objection_is_not_decided_again(cycle, provider_a, officer_a, reviewer):
    objection, _ = object_to(cycle, provider_a, officer_a)
    reject(objection, reviewer, "Tidak meyakinkan.")

    with pytest.raises(ClarificationError, match="decided already"):
        accept(objection, reviewer, "yes")


def test_the_report_counts_objections_per_provider(cycle, provider_a, officer_a, reviewer):
    first, _ = object_to(cycle, provider_a, officer_a)
    second, _ = object_to(cycle, provider_a, officer_a, indicator="P01", product="product-1")
    accept(first, reviewer, "yes")
    reject(second, reviewer, "Tidak meyakinkan.")

    (tally,) = report(cycle)

    assert (tally.provider, tally.filed, tally.accepted, tally.rejected, tally.pending) == (
        provider_a,
        2,
        1,
        1,
        0,
    )


def test_the_window_runs_on_its_first_and_last_day(cycle):
    phase = scenario.open_klarifikasi(cycle, first=0, last=0)
    cycle.refresh_from_db()

    assert services.is_open(cycle, phase.starts_on)
    assert not services.is_open(cycle, phase.starts_on + dt.timedelta(days=1))
    assert services.has_started(cycle, phase.starts_on + dt.timedelta(days=1))
