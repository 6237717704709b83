"""Benchmark a full rescore of a national-size cycle on SQLite.

    .venv/bin/python bench/score.py [--providers 600 --regions 500 --units 3500
                                     --products 18000 --indicators 40 --repeat 3 --profile]

Builds a synthetic cycle in a fresh temporary SQLite database (about the size of a yearly
Ombudsman round: 2021 had 587 entities, 2019 had 2,366 units and 17,717 products), answers every
product-level indicator, then times:

- rescore: compute_snapshot(), i.e. load subjects and answers, score, store the snapshot;
- score only: score_cycle(), i.e. tally, load and score without storing; with its parts;
- bare SQL: one query summing every answer's points per subject, the least a database does to
  score these answers; the rescore should take at most 3 times as long;
- incremental: rescore_changes() after the answers of one unit changed, as after a review
  approval (only that provider and its region are scored again); target 100 ms.

The target is a rescore under 2 s on SQLite with 2 cores. Building the data takes a while.
"""

import argparse
import cProfile
import datetime as dt
import os
import pstats
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 2.0
TARGET_RATIO = 3.0
TARGET_INCREMENTAL_SECONDS = 0.1


def size_arguments(description: str) -> argparse.ArgumentParser:
    """The options that size the synthetic cycle (bench/results.py builds the same one)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--providers", type=int, default=600)
    parser.add_argument("--regions", type=int, default=500, help="regencies and cities")
    parser.add_argument("--units", type=int, default=3500)
    parser.add_argument("--products", type=int, default=18000)
    parser.add_argument("--indicators", type=int, default=40, help="product-level indicators")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each measurement")
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    return parser


def parse_args() -> argparse.Namespace:
    parser = size_arguments(__doc__.split("\n\n")[0])
    parser.add_argument("--profile", action="store_true", help="cProfile one more rescore")
    args = parser.parse_args()
    if not (args.regions > 0 and args.providers <= args.units <= args.products):
        parser.error("need regions > 0 and providers <= units <= products")
    return args


def setup_django(data_dir: Path, database_url: str | None = None) -> None:
    """Django on a fresh database: `database_url`'s (an empty one), else SQLite in data_dir."""
    # The settings read these at import time, so they are set before django.setup().
    os.environ["PATUH_DATA_DIR"] = str(data_dir)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "patuh.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()


def synthetic_instrument(indicators: int) -> dict:
    """An instrument with `indicators` product-level indicators of mixed answer types."""
    grades = [
        {"code": code, "label": {"id": code, "en": code}, "points": points}
        for code, points in (("tidak-ada", 0), ("kurang", 1), ("baik", 2))
    ]
    dimensions = [f"d{n}" for n in range(1, 6)]
    items = []
    for n in range(1, indicators + 1):
        kind = ("choice", "yes_no", "scale")[n % 3]
        answer = {"type": kind}
        if kind == "choice":
            answer["options"] = grades
        elif kind == "scale":
            answer |= {"min": 0, "max": 4}
        items.append(
            {
                "code": f"P{n:03d}",
                "level": "product",
                "dimension": dimensions[n % len(dimensions)],
                "text": {"id": f"Indikator {n}", "en": f"Indicator {n}"},
                "answer": answer,
                "weight": 1 + n % 2,
                "na_allowed": n % 7 == 0,
            }
        )
    return {
        "id": "bench-synthetic",
        "version": 1,
        "title": {"id": "Instrumen sintetis", "en": "Synthetic instrument"},
        "legal_basis": ["none: benchmark data"],
        "valid_from": "2021-01-01",
        "levels": ["product"],
        "dimensions": [{"code": d, "title": {"id": d, "en": d}} for d in dimensions],
        "indicators": items,
        "aggregation": {
            "product": {"rule": "points"},
            "unit": {"rule": "mean", "children": {"product": 1}},
            "provider": {"rule": "mean", "children": {"unit": "products"}},
            "region": {"rule": "mean", "children": {"provider": "products"}},
        },
        "bands": [
            {"code": "merah", "zone": "red", "from": 0, "to": 51, "label": {"id": "M", "en": "R"}},
            {
                "code": "kuning",
                "zone": "yellow",
                "from": 51,
                "to": 81,
                "label": {"id": "K", "en": "Y"},
            },
            {
                "code": "hijau",
                "zone": "green",
                "from": 81,
                "to": 100,
                "label": {"id": "H", "en": "G"},
            },
        ],
        "rounding": {"places": 2, "mode": "half_up", "aggregate": "rounded"},
    }


