"""`patuh webcheck [CYCLE | --url URL ...] [--concurrency N] [--format table|json]`."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from patuh.assessments.cli import get_cycle
from patuh.lib.cli import positive
from patuh.lib.output import write_json
from patuh.lib.progress import TerminalProgress
from patuh.webcheck.checker import run_checks
from patuh.webcheck.config import Site
from patuh.webcheck.results import SiteResult
from patuh.webcheck.rules import RulesError
from patuh.webcheck.services import check_cycle, engine_config


class Command(BaseCommand):
    help = (
        "Check websites: every website of a cycle (the run is stored and feeds the automatic"
        " answers) or the --url addresses given (nothing is stored)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("cycle", nargs="?", help="The cycle's code.")
        parser.add_argument(
            "--url",
            action="append",
            default=[],
            metavar="URL",
            help="A website to check instead of a cycle's; repeat for more.",
        )
        parser.add_argument(
            "--concurrency", type=positive, help="Websites checked at the same time."
        )
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, cycle, url, concurrency, format, **options) -> None:
        if bool(cycle) == bool(url):
            raise CommandError("Give either a cycle's code or one or more --url, not both.")
        for address in url:
            parts = urlsplit(address)
            if parts.scheme not in {"http", "https"} or not parts.hostname:
                raise CommandError(f"--url {address!r}: give an http:// or https:// address.")
        try:
            with TerminalProgress(self.stderr, "Checking websites") as progress:
                if cycle:
                    run, results = check_cycle(
                        get_cycle(cycle), progress=progress, concurrency=concurrency
                    )
                else:
                    config = engine_config(concurrency=concurrency)
                    results = run_checks([Site(address) for address in url], config, progress)
        except (RulesError, ImproperlyConfigured) as exc:
            raise CommandError(str(exc)) from exc
        if format == "json":
            write_json(self.stdout, [result.as_dict() for result in results])
        else:
            for result in results:
                self.stdout.write(_table(result))
        if cycle:
            self.stderr.write(
                f"Run {run.uuid} stored: {run.site_count} websites,"
                f" {run.answers_written} automatic answers written."
            )


def _table(result: SiteResult) -> str:
    lines = [f"{result.url} -> {result.final_url}"]
    width = max(len(check.id) for check in result.checks)
    for check in result.checks:
        status = f"{check.status}" + (f" ({check.error})" if check.error else "")
        lines.append(f"  {check.id:<{width}}  {status:<26}  {check.detail_text}")
    return "\n".join(lines) + "\n"
