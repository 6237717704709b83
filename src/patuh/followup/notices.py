"""E-mails about follow-up (through patuh.notifications.notify, which applies the release rule
and each person's choices): agency officers hear when items are assigned to them, when the
office decides, a week before an item is due and when it is overdue; the office's coordinators
hear when an agency reports an item done.

Templates: templates/notifications/email/followup_<event>_{subject,body}.txt in this app.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from patuh.accounts.models import Role, User
from patuh.followup.models import OWED, Finding
from patuh.notifications.services import notify

# Days before the due date that the first reminder goes out.
REMINDER_DAYS = 7


def _officers(finding: Finding):
    if finding.provider_id:
        return User.objects.filter(providers=finding.provider_id)
    return User.objects.filter(providers__government=finding.government_id).distinct()


def _coordinators(finding: Finding):
    return User.objects.filter(office=finding.cycle.office_id, role=Role.COORDINATOR)


def assigned(cycle, findings: Iterable[Finding]) -> None:
    """Tell each owner's officers how many new items they have to follow up."""
    by_owner: dict[tuple, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_owner[(finding.provider_id, finding.government_id)].append(finding)
    for items in by_owner.values():
        first = items[0]
        notify(
            _officers(first),
            "followup_assigned",
            {"cycle": cycle, "owner": first.owner, "count": len(items), "due": first.due},
            cycle=cycle,
        )


def reported(finding: Finding) -> None:
    notify(_coordinators(finding), "followup_reported", {"finding": finding}, cycle=finding.cycle)


def decided(finding: Finding) -> None:
    notify(_officers(finding), "followup_decided", {"finding": finding}, cycle=finding.cycle)


def remind(today: dt.date) -> int:
    """Remind the owners of every item still owed that is due within a week or overdue; each
    reminder goes once per item and due date (the outbox key). How many e-mails were sent."""
    soon = today + dt.timedelta(days=REMINDER_DAYS)
    items = Finding.objects.filter(state__in=OWED, due__lte=soon).select_related(
        "cycle", "provider", "government", "product"
    )
    sent = 0
    for finding in items:
        event = "followup_overdue" if finding.due < today else "followup_due_soon"
        messages = notify(
            _officers(finding),
            event,
            {"finding": finding},
            cycle=finding.cycle,
            key=f"finding:{finding.pk}:{finding.due.isoformat()}",
            reminder=True,
        )
        sent += sum(1 for message in messages if message.status == message.Status.SENT)
    return sent
