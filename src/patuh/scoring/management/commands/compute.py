"""`patuh compute --instrument ID --answers FILE`: score a CSV or XLSX file without the database."""

from itertools import chain
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from patuh.instruments.cli import load_instrument
from patuh.lib.output import write_json
from patuh.lib.spreadsheet import AnswersFileError, SpreadsheetError, read_rows, write_csv
from patuh.satisfaction.cli import compute_file, write_result
from patuh.scoring.answers_file import read_answers
from patuh.scoring.engine import score_subjects
from patuh.scoring.formats import CSV_COLUMNS, report_as_dict, report_rows, report_table


class Command(BaseCommand):
    help = "Score a standalone answers CSV with an instrument, without the database."
    # Nothing here reads the database, so no migration check either.
    requires_migrations_checks = False
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--instrument", required=True, help="A built-in instrument id or a YAML file path."
        )
        parser.add_argument(
            "--answers",
            required=True,
            help="CSV or XLSX with columns level, path, indicator, value; for a satisfaction"
            " survey (skm-*), one row per respondent with columns U1 … U9.",
        )
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")

    def handle(self, *args, instrument: str, answers: str, format: str, **options) -> None:
        definition = load_instrument(instrument)
        if definition.is_survey:
            if format == "csv":
                raise CommandError(
                    f"{definition.id} is a satisfaction survey: use --format table or json."
                )
            write_result(self.stdout, compute_file(definition, answers, None), format)
            return
        try:
            parsed = read_answers(read_rows(Path(answers)), definition, source=answers)
        except SpreadsheetError as exc:
            raise CommandError(str(exc)) from exc
        except AnswersFileError as exc:
            raise CommandError(
                f"{len(exc.problems)} problem(s):\n" + "\n".join(exc.problems)
            ) from exc
        report = score_subjects(definition, parsed.subjects, parsed.answers)
        if format == "json":
            write_json(self.stdout, report_as_dict(report))
        elif format == "csv":
            write_csv(chain([CSV_COLUMNS], report_rows(report)), self.stdout)
        else:
            self.stdout.write(report_table(report))
