"""`patuh score CYCLE [--format table|json|csv]`: rescore a cycle and store the snapshot."""

from itertools import chain

from django.core.management.base import BaseCommand, CommandError, CommandParser

from patuh.assessments.cli import get_cycle
from patuh.instruments.definition import InstrumentError
from patuh.lib.output import write_json
from patuh.lib.spreadsheet import write_csv
from patuh.scoring.engine import AnswerProblem
from patuh.scoring.formats import csv_columns, report_as_dict, report_rows, report_table
from patuh.scoring.services import compute_snapshot


class Command(BaseCommand):
    help = "Score a cycle from its stored answers, store the snapshot and print the scores."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("cycle", help="The cycle's code.")
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")

    def handle(self, *args, cycle: str, format: str, **options) -> None:
        try:
            snapshot, report = compute_snapshot(get_cycle(cycle))
        except (AnswerProblem, InstrumentError) as exc:
            raise CommandError(f"Scores were not stored: {exc}") from exc
        if format == "json":
            extra = {
                "cycle": snapshot.cycle.code,
                "snapshot": {
                    "id": snapshot.pk,
                    "computed_at": snapshot.computed_at.isoformat(),
                    "answers": snapshot.answer_count,
                    "answers_as_of": snapshot.answers_as_of,
                },
            }
            write_json(self.stdout, report_as_dict(report, extra))
        elif format == "csv":
            write_csv(chain([csv_columns(report)], report_rows(report)), self.stdout)
        else:
            self.stdout.write(report_table(report))
            self.stdout.write(
                f"Snapshot {snapshot.pk} stored at {snapshot.computed_at:%Y-%m-%d %H:%M:%S %Z}"
                f" from {snapshot.answer_count} answers."
            )
