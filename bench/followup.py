"""Benchmark the follow-up tracker of a national-size cycle on SQLite.

    .venv/bin/python bench/followup.py [--providers 600 --findings 30 --regions 500 --repeat 30]

Builds a cycle of `providers` providers (one in ten a vertical office of a central government,
the others spread over `regions` regional governments), each with `findings` findings in mixed
states, some overdue, then times, `repeat` times each:

- the rates query (patuh.followup.levels.cycle_rates): every provider's and regional
  government's follow-up rate and level;
- the office's tracker page, as a signed-in coordinator through Django's test client.

It prints the median and the 95th percentile of each; the target is p95 ≤ 200 ms.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import score as score_bench  # bench/score.py, beside this file

TARGET_MS = 200


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--providers", type=int, default=600)
    parser.add_argument("--findings", type=int, default=30, help="findings per provider")
    parser.add_argument("--regions", type=int, default=500, help="regencies and cities")
    parser.add_argument("--repeat", type=int, default=30, help="timed runs of each measurement")
    parser.add_argument("--seed", type=int, default=2025)
    return parser.parse_args()


def build(args: argparse.Namespace):
    """Registry, cycle and findings; returns the cycle."""
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from patuh.accounts.models import Office
    from patuh.assessments.models import Cycle
    from patuh.followup.models import Finding
    from patuh.instruments.loading import builtin_instrument_files
    from patuh.instruments.services import save_instrument_source
    from patuh.registry.models import AgencyKind, Government, Provider, Region

    rng = random.Random(args.seed)
    call_command("migrate", verbosity=0)
    with transaction.atomic():
        province = Region.objects.create(code="11", name="Provinsi", level=Region.Level.PROVINCE)
        regions = Region.objects.bulk_create(
            Region(
                code=f"11.{n:03d}",
                name=f"Kabupaten {n}",
                level=Region.Level.REGENCY,
                parent=province,
            )
            for n in range(args.regions)
        )
        governments = Government.objects.bulk_create(
            Government(code=f"pemda-{n}", name=f"Pemerintah {r.name}", kind="regional", region=r)
            for n, r in enumerate(regions)
        )
        central = Government.objects.create(code="kl-1", name="Kementerian 1", kind="central")
        kind = AgencyKind.objects.create(code="kind-1", name="Jenis 1")
        providers = Provider.objects.bulk_create(
            Provider(
                code=f"provider-{n}",
                name=f"Penyelenggara {n}",
                kind=kind,
                region=regions[n % len(regions)],
                government=central if n % 10 == 9 else governments[n % len(regions)],
            )
            for n in range(args.providers)
        )
        path = builtin_instrument_files()["ombudsman-2021"]
        version = save_instrument_source(path.read_text(encoding="utf-8"), origin=str(path))
        office = Office.objects.create(code="bench", name="Bench office")
        cycle = Cycle.objects.create(
            code="bench", name="Bench", year=2025, instrument_version=version, office=office
        )
        cycle.providers.set(providers)
        today = timezone.localdate()
        states = list(Finding.State.values)
        findings = []
        for provider in providers:
            for n in range(args.findings):
                state = rng.choice(states)
                findings.append(
                    Finding(
                        cycle=cycle,
                        kind=Finding.FINDING,
                        provider=provider,
                        level="unit",
                        subject_id=provider.pk * 1000 + n,
                        subject_path=f"{provider.region.code}/{provider.code}/unit",
                        subject_name="Unit",
                        indicator=f"U{n:02d}",
                        due=today + dt.timedelta(days=rng.randint(-60, 60)),
                        state=state,
                        decided_at=timezone.now() if state == Finding.State.VERIFIED else None,
                    )
                )
        Finding.objects.bulk_create(findings, batch_size=2000)
    return cycle


def measure(label: str, function, repeat: int) -> None:
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    median = statistics.median(seconds) * 1000
    p95 = statistics.quantiles(seconds, n=20, method="inclusive")[-1] * 1000
    verdict = "ok" if p95 <= TARGET_MS else f"over the {TARGET_MS} ms target"
    print(f"{label}: median {median:.1f} ms, p95 {p95:.1f} ms ({repeat} runs; {verdict})")


def main() -> None:
    args = parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="patuh-bench-followup-"))
    # The test client asks for host "testserver"; nothing listens on a network.
    os.environ["PATUH_ALLOWED_HOSTS"] = "testserver"
    score_bench.setup_django(data_dir)
    import django
    from django.conf import settings
    from django.db import connection
    from django.test import Client, override_settings
    from django.urls import reverse
    from django.utils import timezone

    from patuh.accounts.models import Role, User
    from patuh.followup.levels import cycle_rates

    print(
        f"Patuh follow-up benchmark: Django {django.get_version()}, SQLite"
        f" {connection.Database.sqlite_version}, Python {sys.version.split()[0]},"
        f" {os.cpu_count()} CPUs"
    )
    started = time.perf_counter()
    cycle = build(args)
    print(
        f"Built {args.providers} providers × {args.findings} findings"
        f" in {time.perf_counter() - started:.1f} s"
    )
    coordinator = User.objects.create_user(
        "bench-coordinator", role=Role.COORDINATOR, office=cycle.office
    )
    client = Client()
    client.force_login(coordinator)
    url = reverse("followup:tracker", args=[cycle.code])
    today = timezone.localdate()

    def page() -> None:
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    # Pages name static files as the source tree has them, as in the tests: production's
    # hashed names need `collectstatic`, which has nothing to do with the page's speed.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        page()  # warm up: templates compiled, caches filled
        measure("rates query", lambda: cycle_rates(cycle, today), args.repeat)
        measure("tracker page", page, args.repeat)


if __name__ == "__main__":
    main()