def answer_values(instrument) -> dict[str, list[str]]:
    """Indicator code → the values a product-level indicator can take."""
    choices = {}
    for indicator in instrument.indicators_at("product"):
        if indicator.answer_type == "choice":
            values = [option.code for option in indicator.options]
        elif indicator.answer_type == "scale":
            values = [str(v) for v in range(indicator.scale_min, indicator.scale_max + 1)]
        else:
            values = ["yes", "no"]
        choices[indicator.code] = values + (["na"] if indicator.na_allowed else [])
    return choices


def step(message: str, started: float) -> float:
    now = time.perf_counter()
    print(f"  {message} ({now - started:.1f} s)", flush=True)
    return now


def build(args: argparse.Namespace):
    """Registry, instrument, cycle and answers; returns the cycle."""
    import yaml
    from django.core.management import call_command
    from django.db import connection, transaction

    from patuh.assessments.models import Answer, Cycle
    from patuh.instruments.services import save_instrument_source
    from patuh.registry.models import (
        AgencyKind,
        Government,
        Provider,
        Region,
        ServiceProduct,
        ServiceUnit,
    )

    rng = random.Random(args.seed)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    started = step("migrated", started)

    with transaction.atomic():
        provinces = Region.objects.bulk_create(
            Region(code=f"{11 + n:02d}", name=f"Provinsi {n + 1}", level=Region.Level.PROVINCE)
            for n in range(34)
        )
        regions = Region.objects.bulk_create(
            Region(
                code=f"{provinces[n % 34].code}.{n // 34 + 1:02d}",
                name=f"Kabupaten {n + 1}",
                level=Region.Level.REGENCY,
                parent=provinces[n % 34],
            )
            for n in range(args.regions)
        )
        governments = Government.objects.bulk_create(
            Government(
                code=f"pemda-{r.code.replace('.', '-')}",
                name=f"Pemerintah {r.name}",
                kind=Government.Kind.REGIONAL,
                region=r,
            )
            for r in regions
        )
        central = Government.objects.bulk_create(
            Government(code=f"kl-{n}", name=f"Kementerian {n}", kind=Government.Kind.CENTRAL)
            for n in range(1, 25)
        )
        kinds = AgencyKind.objects.bulk_create(
            AgencyKind(code=f"kind-{n}", name=f"Jenis {n}") for n in range(1, 10)
        )
        providers = []
        for n in range(args.providers):
            region = regions[n % len(regions)]
            # About one in ten is a vertical office, which counts in no region's score.
            government = central[n % len(central)] if n % 10 == 9 else governments[n % len(regions)]
            providers.append(
                Provider(
                    code=f"provider-{n}",
                    name=f"Penyelenggara {n}",
                    kind=kinds[n % len(kinds)],
                    region=region,
                    government=government,
                )
            )
        Provider.objects.bulk_create(providers, batch_size=2000)
        units = ServiceUnit.objects.bulk_create(
            (
                ServiceUnit(
                    provider=providers[n % len(providers)], code=f"unit-{n}", name=f"Unit {n}"
                )
                for n in range(args.units)
            ),
            batch_size=2000,
        )
        products = ServiceProduct.objects.bulk_create(
            (
                ServiceProduct(unit=units[n % len(units)], code=f"product-{n}", name=f"Produk {n}")
                for n in range(args.products)
            ),
            batch_size=2000,
        )
    started = step(
        f"registry: {len(regions)} regions, {len(providers)} providers, {len(units)} units,"
        f" {len(products)} products",
        started,
    )

    version = save_instrument_source(
        yaml.safe_dump(synthetic_instrument(args.indicators), allow_unicode=True),
        origin="bench/score.py",
    )
    instrument = version.parsed
    cycle = Cycle.objects.create(
        code="bench", name="Benchmark", year=2021, instrument_version=version
    )
    cycle.providers.set(providers)
    started = step(f"cycle with {version} ({len(instrument.indicators)} indicators)", started)

    answered_at = connection.ops.adapt_datetimefield_value(
        dt.datetime(2021, 7, 1, 2, tzinfo=dt.UTC)
    )
    choices = answer_values(instrument)
    columns = [
        "cycle_id",
        "level",
        "product_id",
        "indicator",
        "value",
        "note",
        "source",
        "answered_at",
    ]
    table = Answer._meta.db_table
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)})"  # noqa: S608 - names from the model
        f" VALUES ({', '.join(['%s'] * len(columns))})"
    )
    total = 0
    batch = []
    with transaction.atomic(), connection.cursor() as cursor:
        for product in products:
            for code, values in choices.items():
                batch.append(
                    (
                        cycle.pk,
                        "product",
                        product.pk,
                        code,
                        rng.choice(values),
                        "",
                        "manual",
                        answered_at,
                    )
                )
            if len(batch) >= 100_000:
                cursor.executemany(sql, batch)
                total += len(batch)
                batch = []
                print(f"    {total:,} answers", flush=True)
        cursor.executemany(sql, batch)
        total += len(batch)
    step(f"answers: {total:,}", started)
    return cycle


