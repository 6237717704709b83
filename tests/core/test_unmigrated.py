"""A `patuh` command run before the database is migrated says to migrate, not a traceback."""

import os
import subprocess
import sys
from pathlib import Path

PATUH = Path(sys.executable).with_name("patuh")


def run_patuh(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """`patuh args` on a fresh SQLite database in tmp_path."""
    env = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    env.update(PATUH_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="patuh.settings")
    return subprocess.run(
        [str(PATUH), *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_a_command_on_a_fresh_database_says_to_run_migrate(tmp_path):
    result = run_patuh(tmp_path, "cycle", "list")

    assert result.returncode == 1
    assert result.stderr == (
        "The database is not ready for this version of Patuh: run `patuh migrate` first.\n"
    )
    assert "Traceback" not in result.stdout + result.stderr
