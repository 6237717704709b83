"""Requests that take turns on one row: a phone re-sends while its first attempt is on its way."""

from django.db import connection
from django.db.models import Model


def lock_row(obj: Model) -> None:
    """Lock `obj`'s row until the transaction ends, so a second request for it waits and finds
    what the first stored. SQLite has no row locks; its transactions take turns anyway
    (IMMEDIATE, queued by patuh.lib.sqlite), so nothing is read there."""
    if connection.features.has_select_for_update:
        type(obj)._base_manager.select_for_update().filter(pk=obj.pk).first()
