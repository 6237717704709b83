"""Reading an instrument file: YAML, checked in two passes, into an Instrument.

Pure Python (no Django). The first pass is the JSON Schema in instrument.schema.json, for shape;
the second (patuh.instruments.crosschecks) checks the cross-references and arithmetic that a
schema cannot express. Every problem is reported as "<file>: <path inside it>: <problem>".
"""

import json
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from patuh.instruments.crosschecks import check_instrument
from patuh.instruments.definition import Instrument, InstrumentError

# libyaml's parser where PyYAML was built with it: the same data about eight times as fast, and
# instruments are parsed whenever they are synced (every demo load, every cycle a test makes).
try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader


def load_instrument_file(path: Path | str) -> Instrument:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InstrumentError([f"{path}: cannot be read: {exc}"]) from exc
    return parse_instrument(text, source=str(path))


def parse_yaml(text: str, source: str) -> Any:
    try:
        return yaml.load(text, Loader=SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(top level)"
        problem = getattr(exc, "problem", None) or str(exc)
        raise InstrumentError([f"{source}: {where}: not valid YAML: {problem}"]) from exc


def parse_instrument(text: str, source: str = "<instrument>") -> Instrument:
    return build_instrument(parse_yaml(text, source), source)


def build_instrument(data: Any, source: str = "<instrument>") -> Instrument:
    """Validate parsed YAML data and build the Instrument, or raise InstrumentError."""
    problems = _schema_problems(data)
    if problems:
        raise InstrumentError([f"{source}: {where}: {what}" for where, what in problems])
    instrument, problems = check_instrument(data)
    if problems:
        raise InstrumentError([f"{source}: {where}: {what}" for where, what in problems])
    return instrument


def builtin_instrument_files() -> dict[str, Path]:
    """The instrument files shipped in the package, by instrument id (the file's stem)."""
    folder = resources.files("patuh.instruments").joinpath("definitions")
    return {
        Path(entry.name).stem: Path(str(entry))
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    }


@cache
def _schema_validator() -> jsonschema.Draft202012Validator:
    schema_text = resources.files("patuh.instruments").joinpath("instrument.schema.json")
    schema = json.loads(schema_text.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _format_path(parts: Iterable[Any]) -> str:
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(top level)"


def _schema_problems(data: Any) -> list[tuple[str, str]]:
    problems = []
    for error in _schema_validator().iter_errors(data):
        # For "oneOf" (answer types) the most relevant sub-error says what is actually wrong.
        best = jsonschema.exceptions.best_match(error.context) if error.context else error
        problems.append((_format_path(best.absolute_path), best.message))
    return sorted(set(problems))
