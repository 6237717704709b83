"""Benchmark the SKM computation and the respondents file reader, without the database.

    .venv/bin/python bench/skm.py [--respondents 100000 --repeat 3]

Times, on synthetic answers (one in twenty skipped):
- compute: patuh.satisfaction.skm.compute over the responses (what a unit page does per view);
- read: reading a respondents CSV of that size through lib.spreadsheet and skm.read_responses,
  then computing (what `patuh skm compute` does).

A busy unit collects a few thousand responses a year; the target is a unit page's computation
of 10,000 responses well under 0.1 s, and a 100,000-row file under 5 s, on 2 cores.
"""

import argparse
import csv
import random
import statistics
import tempfile
import time
from pathlib import Path

from patuh.instruments.loading import builtin_instrument_files, load_instrument_file
from patuh.lib.spreadsheet import read_rows
from patuh.satisfaction import skm


def timed(repeat: int, work) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--respondents", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    instrument = load_instrument_file(builtin_instrument_files()["skm-2017"])
    codes = list(instrument.indicators)
    rng = random.Random(2017)
    responses = [
        {code: None if rng.random() < 0.05 else rng.randint(1, 4) for code in codes}
        for _ in range(args.respondents)
    ]
    for size in (10_000, args.respondents):
        seconds, result = timed(
            args.repeat, lambda size=size: skm.compute(instrument, responses[:size])
        )
        print(f"compute {size:>7,} responses: {seconds * 1000:8.1f} ms  (IKM {result.ikm})")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "respondents.csv"
        with path.open("w", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(codes)
            for response in responses:
                writer.writerow(["" if response[c] is None else response[c] for c in codes])

        def read_and_compute():
            return skm.compute(instrument, skm.read_responses(read_rows(path), instrument))

        seconds, result = timed(args.repeat, read_and_compute)
        print(f"read + compute {args.respondents:,}-row CSV: {seconds:6.2f} s  (IKM {result.ikm})")


if __name__ == "__main__":
    main()
