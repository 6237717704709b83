"""Running a management command in a test and reading what it printed."""

from io import StringIO

from django.core.management import call_command


def run(name: str, *args: str) -> str:
    out = StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()
