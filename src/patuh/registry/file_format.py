"""The registry file format: its columns and what each kind of row (record) defines.

Shared by the importer and the exporter, and documented in docs/registry-format.md.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models

from patuh.registry.models import (
    AgencyKind,
    Government,
    Provider,
    Region,
    ServiceProduct,
    ServiceUnit,
    Website,
)

# Every column of the format, in the order the export writes them.
COLUMNS = (
    "record",
    "code",
    "name",
    "parent",
    "level",
    "name_en",
    "kind",
    "region",
    "government",
    "provider",
    "unit",
    "address",
    "latitude",
    "longitude",
    "url",
)

PROGRESS_EVERY = 10_000

type Key = tuple[str, ...]
type Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class RecordType:
    """What one kind of row defines and which columns it reads."""

    name: str
    model: type[models.Model]
    key: tuple[str, ...]  # the columns that identify the record (its natural key)
    required: tuple[str, ...]  # columns that may not be empty
    optional: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()  # model fields read from the column of the same name
    # Foreign key field → (record type it points to, the columns giving that record's key).
    refs: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)

    @property
    def columns(self) -> tuple[str, ...]:
        return ("record", *self.required, *self.optional)


RECORD_TYPES = {
    spec.name: spec
    for spec in (
        RecordType(
            "region",
            Region,
            key=("code",),
            required=("code", "name"),
            optional=("level", "parent"),
            fields=("code", "name", "level"),
            refs={"parent": ("region", ("parent",))},
        ),
        RecordType(
            "agency_kind",
            AgencyKind,
            key=("code",),
            required=("code", "name"),
            optional=("name_en",),
            fields=("code", "name", "name_en"),
        ),
        RecordType(
            "government",
            Government,
            key=("code",),
            required=("code", "name", "kind"),
            optional=("region",),
            fields=("code", "name", "kind"),
            refs={"region": ("region", ("region",))},
        ),
        RecordType(
            "provider",
            Provider,
            key=("code",),
            required=("code", "name", "kind", "region", "government"),
            fields=("code", "name"),
            refs={
                "kind": ("agency_kind", ("kind",)),
                "region": ("region", ("region",)),
                "government": ("government", ("government",)),
            },
        ),
        RecordType(
            "unit",
            ServiceUnit,
            key=("provider", "code"),
            required=("provider", "code", "name"),
            optional=("address", "latitude", "longitude"),
            fields=("code", "name", "address", "latitude", "longitude"),
            refs={"provider": ("provider", ("provider",))},
        ),
        RecordType(
            "product",
            ServiceProduct,
            key=("provider", "unit", "code"),
            required=("provider", "unit", "code", "name"),
            fields=("code", "name"),
            refs={"unit": ("unit", ("provider", "unit"))},
        ),
        RecordType(
            "website",
            Website,
            key=("provider", "code"),
            required=("provider", "url"),
            optional=("code",),
            fields=("code", "url"),
            refs={"provider": ("provider", ("provider",))},
        ),
    )
}
# Columns whose values are lower-case choices; typing "Regency" is accepted.
CHOICE_COLUMNS = {"record", "level", "kind"}
