"""The database's own refusal to change or remove audit events, and the one way past it.

Migrations 0002 and 0003 install triggers per vendor. SQLite refuses UPDATE and DELETE of
audit rows; PostgreSQL refuses UPDATE, DELETE and TRUNCATE. Django's test runner empties the
test database between transactional tests with `flush` (DELETE on SQLite, TRUNCATE on
PostgreSQL), so the triggers let a flush through while `flush_permitted()` is active, and only
the `flush` command enters it, and only on a test database
(patuh.audit.management.commands.flush).

- SQLite: the DELETE trigger asks `patuh_audit_flushing()`, a function this module registers on
  every connection Django opens. A connection not opened by Django (the sqlite3 shell) does not
  know the function, so its DELETE fails too.
- PostgreSQL: the TRUNCATE trigger lets the statement through when the session's
  `patuh.audit_flush` setting is on. DELETE and UPDATE are always refused.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.creation import TEST_DATABASE_PREFIX

SQLITE_FUNCTION = "patuh_audit_flushing"
POSTGRES_SETTING = "patuh.audit_flush"
TABLE = "audit_auditevent"
# The triggers migration 0003 installs, per vendor.
TRIGGERS = {
    "sqlite": {"audit_event_append_only", "audit_event_no_delete"},
    "postgresql": {"audit_event_append_only", "audit_event_no_truncate"},
}


def register_sqlite_function(sender, connection: BaseDatabaseWrapper, **kwargs) -> None:
    """On every new SQLite connection: the function the DELETE trigger asks (connection_created)."""
    if connection.vendor != "sqlite":
        return
    connection.connection.create_function(
        SQLITE_FUNCTION, 0, lambda: int(getattr(connection, "_patuh_audit_flush", False))
    )


@contextmanager
def flush_permitted(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Let this connection empty the audit table (DELETE on SQLite, TRUNCATE on PostgreSQL)."""
    connection.ensure_connection()
    connection._patuh_audit_flush = True
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'on', false)", [POSTGRES_SETTING])
    try:
        yield
    finally:
        connection._patuh_audit_flush = False
        if connection.vendor == "postgresql" and not connection.needs_rollback:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'off', false)", [POSTGRES_SETTING])


def is_test_database(connection: BaseDatabaseWrapper) -> bool:
    """Whether `connection` is to a database Django's test runner created: one named as its
    TEST NAME setting says, or as Django names test databases when there is none."""
    name = str(connection.settings_dict["NAME"])
    return (
        name == connection.settings_dict.get("TEST", {}).get("NAME")
        # SQLite's in-memory test database: file:memorydb_<alias>?mode=memory&cache=shared
        or name.startswith((TEST_DATABASE_PREFIX, "file:memorydb_"))
    )


def missing_triggers(connection: BaseDatabaseWrapper) -> list[str]:
    """The append-only triggers missing from the audit table; none when there is no table yet."""
    expected = TRIGGERS.get(connection.vendor)
    if not expected or TABLE not in connection.introspection.table_names():
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE]
            )
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger"
                " WHERE tgrelid = %s::regclass AND NOT tgisinternal AND tgenabled <> 'D'",
                [TABLE],
            )
        present = {name for (name,) in cursor.fetchall()}
    return sorted(expected - present)
