"""Sign-ins, sign-outs and failed sign-ins."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from patuh.audit.services import Action, record


def _logged_in(sender, request, user, **kwargs):
    record(Action.LOGIN, user, user=user)


def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(Action.LOGOUT, user, user=user)


def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    record(Action.LOGIN_FAILED, object_type="accounts.user", object_repr=username)


def connect() -> None:
    user_logged_in.connect(_logged_in, dispatch_uid="audit-login")
    user_logged_out.connect(_logged_out, dispatch_uid="audit-logout")
    user_login_failed.connect(_login_failed, dispatch_uid="audit-login-failed")
