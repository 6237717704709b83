"""`patuh followup list|rates CYCLE`, `patuh followup import CYCLE FILE` and
`patuh followup remind`."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations
from django.utils import timezone

from patuh.assessments.cli import get_cycle
from patuh.audit.services import acting_as
from patuh.followup import notices
from patuh.followup.exports import FindingsExport, RatesExport
from patuh.followup.importing import ProductImportError, import_products
from patuh.followup.levels import cycle_rates
from patuh.lib.exports import csv_lines
from patuh.lib.output import write_json


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date (YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = "List a cycle's findings to follow up, their rates, or send the due reminders."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="Every finding and product item of a cycle.")
        listing.add_argument("cycle", help="The cycle's code.")
        listing.add_argument("--format", choices=["json", "csv"], default="json")
        rates = sub.add_parser("rates", help="The follow-up rate per provider and region.")
        rates.add_argument("cycle", help="The cycle's code.")
        rates.add_argument("--format", choices=["table", "json"], default="table")
        rates.add_argument("--cutoff", help="Count items verified by this date (default today).")
        sub.add_parser(
            "remind", help="E-mail reminders a week before items are due and once overdue."
        )
        importing = sub.add_parser(
            "import", help="Register supervision products from a CSV or XLSX table, all or none."
        )
        importing.add_argument("cycle", help="The cycle's code.")
        importing.add_argument("file", type=Path, help="A .csv (UTF-8) or .xlsx file.")

    # Messages come out in English, like every other line of the CLI.
    @no_translations
    def handle(self, *args, action: str, **options) -> None:
        today = timezone.localdate()
        if action == "import":
            self._import(get_cycle(options["cycle"]), options["file"])
            return
        if action == "remind":
            with acting_as(None, "cli"):
                sent = notices.remind(today)
            self.stdout.write(f"{sent} reminders sent.")
            return
        cycle = get_cycle(options["cycle"])
        if action == "list":
            export = FindingsExport(cycle, today)
            if options["format"] == "csv":
                for line in csv_lines(export):
                    self.stdout.write(line, ending="")
                return
            header = export.header()
            findings = [dict(zip(header, _plain(row), strict=True)) for row in export.rows()]
            write_json(self.stdout, {"cycle": cycle.code, "findings": findings})
            return
        cutoff = _date(options["cutoff"]) if options["cutoff"] else today
        rates = cycle_rates(cycle, cutoff, today)
        export = RatesExport(cycle, rates)
        rows = [dict(zip(export.header(), _plain(row), strict=True)) for row in export.rows()]
        if options["format"] == "json":
            write_json(
                self.stdout,
                {
                    "cycle": cycle.code,
                    "cutoff": cutoff.isoformat(),
                    "providers": [r for r in rows if r["level"] == "provider"],
                    "regions": [r for r in rows if r["level"] == "region"],
                },
            )
            return
        for row in rows:
            self.stdout.write(
                f"{row['level']:8} {row['path']:40} {row['verified']:>5}/{row['items']:<5}"
                f" {row['rate']:>6}% {row['followup_level'] or '—'}"
            )

    def _import(self, cycle, path: Path) -> None:
        try:
            products = import_products(cycle, path)
        except ProductImportError as exc:
            raise CommandError(str(exc)) from exc
        items = sum(product.items.count() for product in products)
        self.stdout.write(
            f"Imported {len(products)} products with {items} items into {cycle.code}."
        )


def _plain(row) -> list:
    """JSON-ready cells: dates as ISO text, rates as numbers."""
    cells = []
    for value in row:
        if isinstance(value, dt.datetime | dt.date):
            cells.append(value.isoformat())
        elif isinstance(value, Decimal):
            cells.append(float(value))
        else:
            cells.append(value)
    return cells
