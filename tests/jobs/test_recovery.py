"""A job runs once however often it is enqueued, and a job whose worker died is queued again,
then failed: never left "running" for ever. (Real killed workers: tests/jobs/test_workers.py.)"""

import threading

import pytest
from django.db import connection

from patuh.jobs import liveness, services, tasks
from patuh.jobs.models import Job
from patuh.jobs.services import JobOutcome

pytestmark = pytest.mark.django_db

runs: list[int] = []


@services.register("tests-note-run")
def note_run(*, progress, number: int) -> JobOutcome:
    runs.append(number)
    return JobOutcome(summary={"number": number})


@pytest.fixture(autouse=True)
def no_runs_yet():
    runs.clear()


def left_running(attempts: int) -> Job:
    """A job as a worker that died mid-run leaves it."""
    return Job.objects.create(
        kind="tests-note-run",
        params={"number": 5},
        title="Orphan",
        status=Job.Status.RUNNING,
        attempts=attempts,
    )


def test_a_job_enqueued_twice_runs_once():
    job = tasks.start("tests-note-run", user=None, title="Once", number=1)

    services.execute(job.pk)

    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.SUCCEEDED, 1)
    assert runs == [1]


def test_a_job_whose_worker_died_runs_again():
    job = left_running(attempts=1)

    assert tasks.recover_orphans() == [job]

    job.refresh_from_db()
    # The immediate backend runs the queued job at once.
    assert (job.status, job.attempts, job.result) == (Job.Status.SUCCEEDED, 2, {"number": 5})
    assert runs == [5]


def test_a_job_whose_worker_died_twice_fails_saying_so():
    job = left_running(attempts=2)

    tasks.recover_orphans()

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == (
        "Proses yang menjalankan pekerjaan ini berhenti sebelum selesai, 2 kali. Jalankan lagi; "
        "bila berhenti lagi, beri tahu administrator."
    )
    assert job.finished_at is not None
    assert runs == []


def test_a_job_whose_worker_lives_is_left_running():
    job = left_running(attempts=1)
    holding, release = threading.Event(), threading.Event()

    def worker_running_the_job():
        # Another process, as far as the lock can tell: its own database connection.
        try:
            with liveness.held(job.pk):
                holding.set()
                release.wait(10)
        finally:
            connection.close()

    worker = threading.Thread(target=worker_running_the_job)
    worker.start()
    try:
        assert holding.wait(10)
        assert tasks.recover_orphans() == []
    finally:
        release.set()
        worker.join()

    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.RUNNING, 1)
    assert runs == []
