"""Login throttling through the real login view: 5 failures lock an account at an address, 20
lock the address for every account, for 30 minutes or until an administrator unlocks it."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.core.management import CommandError, call_command
from django.urls import reverse

from patuh.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

HOME = "192.0.2.10"
ELSEWHERE = "198.51.100.7"
LOCKED = (
    "Terlalu banyak kegagalan masuk dari alamat ini. Masuk dikunci selama 30 menit; "
    "administrator dapat membukanya lebih cepat."
)


def sign_in(client, username, password, address=HOME):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def fail(client, username, times, address=HOME):
    for _ in range(times):
        response = sign_in(client, username, "tebakan-salah", address)
        assert response.status_code in (200, 429)
    return response


def signed_in(response) -> bool:
    return response.status_code == 302 and response.url == reverse("start")


def test_four_failures_leave_the_account_open(client, coordinator):
    assert fail(client, "coordinator", 4).status_code == 200

    assert signed_in(sign_in(client, "coordinator", "pass-coordinator"))


def test_five_failures_lock_the_account_at_that_address_even_for_the_right_password(
    client, coordinator
):
    locking = fail(client, "coordinator", 5)

    assert locking.status_code == 429
    assert LOCKED in locking.text
    response = sign_in(client, "coordinator", "pass-coordinator")
    assert response.status_code == 429
    assert LOCKED in response.text
    assert "_auth_user_id" not in client.session


def test_the_lock_on_an_account_leaves_other_accounts_and_other_addresses_open(
    client, coordinator, enumerator
):
    fail(client, "coordinator", 5)

    assert signed_in(sign_in(client, "enumerator", "pass-enumerator"))
    client.logout()
    assert signed_in(sign_in(client, "coordinator", "pass-coordinator", ELSEWHERE))


def test_twenty_failures_across_accounts_lock_the_address_for_every_account(
    client, coordinator, enumerator
):
    # Four each for five names: no account reaches its own limit.
    for name in ["ani", "budi", "citra", "dedi"]:
        assert fail(client, name, 4).status_code == 200
    assert fail(client, "eko", 3).status_code == 200
    assert fail(client, "eko", 1).status_code == 429

    for name, password in [("coordinator", "pass-coordinator"), ("enumerator", "pass-enumerator")]:
        assert sign_in(client, name, password).status_code == 429
    assert signed_in(sign_in(client, "coordinator", "pass-coordinator", ELSEWHERE))


def test_the_lockout_is_recorded_once_in_the_audit_log_with_the_address(client, coordinator):
    fail(client, "coordinator", 7)
    sign_in(client, "coordinator", "pass-coordinator")

    locked = AuditEvent.objects.filter(action="login_locked")
    assert [(e.object_repr, e.ip, e.via) for e in locked] == [("coordinator", HOME, "web")]
    assert locked.get().note == f"locked for 30 minutes at {HOME}"
    assert AuditEvent.objects.filter(action="login_failed").count() == 8
    assert not AuditEvent.objects.filter(action="login").exists()


def test_the_lock_ends_after_thirty_minutes(client, coordinator):
    fail(client, "coordinator", 5)
    # The clock moved on: the last failure is 31 minutes old.
    earlier = AccessAttempt.objects.get().attempt_time - dt.timedelta(minutes=31)
    AccessAttempt.objects.update(attempt_time=earlier)

    assert signed_in(sign_in(client, "coordinator", "pass-coordinator"))


def test_a_failure_during_the_lock_starts_the_thirty_minutes_again(client, coordinator):
    fail(client, "coordinator", 5)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - dt.timedelta(minutes=20)
    )
    fail(client, "coordinator", 1)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - dt.timedelta(minutes=20)
    )

    assert sign_in(client, "coordinator", "pass-coordinator").status_code == 429


def test_the_unlock_command_opens_the_account_and_is_audited(client, coordinator, capsys):
    fail(client, "coordinator", 5)

    call_command("unlock_login", "--username", "coordinator")

    assert "1 records of failures cleared" in capsys.readouterr().out
    assert signed_in(sign_in(client, "coordinator", "pass-coordinator"))
    event = AuditEvent.objects.get(action="login_unlocked")
    assert (event.object_repr, event.actor_name, event.via) == ("coordinator", "system", "cli")


def test_the_unlock_command_opens_an_address_for_every_account(client, coordinator):
    for name in ["ani", "budi", "citra", "dedi", "eko"]:
        fail(client, name, 4)

    call_command("unlock_login", "--address", HOME)

    assert not AccessAttempt.objects.exists()
    assert signed_in(sign_in(client, "coordinator", "pass-coordinator"))
    assert AuditEvent.objects.get(action="login_unlocked").note.startswith(f"address {HOME};")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ([], "Name the account (--username), the address (--address) or both."),
        (["--address", "kantor"], "--address 'kantor' is not an IP address."),
    ],
)
def test_the_unlock_command_refuses_what_names_nothing_to_unlock(arguments, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("unlock_login", *arguments)

    assert not AuditEvent.objects.filter(action="login_unlocked").exists()


def test_the_unlock_command_lists_the_failures_counted(client, coordinator, capsys):
    fail(client, "coordinator", 2)

    call_command("unlock_login", "--list")

    assert capsys.readouterr().out.startswith(f"coordinator\t{HOME}\t2\t")


def test_an_administrator_unlocks_users_from_the_admin_and_is_recorded(
    client, coordinator, admin_user
):
    fail(client, "coordinator", 5)
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "unlock_sign_in", "_selected_action": [coordinator.pk]},
        REMOTE_ADDR=ELSEWHERE,
    )

    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    event = AuditEvent.objects.get(action="login_unlocked")
    assert (event.object_repr, event.actor_id, event.ip) == (
        "coordinator",
        admin_user.pk,
        ELSEWHERE,
    )
    client.logout()
    assert signed_in(sign_in(client, "coordinator", "pass-coordinator"))


def test_the_lockout_page_speaks_english_when_asked(client, coordinator, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = fail(client, "coordinator", 5)

    assert (
        "Too many failed sign-ins from this address. Signing in is locked for 30 minutes; "
        "an administrator can unlock it sooner."
    ) in response.text
