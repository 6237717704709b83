"""With the database backend a job waits in the queue until `patuh db_worker` runs it."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PATUH = Path(sys.executable).with_name("patuh")

START = """
import django
django.setup()
from patuh.jobs.tasks import start
from tests import factories
cycle = factories.cycle([factories.provider()])
answers = factories.answer_everything(cycle)
job = start("recompute", user=None, title="Recompute", cycle=cycle, cycle_id=cycle.pk)
print(job.uuid, job.status, answers)
"""

STATUS = """
import django, sys
django.setup()
from patuh.jobs.models import Job
job = Job.objects.get(uuid=sys.argv[1])
print(job.status, job.cycle.snapshots.count(), job.message)
"""


def _run(args, env):
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_worker_runs_a_queued_job(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "PATUH_DATA_DIR": str(tmp_path),
        "PATUH_DEBUG": "1",
        "PATUH_TASKS_BACKEND": "database",
        "DJANGO_SETTINGS_MODULE": "patuh.settings",
    }
    _run([PATUH, "migrate", "--noinput"], env)

    job_id, status, answers = _run([sys.executable, "-c", START], env).split()
    assert status == "queued"
    assert _run([sys.executable, "-c", STATUS, job_id], env).startswith("queued 0")

    _run([PATUH, "db_worker", "--batch", "--no-startup-delay", "--no-reload"], env)

    assert _run([sys.executable, "-c", STATUS, job_id], env) == (
        f"succeeded 1 Nilai dihitung ulang dari {answers} jawaban."
    )
