"""The database itself refuses to change or remove audit events, whatever SQL reaches it.

Run on SQLite by default and on PostgreSQL when DATABASE_URL points to one (.ci/run does).
"""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, transaction

from patuh.audit.checks import audit_triggers
from patuh.audit.database import flush_permitted, is_test_database
from patuh.audit.models import AuditEvent
from patuh.audit.services import Action, record

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's (SQLite has none)"
)


def refused(sql: str, params=()) -> str:
    """The database's error for `sql`, which must fail; the transaction goes on."""
    with (
        pytest.raises(DatabaseError) as refusal,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)
    return str(refusal.value)


@pytest.mark.django_db
def test_the_database_refuses_an_update_in_raw_sql():
    event = record(Action.EXPORT, object_type="x.y", object_repr="thing")

    error = refused("UPDATE audit_auditevent SET note = 'rewritten' WHERE id = %s", [event.pk])

    assert "audit events are append-only" in error
    event.refresh_from_db()
    assert event.note == ""


@pytest.mark.django_db
def test_the_database_refuses_a_delete_in_raw_sql():
    event = record(Action.EXPORT, object_type="x.y", object_repr="thing")

    error = refused("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    error_for_all = refused("DELETE FROM audit_auditevent")

    assert "audit events are append-only" in error
    assert "audit events are append-only" in error_for_all
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@on_postgresql
@pytest.mark.django_db
def test_postgresql_refuses_a_truncate():
    event = record(Action.EXPORT, object_type="x.y", object_repr="thing")

    error = refused("TRUNCATE audit_auditevent")
    error_with_cascade = refused("TRUNCATE audit_auditevent RESTART IDENTITY CASCADE")

    assert "audit events are append-only" in error
    assert "audit events are append-only" in error_with_cascade
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_the_permit_lets_through_only_what_a_flush_does():
    record(Action.EXPORT, object_type="x.y", object_repr="thing")

    with flush_permitted(connection), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE audit_auditevent"
            if connection.vendor == "postgresql"
            else "DELETE FROM audit_auditevent"
        )
        assert not AuditEvent.objects.exists()
        transaction.set_rollback(True)

    # Updates stay refused while the permit holds, and everything is refused after it.
    with flush_permitted(connection):
        refused("UPDATE audit_auditevent SET note = 'rewritten'")
    refused("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_test_database_audit_log_included():
    record(Action.EXPORT, object_type="x.y", object_repr="thing")
    assert is_test_database(connection)

    call_command("flush", interactive=False, verbosity=0)

    assert not AuditEvent.objects.exists()


def test_only_the_test_database_counts_as_one():
    other = connections["default"].__class__(
        {**connections["default"].settings_dict, "NAME": "patuh_production"}
    )

    assert not is_test_database(other)


@pytest.mark.django_db
def test_a_check_warns_when_a_trigger_is_missing():
    assert audit_triggers(databases=["default"]) == []

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "DROP TRIGGER audit_event_append_only ON audit_auditevent"
                if connection.vendor == "postgresql"
                else "DROP TRIGGER audit_event_append_only"
            )
        [warning] = audit_triggers(databases=["default"])
        transaction.set_rollback(True)

    assert warning.id == "patuh.W030"
    assert "audit_event_append_only" in warning.msg
    assert audit_triggers(databases=["default"]) == []
