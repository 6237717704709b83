"""Pausing Python's cyclic garbage collector around work that builds many lasting objects."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic garbage collector off, then restore it as it was.

    For work that builds hundreds of thousands of objects that all live until it ends (a national
    rescore's tallies, scores and rows): each allocation then counts towards the next collection,
    and the full collections this triggers walk every one of them again, a sixth of a national
    rescore. Reference counting still frees what such work drops; only reference cycles wait, and
    the collector finds them once it runs again. The switch is process-wide, so other threads'
    cycles wait as long as the block runs (seconds).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
