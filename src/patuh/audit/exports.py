"""The audit log as an export (CSV, XLSX or JSON)."""

import json

from django.db.models import QuerySet

from patuh.audit.models import AuditEvent
from patuh.lib.exports import Column, Export


class AuditLogExport(Export):
    name = "audit-log"
    sheet_title = "audit"
    columns = (
        Column("id", "The event's sequence number."),
        Column("at", "When it happened (ISO 8601, with time zone)."),
        Column("actor", "Username of who acted; 'system' for commands without a user."),
        Column("via", "web, cli or task."),
        Column("ip", "The client's IP address, for web requests."),
        Column("action", "create, update, delete, login, login_failed, logout, export, …"),
        Column("object_type", "app_label.model of the object."),
        Column("object_id", "The object's primary key."),
        Column("object", "How the object read at the time."),
        Column("cycle_id", "The cycle the object belongs to, if any."),
        Column("before", "Changed fields before, as JSON."),
        Column("after", "Changed fields after, as JSON."),
        Column("note", "Reason, comment or detail."),
    )

    def __init__(self, events: QuerySet[AuditEvent]):
        self.events = events

    def rows(self):
        for event in self.events.order_by("at", "pk").iterator(chunk_size=2000):
            yield (
                event.pk,
                event.at,
                event.actor_name,
                event.via,
                event.ip,
                event.action,
                event.object_type,
                event.object_id,
                event.object_repr,
                event.cycle_id,
                _json(event.before),
                _json(event.after),
                event.note,
            )


def _json(value) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
