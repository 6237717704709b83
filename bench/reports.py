"""Benchmark the report card PDFs of a national-size cycle on SQLite.

    .venv/bin/python bench/reports.py [--providers 600 --regions 500 --units 3500
                                       --products 18000 --indicators 40 --cards 8 --all]

Builds the same synthetic cycle as bench/score.py (its `build`), scores it, then lays out a
sample of `--cards` report cards:

- in one process, fonts and stylesheet loaded for every card (as a single card is made);
- in one process, fonts and stylesheet loaded once (`write_report_pdfs --workers 1`);
- over one process per CPU (`write_report_pdfs`, as `patuh report` and the zip job run),
  projecting 600 cards from the pool's start and the sample's time without it;

and prints the seconds per card (elapsed, and the CPU time it took, which a machine busy with
other work does not inflate), the pages per card and the time projected for 600 cards; with
--all, it also writes every card of the cycle as `patuh report` does and prints the time it
took. The target is 600 cards within 3 minutes on 2 cores.
"""

import argparse
import io
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import score as score_bench  # bench/score.py, beside this file

TARGET_SECONDS = 180
NATIONAL_CARDS = 600


def parse_args() -> argparse.Namespace:
    parser = score_bench.size_arguments(__doc__.split("\n\n")[0])
    parser.add_argument("--cards", type=int, default=8, help="cards in the timed sample")
    parser.add_argument("--all", action="store_true", help="also write every card of the cycle")
    parser.add_argument("--workers", type=int, help="processes; default: one per CPU")
    return parser.parse_args()


def cpu_seconds() -> float:
    """CPU time of this process and of its finished child processes (the pool's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Timer:
    """Elapsed and CPU seconds of the block."""

    def __enter__(self):
        self.started, self.cpu_started = time.perf_counter(), cpu_seconds()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started
        self.cpu = cpu_seconds() - self.cpu_started


def per_card(label: str, timer: Timer, cards: int) -> tuple[float, float]:
    each, cpu = timer.seconds / cards, timer.cpu / cards
    print(
        f"{label}: {each:.2f} s per card, {cpu:.2f} s CPU ({cards} cards in {timer.seconds:.1f} s)",
        flush=True,
    )
    return each, cpu


def main() -> None:
    args = parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="patuh-bench-reports-"))
    try:
        score_bench.setup_django(data_dir)
        import django
        from pypdf import PdfReader

        from patuh.lib.pdfrender import Renderer, default_workers, render_all
        from patuh.results.pdf import letterhead, report_card_html, stylesheet, write_report_pdfs
        from patuh.scoring.services import compute_snapshot

        workers = args.workers or default_workers()
        print(
            f"Patuh report card benchmark: Django {django.get_version()},"
            f" Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {workers} workers"
        )
        print("Building the data:")
        cycle = score_bench.build(args)
        snapshot, _ = compute_snapshot(cycle)
        providers = list(
            snapshot.scores.filter(level="provider")
            .order_by("path")
            .values_list("subject_id", flat=True)[: args.cards]
        )
        head = letterhead()
        with Timer() as timer:
            pages = [(pk, report_card_html(snapshot, pk, head)) for pk in providers]
        html_each, html_cpu = per_card("\nHTML of a card (this process)", timer, len(pages))
        size = sum(len(html) for _, html in pages) / len(pages) / 2**10
        print(f"  {size:.0f} KiB of HTML per card")

        with Timer() as timer:
            pdfs = [Renderer(stylesheet())(html) for _, html in pages]
        fresh, _ = per_card("one process, fonts and styles per card", timer, len(pages))
        count = sum(len(PdfReader(io.BytesIO(pdf)).pages) for pdf in pdfs) / len(pdfs)
        print(f"  {count:.1f} pages, {sum(map(len, pdfs)) / len(pdfs) / 2**10:.0f} KiB per card")
        with Timer() as timer:
            list(render_all(pages, stylesheet(), 1))
        shared, shared_cpu = per_card("one process, fonts and styles once", timer, len(pages))
        # Started once for every card of a run: timed apart, so a small sample does not
        # charge it to each of its cards.
        with Timer() as start:
            list(render_all([(n, "<p></p>") for n in range(workers)], stylesheet(), workers))
        print(f"starting {workers} processes: {start.seconds:.1f} s, {start.cpu:.1f} s CPU")
        with Timer() as timer:
            list(render_all(pages, stylesheet(), workers))
        per_card(f"{workers} processes (pool start included)", timer, len(pages))
        laid_out = max(timer.seconds - start.seconds, 0) / len(pages)

        projected = start.seconds + NATIONAL_CARDS * (laid_out + html_each)
        print(
            f"\n{NATIONAL_CARDS} cards: about {NATIONAL_CARDS * (fresh + html_each) / 60:.1f} min"
            f" one card at a time, {NATIONAL_CARDS * (shared + html_each) / 60:.1f} min in one"
            f" process, {projected / 60:.1f} min over {workers} processes (projected)"
        )
        # What the CPU time of a card comes to with every core free for it.
        idle = NATIONAL_CARDS * (html_cpu + shared_cpu) / max(workers, 1)
        print(
            f"CPU per card {html_cpu + shared_cpu:.2f} s: {idle:.0f} s for {NATIONAL_CARDS}"
            f" cards on {workers} otherwise idle cores"
        )
        verdict = "within" if projected <= TARGET_SECONDS else "OVER"
        print(f"projected: {projected:.0f} s; {verdict} the {TARGET_SECONDS} s target")
        if args.all:
            with Timer() as timer:
                written = write_report_pdfs(snapshot, data_dir / "rapor", workers=workers)
            seconds = timer.seconds
            verdict = "within" if seconds <= TARGET_SECONDS else "OVER"
            print(
                f"all {len(written)} cards written: {seconds:.0f} s"
                f" ({seconds / len(written):.2f} s per card, {timer.cpu / len(written):.2f} s CPU);"
                f" {verdict} the {TARGET_SECONDS} s target"
            )
        # Linux reports the peak resident size in KiB.
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10
        child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 2**10
        print(f"peak memory: {own:.0f} MiB this process, {child:.0f} MiB the largest worker")
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
