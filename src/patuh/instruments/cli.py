"""What the management commands of several apps share about instruments; failures are
CommandErrors."""

from django.core.management.base import CommandError

from patuh.instruments.definition import Instrument, InstrumentError
from patuh.instruments.loading import builtin_instrument_files, load_instrument_file


def load_instrument(id_or_path: str) -> Instrument:
    """A built-in instrument by id, or an instrument file by path; CommandError otherwise."""
    files = builtin_instrument_files()
    path = files.get(id_or_path, id_or_path)
    try:
        return load_instrument_file(path)
    except InstrumentError as exc:
        if id_or_path not in files and not id_or_path.endswith((".yaml", ".yml")):
            known = ", ".join(sorted(files))
            raise CommandError(
                f"Unknown instrument {id_or_path!r}. Built-in instruments: {known}."
            ) from exc
        raise CommandError("\n".join(exc.problems)) from exc
