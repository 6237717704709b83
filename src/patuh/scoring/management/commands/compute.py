"""`patuh compute --instrument ID --answers FILE`: score a CSV or XLSX file without the database."""

from itertools import chain
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from patuh.instruments.cli import load_instrument
from patuh.lib.output import write_json
from patuh.lib.spreadsheet import AnswersFileError, SpreadsheetError, read_rows, write_csv
from patuh.satisfaction.cli import compute_file, write_result
from patuh.scoring.answers_file import read_answers
from patuh.scoring.engine import score_tallies, tally_answers
from patuh.scoring.formats import (
    csv_columns,
    plans_table,
    report_as_dict,
    report_rows,
    report_table,
)
from patuh.scoring.planner import PlanError, plan_report, target_band


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
        parser.add_argument(
            "--plan-to",
            metavar="BAND",
            help="Add to every unit, provider and region the fewest answer changes that bring it"
            " into this band (a band code of the instrument, e.g. hijau).",
        )

    def handle(
        self, *args, instrument: str, answers: str, format: str, plan_to: str | None, **options
    ) -> None:
        definition = load_instrument(instrument)
        if definition.is_survey:
            if plan_to:
                raise CommandError(f"{definition.id} is a satisfaction survey: it has no plans.")
            if format == "csv":
                raise CommandError(
                    f"{definition.id} is a satisfaction survey: use --format table or json."
                )
            write_result(self.stdout, compute_file(definition, answers, None), format)
            return
        try:
            band = target_band(definition, plan_to) if plan_to else None
        except PlanError as exc:
            raise CommandError(str(exc)) from exc
        try:
            parsed = read_answers(read_rows(Path(answers)), definition, source=answers)
        except SpreadsheetError as exc:
            raise CommandError(str(exc)) from exc
        except AnswersFileError as exc:
            raise CommandError(
                f"{len(exc.problems)} problem(s):\n" + "\n".join(exc.problems)
            ) from exc
        tallies = tally_answers(
            definition, {subject.key: subject for subject in parsed.subjects}, parsed.answers
        )
        report = score_tallies(definition, parsed.subjects, tallies, parsed.compliance)
        plans = plan_report(report, tallies, band) if band else None
        if format == "json":
            write_json(self.stdout, report_as_dict(report, plans=plans))
        elif format == "csv":
            columns = csv_columns(report, plans)
            write_csv(chain([columns], report_rows(report, plans)), self.stdout)
        else:
            self.stdout.write(report_table(report))
            if plans:
                self.stdout.write(plans_table(report, plans))
