"""Checking a cycle's websites as a background job."""

from django.utils.translation import ngettext

from patuh.assessments.models import Cycle
from patuh.audit.services import current_actor
from patuh.jobs.services import JobOutcome, register
from patuh.lib.progress import Progress
from patuh.webcheck.services import check_cycle

KIND = "webcheck"


def register_all() -> None:
    register(KIND)(check_cycle_websites)


def check_cycle_websites(
    *, progress: Progress, cycle_id: int, concurrency: int | None = None
) -> JobOutcome:
    cycle = Cycle.objects.select_related("instrument_version").get(pk=cycle_id)
    run, _ = check_cycle(
        cycle, user=current_actor().user, progress=progress, concurrency=concurrency
    )
    message = ngettext(
        "%(count)d website checked; %(answers)d automatic answers written.",
        "%(count)d websites checked; %(answers)d automatic answers written.",
        run.site_count,
    ) % {"count": run.site_count, "answers": run.answers_written}
    return JobOutcome(
        summary={"websites": run.site_count, "answers": run.answers_written}, message=message
    )
