"""Scoring as a background job: recomputing a cycle can take a while for a national cycle."""

from django.utils.translation import gettext, ngettext

from patuh.assessments.models import Cycle
from patuh.audit.services import current_actor
from patuh.instruments.definition import InstrumentError
from patuh.jobs.models import Job
from patuh.jobs.services import JobError, JobOutcome, register
from patuh.jobs.tasks import start
from patuh.lib.progress import Progress
from patuh.scoring.engine import AnswerProblem
from patuh.scoring.incremental import rescore_changes
from patuh.scoring.services import compute_snapshot


def register_all() -> None:
    register("recompute")(recompute_scores)


def start_recompute(cycle: Cycle, user, *, changes_only: bool = False) -> Job:
    """Recompute the cycle's official scores as a job started by `user`; with `changes_only`,
    score only what changed since the latest official snapshot (the result is the same)."""
    return start(
        "recompute",
        user=user,
        title=gettext("Recompute the scores of %(cycle)s") % {"cycle": cycle.name},
        cycle=cycle,
        cycle_id=cycle.pk,
        changes_only=changes_only,
    )


def recompute_scores(
    *, progress: Progress, cycle_id: int, changes_only: bool = False
) -> JobOutcome:
    cycle = Cycle.objects.select_related("instrument_version").get(pk=cycle_id)
    user = current_actor().user
    try:
        if changes_only:
            snapshot = rescore_changes(cycle, user)
        else:
            snapshot, _ = compute_snapshot(cycle, user=user, progress=progress)
    except (AnswerProblem, InstrumentError) as exc:
        raise JobError(
            gettext("Scores were not recomputed: %(problem)s") % {"problem": exc}
        ) from exc
    message = ngettext(
        "Scores recomputed from %(count)d answer.",
        "Scores recomputed from %(count)d answers.",
        snapshot.answer_count,
    ) % {"count": snapshot.answer_count}
    return JobOutcome(summary={"snapshot": snapshot.pk}, message=message)
