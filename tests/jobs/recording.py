"""A job that records each run in a file, for tests/jobs/test_workers.py and its workers
(tests/jobs/worker.py): importing this module registers it."""

import os
import time
from pathlib import Path

from patuh.jobs import services


@services.register("tests-record")
def record(*, progress, log: str, number: int, seconds: float = 0, hang: str = ""):
    """Append `number` and this process's id to `log`. With `hang`, the first run (the one that
    finds no file there) writes its process id there and hangs, waiting to be killed."""
    if hang and not Path(hang).exists():
        Path(hang).write_text(str(os.getpid()))
        time.sleep(600)
    time.sleep(seconds)
    with Path(log).open("a") as handle:
        handle.write(f"{number} {os.getpid()}\n")
    return services.JobOutcome(summary={"number": number})
