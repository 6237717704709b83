"""Writing command output as JSON that keeps Indonesian text readable."""

import json
from typing import Any, TextIO


def write_json(stream: TextIO, data: Any) -> None:
    stream.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    stream.write("\n")
