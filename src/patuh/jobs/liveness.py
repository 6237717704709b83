"""Whether a running job's process is still alive, told by a lock that dies with the process.

The process running a job holds the job's lock from before it marks the job running until after
it records the outcome. A process that is killed (SIGKILL, out of memory, a lost machine) loses
the lock with it, so a job that is "running" while its lock is free has been orphaned.

- PostgreSQL: a session-level advisory lock on the job's id. The server releases it when the
  session ends, which it does as soon as the killed process's connection closes.
- SQLite: an exclusive flock() on a file per job beside the database file (every process of one
  SQLite installation is on one machine). The kernel releases it when the process dies.
"""

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

# The advisory locks' first key, so they cannot meet another application's locks on the server.
ADVISORY_NAMESPACE = 0x5041  # "PA"


@contextmanager
def held(job_id: int) -> Iterator[None]:
    """Hold the job's lock while the block runs, waiting for it if another process has it."""
    with _lock(job_id, wait=True):
        yield


@contextmanager
def taken_if_free(job_id: int) -> Iterator[bool]:
    """Take the job's lock for the block if nobody holds it: True when taken, that is when no
    live process is running the job."""
    with _lock(job_id, wait=False) as taken:
        yield taken


@contextmanager
def _lock(job_id: int, *, wait: bool) -> Iterator[bool]:
    if connection.vendor == "postgresql":
        with _advisory_lock(job_id, wait=wait) as taken:
            yield taken
        return
    path = _sqlite_lock_file(job_id)
    if path is None:
        # An in-memory database lives in one process: nobody else can run its jobs.
        yield True
        return
    with _file_lock(path, wait=wait) as taken:
        yield taken


@contextmanager
def _advisory_lock(job_id: int, *, wait: bool) -> Iterator[bool]:
    with connection.cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [ADVISORY_NAMESPACE, job_id])
            taken = True
        else:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [ADVISORY_NAMESPACE, job_id])
            [taken] = cursor.fetchone()
    try:
        yield taken
    finally:
        if taken:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [ADVISORY_NAMESPACE, job_id])


def _sqlite_lock_file(job_id: int) -> Path | None:
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        return None
    folder = Path(f"{name}-job-locks")
    folder.mkdir(exist_ok=True)
    return folder / f"{job_id}.lock"


@contextmanager
def _file_lock(path: Path, *, wait: bool) -> Iterator[bool]:
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            if wait:
                # The job's run is over and its outcome recorded, so whoever opens the name
                # afterwards (a new file) finds the job finished. Removed before unlocking.
                path.unlink(missing_ok=True)
            fcntl.flock(handle, fcntl.LOCK_UN)
