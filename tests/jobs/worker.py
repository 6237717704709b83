"""`patuh db_worker` that knows the test job of tests/jobs/recording.py too.

Run as `python -m tests.jobs.worker [db_worker options]` from the repository's root.
"""

import os
import sys

import django

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "patuh.settings")
    django.setup()
    from django.core.management import execute_from_command_line

    import tests.jobs.recording  # noqa: F401  (registers the job)

    execute_from_command_line(["patuh", "db_worker", *sys.argv[1:]])
