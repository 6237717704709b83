"""Admins read, filter and export the audit log; sign-ins are in it; nobody else sees it."""

import csv
import io
import ipaddress

import openpyxl
import pytest
from django.urls import reverse

from patuh.audit.models import AuditEvent
from patuh.audit.services import Action, record
from tests import factories
from tests.html import parse

pytestmark = pytest.mark.django_db


def test_signing_in_and_a_failed_attempt_are_recorded(client, coordinator):
    client.post(reverse("login"), {"username": "coordinator", "password": "wrong"})
    client.post(reverse("login"), {"username": "coordinator", "password": "pass-coordinator"})

    failed = AuditEvent.objects.get(action=Action.LOGIN_FAILED)
    login = AuditEvent.objects.get(action=Action.LOGIN)
    assert failed.object_repr == "coordinator" and failed.actor is None
    assert login.actor == coordinator and login.via == "web" and login.ip == "127.0.0.1"


def test_sign_ins_through_a_trusted_proxy_record_the_forwarded_address(
    client, coordinator, settings
):
    settings.PATUH_TRUSTED_PROXIES = (ipaddress.ip_network("10.0.0.0/8"),)
    for remote in ("10.0.0.1", "203.0.113.7"):
        client.post(
            reverse("login"),
            {"username": "coordinator", "password": "wrong"},
            REMOTE_ADDR=remote,
            HTTP_X_FORWARDED_FOR="198.51.100.23",
        )
    proxied, direct = AuditEvent.objects.filter(action=Action.LOGIN_FAILED).order_by("pk")
    assert proxied.ip == "198.51.100.23"
    # The same header from an address that is no proxy of ours is ignored.
    assert direct.ip == "203.0.113.7"


def test_admin_filters_the_log_by_action_and_actor(client, admin_user, coordinator):
    record(Action.EXPORT, object_type="results.export", object_repr="ranking", user=coordinator)
    record(Action.REVIEW, object_type="fieldwork.submission", object_repr="visit", user=admin_user)
    client.force_login(admin_user)

    response = client.get(reverse("audit_log"), {"action": "export", "actor": "coordinator"})

    assert response.status_code == 200
    shown = [event.object_repr for event in response.context["page"]]
    assert shown == ["ranking"]


def test_an_invalid_filter_says_what_is_wrong_and_shows_nothing(client, admin_user):
    record(Action.EXPORT, object_type="x.y", object_repr="thing")
    client.force_login(admin_user)

    response = client.get(reverse("audit_log"), {"since": "2026-02-01", "until": "2026-01-01"})

    assert "&#x27;Sampai&#x27; tidak boleh sebelum &#x27;Dari&#x27;." in response.text
    assert list(response.context["page"]) == []


def test_export_as_csv_holds_the_filtered_events_and_is_itself_recorded(client, admin_user):
    record(
        Action.UPDATE,
        object_type="assessments.answer",
        object_repr="=HYPERLINK(evil)",
        before={"value": "baik"},
        after={"value": "kurang"},
    )
    client.force_login(admin_user)

    response = client.get(reverse("audit_export", args=["csv"]), {"action": "update"})

    assert response["Content-Disposition"] == 'attachment; filename="audit-log.csv"'
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["object"] for row in rows] == ["'=HYPERLINK(evil)"]
    assert rows[0]["before"] == '{"value": "baik"}'
    exported = AuditEvent.objects.get(action=Action.EXPORT)
    assert exported.actor == admin_user and "action=update" in exported.note


def test_export_as_xlsx_reads_back(client, admin_user):
    record(Action.EXPORT, object_type="x.y", object_repr="thing")
    client.force_login(admin_user)

    response = client.get(reverse("audit_export", args=["xlsx"]))

    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("id", "at", "actor")
    assert "thing" in [row[8] for row in rows[1:]]


def test_unknown_export_format_is_404(client, admin_user):
    client.force_login(admin_user)

    assert client.get(reverse("audit_export", args=["pdf"])).status_code == 404


@pytest.mark.parametrize("who", ["coordinator", "reviewer", "officer_a"])
def test_only_administrators_see_the_log(client, request, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse("audit_log")).status_code == 403
    assert client.get(reverse("audit_export", args=["csv"])).status_code == 403


def test_the_log_is_filtered_by_cycle_and_object_type_chosen_by_name(
    client, admin_user, provider_a
):
    cycle = factories.cycle([provider_a])
    record(Action.EXPORT, object_type="results.export", object_repr="in cycle", cycle_id=cycle.pk)
    record(Action.EXPORT, object_type="registry.provider", object_repr="elsewhere")
    client.force_login(admin_user)

    response = client.get(reverse("audit_log"), {"cycle": cycle.code})
    typed = client.get(reverse("audit_log"), {"object_type": "registry.provider"})

    in_cycle = [event.object_repr for event in response.context["page"]]
    assert "in cycle" in in_cycle and "elsewhere" not in in_cycle
    assert {event.object_type for event in typed.context["page"]} == {"registry.provider"}
    page = parse(response.text)
    cycles = {o.attrs["value"]: o.text for o in page.one("select", name="cycle").find_all("option")}
    assert cycles[cycle.code] == cycle.name
    types = {
        o.attrs["value"]: o.text for o in page.one("select", name="object_type").find_all("option")
    }
    assert types["registry.provider"] == "Penyelenggara"
