"""`patuh skm compute FILE` and `patuh skm sample-size N`: the satisfaction survey without the
database."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from patuh.instruments.cli import load_instrument
from patuh.instruments.definition import Instrument
from patuh.lib.output import write_json
from patuh.satisfaction import skm
from patuh.satisfaction.cli import compute_file, write_result


class Command(BaseCommand):
    help = "Compute a satisfaction survey's IKM from a respondents file, or the sample it needs."
    # Nothing here reads the database, so no migration check either.
    requires_migrations_checks = False
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        compute = sub.add_parser(
            "compute", help="NRR per element, index, IKM and grade of a respondents file."
        )
        compute.add_argument("file", help="CSV or XLSX: one row per respondent, columns U1 … U9.")
        add_instrument_arguments(compute)
        compute.add_argument(
            "--weights",
            help="exact (1/number of elements, the default), written, or the written weight"
            " itself (0.111 for skm-2017).",
        )
        compute.add_argument("--format", choices=["table", "json"], default="table")
        sample = sub.add_parser("sample-size", help="The Krejcie & Morgan sample for N people.")
        sample.add_argument("population", type=int, help="People served in the survey period.")
        add_instrument_arguments(sample)
        sample.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, action: str, **options) -> None:
        instrument = survey_instrument(options["instrument"], options["date"])
        if action == "compute":
            result = compute_file(instrument, options["file"], options["weights"])
            write_result(self.stdout, result, options["format"])
            return
        try:
            needed = skm.sample_size(options["population"], instrument)
        except skm.SurveyError as exc:
            raise CommandError(str(exc)) from exc
        if options["format"] == "json":
            write_json(
                self.stdout,
                {
                    "instrument": instrument.id,
                    "population": options["population"],
                    "sample": needed,
                    "parameters": {
                        key: float(value) for key, value in vars(instrument.sample_size).items()
                    },
                },
            )
            return
        params = instrument.sample_size
        self.stdout.write(
            f"Population {options['population']}: at least {needed} respondents"
            f" (Krejcie & Morgan, χ² = {params.chi_square}, P = {params.proportion},"
            f" d = {params.margin}; {instrument.id})"
        )


def add_instrument_arguments(parser: CommandParser) -> None:
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument("--instrument", help="A survey instrument id or file, e.g. skm-2004.")
    choice.add_argument(
        "--date",
        type=dt.date.fromisoformat,
        help="The survey's date (YYYY-MM-DD): picks the instrument of the regulation then in"
        " force. Default: today.",
    )


def survey_instrument(id_or_path: str | None, on: dt.date | None) -> Instrument:
    if id_or_path:
        instrument = load_instrument(id_or_path)
        if not instrument.is_survey:
            raise CommandError(f"{instrument.id} is not a satisfaction survey instrument.")
        return instrument
    try:
        return skm.instrument_for_date(on or timezone.localdate())
    except skm.SurveyError as exc:
        raise CommandError(str(exc)) from exc
