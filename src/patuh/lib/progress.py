"""Progress reporting that long work shares between the terminal and background jobs.

A function that takes a while accepts `progress(done, total=None, message="")`. Commands pass a
TerminalProgress (a tqdm bar on their stderr); jobs pass one that updates the job's row.
"""

from typing import Protocol, TextIO

from tqdm import tqdm


class Progress(Protocol):
    def __call__(self, done: int, total: int | None = None, message: str = "") -> None: ...


def no_progress(done: int, total: int | None = None, message: str = "") -> None:
    """For callers that do not show progress."""


class TerminalProgress:
    """A progress bar on `stream`; use it as a context manager so the bar is closed."""

    def __init__(self, stream: TextIO, description: str):
        self.bar = tqdm(file=stream, desc=description, unit="", dynamic_ncols=True, leave=True)

    def __call__(self, done: int, total: int | None = None, message: str = "") -> None:
        if total is not None and self.bar.total != total:
            self.bar.total = total
            self.bar.refresh()
        if message:
            self.bar.set_postfix_str(message, refresh=False)
        self.bar.update(done - self.bar.n)

    def __enter__(self) -> "TerminalProgress":
        return self

    def __exit__(self, *exc_info) -> None:
        self.bar.close()
