"""Several real `patuh db_worker` processes on PostgreSQL share a queue: each job runs once,
and a job whose worker is killed mid-run is run again by another.

PostgreSQL only (skipped on SQLite; .ci/run runs the suite on PostgreSQL too).
"""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from patuh.jobs import tasks
from patuh.jobs.models import Job
from tests.jobs import recording  # noqa: F401  (registers the job the workers run)

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="several workers need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def queue(settings):
    """Jobs go to the database queue, as in production, instead of running inline."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def workers():
    """Start worker processes on the test database: `start()` returns one; all are killed after
    the test."""
    url = urlsplit(os.environ["DATABASE_URL"])
    env = {
        "PATH": os.environ["PATH"],
        "DATABASE_URL": url._replace(path="/" + connection.settings_dict["NAME"]).geturl(),
        "DJANGO_SETTINGS_MODULE": "patuh.settings",
        "PATUH_DEBUG": "1",
        "PATUH_TASKS_BACKEND": "database",
    }
    started: list[subprocess.Popen] = []

    def start() -> subprocess.Popen:
        options = ["--no-reload", "--no-startup-delay", "--interval", "0.1", "-v", "0"]
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.jobs.worker", *options], cwd=ROOT, env=env
        )
        started.append(process)
        return process

    yield start
    for process in started:
        process.kill()
        process.wait()


def wait_until_finished(jobs: list[Job], timeout: float = 120) -> list[Job]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = list(Job.objects.filter(pk__in=[job.pk for job in jobs]).order_by("pk"))
        if all(row.finished for row in rows):
            return rows
        time.sleep(0.2)
    pytest.fail(f"jobs not finished: {Counter(row.status for row in rows)}")


def wait_for_file(path: Path, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_text():
            return path.read_text()
        time.sleep(0.1)
    pytest.fail(f"{path} never appeared")


def test_three_workers_run_each_job_exactly_once(queue, workers, tmp_path):
    log = tmp_path / "runs.log"
    for _ in range(3):
        workers()
    jobs = [
        tasks.start("tests-record", user=None, title="Job", log=str(log), number=n, seconds=0.1)
        for n in range(30)
    ]

    finished = wait_until_finished(jobs)

    assert {(job.status, job.attempts) for job in finished} == {(Job.Status.SUCCEEDED, 1)}
    runs = [line.split() for line in log.read_text().splitlines()]
    assert sorted(int(number) for number, _ in runs) == list(range(30))
    # The workers shared the batch, each task claimed by one of them.
    assert len({pid for _, pid in runs}) >= 2
    results = DBTaskResult.objects.filter(task_path=tasks.run_job.module_path)
    assert results.count() == 30
    assert all(len(result.worker_ids) == 1 for result in results)
    assert all(result.status == "SUCCESSFUL" for result in results)


def test_a_killed_workers_job_is_run_again_by_the_next_worker(queue, workers, tmp_path):
    log, hang = tmp_path / "runs.log", tmp_path / "hanging.pid"
    workers()
    job = tasks.start(
        "tests-record", user=None, title="Hangs", log=str(log), number=7, hang=str(hang)
    )
    pid = int(wait_for_file(hang))
    assert Job.objects.get(pk=job.pk).status == Job.Status.RUNNING

    os.kill(pid, signal.SIGKILL)
    # systemd restarts a killed worker (Restart=on-failure); the new one recovers the job.
    workers()

    [finished] = wait_until_finished([job])
    assert (finished.status, finished.attempts) == (Job.Status.SUCCEEDED, 2)
    [(number, ran_in)] = [line.split() for line in log.read_text().splitlines()]
    assert number == "7" and int(ran_in) != pid
    lost, rerun = DBTaskResult.objects.filter(task_path=tasks.run_job.module_path).order_by(
        "enqueued_at"
    )
    assert lost.status == "FAILED" and "WorkerLost" in lost.exception_class_path
    assert rerun.status == "SUCCESSFUL"
