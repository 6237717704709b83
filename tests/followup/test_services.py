"""Opening findings on release, the state machine they share with product items, products."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from patuh.audit.models import AuditEvent
from patuh.evidence.refusals import EvidenceRejected
from patuh.evidence.services import Kind, Upload
from patuh.followup import services
from patuh.followup.models import Finding, FollowupPeriod, Product
from patuh.jobs.models import Job
from patuh.jobs.services import execute
from patuh.notifications.models import OutboxMessage
from patuh.results.services import release_latest
from patuh.scoring.services import compute_snapshot
from tests.followup.conftest import photo
from tests.results.helpers import set_answers

State = Finding.State


def test_release_opens_a_finding_for_each_failed_indicator_of_b(released, provider_b):
    findings = Finding.objects.filter(cycle=released)

    assert findings.count() == provider_b.units.get().products.count()
    finding = findings.first()
    assert (finding.provider, finding.indicator, finding.state) == (provider_b, "P01", State.OPEN)
    assert finding.due == timezone.localdate() + dt.timedelta(days=60)
    assert finding.kind == Finding.FINDING
    assert AuditEvent.objects.filter(object_type="followup.finding", action="create").exists()


def test_with_a_worker_the_release_leaves_opening_the_findings_to_a_job(
    settings, scored_cycle, coordinator, provider_b, officer_b, django_capture_on_commit_callbacks
):
    """A national cycle's findings take minutes to open: longer than a request may last."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        release_latest(scored_cycle, coordinator)

    assert scored_cycle.snapshots.latest().released_at is not None
    assert not Finding.objects.exists()
    job = Job.objects.get(kind="release_findings", cycle=scored_cycle)
    assert job.status == Job.Status.QUEUED

    # What `patuh db_worker` does with the queued task.
    with django_capture_on_commit_callbacks(execute=True):
        execute(job.pk)

    job.refresh_from_db()
    opened = Finding.objects.filter(cycle=scored_cycle)
    assert job.status == Job.Status.SUCCEEDED
    assert job.result["opened"] == opened.count() == provider_b.units.get().products.count()
    assert OutboxMessage.objects.filter(recipient=officer_b, event="followup_assigned").exists()


def test_a_corrected_release_opens_only_new_findings_and_uses_the_cycle_period(
    released, provider_a, coordinator
):
    before = Finding.objects.count()
    FollowupPeriod.objects.create(cycle=released, days=30)
    set_answers(released, provider_a)
    compute_snapshot(released, user=coordinator)

    release_latest(released, coordinator)

    new = Finding.objects.filter(provider=provider_a)
    assert Finding.objects.count() == before + new.count() > before
    assert {f.due for f in new} == {timezone.localdate() + dt.timedelta(days=30)}


def test_the_agency_reports_done_with_a_photo_and_the_office_verifies(
    released, officer_b, coordinator
):
    finding = Finding.objects.filter(cycle=released).first()

    finding = services.start(finding, officer_b)
    finding = services.report_done(
        finding, officer_b, " Papan dipasang. ", [(photo(), uuid.uuid4())]
    )
    assert (finding.state, finding.note, finding.reported_by) == (
        State.REPORTED,
        "Papan dipasang.",
        officer_b,
    )
    assert finding.evidence.get().thumbnail

    finding = services.verify(finding, coordinator)

    finding.refresh_from_db()
    assert (finding.state, finding.decided_by) == (State.VERIFIED, coordinator)
    states = [
        event.after["state"]
        for event in AuditEvent.objects.filter(
            object_type="followup.finding", action="update"
        ).order_by("pk")
    ]
    assert states == [State.IN_PROGRESS, State.REPORTED, State.VERIFIED]


def test_a_report_without_evidence_or_note_changes_nothing(released, officer_b):
    finding = Finding.objects.filter(cycle=released).first()

    with pytest.raises(services.FollowupError, match=r"foto atau dokumen|photo or a document"):
        services.report_done(finding, officer_b, "Sudah")
    with pytest.raises(services.FollowupError):
        services.report_done(finding, officer_b, "  ", [(photo(), uuid.uuid4())])

    finding.refresh_from_db()
    assert finding.state == State.OPEN
    assert not finding.evidence.exists()


