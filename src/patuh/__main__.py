"""The `patuh` command: Django's management commands with Patuh's settings."""

import os
import sys

from django.core.management import execute_from_command_line
from django.db import DatabaseError


def _migrations_pending() -> bool:
    """Whether the database lacks migrations of this version (a fresh one lacks them all)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "patuh.settings")
    try:
        execute_from_command_line(sys.argv)
    except DatabaseError:
        # A command run before `patuh migrate` (on a fresh clone, or after an upgrade) finds
        # no tables: say what to do instead of printing the database's traceback.
        if not _migrations_pending():
            raise
        sys.stderr.write(
            "The database is not ready for this version of Patuh: run `patuh migrate` first.\n"
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
