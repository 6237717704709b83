"""Writing command output: JSON that keeps Indonesian text readable, CSV that spreadsheets trust."""

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO


def write_json(stream: TextIO, data: Any) -> None:
    stream.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    stream.write("\n")


def write_csv(stream: TextIO, header: Iterable[str], rows: Iterable[Iterable[Any]]) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
