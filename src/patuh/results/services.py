"""Releasing results to agencies and setting the public announcement, both audited."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patuh.assessments.models import Cycle
from patuh.audit.services import Action, record
from patuh.followup import notices
from patuh.followup.services import Shortfall, open_findings
from patuh.scoring.models import ScoreSnapshot, SubjectScore


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
    opened = open_findings(
        cycle,
        snapshot.pk,
        snapshot.instrument_version_id,
        shortfalls(snapshot),
        timezone.localdate(snapshot.released_at),
    )
    transaction.on_commit(lambda: notices.assigned(cycle, opened))
    return snapshot


def shortfalls(snapshot: ScoreSnapshot) -> list[Shortfall]:
    """Every failed indicator of every report card in `snapshot`, with its provider: what
    the report cards list as findings (see patuh.results.cards)."""
    rows = list(
        SubjectScore.objects.filter(snapshot=snapshot)
        .exclude(shortfalls={})
        .values_list("level", "subject_id", "path", "name", "shortfalls")
    )
    providers = dict(snapshot.scores.filter(level="provider").values_list("path", "subject_id"))
    found = []
    for level, subject_id, path, name, failed in rows:
        # A path runs region/provider/…: its first two parts name the provider.
        provider_id = providers.get("/".join(path.split("/")[:2]))
        if provider_id is None:
            continue
        found += [
            Shortfall(provider_id, level, subject_id, path, name, code, str(answer))
            for code, answer in failed.items()
        ]
    return found


@transaction.atomic
def set_announcement(cycle: Cycle, moment: dt.datetime | None) -> None:
    """Set (or clear, with None) the moment from which the cycle's results are public.

    The change is audited as an update of the cycle (Cycle is a tracked model).
    """
    cycle.announce_at = moment
    cycle.save(update_fields=["announce_at"])
