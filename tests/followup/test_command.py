"""`patuh followup list`, `rates` and `remind`."""

import datetime as dt
import json

from django.utils import timezone

from patuh.followup.models import Finding
from patuh.notifications.models import OutboxMessage, Preference
from tests.commands import run


def test_list_gives_each_finding_with_path_indicator_kind_state_due_and_overdue(
    released, provider_b
):
    Finding.objects.update(due=dt.date(2020, 1, 1))

    out = run("followup", "list", released.code)

    findings = json.loads(out)["findings"]
    assert len(findings) == Finding.objects.count()
    assert findings[0] | {"subject": ""} == findings[0] | {
        "path": provider_b.path,
        "indicator": "P01",
        "kind": "temuan",
        "state": "open",
        "due": "2020-01-01",
        "overdue": True,
        "subject": "",
    }


def test_list_as_csv_and_rates_as_json(released, provider_b):
    csv_text = run("followup", "list", released.code, "--format", "csv")
    rates = json.loads(run("followup", "rates", released.code, "--format", "json"))

    assert csv_text.lstrip("\ufeff").startswith("path,subject,indicator,kind,product,state,due")
    assert [row["path"] for row in rates["providers"]] == [provider_b.path]
    assert rates["providers"][0]["followup_level"] == "rendah"


def test_remind_sends_each_reminder_once(released, officer_b):
    Finding.objects.update(due=dt.date(2020, 1, 1))

    said = run("followup", "remind")
    first = OutboxMessage.objects.filter(recipient=officer_b, event="followup_overdue").count()
    again = run("followup", "remind")

    assert first == Finding.objects.count()
    assert (said, again) == (f"{first} reminders sent.\n", "0 reminders sent.\n")
    assert OutboxMessage.objects.filter(event="followup_overdue").count() == first


def test_remind_a_week_ahead_and_not_those_who_switched_reminders_off(released, officer_b):
    soon = timezone.localdate() + dt.timedelta(days=3)
    Finding.objects.update(due=soon)
    Preference.objects.create(user=officer_b, reminders=False)

    assert run("followup", "remind") == "0 reminders sent.\n"
    Preference.objects.filter(user=officer_b).update(reminders=True)
    run("followup", "remind")

    sent = OutboxMessage.objects.filter(recipient=officer_b, event="followup_due_soon")
    assert sent.count() == Finding.objects.count()
    assert soon.strftime("%Y") in sent.first().subject


def test_nothing_is_due_soon_later_than_a_week_ahead(released, officer_b):
    Finding.objects.update(due=timezone.localdate() + dt.timedelta(days=8))

    assert run("followup", "remind") == "0 reminders sent.\n"