def measure(label: str, function, repeat: int) -> list[float]:
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    runs = ", ".join(f"{s:.2f}" for s in seconds)
    print(f"{label}: {statistics.median(seconds):.2f} s (median of {repeat}: {runs})")
    return seconds


def bare_sql_aggregation(cycle) -> int:
    """Every answer's points summed per subject in one query, as a lower bound for the rescore's
    database work; returns the number of subjects."""
    from django.db import connection

    from patuh.assessments.models import Answer
    from patuh.scoring.services import _price_table

    table = Answer._meta.db_table
    with connection.cursor() as cursor, _price_table(cursor, cycle.instrument_version.parsed):
        cursor.execute(
            "SELECT a.level, COALESCE(a.product_id, a.unit_id, a.website_id, a.provider_id),"  # noqa: S608
            " SUM(p.earned), SUM(p.possible)"
            f" FROM {table} a JOIN patuh_answer_price p"
            " ON p.level = a.level AND p.indicator = a.indicator AND p.value = a.value"
            " WHERE a.cycle_id = %s GROUP BY 1, 2",
            [cycle.pk],
        )
        return len(cursor.fetchall())


def approve_one_unit(cycle, number: int) -> None:
    """Change the answers of one unit's products through the ORM, audited, as a review
    approval does; `number` picks a different provider each time."""
    from django.utils import timezone

    from patuh.assessments.models import Answer
    from patuh.registry.models import ServiceUnit

    values = answer_values(cycle.instrument_version.parsed)
    units = ServiceUnit.objects.filter(provider__cycles=cycle).order_by("pk")
    unit = units[(number * 37) % units.count()]
    for answer in Answer.objects.filter(cycle=cycle, product__unit=unit):
        others = values[answer.indicator]
        answer.value = others[(others.index(answer.value) + 1) % len(others)]
        answer.answered_at = timezone.now()
        answer.save()


def measure_incremental(cycle, repeat: int) -> list[float]:
    from patuh.scoring.incremental import rescore_changes

    seconds = []
    for number in range(repeat):
        approve_one_unit(cycle, number)
        started = time.perf_counter()
        rescore_changes(cycle)
        seconds.append(time.perf_counter() - started)
    runs = ", ".join(f"{s * 1000:.0f}" for s in seconds)
    print(
        f"incremental (one unit's answers changed): {statistics.median(seconds) * 1000:.0f} ms"
        f" (median of {repeat}: {runs})"
    )
    return seconds


