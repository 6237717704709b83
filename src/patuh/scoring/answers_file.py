"""Reading a standalone answers table for `patuh compute`. Pure Python, no database.

Columns: level (product, unit, provider or website), path (slash-separated codes from the region
down to the subject), indicator (code), value. Other columns are ignored. The file itself is read
by patuh.lib.spreadsheet (CSV or XLSX).
"""

from collections.abc import Hashable
from dataclasses import dataclass

from patuh.instruments.definition import AnswerError, Instrument
from patuh.lib.spreadsheet import AnswersFileError
from patuh.scoring.engine import Subject

REQUIRED_COLUMNS = ("level", "path", "indicator", "value")
# How many path segments name a subject at each level, and the level of each prefix.
PATH_LEVELS = {
    "provider": ("region", "provider"),
    "unit": ("region", "provider", "unit"),
    "website": ("region", "provider", "website"),
    "product": ("region", "provider", "unit", "product"),
}


@dataclass
class AnswersFile:
    subjects: list[Subject]
    answers: list[tuple[Hashable, str, str]]


def read_answers(
    rows: list[tuple[int, list[str]]], instrument: Instrument, source: str = "answers"
) -> AnswersFile:
    """Check every row (header first, as lib.spreadsheet.read_rows gives them) and collect the
    subjects and answers; raise AnswersFileError listing all problems at once."""
    header_number, header_cells = rows[0]
    header = [name.strip().lower() for name in header_cells]
    missing_columns = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing_columns:
        raise AnswersFileError(
            [f"{source}: row {header_number}: missing column(s) {', '.join(missing_columns)}"]
        )
    position = {name: header.index(name) for name in REQUIRED_COLUMNS}

    subjects: dict[Hashable, Subject] = {}
    answers: list[tuple[Hashable, str, str]] = []
    seen: dict[tuple[Hashable, str], int] = {}
    problems: list[str] = []

    def subject_for(level: str, segments: list[str]) -> Subject:
        parent = None
        for depth, prefix_level in enumerate(PATH_LEVELS[level], 1):
            path = "/".join(segments[:depth])
            key = (prefix_level, path)
            subject = subjects.get(key)
            if subject is None:
                subject = Subject(prefix_level, key, path, "", parent)
                subjects[key] = subject
            parent = subject
        return parent

    for row_number, cells in rows[1:]:
        row = {name: cells[i] if i < len(cells) else "" for name, i in position.items()}
        where = f"{source}: row {row_number}"
        level = row["level"].lower()
        path = row["path"].strip("/")
        code = row["indicator"]
        value = row["value"]
        if level not in PATH_LEVELS:
            problems.append(
                f"{where}, column level: {level!r} is not one of {', '.join(PATH_LEVELS)}"
            )
            continue
        segments = path.split("/") if path else []
        expected = PATH_LEVELS[level]
        if len(segments) != len(expected) or not all(segments):
            problems.append(
                f"{where}, column path: a {level} path has {len(expected)} parts"
                f" ({'/'.join(expected)}), got {path!r}"
            )
            continue
        indicator = instrument.indicators.get(code)
        if indicator is None:
            problems.append(f"{where}, column indicator: unknown indicator {code!r}")
            continue
        if indicator.level != level:
            problems.append(
                f"{where}, column indicator: {code} is a {indicator.level}-level indicator"
            )
            continue
        if not value:
            problems.append(
                f"{where}, column value: empty (leave the row out for a missing answer)"
            )
            continue
        try:
            indicator.fraction(value)
        except AnswerError as exc:
            problems.append(f"{where}, column value: {exc}")
            continue
        subject = subject_for(level, segments)
        first = seen.setdefault((subject.key, code), row_number)
        if first != row_number:
            problems.append(f"{where}: {code} for {path} was already answered in row {first}")
            continue
        answers.append((subject.key, code, value))
    if problems:
        raise AnswersFileError(problems)
    return AnswersFile(list(subjects.values()), answers)
