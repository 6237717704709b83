"""Releasing results to agencies (and withdrawing a release) and setting or cancelling the
public announcement, all audited.

A release shows its completeness first and is refused while data collection is still open,
unless the coordinator overrides with a reason; an announcement moment in the past, or one
before the latest release, is only set once the coordinator confirms the warning.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from patuh.assessments.models import Cycle, Level, Phase
from patuh.audit.services import Action, record
from patuh.fieldwork.models import Evidence, Submission
from patuh.followup import notices
from patuh.followup.models import Finding
from patuh.followup.services import Shortfall, open_findings
from patuh.jobs import tasks as jobs
from patuh.results import dashboard
from patuh.results.page_cache import schedule_warming
from patuh.results.queries import scored_levels
from patuh.scoring.models import ScoreSnapshot, SubjectScore


class ResultsError(Exception):
    """A release or announcement that cannot be made; the message is for the coordinator."""


def latest_official(cycle: Cycle) -> ScoreSnapshot | None:
    return (
        cycle.snapshots.filter(kind=ScoreSnapshot.Kind.OFFICIAL)
        .order_by("-computed_at", "-pk")
        .first()
    )


def latest_released(cycle: Cycle) -> ScoreSnapshot | None:
    return (
        cycle.snapshots.filter(kind=ScoreSnapshot.Kind.OFFICIAL, released_at__isnull=False)
        .order_by("-computed_at", "-pk")
        .first()
    )


def collection_open(cycle: Cycle, today: dt.date | None = None) -> bool:
    """Whether the cycle's data collection phase has not ended yet on `today`."""
    phase = cycle.phases.filter(kind=Phase.Kind.PENGAMBILAN_DATA).first()
    return phase is not None and phase.ends_on >= (today or timezone.localdate())


@dataclass
class ReleaseCheck:
    """What a coordinator reads before releasing: how complete the scores are."""

    snapshot: ScoreSnapshot | None
    # Subjects assessed of planned, at the level the dashboard counts (products or units).
    completeness: dashboard.Completeness | None
    completeness_level: str
    waiting: int
    flagged: int
    collection_open: bool
    problems: list[str] = field(default_factory=list)


def release_check(cycle: Cycle) -> ReleaseCheck:
    """The completeness of the latest official scores, and why releasing them now is unwise."""
    snapshot = latest_official(cycle)
    level = completeness_level(snapshot) if snapshot else Level.PRODUCT
    total = dashboard.completeness(snapshot, {}, level).total if snapshot else None
    waiting = Submission.objects.filter(
        assignment__cycle=cycle, status=Submission.Status.RECEIVED
    ).count()
    flagged = Evidence.objects.filter(assignment__cycle=cycle, attention=True).count()
    check = ReleaseCheck(snapshot, total, level, waiting, flagged, collection_open(cycle))
    if check.collection_open:
        check.problems.append(_("Data collection is still open: answers may still change."))
    if waiting:
        check.problems.append(_("Some submissions are still waiting for review."))
    return check


def completeness_level(snapshot: ScoreSnapshot) -> str:
    """Products, or units for instruments that score no products."""
    scored = scored_levels(snapshot.instrument_version.parsed)
    return Level.PRODUCT if Level.PRODUCT in scored else Level.UNIT