def main() -> None:
    args = parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="patuh-bench-"))
    try:
        setup_django(data_dir)
        import django
        from django.db import connection

        from patuh.assessments.models import Cycle
        from patuh.lib.garbage import collector_paused
        from patuh.scoring.engine import score_tallies
        from patuh.scoring.services import (
            compute_snapshot,
            cycle_subjects,
            cycle_tallies,
            score_cycle,
        )

        print(
            f"Patuh scoring benchmark: Django {django.get_version()}, SQLite"
            f" {connection.Database.sqlite_version}, Python {sys.version.split()[0]},"
            f" {os.cpu_count()} CPUs"
        )
        print(f"Database: {data_dir / 'patuh.sqlite3'}")
        print("Building the data:")
        pk = build(args).pk
        size = sum(f.stat().st_size for f in data_dir.iterdir()) / 2**20
        print(f"  database size: {size:.0f} MiB\n")

        def fresh_cycle():
            # A fresh row each time, so every run also parses the instrument as a rescore does.
            return Cycle.objects.select_related("instrument_version").get(pk=pk)

        rescore = measure(
            "rescore (load + score + store)", lambda: compute_snapshot(fresh_cycle()), args.repeat
        )
        score_only = measure(
            "score only (load + engine, no store)", lambda: score_cycle(fresh_cycle()), args.repeat
        )
        cycle = fresh_cycle()
        instrument = cycle.instrument_version.parsed

        def paused(function):
            """`function` run as the rescore runs it, with the garbage collector paused."""

            def run():
                with collector_paused():
                    return function()

            return run

        measure(
            "  load subjects (cycle_subjects)",
            paused(lambda: cycle_subjects(cycle)),
            args.repeat,
        )
        measure(
            "  tally answers in the database (cycle_tallies)",
            paused(lambda: cycle_tallies(cycle, instrument)),
            args.repeat,
        )
        subjects = cycle_subjects(cycle)
        tallies = cycle_tallies(cycle, instrument).by_subject
        measure(
            "  engine (score_tallies)",
            paused(lambda: score_tallies(instrument, subjects, tallies)),
            args.repeat,
        )
        median = statistics.median(rescore)
        print(
            f"store (rescore - score only): about"
            f" {max(0.0, median - statistics.median(score_only)):.2f} s"
        )
        bare = statistics.median(
            measure("bare SQL aggregation", lambda: bare_sql_aggregation(cycle), args.repeat)
        )
        incremental = statistics.median(measure_incremental(fresh_cycle(), args.repeat))
        verdict = "within" if median < TARGET_SECONDS else "OVER"
        print(
            f"\nrescore: {median:.2f} s median, {min(rescore):.2f} s best;"
            f" {verdict} the {TARGET_SECONDS:.0f} s target"
        )
        ratio = median / bare
        verdict = "within" if ratio <= TARGET_RATIO else "OVER"
        print(
            f"rescore / bare SQL: {median:.2f} s / {bare:.2f} s = {ratio:.1f}x;"
            f" {verdict} the {TARGET_RATIO:.0f}x target"
        )
        verdict = "within" if incremental <= TARGET_INCREMENTAL_SECONDS else "OVER"
        print(
            f"incremental: {incremental * 1000:.0f} ms median; {verdict} the"
            f" {TARGET_INCREMENTAL_SECONDS * 1000:.0f} ms target"
        )
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(compute_snapshot, fresh_cycle())
            print("\nProfile of one rescore, by own time:")
            pstats.Stats(profiler).strip_dirs().sort_stats("tottime").print_stats(15)
            print("Profile of one rescore, by cumulative time:")
            pstats.Stats(profiler).strip_dirs().sort_stats("cumulative").print_stats(25)
    finally:
        if args.keep:
            print(f"Kept {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
