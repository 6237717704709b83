"""Benchmark the result pages and downloads of a national-size cycle on SQLite.

    .venv/bin/python bench/results.py [--providers 600 --regions 500 --units 3500
                                       --products 18000 --indicators 40 --repeat 3 --xlsx]

Builds the same synthetic cycle as bench/score.py (its `build`), scores it, then times through
Django's test client, as a signed-in coordinator:

- the ranking page: the cycle's dashboard (zones, completeness, failed indicators, ranking);
- the ranking filtered with htmx (the fragment only);
- a report card;
- downloading every raw answer as CSV (streamed, read to the end); with --xlsx, the background
  job that writes them as XLSX;
- downloading every score as CSV, and as XLSX: the first request writes the file kept for the
  snapshot, later ones serve it.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import score as score_bench  # bench/score.py, beside this file


def parse_args() -> argparse.Namespace:
    parser = score_bench.size_arguments(__doc__.split("\n\n")[0])
    parser.add_argument("--xlsx", action="store_true", help="also time the answers as XLSX")
    return parser.parse_args()


def timed(label: str, fetch, repeat: int) -> None:
    """Run `fetch` (returns the number of bytes received) `repeat` times and print the median."""
    seconds, size = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        size = fetch()
        seconds.append(time.perf_counter() - started)
    runs = ", ".join(f"{s:.2f}" for s in seconds)
    print(
        f"{label}: {statistics.median(seconds):.2f} s (median of {repeat}: {runs});"
        f" {size / 2**20:.1f} MiB"
    )


def main() -> None:
    args = parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="patuh-bench-results-"))
    # The test client asks for host "testserver"; nothing listens on a network.
    os.environ["PATUH_ALLOWED_HOSTS"] = "testserver"
    try:
        score_bench.setup_django(data_dir)
        import django
        from django.db import connection
        from django.test import Client
        from django.urls import reverse

        from patuh.accounts.models import Office, Role, User
        from patuh.assessments.models import Answer
        from patuh.lib.progress import no_progress
        from patuh.results.jobs import answers_export
        from patuh.scoring.services import compute_snapshot

        print(
            f"Patuh results benchmark: Django {django.get_version()}, SQLite"
            f" {connection.Database.sqlite_version}, Python {sys.version.split()[0]},"
            f" {os.cpu_count()} CPUs"
        )
        print("Building the data:")
        cycle = score_bench.build(args)
        office = Office.objects.create(code="bench", name="Bench office")
        cycle.office = office
        cycle.save()
        started = time.perf_counter()
        snapshot, _ = compute_snapshot(cycle)
        scores = snapshot.scores.count()
        print(f"  snapshot of {scores:,} scores ({time.perf_counter() - started:.1f} s)")
        answers = Answer.objects.filter(cycle=cycle).count()
        user = User.objects.create_user("bench", role=Role.COORDINATOR, office=office)
        client = Client()
        client.force_login(user)
        provider = cycle.providers.order_by("code").first()
        print()

        def get(url: str, **headers) -> int:
            response = client.get(url, headers=headers)
            assert response.status_code == 200, (url, response.status_code)
            if response.streaming:
                return sum(len(chunk) for chunk in response.streaming_content)
            return len(response.content)

        ranking = reverse("cycle_detail", args=[cycle.code])
        rows = cycle.providers.count()
        timed(
            f"ranking page ({rows} providers, whole dashboard)", lambda: get(ranking), args.repeat
        )
        timed(
            "ranking filtered by region (htmx fragment)",
            lambda: get(ranking + f"?region={provider.region.code}", HX_Request="true"),
            args.repeat,
        )
        card = reverse("provider_detail", args=[cycle.code, provider.code])
        timed("report card page", lambda: get(card), args.repeat)
        answers_csv = reverse("export_answers", args=[cycle.code, "csv"])
        timed(f"raw answers CSV ({answers:,} rows)", lambda: get(answers_csv), args.repeat)
        if args.xlsx:

            def answers_xlsx() -> int:
                outcome = answers_export(progress=no_progress, cycle_id=cycle.pk)
                size = outcome.file.stat().st_size
                outcome.file.unlink()
                return size

            timed(f"raw answers XLSX, background job ({answers:,} rows)", answers_xlsx, 1)
        scores_csv = reverse("export_scores", args=[cycle.code, "csv"])
        timed(f"scores CSV ({scores:,} rows)", lambda: get(scores_csv), args.repeat)
        scores_xlsx = reverse("export_scores", args=[cycle.code, "xlsx"])
        timed("scores XLSX, first request (writes the kept file)", lambda: get(scores_xlsx), 1)
        timed("scores XLSX, later requests (the kept file)", lambda: get(scores_xlsx), args.repeat)
    finally:
        if args.keep:
            print(f"Kept {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