@transaction.atomic
def release_latest(cycle: Cycle, user, *, override_reason: str = "") -> ScoreSnapshot:
    """Release the cycle's latest official snapshot to agency officers.

    Only the latest official snapshot can be released, so the released snapshots follow each
    other in time; a preliminary snapshot is never released. While data collection is open the
    release needs `override_reason`, which the audit log keeps.
    """
    snapshot = latest_official(cycle)
    if snapshot is None:
        raise ResultsError(_("There are no official scores to release; compute them first."))
    if snapshot.released_at is not None:
        raise ResultsError(_("The latest official scores are already released."))
    reason = override_reason.strip()
    if collection_open(cycle) and not reason:
        raise ResultsError(
            _(
                "Data collection is still open, so the scores were not released. To release"
                " them anyway, give the reason for overriding."
            )
        )
    snapshot.released_at, snapshot.released_by = timezone.now(), user
    snapshot.save(update_fields=["released_at", "released_by"])
    note = f"snapshot {snapshot.pk} released to agencies"
    if reason:
        note += f" while data collection is open; reason: {reason}"
    record(
        Action.RELEASE,
        snapshot,
        after={"released_at": snapshot.released_at.isoformat(), "kind": snapshot.kind},
        note=note,
    )
    # Opening a national cycle's findings takes minutes, longer than a request may: a job.
    jobs.start(
        "release_findings",
        user=user,
        title=_("Open the follow-up findings of %(cycle)s") % {"cycle": cycle.name},
        cycle=cycle,
        snapshot_id=snapshot.pk,
    )
    return snapshot


def open_release_findings(snapshot: ScoreSnapshot) -> list[Finding]:
    """Open a follow-up finding for every failed indicator of the released `snapshot` that has
    none yet, and tell the agencies once it is stored (release_latest's job)."""
    cycle = snapshot.cycle
    opened = open_findings(
        cycle,
        snapshot.pk,
        snapshot.instrument_version_id,
        shortfalls(snapshot),
        timezone.localdate(snapshot.released_at),
    )
    transaction.on_commit(lambda: notices.assigned(cycle, opened))
    return opened


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
def withdraw_release(cycle: Cycle, user, *, reason: str) -> ScoreSnapshot:
    """Take back the latest release: agencies (and, after the announcement, the public) see the
    release before it, if any, or nothing. The reason is audited."""
    reason = reason.strip()
    if not reason:
        raise ResultsError(_("Give the reason for withdrawing the release."))
    snapshot = latest_released(cycle)
    if snapshot is None:
        raise ResultsError(_("No scores of this cycle are released."))
    before = {"released_at": snapshot.released_at.isoformat(), "kind": snapshot.kind}
    snapshot.released_at = snapshot.released_by = None
    snapshot.save(update_fields=["released_at", "released_by"])
    record(
        Action.WITHDRAW,
        snapshot,
        before=before,
        after={"released_at": None},
        note=f"release of snapshot {snapshot.pk} withdrawn; reason: {reason}",
        user=user,
    )
    return snapshot


def announcement_warnings(cycle: Cycle, moment: dt.datetime) -> list[str]:
    """Why announcing at `moment` may be a mistake: it has passed, or no release (or only an
    older one) comes before it, so the public would see less than the coordinator expects."""
    warnings = []
    if moment <= timezone.now():
        warnings.append(
            _("This moment has passed: the results become public as soon as you confirm.")
        )
    released = latest_released(cycle)
    if released is None:
        warnings.append(
            _("No scores are released yet: the public sees nothing until a release is made.")
        )
    elif released.released_at > moment:
        warnings.append(
            _(
                "The latest release (%(time)s) comes after this moment: the public sees only"
                " scores released before it, if any."
            )
            % {"time": date_format(timezone.localtime(released.released_at), "DATETIME_FORMAT")}
        )
    return warnings


@transaction.atomic
def set_announcement(cycle: Cycle, moment: dt.datetime) -> None:
    """Set the moment from which the cycle's results are public.

    The change is audited as an update of the cycle (Cycle is a tracked model).
    """
    cycle.announce_at = moment
    cycle.save(update_fields=["announce_at"])
    schedule_warming(cycle)


@transaction.atomic
def cancel_announcement(cycle: Cycle) -> None:
    """Make the cycle's results private again (audited like set_announcement)."""
    if cycle.announce_at is None:
        raise ResultsError(_("No announcement is set."))
    cycle.announce_at = None
    cycle.save(update_fields=["announce_at"])
