"""Recording audit events: explicitly from services, automatically for tracked models.

Who acts comes from a context variable that the middleware sets per request (user and IP) and
that commands and tasks set with `acting_as`; with none set, the actor is the system.
Tracked models (`track`) get an event for every save and delete made through the ORM, with the
fields before and after; bulk operations bypass signals, so the services that use them record
one summary event themselves.
"""

import contextvars
import datetime as dt
import hashlib
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from patuh.audit.models import AuditEvent


class Action:
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    # Signing in locked after repeated failures, and unlocked by an administrator.
    LOGIN_LOCKED = "login_locked"
    LOGIN_UNLOCKED = "login_unlocked"
    LOGOUT = "logout"
    EXPORT = "export"
    IMPORT = "import"
    REVIEW = "review"
    RELEASE = "release"
    WITHDRAW = "withdraw"


@dataclass(frozen=True)
class Actor:
    user: object | None
    via: str
    ip: str | None = None


_SYSTEM = Actor(user=None, via="cli")
_current: contextvars.ContextVar[Actor] = contextvars.ContextVar("audit_actor", default=_SYSTEM)


@contextmanager
def acting_as(user, via: str, ip: str | None = None) -> Iterator[None]:
    """Attribute every event recorded inside the block to `user` (may be a request's lazy,
    possibly anonymous user), made via `via` ("web", "cli" or "task")."""
    token = _current.set(Actor(user, via, ip))
    try:
        yield
    finally:
        _current.reset(token)


def current_actor() -> Actor:
    return _current.get()


def _plain(value):
    """A JSON-safe form of a field value."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return f"<{len(value)} bytes>"
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or ""
    return value


def record(
    action: str,
    obj: models.Model | None = None,
    *,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
    cycle_id: int | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    user=None,
) -> AuditEvent:
    """Store one event; the actor is `user` when given, else whoever is acting now."""
    actor = current_actor()
    who = user if user is not None else actor.user
    if who is not None and not who.is_authenticated:
        who = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
        if cycle_id is None:
            cycle_id = _cycle_of(obj)
    return AuditEvent.objects.create(
        actor=who,
        actor_name=who.get_username() if who is not None else "system",
        via=actor.via,
        ip=actor.ip,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:250],
        cycle_id=cycle_id,
        before=before,
        after=after,
        note=note,
    )


def _cycle_of(obj: models.Model) -> int | None:
    """The cycle id of an object that has one, directly or as itself."""
    if obj._meta.label_lower == "assessments.cycle":
        return obj.pk
    return getattr(obj, "cycle_id", None)


# Tracked models: label → (fields to leave out, fields whose values are secret).
_tracked: dict[str, tuple[frozenset[str], frozenset[str]]] = {}


def track(model: type[models.Model], *, exclude: Iterable[str] = (), secret: Iterable[str] = ()):
    """Record every ORM create, update and delete of `model`, and changes of its many-to-many
    fields, with the values before and after. `secret` fields are recorded as changed, never
    by value (a password hash)."""
    label = model._meta.label_lower
    _tracked[label] = (frozenset(exclude), frozenset(secret))
    uid = f"audit-{label}"
    pre_save.connect(_remember_before, sender=model, dispatch_uid=uid)
    post_save.connect(_record_save, sender=model, dispatch_uid=uid)
    post_delete.connect(_record_delete, sender=model, dispatch_uid=uid)
    for field in model._meta.local_many_to_many:
        m2m_changed.connect(
            _record_m2m, sender=field.remote_field.through, dispatch_uid=f"{uid}-{field.name}"
        )


def field_values(obj: models.Model) -> dict:
    """The tracked fields of `obj` as JSON-safe values (foreign keys by id)."""
    exclude, secret = _tracked.get(obj._meta.label_lower, (frozenset(), frozenset()))
    values = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude:
            continue
        value = field.value_from_object(obj)
        if field.name in secret and value:
            # A digest shows that the secret changed without recording it.
            digest = hashlib.sha256(str(value).encode()).hexdigest()[:12]
            values[field.attname] = f"<secret {digest}>"
        else:
            values[field.attname] = _plain(value)
    return values


def _diff(before: dict, after: dict) -> tuple[dict, dict]:
    changed = [key for key in after if before.get(key) != after[key]]
    return {key: before.get(key) for key in changed}, {key: after[key] for key in changed}


def save_as_read(instance: models.Model, before: dict) -> None:
    """Save `instance`, recording `before` (its field_values as read) as the event's before
    instead of reading its row again. Only for a row read in the saving transaction after it
    took the lock that keeps other writers off the row (as fieldwork's take_turns does)."""
    instance._audit_known_before = before
    instance.save()


def _remember_before(sender, instance, raw=False, **kwargs):
    known = instance.__dict__.pop("_audit_known_before", None)
    if known is not None:
        instance._audit_before = known
        return
    if raw or instance._state.adding or instance.pk is None:
        instance._audit_before = None
        return
    old = sender._base_manager.filter(pk=instance.pk).first()
    instance._audit_before = field_values(old) if old is not None else None


def _record_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    after = field_values(instance)
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        record(Action.CREATE, instance, after=after)
        return
    before, after = _diff(before, after)
    if after:
        record(Action.UPDATE, instance, before=before, after=after)


def _record_delete(sender, instance, **kwargs):
    record(Action.DELETE, instance, before=field_values(instance))


def _record_m2m(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Changes of a tracked model's many-to-many field, as the ids before and after."""
    if reverse or instance._meta.label_lower not in _tracked:
        return
    field = next(f for f in instance._meta.local_many_to_many if f.remote_field.through is sender)
    if action == "pre_clear":
        instance._audit_m2m_cleared = set(
            getattr(instance, field.name).values_list("pk", flat=True)
        )
        return
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    now = set(getattr(instance, field.name).values_list("pk", flat=True))
    if action == "post_add":
        was = now - set(pk_set or ())
    elif action == "post_remove":
        was = now | set(pk_set or ())
    else:
        was = getattr(instance, "_audit_m2m_cleared", set())
    if was == now:
        return
    record(
        Action.UPDATE,
        instance,
        before={field.name: sorted(was)},
        after={field.name: sorted(now)},
    )
