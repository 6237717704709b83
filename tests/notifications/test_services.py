import datetime as dt
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from patuh.notifications.models import OutboxMessage, Preference
from patuh.notifications.services import notify
from tests import factories

TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture(autouse=True)
def sample_event(settings):
    """A `sample` event whose templates live beside these tests, in words the catalogue
    already translates."""
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES]}
    ]


@pytest.fixture
def cycle(provider_a, provider_b, office):
    return factories.cycle([provider_a, provider_b], run_by=office)


def _release(cycle):
    factories.answer_everything(cycle)
    from patuh.scoring.services import compute_snapshot

    snapshot, _ = compute_snapshot(cycle)
    snapshot.released_at = timezone.now() - dt.timedelta(hours=1)
    snapshot.save()


def test_officer_hears_nothing_about_a_cycle_not_released_to_them(cycle, officer_a):
    sent = notify([officer_a], "sample", {"name": "X"}, cycle=cycle)

    assert sent == []
    assert mail.outbox == []
    assert not OutboxMessage.objects.exists()


def test_officer_hears_about_a_released_cycle_in_their_language(cycle, officer_a):
    _release(cycle)
    Preference.objects.create(user=officer_a, language="en")

    [message] = notify([officer_a], "sample", {"name": "Loket"}, cycle=cycle)

    [email] = mail.outbox
    assert email.to == ["officer-a@example.go.id"]
    assert email.subject == "Cycles Loket"
    assert email.body == "Log out officer-a: Loket.\n"
    message.refresh_from_db()
    assert (message.status, message.subject, message.cycle) == ("sent", "Cycles Loket", cycle)


def test_officer_of_a_provider_outside_the_cycle_hears_nothing(cycle, officer_a):
    _release(cycle)
    cycle.providers.remove(officer_a.providers.get())

    assert notify([officer_a], "sample", {"name": "X"}, cycle=cycle) == []


def test_staff_of_another_office_hear_nothing(cycle, coordinator, coordinator_elsewhere):
    notify([coordinator, coordinator_elsewhere], "sample", {"name": "X"}, cycle=cycle)

    assert [email.to for email in mail.outbox] == [["coordinator@example.go.id"]]


def test_reminders_respect_the_opt_out_but_other_messages_do_not(cycle, coordinator, reviewer):
    Preference.objects.create(user=reviewer, reminders=False)

    notify([coordinator, reviewer], "sample", {"name": "X"}, cycle=cycle, reminder=True)
    notify([reviewer], "sample", {"name": "Y"}, cycle=cycle)

    assert [(email.to, email.subject) for email in mail.outbox] == [
        (["coordinator@example.go.id"], "Siklus X"),
        (["reviewer@example.go.id"], "Siklus Y"),
    ]


def test_a_keyed_message_goes_out_once(cycle, coordinator):
    for _ in range(3):
        notify([coordinator], "sample", {"name": "X"}, cycle=cycle, key="finding:1:2026-01-01")

    assert len(mail.outbox) == 1
    assert OutboxMessage.objects.count() == 1


def test_a_failed_message_is_stored_and_tried_again(cycle, coordinator, settings):
    locmem = settings.MAILERS
    # Nothing listens on the discard port of the loopback: the connection is refused.
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
        }
    }

    [failed] = notify([coordinator], "sample", {"name": "X"}, cycle=cycle, key="k")

    assert failed.status == "failed" and failed.error
    settings.MAILERS = locmem
    [retried] = notify([coordinator], "sample", {"name": "X"}, cycle=cycle, key="k")
    assert (retried.pk, retried.status, retried.error) == (failed.pk, "sent", "")
    assert len(mail.outbox) == 1


def test_people_without_an_address_or_inactive_are_skipped(coordinator, reviewer):
    coordinator.email = ""
    coordinator.save()
    reviewer.is_active = False
    reviewer.save()

    assert notify([coordinator, reviewer], "sample", {"name": "X"}) == []
