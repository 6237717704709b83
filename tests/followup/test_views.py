"""The agency officer's list and report, the office's tracker, decisions, products, exports."""

import datetime as dt
import json
import uuid

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from patuh.demo.photos import notice_board
from patuh.followup import services
from patuh.followup.models import Finding, Product
from patuh.notifications.models import OutboxMessage
from tests.followup.conftest import photo

State = Finding.State


def first(cycle) -> Finding:
    return Finding.objects.filter(cycle=cycle).order_by("pk").first()


def test_officer_lists_only_their_own_items_by_due_date(client, released, officer_a, officer_b):
    client.force_login(officer_b)
    response = client.get(reverse("followup:mine"))
    assert response.status_code == 200
    assert str(first(released).uuid) in response.text

    client.force_login(officer_a)
    response = client.get(reverse("followup:mine"))
    assert str(first(released).uuid) not in response.text
    assert client.get(reverse("followup:item", args=[first(released).uuid])).status_code == 404


def test_officer_reports_done_with_a_photo_and_the_coordinators_hear_of_it(
    client, released, officer_b, coordinator, mailoutbox
):
    finding = first(released)
    client.force_login(officer_b)
    upload = SimpleUploadedFile("papan.jpg", notice_board(), content_type="image/jpeg")

    response = client.post(
        reverse("followup:report", args=[finding.uuid]),
        {"note": "Papan dipasang.", "evidence": upload, "client_id": str(uuid.uuid4())},
    )

    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.state == State.REPORTED
    piece = finding.evidence.get()
    thumbnail = client.get(reverse("followup:evidence", args=[piece.uuid, "thumbnail"]))
    assert thumbnail["Content-Type"] == "image/jpeg"
    assert [m.to for m in mailoutbox] == [[coordinator.email]]


def test_a_report_without_evidence_says_so_and_changes_nothing(client, released, officer_b):
    finding = first(released)
    client.force_login(officer_b)
    client.cookies["django_language"] = "en"

    response = client.post(
        reverse("followup:report", args=[finding.uuid]),
        {"note": "Sudah", "client_id": str(uuid.uuid4())},
    )

    assert response.status_code == 400
    assert "Add a photo or a document" in response.text
    finding.refresh_from_db()
    assert finding.state == State.OPEN


def _reported(finding, officer):
    return services.report_done(finding, officer, "Sudah", [(photo(), uuid.uuid4())])


def test_coordinator_sends_back_with_a_reason_and_the_officer_hears_of_it(
    client, released, officer_b, coordinator, mailoutbox
):
    finding = _reported(first(released), officer_b)
    client.force_login(coordinator)

    response = client.post(
        reverse("followup:decide", args=[finding.uuid]),
        {"decision": "send_back", "reason": "Foto buram."},
    )

    assert response.status_code == 302
    finding.refresh_from_db()
    assert (finding.state, finding.reason) == (State.SENT_BACK, "Foto buram.")
    assert [m.to for m in mail.outbox] == [[officer_b.email]]


def test_a_reviewer_sees_the_tracker_but_may_not_decide(client, released, officer_b, reviewer):
    finding = _reported(first(released), officer_b)
    client.force_login(reviewer)

    page = client.get(reverse("followup:tracker", args=[released.code]))
    decided = client.post(reverse("followup:decide", args=[finding.uuid]), {"decision": "verify"})

    assert page.status_code == 200
    assert str(finding.uuid) in page.text
    assert decided.status_code == 403
    finding.refresh_from_db()
    assert finding.state == State.REPORTED


def test_tracker_shows_rates_overdue_items_and_a_chart(client, released, coordinator, provider_b):
    Finding.objects.update(due=dt.date(2020, 1, 1))
    client.force_login(coordinator)

    response = client.get(reverse("followup:tracker", args=[released.code]))

    assert response.status_code == 200
    assert "<svg" in response.text
    assert provider_b.name in response.text
    assert response.context["overdue_count"] == Finding.objects.count()


def test_coordinator_registers_a_recommendation_with_its_items(
    client, released, coordinator, provider_a, officer_a
):
    client.force_login(coordinator)
    response = client.post(
        reverse("followup:new_product", args=[released.code]),
        {
            "kind": "rekomendasi",
            "number": "REK-1/2025",
            "issued_on": "2025-06-02",
            "deadline": "",
            "owner": f"provider:{provider_a.pk}",
            "items": "Tetapkan standar pelayanan\nSediakan sarana pengaduan",
        },
    )

    assert response.status_code == 302
    product = Product.objects.get()
    assert product.deadline == dt.date(2025, 8, 1)
    assert product.items.count() == 2
    assert OutboxMessage.objects.filter(recipient=officer_a, event="followup_assigned").exists()


def test_a_product_dated_after_its_deadline_is_refused(client, released, coordinator, provider_a):
    client.force_login(coordinator)
    response = client.post(
        reverse("followup:new_product", args=[released.code]),
        {
            "kind": "saran-perbaikan",
            "number": "SP-1/2025",
            "issued_on": "2025-06-02",
            "deadline": "2025-06-01",
            "owner": f"provider:{provider_a.pk}",
            "items": "Perbaiki",
        },
    )

    assert response.status_code == 400
    assert "2025-06-01" in response.text
    assert not Product.objects.exists()


def test_exports_list_the_items_and_the_rates(client, released, coordinator, provider_b):
    client.force_login(coordinator)

    findings = client.get(reverse("followup:export", args=[released.code, "findings", "json"]))
    rates = client.get(reverse("followup:export", args=[released.code, "rates", "csv"]))
    xlsx = client.get(reverse("followup:export", args=[released.code, "findings", "xlsx"]))

    rows = json.loads(b"".join(findings.streaming_content))
    assert len(rows) == Finding.objects.count()
    assert rows[0]["path"] == provider_b.path
    assert provider_b.path in b"".join(rates.streaming_content).decode()
    assert xlsx.status_code == 200


def test_the_officers_home_and_the_cycle_dashboard_link_to_the_follow_up(
    client, released, officer_b, coordinator
):
    client.force_login(officer_b)
    assert reverse("followup:mine") in client.get(reverse("home")).text

    client.force_login(coordinator)
    dashboard = client.get(reverse("cycle_detail", args=[released.code])).text
    assert reverse("followup:tracker", args=[released.code]) in dashboard


def test_the_trackers_queries_do_not_grow_with_its_items(
    client, released, coordinator, provider_a, django_assert_max_num_queries
):
    client.force_login(coordinator)
    url = reverse("followup:tracker", args=[released.code])
    with django_assert_max_num_queries(40) as before:
        client.get(url)
    product = services.ProductSpec(
        "rekomendasi", "REK-9", dt.date(2020, 1, 2), None, provider_a, ["Satu", "Dua", "Tiga"]
    )
    services.register_product(released, product, coordinator)

    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(url)


def test_an_administrator_sets_a_cycles_own_period_in_the_admin(client, cycle, admin_user):
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:followup_followupperiod_add"), {"cycle": cycle.pk, "days": "30"}
    )

    assert response.status_code == 302
    assert services.period_days(cycle) == 30
