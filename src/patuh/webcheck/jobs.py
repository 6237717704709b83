"""Checking a cycle's websites as a background job."""

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext, ngettext

from patuh.assessments.models import Cycle
from patuh.audit.services import current_actor
from patuh.jobs.models import Job
from patuh.jobs.services import JobError, JobOutcome, register
from patuh.jobs.tasks import start
from patuh.lib.progress import Progress
from patuh.webcheck.rules import RulesError
from patuh.webcheck.services import check_cycle

KIND = "webcheck"


def register_all() -> None:
    register(KIND)(check_cycle_websites)


def start_webcheck(cycle: Cycle, user) -> Job:
    """Check every website of the cycle as a job started by `user`."""
    return start(
        KIND,
        user=user,
        title=gettext("Check the websites of %(cycle)s") % {"cycle": cycle.name},
        cycle=cycle,
        cycle_id=cycle.pk,
    )


def check_cycle_websites(
    *, progress: Progress, cycle_id: int, concurrency: int | None = None
) -> JobOutcome:
    cycle = Cycle.objects.select_related("instrument_version").get(pk=cycle_id)
    try:
        run, _ = check_cycle(
            cycle, user=current_actor().user, progress=progress, concurrency=concurrency
        )
    except (RulesError, ImproperlyConfigured) as exc:
        raise JobError(
            gettext("The websites were not checked: %(problem)s") % {"problem": exc}
        ) from exc
    message = ngettext(
        "%(count)d website checked; %(answers)d automatic answers written.",
        "%(count)d websites checked; %(answers)d automatic answers written.",
        run.site_count,
    ) % {"count": run.site_count, "answers": run.answers_written}
    return JobOutcome(
        summary={"websites": run.site_count, "answers": run.answers_written}, message=message
    )
