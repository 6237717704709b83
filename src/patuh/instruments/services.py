"""Storing instrument versions: immutable once a cycle uses them."""

from django.db import transaction

from patuh.instruments.loading import build_instrument, builtin_instrument_files, parse_yaml
from patuh.instruments.models import Instrument, InstrumentVersion


@transaction.atomic
def save_instrument_source(source: str, *, origin: str, user=None) -> InstrumentVersion:
    """Store the instrument in `source` (YAML) and return its version row.

    The same definition again returns the stored version. A changed definition updates the
    latest version in place only while no cycle uses it; otherwise it becomes a new version, so
    stored results keep pointing at the definition they were computed with.
    Raises InstrumentError naming `origin` when the source is invalid.
    """
    data = parse_yaml(source, origin)
    definition = build_instrument(data, origin)
    digest = InstrumentVersion.digest(data)
    instrument, _ = Instrument.objects.get_or_create(
        code=definition.id, defaults={"title": definition.title.id}
    )
    existing = instrument.versions.filter(sha256=digest).first()
    if existing is not None:
        return existing
    latest = instrument.versions.select_for_update().order_by("-number").first()
    if latest is not None and not latest.is_in_use():
        latest.source, latest.definition, latest.sha256 = source, data, digest
        latest.save(update_fields=["source", "definition", "sha256"])
        return latest
    number = max(definition.version, latest.number + 1 if latest else 1)
    data = {**data, "version": number}
    return InstrumentVersion.objects.create(
        instrument=instrument,
        number=number,
        source=source,
        definition=data,
        sha256=digest,
        created_by=user,
    )


def sync_builtin_instruments() -> dict[str, InstrumentVersion]:
    """Store every instrument file shipped in the package; returns the version of each id."""
    return {
        code: save_instrument_source(path.read_text(encoding="utf-8"), origin=str(path))
        for code, path in sorted(builtin_instrument_files().items())
    }
