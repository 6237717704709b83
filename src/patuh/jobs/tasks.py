"""The one task of the tasks framework, which runs a stored job by id, and starting a job.

`start` stores a Job row and enqueues it. A worker (the database backend) must see the committed
row, so the job is enqueued once the transaction commits; the immediate backend (the default,
and in tests) runs it in this process at once. `start_or_reuse` first looks for the same job
already running or finished with a file that is still fresh, so a second click costs nothing.
"""

import datetime as dt

from django.db import transaction
from django.tasks import task
from django.tasks.backends.immediate import ImmediateBackend

from patuh.jobs.models import Job
from patuh.jobs.services import JobError, execute, is_registered


@task
def run_job(job_id: int) -> None:
    execute(job_id)


def start(kind: str, *, user, title: str, cycle=None, **params) -> Job:
    """Store a queued job and enqueue it when the current transaction commits."""
    if not is_registered(kind):
        raise JobError(f"Unknown job kind {kind!r}.")
    job = Job.objects.create(kind=kind, params=params, title=title, cycle=cycle, created_by=user)
    if isinstance(run_job.get_backend(), ImmediateBackend):
        run_job.enqueue(job.pk)
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


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
