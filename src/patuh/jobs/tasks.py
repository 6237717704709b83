"""The one task of the tasks framework, which runs a stored job by id; starting a job; and
recovering the jobs of a worker that died.

`start` stores a Job row and enqueues it. A worker (the database backend) must see the committed
row, so the job is enqueued once the transaction commits; the immediate backend (the default,
and in tests) runs it in this process at once. `start_or_reuse` first looks for the same job
already running or finished with a file that is still fresh, so a second click costs nothing.
"""

import datetime as dt
import logging

from django.db import transaction
from django.tasks import task
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from patuh.jobs import liveness
from patuh.jobs.models import Job
from patuh.jobs.services import JobError, execute, is_registered

logger = logging.getLogger(__name__)

# A job whose worker died is queued again until it has been started this many times; then it
# fails, so that a job that kills its worker (out of memory, say) does not do so forever.
MAX_ATTEMPTS = 2


class WorkerLost(Exception):
    """Recorded on the task result of a job whose worker died while running it."""


@task
def run_job(job_id: int) -> None:
    execute(job_id)


def start(kind: str, *, user, title: str, cycle=None, **params) -> Job:
    """Store a queued job and enqueue it when the current transaction commits."""
    if not is_registered(kind):
        raise JobError(f"Unknown job kind {kind!r}.")
    job = Job.objects.create(kind=kind, params=params, title=title, cycle=cycle, created_by=user)
    _enqueue(job)
    return job


def without_worker() -> bool:
    """Whether tasks run at once inside the request that enqueues them (no background worker:
    PATUH_TASKS_BACKEND=immediate)."""
    return isinstance(run_job.get_backend(), ImmediateBackend)


def _enqueue(job: Job) -> None:
    if without_worker():
        run_job.enqueue(job.pk)
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: run_job.enqueue(job.pk))


def start_or_reuse(
    kind: str, *, user, title: str, fresh_since: dt.datetime, cycle=None, **params
) -> Job:
    """The user's identical job (same kind, cycle and parameters) that is queued or running,
    or that made its file after `fresh_since` (when its inputs last changed); else a new one.

    Only the user's own jobs are reused: a job's page and file are for whoever started it.
    """
    identical = Job.objects.filter(kind=kind, cycle=cycle, params=params, created_by=user)
    running = identical.filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING]).first()
    if running is not None:
        return running
    fresh = (
        identical.filter(status=Job.Status.SUCCEEDED, started_at__gte=fresh_since)
        .exclude(result_file="")
        .first()
    )
    if fresh is not None:
        return fresh
    return start(kind, user=user, title=title, cycle=cycle, **params)


def recover_orphans() -> list[Job]:
    """Jobs marked running whose process died: queued again, or failed after MAX_ATTEMPTS.

    Steps, per running job: take its liveness lock without waiting (held means its process
    lives: skip it); read it again under the lock (it may have finished meanwhile); mark the
    dead run's task result failed; queue the job again or fail it. Workers call this when they
    start and after each task (patuh.jobs.apps).
    """
    recovered = []
    for job_id in Job.objects.filter(status=Job.Status.RUNNING).values_list("pk", flat=True):
        with liveness.taken_if_free(job_id) as orphaned:
            job = Job.objects.get(pk=job_id) if orphaned else None
            if job is None or job.status != Job.Status.RUNNING:
                continue
            _fail_task_results(job)
            if job.attempts < MAX_ATTEMPTS:
                logger.warning("Job %s (%s) lost its worker; queued again", job.pk, job.kind)
                job.status, job.started_at = Job.Status.QUEUED, None
                job.save(update_fields=["status", "started_at"])
            else:
                logger.error("Job %s (%s) lost its worker %d times", job.pk, job.kind, job.attempts)
                job.status, job.finished_at = Job.Status.FAILED, timezone.now()
                job.error = _(
                    "The worker running this job stopped before it finished, %(attempts)d "
                    "times. Start the job again; if it stops again, tell the administrator."
                ) % {"attempts": job.attempts}
                job.save(update_fields=["status", "finished_at", "error"])
            recovered.append(job)
        # Enqueued once the lock is released: the immediate backend runs it here and now.
        if job.status == Job.Status.QUEUED:
            _enqueue(job)
    return recovered


def _fail_task_results(job: Job) -> None:
    """The task results the dead worker left running for `job`, marked failed."""
    running = DBTaskResult.objects.running().filter(task_path=run_job.module_path)
    for result in running:
        if result.args_kwargs.get("args") == [job.pk]:
            result.set_failed(WorkerLost(f"The worker running job {job.pk} died."))
