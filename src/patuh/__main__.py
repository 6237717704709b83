"""The `patuh` command: Django's management commands with Patuh's settings."""

import os
import sys

from django.core.management import execute_from_command_line


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "patuh.settings")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
