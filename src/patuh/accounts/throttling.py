"""Login throttling with django-axes: two limits, the lockout page, the audit and the unlock.

Axes counts failed sign-ins per (username, address) and per address (AXES_LOCKOUT_PARAMETERS
in settings) and compares one number with one limit. Patuh wants two limits: a few failures
lock one account for the address that failed (someone guessing one password), more failures
lock the address for every account (someone trying many accounts), high enough that an office
behind one shared address is not locked out by a colleague's typos. `LoginThrottle` gives axes
that one number: the larger of the account's failures and the address's failures scaled to the
account limit, which reaches the account limit exactly when the address reaches its own.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.db.models import Sum
from django.shortcuts import render
from django.utils.translation import gettext as _

from patuh.audit.services import Action, record
from patuh.lib.client import client_address


class LoginThrottle(AxesDatabaseHandler):
    """Axes' database handler with an account limit and an address limit, and an audit event
    when a failure locks what was not locked yet."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        # In the order of AXES_LOCKOUT_PARAMETERS: the account at this address, the address.
        account, address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        per_account = settings.PATUH_LOGIN_FAILURE_LIMIT
        return max(account, address * per_account // settings.PATUH_LOGIN_ADDRESS_FAILURE_LIMIT)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        was_locked = request is not None and self.is_locked(request, credentials)
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and request.axes_locked_out and not was_locked:
            username = str(credentials.get(settings.AXES_USERNAME_FORM_FIELD, ""))[:150]
            record(
                Action.LOGIN_LOCKED,
                object_type="accounts.user",
                object_repr=username,
                note=f"locked for {settings.PATUH_LOGIN_LOCKOUT_MINUTES} minutes"
                f" at {request.axes_ip_address}",
            )


def client_ip(request) -> str | None:
    """The address axes counts failures by: the client's, behind trusted proxies too."""
    return client_address(request) or None


def locked_out(request, original_response=None, credentials=None):
    """The login page again, saying that signing in is locked and until when (HTTP 429)."""
    message = _(
        "Too many failed sign-ins from this address. Signing in is locked for %(minutes)d "
        "minutes; an administrator can unlock it sooner."
    ) % {"minutes": settings.PATUH_LOGIN_LOCKOUT_MINUTES}
    context = {"form": AuthenticationForm(request), "lockout": message}
    return render(request, "registration/login.html", context, status=429)


def unlock(*, username: str = "", address: str = "", user=None) -> int:
    """Clear the failures that lock `username` (at every address), `address` (for every account),
    or both; record who unlocked what. Returns how many records of failures were cleared."""
    if not username and not address:
        raise ValueError("Name a username, an address or both to unlock.")
    attempts = AccessAttempt.objects.all()
    if username:
        attempts = attempts.filter(username=username)
    if address:
        attempts = attempts.filter(ip_address=address)
    with transaction.atomic():
        cleared = attempts.delete()[1].get(AccessAttempt._meta.label, 0)
        record(
            Action.LOGIN_UNLOCKED,
            object_type="accounts.user",
            object_repr=username,
            note=f"address {address or 'any'}; {cleared} records of failures cleared",
            user=user,
        )
    return cleared
