"""Running a plain function as a user-visible background job.

A job function takes keyword arguments (JSON-safe, usually ids) and a `progress` callback, and
returns a JobOutcome. The same function runs from a management command with a terminal progress
bar. Apps register their job functions in a `jobs` module that their AppConfig.ready() imports,
so a worker process knows them too.

`execute` runs a stored job; patuh.jobs.tasks wraps it in the one task of Django's tasks
framework, and its `start` stores and enqueues a job.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files import File
from django.db.models import F
from django.utils import timezone

from patuh.audit.services import acting_as
from patuh.jobs import liveness
from patuh.jobs.models import Job

logger = logging.getLogger(__name__)


class JobError(Exception):
    """A job cannot go on; the message is for the person who started it."""


@dataclass
class JobOutcome:
    # A short JSON-safe summary shown on the job's page.
    summary: dict = field(default_factory=dict)
    # A file to keep as the job's result (moved into storage), if the job made one.
    file: Path | None = None
    # The name the file is downloaded under; the file's own name when empty.
    filename: str = ""
    message: str = ""


JobFunction = Callable[..., JobOutcome]
_functions: dict[str, JobFunction] = {}


def register(kind: str) -> Callable[[JobFunction], JobFunction]:
    """Make `function` runnable as a job of `kind`."""

    def decorator(function: JobFunction) -> JobFunction:
        _functions[kind] = function
        return function

    return decorator


def is_registered(kind: str) -> bool:
    return kind in _functions


class JobProgress:
    """Progress that updates the job's row, at most about twice a second."""

    interval = 0.5

    def __init__(self, job: Job):
        self.job = job
        self.saved_at = 0.0

    def __call__(self, done: int, total: int | None = None, message: str = "") -> None:
        job = self.job
        job.done = done
        if total is not None:
            job.total = total
        if message:
            job.message = message[:250]
        now = time.monotonic()
        if now - self.saved_at >= self.interval or (job.total and done >= job.total):
            self.saved_at = now
            job.save(update_fields=["done", "total", "message"])


def execute(job_id: int) -> None:
    """Run the job `job_id`: its status, progress, result and error end up on its row.

    1. Hold the job's liveness lock for the whole run, so that if this process dies the job is
       seen as orphaned (patuh.jobs.tasks.recover_orphans).
    2. Claim the job: QUEUED becomes RUNNING in one UPDATE, so that a job enqueued twice, or
       picked by two workers, runs once.
    3. Run its function and record the outcome.
    """
    with liveness.held(job_id):
        claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
            status=Job.Status.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1
        )
        if claimed:
            _run(Job.objects.select_related("created_by").get(pk=job_id))


def _run(job: Job) -> None:
    function = _functions[job.kind]
    try:
        with acting_as(job.created_by, "task"):
            outcome = function(progress=JobProgress(job), **job.params)
    except JobError as exc:
        _fail(job, str(exc))
        return
    except Exception as exc:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        _fail(job, f"Unexpected error: {exc.__class__.__name__}: {exc}")
        return
    if outcome.file is not None:
        with outcome.file.open("rb") as handle:
            job.result_file.save(outcome.file.name, File(handle), save=False)
        job.result_name = outcome.filename or outcome.file.name
        outcome.file.unlink(missing_ok=True)
    job.status, job.finished_at = Job.Status.SUCCEEDED, timezone.now()
    job.result = outcome.summary
    job.message = (outcome.message or job.message)[:250]
    if job.total is not None:
        job.done = job.total
    job.save()


def _fail(job: Job, error: str) -> None:
    job.status, job.finished_at, job.error = Job.Status.FAILED, timezone.now(), error
    job.save(update_fields=["status", "finished_at", "error"])


def latest_job(kind: str, cycle) -> Job | None:
    return Job.objects.filter(kind=kind, cycle=cycle).order_by("-created_at", "-pk").first()
