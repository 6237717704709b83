"""Reading a standalone answers table for `patuh compute`. Pure Python, no database.

Columns: level (product, unit, provider, website, or region), path (slash-separated codes from
the region down to the subject), indicator (code), value. Other columns are ignored. Region rows,
and provider rows naming the opinion's compliance indicator, give an opinion instrument's level
of compliance with the Ombudsman's products (opini-2025). The file itself is read by
patuh.lib.spreadsheet (CSV or XLSX).
"""

from collections.abc import Hashable
from dataclasses import dataclass, field

from patuh.instruments.definition import AnswerError, Instrument, Opinion
from patuh.lib.spreadsheet import AnswersFileError
from patuh.scoring.engine import Subject

REQUIRED_COLUMNS = ("level", "path", "indicator", "value")
# How many path segments name a subject at each level, and the level of each prefix.
PATH_LEVELS = {
    "region": ("region",),
    "provider": ("region", "provider"),
    "unit": ("region", "provider", "unit"),
    "website": ("region", "provider", "website"),
    "product": ("region", "provider", "unit", "product"),
}

# Where compliance rows may stand: a regional government, or a ministry, agency or vertical office.
COMPLIANCE_LEVELS = ("region", "provider")


@dataclass
class AnswersFile:
    subjects: list[Subject]
    answers: list[tuple[Hashable, str, str]]
    # Subject key → compliance level code, for opinion instruments.
    compliance: dict[Hashable, str] = field(default_factory=dict)


def read_answers(
    rows: list[tuple[int, list[str]]], instrument: Instrument, source: str = "answers"
) -> AnswersFile:
    """Check every row (header first, as lib.spreadsheet.read_rows gives them) and collect the
    subjects and answers; raise AnswersFileError listing all problems at once."""
    position = _column_positions(rows[0], source)
    subjects: dict[Hashable, Subject] = {}
    answers: list[tuple[Hashable, str, str]] = []
    compliance: dict[Hashable, str] = {}
    seen: dict[tuple[Hashable, str], int] = {}
    problems: list[str] = []
    for row_number, cells in rows[1:]:
        row = {name: cells[i] if i < len(cells) else "" for name, i in position.items()}
        where = f"{source}: row {row_number}"
        problem = _row_problem(row, instrument)
        if problem is not None:
            problems.append(f"{where}, {problem}")
            continue
        path, code = row["path"].strip("/"), row["indicator"]
        subject = _subject_for(subjects, row["level"].lower(), path.split("/"))
        first = seen.setdefault((subject.key, code), row_number)
        if first != row_number:
            problems.append(f"{where}: {code} for {path} was already answered in row {first}")
            continue
        if instrument.opinion is not None and code == instrument.opinion.indicator:
            compliance[subject.key] = instrument.opinion.compliance_code(row["value"])
        else:
            answers.append((subject.key, code, row["value"]))
    if problems:
        raise AnswersFileError(problems)
    return AnswersFile(list(subjects.values()), answers, compliance)


def _column_positions(header_row: tuple[int, list[str]], source: str) -> dict[str, int]:
    header_number, header_cells = header_row
    header = [name.strip().lower() for name in header_cells]
    missing_columns = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing_columns:
        raise AnswersFileError(
            [f"{source}: row {header_number}: missing column(s) {', '.join(missing_columns)}"]
        )
    return {name: header.index(name) for name in REQUIRED_COLUMNS}


def _row_problem(row: dict[str, str], instrument: Instrument) -> str | None:
    """What is wrong with a row's cells, as "column C: reason", or None."""
    level = row["level"].lower()
    path = row["path"].strip("/")
    code, value = row["indicator"], row["value"]
    if level not in PATH_LEVELS:
        return f"column level: {level!r} is not one of {', '.join(PATH_LEVELS)}"
    segments = path.split("/") if path else []
    expected = PATH_LEVELS[level]
    if len(segments) != len(expected) or not all(segments):
        return (
            f"column path: a {level} path has {len(expected)} parts"
            f" ({'/'.join(expected)}), got {path!r}"
        )
    opinion = instrument.opinion
    if opinion is not None and code == opinion.indicator:
        return _compliance_problem(opinion, level, value)
    if level == "region":
        return "column level: a region row gives only an opinion instrument's compliance level"
    indicator = instrument.indicators.get(code)
    if indicator is None:
        return f"column indicator: unknown indicator {code!r}"
    if indicator.level != level:
        return f"column indicator: {code} is a {indicator.level}-level indicator"
    if not value:
        return "column value: empty (leave the row out for a missing answer)"
    try:
        indicator.fraction(value)
    except AnswerError as exc:
        return f"column value: {exc}"
    return None


def _compliance_problem(opinion: Opinion, level: str, value: str) -> str | None:
    if level not in COMPLIANCE_LEVELS:
        return f"column level: {opinion.indicator} is given per region or provider, not {level}"
    try:
        opinion.compliance_code(value)
    except AnswerError as exc:
        return f"column value: {exc}"
    return None


def _subject_for(subjects: dict[Hashable, Subject], level: str, segments: list[str]) -> Subject:
    """The subject at the end of `segments`, creating it and the subjects above it as needed."""
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
