"""`patuh registry import FILE` and `patuh registry export [--format csv|xlsx] [--out FILE]`."""

import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from patuh.lib.spreadsheet import FORMATS, SpreadsheetError, write_csv, write_file
from patuh.registry.exporting import registry_rows
from patuh.registry.importing import RegistryImportError, import_registry


class Command(BaseCommand):
    help = (
        "Import the registry (regions, agency kinds, governments, providers, units, products,"
        " websites) from one CSV or XLSX table, or export it in the same format."
        " See docs/registry-format.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        importing = sub.add_parser(
            "import",
            help="Check every row, then import all of them or, when any is bad, none.",
        )
        importing.add_argument("file", type=Path, help="A .csv (UTF-8) or .xlsx file.")
        exporting = sub.add_parser("export", help="Write the whole registry as one table.")
        exporting.add_argument(
            "--format",
            choices=FORMATS,
            help="csv (the default) or xlsx; without it, an --out name ending in .xlsx means xlsx.",
        )
        exporting.add_argument(
            "--out", type=Path, help="The file to write; CSV goes to standard output without it."
        )

    # The model's validation messages come out in English, like every other line of the CLI.
    @no_translations
    def handle(self, *args, action: str, **options) -> None:
        if action == "import":
            self._import(options["file"])
        else:
            self._export(options["format"], options["out"])

    def _import(self, path: Path) -> None:
        try:
            counts = import_registry(path, progress=self._progress)
        except RegistryImportError as exc:
            raise CommandError(str(exc)) from exc
        for record, count in counts.items():
            self.stdout.write(f"{record}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Imported {path}."))

    def _export(self, fmt: str | None, out: Path | None) -> None:
        if fmt is None:
            fmt = "xlsx" if out and out.suffix.lower() == ".xlsx" else "csv"
        if out is None:
            if fmt == "xlsx":
                raise CommandError("An XLSX export needs --out FILE.xlsx.")
            try:
                write_csv(registry_rows(self._export_progress), self.stdout)
            except BrokenPipeError:
                # The reader stopped early (`… | head`): not a failure of the export. Python's
                # documented recipe, so that flushing at exit does not fail again.
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return
        try:
            count = write_file(registry_rows(self._export_progress), out, fmt)
        except OSError as exc:
            raise CommandError(f"{out}: cannot be written ({exc.strerror})") from exc
        except SpreadsheetError as exc:
            raise CommandError(f"{out}: not written, {exc}") from exc
        self.stdout.write(f"Exported {count - 1} records to {out}.")

    def _progress(self, stage: str, done: int, total: int) -> None:
        self._note(f"{stage} {done:,} of {total:,} rows")

    def _export_progress(self, done: int) -> None:
        self._note(f"exported {done:,} rows")

    def _note(self, line: str) -> None:
        # Progress goes to stderr to keep stdout for data, but it is no error: not in red.
        self.stderr.write(line, style_func=str)
