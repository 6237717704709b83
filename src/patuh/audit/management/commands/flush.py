"""Django's `flush`, which may empty the append-only audit log on a test database only."""

from contextlib import nullcontext

from django.core.management.commands import flush
from django.db import connections

from patuh.audit.database import flush_permitted, is_test_database


class Command(flush.Command):
    help = (
        "Remove all data from the database. Refused while the audit log has events, except on "
        "the test database, which the test runner empties between tests."
    )

    def handle(self, **options) -> None:
        connection = connections[options["database"]]
        permit = flush_permitted(connection) if is_test_database(connection) else nullcontext()
        with permit:
            super().handle(**options)
