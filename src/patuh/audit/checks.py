"""A database check that the audit log's append-only triggers are in place.

A migration that rebuilds the audit table (SQLite rebuilds a table for many column changes)
drops its triggers with it; this warns before such a loss goes unnoticed.
"""

from django.core.checks import Tags, Warning
from django.core.checks import register as register_check
from django.db import connections

from patuh.audit.database import missing_triggers


def audit_triggers(app_configs=None, databases=None, **kwargs) -> list[Warning]:
    warnings = []
    for alias in databases or ():
        missing = missing_triggers(connections[alias])
        if missing:
            warnings.append(
                Warning(
                    f"The audit log's table in database {alias!r} lacks the triggers "
                    f"{', '.join(missing)}: raw SQL could change or remove audit events.",
                    hint="Reinstall them by migrating the audit app back and forth: "
                    "`patuh migrate audit 0001 && patuh migrate audit`.",
                    id="patuh.W030",
                )
            )
    return warnings


def register() -> None:
    register_check(audit_triggers, Tags.database)
