"""Sending e-mail notifications: `notify` renders one message per person in their language,
checks that they may hear about the cycle, and keeps each message in the outbox.

Templates per event live in templates/notifications/email/<event>_subject.txt and
<event>_body.txt; their context is the caller's plus `recipient` and `site_url`.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from patuh.access import same_office
from patuh.access.results import released_snapshots
from patuh.assessments.models import Cycle
from patuh.notifications.models import OutboxMessage, Preference

logger = logging.getLogger(__name__)


def may_hear_about(user, cycle: Cycle | None) -> bool:
    """Whether `user` may be told anything about `cycle`: its office's staff, and officers of
    its providers once its results are released to them; nothing before a release, so an
    e-mail never runs ahead of what the agency may see."""
    if cycle is None:
        return True
    if user.is_office_staff:
        return same_office(user, cycle.office_id)
    if not cycle.providers.filter(officers=user).exists():
        return False
    return released_snapshots().filter(cycle=cycle).exists()


def preferences(users: Iterable) -> dict[int, Preference]:
    """Each user's preference by user id; a default (unsaved) one for those with none."""
    users = list(users)
    stored = {p.user_id: p for p in Preference.objects.filter(user__in=users)}
    return {user.pk: stored.get(user.pk) or Preference(user=user) for user in users}


def notify(
    recipients: Iterable,
    event: str,
    context: dict,
    *,
    cycle: Cycle | None = None,
    key: str = "",
    reminder: bool = False,
) -> list[OutboxMessage]:
    """E-mail `event` to each of `recipients`; return the outbox rows of what was attempted.

    Steps per recipient:
    1. skip the inactive, those without an address, and those who may not hear about `cycle`;
    2. for a `reminder`, skip those who switched reminders off;
    3. with a `key`, skip a message already sent for (recipient, event, key), so a reminder
       goes out once however often the command runs (a failed one is tried again);
    4. render subject and body in the recipient's language, send, and store the outcome.

    A failing mail server is logged and stored, never raised: the change that caused the
    message has happened and must not be undone by it.
    """
    people = {user.pk: user for user in recipients if user.is_active and user.email}
    chosen = preferences(people.values())
    sent = []
    for user in people.values():
        preference = chosen[user.pk]
        if reminder and not preference.reminders:
            continue
        if not may_hear_about(user, cycle):
            continue
        previous = None
        if key:
            previous = OutboxMessage.objects.filter(recipient=user, event=event, key=key).first()
            if previous is not None and previous.status == OutboxMessage.Status.SENT:
                continue
        sent.append(_send(user, preference.language, event, context, cycle, key, previous))
    return sent


def _send(user, language, event, context, cycle, key, previous) -> OutboxMessage:
    full_context = {**context, "recipient": user, "site_url": settings.PATUH_SITE_URL}
    with translation.override(language):
        subject = render_to_string(f"notifications/email/{event}_subject.txt", full_context)
        body = render_to_string(f"notifications/email/{event}_body.txt", full_context)
    # A subject is one line; templates end with a newline.
    subject = " ".join(subject.split())[:250]
    message = previous or OutboxMessage(recipient=user, event=event, key=key)
    message.email, message.cycle, message.subject, message.body = (
        user.email,
        cycle,
        subject,
        body,
    )
    try:
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()
    except Exception as exc:  # any failure of the mail server (SMTP, DNS, TLS) is recorded
        logger.warning("E-mail %s to %s failed: %s", event, user.email, exc)
        message.status, message.error = OutboxMessage.Status.FAILED, str(exc)
    else:
        message.status, message.error = OutboxMessage.Status.SENT, ""
    message.save()
    return message
