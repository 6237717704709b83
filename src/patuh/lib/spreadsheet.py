"""Reading and writing tables as CSV or XLSX, safe against formulas and hostile files.

Pure Python (no Django), so every export and import can use it. A spreadsheet opening a CSV runs
a cell that starts with "=", "+", "-", "@", a tab or a carriage return as a formula; such text
gets a leading apostrophe, which spreadsheets show as plain text. Reading a CSV removes exactly
that apostrophe, so CSV → import → CSV is lossless. XLSX cells are typed, so text is stored as
text and needs no escaping.
"""

import csv
import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Protocol

import openpyxl
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils.exceptions import IllegalCharacterError

FORMATS = ("csv", "xlsx")
# Limits against hostile or mistaken uploads; a registry of all Indonesia fits well within them.
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_XLSX_UNPACKED_BYTES = 800 * 1024 * 1024
MAX_ROWS = 1_000_000
FORMULA_TRIGGERS = frozenset("=+-@\t\r")
ESCAPE = "'"
# Text that reads as a plain number ("-2.7", "+62") is a number to a spreadsheet, not a formula.
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")

type Cell = str | int | float | Decimal | None


class SpreadsheetError(ValueError):
    """A file that cannot be read as a table, or rows that cannot be written in a format."""


class AnswersFileError(ValueError):
    """A table of answers (a subject's for `patuh compute`, or survey respondents') was read, but
    its rows cannot be used; `problems` lists "row N, column C: reason" lines."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class TextSink(Protocol):
    def write(self, text: str, /) -> object: ...


def escape_formula(text: str) -> str:
    """Prefix an apostrophe to text that a spreadsheet would run as a formula.

    Text already starting with an apostrophe gets one more, so that unescape_formula() can tell
    an added apostrophe from one that belongs to the text.
    """
    if not text or _NUMBER.fullmatch(text):
        return text
    if text[0] in FORMULA_TRIGGERS or text[0] == ESCAPE:
        return ESCAPE + text
    return text


def unescape_formula(text: str) -> str:
    """Remove the apostrophe that escape_formula() added, and nothing else."""
    if len(text) > 1 and text[0] == ESCAPE and (text[1] in FORMULA_TRIGGERS or text[1] == ESCAPE):
        return text[1:]
    return text


def csv_text(value: Cell) -> str:
    """The CSV text of one cell: numbers as they are, text escaped against formulas."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int | float):
        return str(value)
    return escape_formula(value)


def write_csv(rows: Iterable[Sequence[Cell]], sink: TextSink) -> int:
    """Write rows as UTF-8 CSV text (comma-separated, "\\n" line ends); returns the row count."""
    writer = csv.writer(sink, lineterminator="\n")
    count = 0
    for row in rows:
        writer.writerow([csv_text(value) for value in row])
        count += 1
    return count


