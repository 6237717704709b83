"""Fieldwork's background job: preliminary scores for office staff."""

from django.utils.translation import gettext

from patuh.assessments.models import Cycle
from patuh.audit.services import current_actor
from patuh.fieldwork.scoring import compute_preliminary_snapshot
from patuh.instruments.definition import InstrumentError
from patuh.jobs.models import Job
from patuh.jobs.services import JobError, JobOutcome, register
from patuh.jobs.tasks import start
from patuh.lib.progress import Progress
from patuh.scoring.engine import AnswerProblem


def register_all() -> None:
    register("preliminary")(preliminary_scores)


def start_preliminary(cycle: Cycle, user) -> Job:
    return start(
        "preliminary",
        user=user,
        title=gettext("Preliminary scores of %(cycle)s") % {"cycle": cycle.name},
        cycle=cycle,
        cycle_id=cycle.pk,
    )


def preliminary_scores(*, progress: Progress, cycle_id: int) -> JobOutcome:
    cycle = Cycle.objects.select_related("instrument_version").get(pk=cycle_id)
    try:
        snapshot, _ = compute_preliminary_snapshot(cycle, current_actor().user, progress)
    except (AnswerProblem, InstrumentError) as exc:
        raise JobError(
            gettext("Preliminary scores were not computed: %(problem)s") % {"problem": exc}
        ) from exc
    return JobOutcome(
        summary={"snapshot": snapshot.pk},
        message=gettext("Preliminary scores computed from %(count)d answers.")
        % {"count": snapshot.answer_count},
    )
