"""The one task of the tasks framework, which runs a stored job by id, and starting a job.

`start` stores a Job row and enqueues it. A worker (the database backend) must see the committed
row, so the job is enqueued once the transaction commits; the immediate backend (the default,
and in tests) runs it in this process at once.
"""

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