def write_xlsx(rows: Iterable[Sequence[Cell]], path: Path, sheet_title: str = "Sheet1") -> int:
    """Write rows to one sheet of a new workbook at `path`, streaming; returns the row count."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    count = 0
    try:
        for row in rows:
            count += 1
            sheet.append([_xlsx_cell(sheet, value) for value in row])
    except Exception as exc:
        sheet.close()  # ends openpyxl's row stream, which complains when collected open
        if isinstance(exc, IllegalCharacterError):
            raise SpreadsheetError(
                f"row {count}: text with a control character cannot be stored in XLSX; "
                "export as CSV or clean the text"
            ) from exc
        raise
    workbook.save(path)
    return count


def _xlsx_cell(sheet, value: Cell):
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    # openpyxl would store text starting with "=" as a formula; exported text is data.
    cell.data_type = "s"
    return cell


def write_file(rows: Iterable[Sequence[Cell]], path: Path, fmt: str) -> int:
    """Write rows to `path` as `fmt` ("csv" or "xlsx"); returns the row count.

    The rows go to a temporary file beside `path` that replaces it only once complete, so a
    failed export never leaves a half-written file or destroys the previous one.
    """
    if fmt not in FORMATS:
        raise SpreadsheetError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        if fmt == "csv":
            with partial.open("w", encoding="utf-8", newline="") as stream:
                count = write_csv(rows, stream)
        else:
            count = write_xlsx(rows, partial)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return count


def read_rows(path: Path, max_rows: int = MAX_ROWS) -> list[tuple[int, list[str]]]:
    """Read a .csv or .xlsx file (its first sheet) as rows of text without surrounding spaces.

    Returns (row number as a spreadsheet shows it, cells) for every row that is not blank, and
    at least one row. Raises SpreadsheetError with a one-line reason naming the file.
    """
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise SpreadsheetError(
            f"{path}: unsupported file type {suffix or '(no extension)'}; use .csv or .xlsx"
        )
    if not path.is_file():
        raise SpreadsheetError(f"{path}: no such file")
    size = path.stat().st_size
    if size == 0:
        raise SpreadsheetError(f"{path}: the file is empty")
    if size > MAX_FILE_BYTES:
        raise SpreadsheetError(
            f"{path}: {size:,} bytes is more than the limit of {MAX_FILE_BYTES:,}; split the file"
        )
    cells = _read_csv(path) if suffix == ".csv" else _read_xlsx(path, max_rows)
    if len(cells) > max_rows + 1:
        raise SpreadsheetError(f"{path}: more than {max_rows:,} rows; split the file")
    rows = [(number, row) for number, row in enumerate(cells, start=1) if any(row)]
    if not rows:
        raise SpreadsheetError(f"{path}: the file is empty")
    return rows


def _read_csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        raise SpreadsheetError(f"{path}: this is an XLSX (zip) file, not CSV; name it .xlsx")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpreadsheetError(
            f"{path}: not UTF-8 text (byte {exc.start + 1} cannot be decoded); "
            'save it as "CSV UTF-8"'
        ) from exc
    if "\x00" in text:
        raise SpreadsheetError(f"{path}: contains NUL bytes, so it is not a CSV text file")
    # Spreadsheets in Indonesian (and many European) locales save CSV with ";".
    first_line = text.partition("\n")[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    try:
        rows.extend([unescape_formula(cell).strip() for cell in row] for row in reader)
    except csv.Error as exc:
        raise SpreadsheetError(f"{path}, row {len(rows) + 1}: not valid CSV ({exc})") from exc
    return rows


def _read_xlsx(path: Path, max_rows: int) -> list[list[str]]:
    try:
        with zipfile.ZipFile(path) as archive:
            # Declared sizes bound what unpacking yields, so this stops a zip bomb early.
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise SpreadsheetError(f"{path}: not a valid .xlsx file (not a zip archive)") from exc
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise SpreadsheetError(
            f"{path}: unpacks to {unpacked:,} bytes, more than the limit of "
            f"{MAX_XLSX_UNPACKED_BYTES:,}; split the file"
        )
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    # openpyxl reports a damaged workbook through many exception types (KeyError, XML errors…).
    except Exception as exc:
        raise SpreadsheetError(f"{path}: not a valid .xlsx file ({exc})") from exc
    try:
        if not workbook.worksheets:
            raise SpreadsheetError(f"{path}: the workbook has no worksheet")
        rows = []
        for values in workbook.worksheets[0].iter_rows(values_only=True):
            rows.append([_xlsx_text(value) for value in values])
            if len(rows) > max_rows + 1:
                break
    except SpreadsheetError:
        raise
    except Exception as exc:
        raise SpreadsheetError(f"{path}: the first sheet cannot be read ({exc})") from exc
    finally:
        workbook.close()
    return rows


def _xlsx_text(value: object) -> str:
    """A cell's text; whole numbers lose the ".0" a spreadsheet gives them (19 → "19")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()
