"""HTML to PDF with WeasyPrint: one document, or many over a pool of worker processes.

Nothing here imports Django. Workers are started with "spawn", so they inherit no database
connection, thread or lock from the parent; they only lay documents out, while the parent reads
the database and writes the HTML. Each worker, and a run in one process, loads the fonts and
parses the shared stylesheet once, not once per document.

Import WeasyPrint only after patuh.results.pdf.pdf_problem() has said it loads (it puts back a
Pillow setting WeasyPrint's import changes); workers are separate processes and need not.
"""

import multiprocessing
import os
from collections.abc import Hashable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait


class Renderer:
    """Renders HTML documents (every resource inline as data: URIs) with one stylesheet."""

    def __init__(self, stylesheet: str):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import URLFetcher

        self.fonts = FontConfiguration()
        self.css = CSS(string=stylesheet, font_config=self.fonts)
        # A document embeds what it shows: any other URL is refused.
        self.fetcher = URLFetcher(allowed_protocols={"data"})

    def __call__(self, html: str) -> bytes:
        from weasyprint import HTML

        document = HTML(string=html, url_fetcher=self.fetcher)
        return document.write_pdf(stylesheets=[self.css], font_config=self.fonts)


def default_workers() -> int:
    """The CPUs this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


# The worker process's renderer, made once by _start_worker.
_renderer: Renderer | None = None


def _start_worker(stylesheet: str) -> None:
    global _renderer
    _renderer = Renderer(stylesheet)


def _render(html: str) -> bytes:
    return _renderer(html)


def render_all(
    documents: Iterable[tuple[Hashable, str]], stylesheet: str, workers: int
) -> Iterator[tuple[Hashable, bytes]]:
    """(key, PDF) for each (key, HTML) of `documents`, in the order they are done.

    With one worker, in this process. Otherwise over `workers` processes, taking documents from
    the iterable only as results come back: at most two per worker are in flight, so memory stays
    bounded however many there are.
    """
    if workers <= 1:
        renderer = Renderer(stylesheet)
        for key, html in documents:
            yield key, renderer(html)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(stylesheet,)
    ) as pool:
        pending: dict[Future, Hashable] = {}
        queue = iter(documents)
        for key, html in queue:
            pending[pool.submit(_render, html)] = key
            if len(pending) < 2 * workers:
                continue
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield pending.pop(future), future.result()
        for future in list(pending):
            yield pending.pop(future), future.result()
