"""`patuh report CYCLE --out DIR [--snapshot ID] [--workers N]`: one report card PDF per
provider, laid out over N processes (default: one per CPU)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from patuh.assessments.cli import get_cycle
from patuh.lib.progress import TerminalProgress
from patuh.results.pdf import PdfError, write_report_pdfs
from patuh.results.services import latest_official


class Command(BaseCommand):
    help = "Write every provider's report card (A4 PDF, Indonesian) of a cycle into a folder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("cycle", help="The cycle's code.")
        parser.add_argument("--out", required=True, type=Path, help="Folder for the PDF files.")
        parser.add_argument(
            "--snapshot",
            type=int,
            help="The score snapshot's id; default: the cycle's latest official snapshot.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            help="Processes laying the PDFs out; default: one per CPU.",
        )

    def handle(
        self, *args, cycle: str, out: Path, snapshot: int | None, workers: int | None, **options
    ) -> None:
        if workers is not None and workers < 1:
            raise CommandError(f"--workers {workers}: give at least 1.")
        cycle_obj = get_cycle(cycle)
        if snapshot is None:
            chosen = latest_official(cycle_obj)
            if chosen is None:
                raise CommandError(f"{cycle}: no official scores; run `patuh score {cycle}`.")
        else:
            chosen = cycle_obj.snapshots.filter(pk=snapshot).first()
            if chosen is None:
                raise CommandError(f"{cycle}: no snapshot {snapshot} in this cycle.")
        try:
            with TerminalProgress(self.stderr, "Report cards") as progress:
                written = write_report_pdfs(chosen, out, progress, workers)
        except (PdfError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{len(written)} report cards of snapshot {chosen.pk} ({chosen.kind}) written to {out}."
        )