def test_evidence_that_fails_the_vetting_is_refused_and_nothing_changes(released, officer_b):
    finding = Finding.objects.filter(cycle=released).first()

    with pytest.raises(EvidenceRejected):
        services.report_done(
            finding, officer_b, "Sudah", [(Upload(Kind.IMAGE, b"not a photo"), uuid.uuid4())]
        )

    finding.refresh_from_db()
    assert finding.state == State.OPEN
    assert not finding.evidence.exists()


def test_sending_back_needs_a_reason_and_the_agency_may_report_again(
    released, officer_b, coordinator
):
    finding = Finding.objects.filter(cycle=released).first()
    finding = services.report_done(finding, officer_b, "Sudah", [(photo(), uuid.uuid4())])

    with pytest.raises(services.FollowupError):
        services.send_back(finding, coordinator, " ")
    finding = services.send_back(finding, coordinator, "Foto tidak menunjukkan papan.")

    assert (finding.state, finding.reason) == (State.SENT_BACK, "Foto tidak menunjukkan papan.")
    finding = services.report_done(
        finding, officer_b, "Sudah, foto baru", [(photo(), uuid.uuid4())]
    )
    assert (finding.state, finding.reason) == (State.REPORTED, "")


def test_an_item_moves_only_along_the_state_machine(released, coordinator):
    finding = Finding.objects.filter(cycle=released).first()

    with pytest.raises(services.FollowupError):
        services.verify(finding, coordinator)
    with pytest.raises(services.FollowupError):
        services.send_back(finding, coordinator, "no")

    finding.refresh_from_db()
    assert finding.state == State.OPEN


def test_overdue_is_derived_from_the_due_date_while_the_agency_owes_the_item(released):
    finding = Finding.objects.filter(cycle=released).first()
    after_due = finding.due + dt.timedelta(days=1)

    assert not finding.is_overdue(finding.due)
    assert finding.is_overdue(after_due)
    finding.state = State.REPORTED
    assert not finding.is_overdue(after_due)


def spec(owner, **changes) -> services.ProductSpec:
    values = {
        "kind": Product.Kind.REKOMENDASI,
        "number": "0012/REK/0395.2025/BB/VI/2025",
        "issued_on": dt.date(2025, 6, 2),
        "deadline": None,
        "owner": owner,
        "items": ["Tetapkan standar pelayanan", "", "Sediakan sarana pengaduan"],
    }
    return services.ProductSpec(**(values | changes))


def test_a_recommendation_is_due_60_days_after_its_date_with_its_items(
    released, provider_a, coordinator
):
    product = services.register_product(released, spec(provider_a), coordinator)

    assert product.deadline == dt.date(2025, 8, 1)
    items = product.items.order_by("pk")
    assert [item.text for item in items] == [
        "Tetapkan standar pelayanan",
        "Sediakan sarana pengaduan",
    ]
    assert {(i.provider, i.kind, i.due, i.state) for i in items} == {
        (provider_a, "rekomendasi", dt.date(2025, 8, 1), State.OPEN)
    }


def test_a_product_is_addressed_to_a_government_too(released, provider_a, coordinator):
    government = provider_a.government
    product = services.register_product(
        released,
        spec(government, kind=Product.Kind.SARAN_PERBAIKAN, deadline=dt.date(2025, 9, 1)),
        coordinator,
    )

    assert product.owner == government
    assert product.items.filter(government=government, provider=None).count() == 2


def test_a_product_with_a_deadline_before_its_date_is_refused(released, provider_a, coordinator):
    wrong = spec(provider_a, deadline=dt.date(2025, 5, 1))

    with pytest.raises(services.FollowupError, match="2025-05-01"):
        services.register_product(released, wrong, coordinator)

    assert not Product.objects.exists()
    assert not Finding.objects.exclude(kind=Finding.FINDING).exists()


def test_other_kinds_need_a_deadline_and_numbers_are_unique(released, provider_a, coordinator):
    services.register_product(released, spec(provider_a), coordinator)

    errors = services.check_product(released, spec(provider_a, kind=Product.Kind.TINDAKAN_KOREKTIF))

    assert len(errors) == 2


def test_release_tells_the_owners_officers_once_per_owner(officer_a, officer_b, released):
    sent = OutboxMessage.objects.filter(event="followup_assigned")

    assert [message.recipient for message in sent] == [officer_b]
    assert str(Finding.objects.count()) in sent.get().subject
