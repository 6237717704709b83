"""Exports: classes that yield rows, rendered as streamed CSV, XLSX or JSON responses.

An export names its columns with a description each (the data dictionary) and yields rows in
that order. CSV goes out row by row, escaped against formula injection; JSON as an array of
objects, row by row; XLSX is written with openpyxl's write-only mode to a temporary file, then
streamed, because a zip archive is only complete at its end. `write_xlsx_export` writes it to a
file with progress, for a background job when an export is too large to wait for.
"""

import csv
import datetime as dt
import json
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from patuh.lib.progress import Progress, no_progress
from patuh.lib.spreadsheet import Cell, csv_text, write_xlsx

FORMATS = ("csv", "xlsx", "json")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


@dataclass(frozen=True)
class Column:
    name: str
    description: str


class Export:
    """Subclasses set `name` (the file stem) and `columns`, and yield rows from `rows()`."""

    name: str = "export"
    sheet_title: str = "data"
    columns: tuple[Column, ...] = ()

    def rows(self) -> Iterator[Sequence[Cell]]:
        raise NotImplementedError

    def header(self) -> list[str]:
        return [column.name for column in self.columns]

    def count(self) -> int | None:
        """How many rows rows() will yield, when cheap to know (for progress)."""
        return None


class _Line:
    """A file-like object whose write() returns the text, for csv.writer in a generator."""

    def write(self, text: str) -> str:
        return text


# Rows per chunk of a streamed response: a chunk per row costs a national export seconds in
# the response machinery alone.
CHUNK_ROWS = 500


def _chunked(pieces: Iterator[str]) -> Iterator[str]:
    batch: list[str] = []
    for piece in pieces:
        batch.append(piece)
        if len(batch) >= CHUNK_ROWS:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def csv_lines(export: Export) -> Iterator[str]:
    writer = csv.writer(_Line(), lineterminator="\n")
    # A byte-order mark so spreadsheet programs read the Indonesian text as UTF-8.
    yield "\ufeff" + writer.writerow(export.header())
    yield from _chunked(
        writer.writerow([csv_text(_cell(value)) for value in row]) for row in export.rows()
    )


def json_chunks(export: Export) -> Iterator[str]:
    names = export.header()

    def records() -> Iterator[str]:
        for number, row in enumerate(export.rows()):
            record = {name: _json_value(value) for name, value in zip(names, row, strict=True)}
            yield ("," if number else "") + "\n" + json.dumps(record, ensure_ascii=False)

    yield "["
    yield from _chunked(records())
    yield "\n]\n"


def _cell(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _json_value(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _xlsx_rows(export: Export) -> Iterable[Sequence[Cell]]:
    yield export.header()
    for row in export.rows():
        yield [_xlsx_value(value) for value in row]


def _xlsx_value(value):
    if isinstance(value, dt.datetime):
        # Excel has no time zones: the local wall-clock time is what readers expect.
        return timezone.localtime(value).replace(tzinfo=None) if value.tzinfo else value
    return value


def export_response(export: Export, fmt: str) -> StreamingHttpResponse | FileResponse:
    """The export as a download in `fmt` (csv, xlsx or json)."""
    filename = f"{export.name}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(csv_lines(export), content_type=CONTENT_TYPES["csv"])
    elif fmt == "json":
        response = StreamingHttpResponse(json_chunks(export), content_type=CONTENT_TYPES["json"])
    elif fmt == "xlsx":
        spool = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
        write_xlsx(_xlsx_rows(export), Path(spool.name), export.sheet_title)
        spool.seek(0)
        return FileResponse(
            spool, as_attachment=True, filename=filename, content_type=CONTENT_TYPES["xlsx"]
        )
    else:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class _Counted(Export):
    """The rows of `export`, reporting progress every `every` rows."""

    def __init__(self, export: Export, progress: Progress, every: int = 5000):
        self.export, self.progress, self.every = export, progress, every
        self.columns = export.columns
        self.total = export.count()

    def rows(self) -> Iterator[Sequence[Cell]]:
        done = 0
        self.progress(0, self.total)
        for done, row in enumerate(self.export.rows(), start=1):
            if done % self.every == 0:
                self.progress(done, self.total)
            yield row
        self.progress(done, self.total if self.total is not None else done)


def write_xlsx_export(export: Export, path: Path, progress: Progress = no_progress) -> None:
    """Write the export to `path` as XLSX, reporting progress by rows (for a background job:
    openpyxl writes about 100,000 cells a second, too slow for a request on a national cycle)."""
    write_xlsx(_xlsx_rows(_Counted(export, progress)), path, export.sheet_title)
