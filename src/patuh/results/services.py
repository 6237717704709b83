"""Releasing results to agencies and setting the public announcement, both audited."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patuh.assessments.models import Cycle
from patuh.audit.services import Action, record
from patuh.scoring.models import ScoreSnapshot


class ResultsError(Exception):
    """A release or announcement that cannot be made; the message is for the coordinator."""


def latest_official(cycle: Cycle) -> ScoreSnapshot | None:
    return (
        cycle.snapshots.filter(kind=ScoreSnapshot.Kind.OFFICIAL)
        .order_by("-computed_at", "-pk")
        .first()
    )


@transaction.atomic
def release_latest(cycle: Cycle, user) -> ScoreSnapshot:
    """Release the cycle's latest official snapshot to agency officers.

    Only the latest official snapshot can be released, so the released snapshots follow each
    other in time; a preliminary snapshot is never released.
    """
    snapshot = latest_official(cycle)
    if snapshot is None:
        raise ResultsError(_("There are no official scores to release; compute them first."))
    if snapshot.released_at is not None:
        raise ResultsError(_("The latest official scores are already released."))
    snapshot.released_at, snapshot.released_by = timezone.now(), user
    snapshot.save(update_fields=["released_at", "released_by"])
    record(
        Action.RELEASE,
        snapshot,
        after={"released_at": snapshot.released_at.isoformat(), "kind": snapshot.kind},
        note=f"snapshot {snapshot.pk} released to agencies",
    )
    return snapshot


@transaction.atomic
def set_announcement(cycle: Cycle, moment: dt.datetime | None) -> None:
    """Set (or clear, with None) the moment from which the cycle's results are public.

    The change is audited as an update of the cycle (Cycle is a tracked model).
    """
    cycle.announce_at = moment
    cycle.save(update_fields=["announce_at"])
