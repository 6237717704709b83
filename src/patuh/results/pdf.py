"""Report cards as A4 PDF documents (WeasyPrint), in Indonesian, with the office's letterhead.

WeasyPrint needs Pango (Debian: libpango-1.0-0, libpangoft2-1.0-0) and lays cards out much
faster with HarfBuzz's subsetter (libharfbuzz-subset0). Without Pango `pdf_problem()` says so,
pages offer no PDF and the command fails with that message. A PDF embeds no remote resource:
photos and the logo are data: URIs, the stylesheet is given to WeasyPrint with the page (parsed
once for many cards), and every other URL is refused.

Every card of a snapshot (`write_report_pdfs`) is laid out over a pool of processes, one per CPU
by default (patuh.lib.pdfrender): this process reads the scores and writes each card's HTML.
"""

import base64
import mimetypes
from functools import cache
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from PIL import ImageFile

from patuh.lib.pdfrender import Renderer, default_workers, render_all
from patuh.lib.progress import Progress, no_progress
from patuh.results.cards import report_card
from patuh.results.queries import provider_code
from patuh.scoring.models import ScoreSnapshot

# Reports are handed to Indonesian agencies, whatever language the requester reads.
REPORT_LANGUAGE = "id"


class PdfError(Exception):
    """A PDF cannot be made; the message says why, for the person who asked."""


@cache
def pdf_problem() -> str | None:
    """Why PDFs cannot be made on this machine, or None when they can.

    Importing WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES, which would let a
    truncated photo pass the evidence checks (patuh.lib.images): the setting is put back.
    """
    truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    try:
        # Imported here, not at the top: without Pango the import fails, and only PDFs need it.
        import weasyprint  # noqa: F401 - loading it loads Pango
    except (ImportError, OSError) as exc:
        return (
            f"WeasyPrint cannot load its libraries ({exc}). Install Pango "
            "(Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0) to make PDF reports."
        )
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated
    return None


def letterhead() -> dict:
    """The office's name, address and logo (a data: URI) from the settings."""
    logo = ""
    if settings.PATUH_REPORT_LOGO:
        path = Path(settings.PATUH_REPORT_LOGO)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise PdfError(f"PATUH_REPORT_LOGO={path}: cannot be read ({exc})") from exc
        logo = _data_uri(data, mimetypes.guess_type(path.name)[0] or "image/png")
    return {
        "name": settings.PATUH_OFFICE_NAME,
        "address": settings.PATUH_OFFICE_ADDRESS,
        "logo": logo,
    }


def _data_uri(data: bytes, kind: str) -> str:
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


STYLESHEET = Path(__file__).resolve().parent / "static/results/report_pdf.css"


@cache
def stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def _check_pdf() -> None:
    problem = pdf_problem()
    if problem:
        raise PdfError(problem)


def render_pdf(html: str) -> bytes:
    _check_pdf()
    return Renderer(stylesheet())(html)


def report_card_html(snapshot: ScoreSnapshot, provider_id: int, head: dict) -> str | None:
    """The report card of the provider `provider_id` in `snapshot` as the HTML of its PDF,
    under the letterhead `head`; None when the snapshot has no scores of it."""
    with translation.override(REPORT_LANGUAGE):
        card = report_card(snapshot, provider_id, REPORT_LANGUAGE)
        if card is None:
            return None
        for photo in card.photos():
            # Embedded: the PDF fetches nothing. Thumbnails carry no location or other metadata.
            photo.thumbnail_url = _data_uri(photo.thumbnail.read(), "image/jpeg")
            photo.display_url = ""
        return render_to_string(
            "results/report_pdf.html", {"card": card, "cycle": snapshot.cycle, "letterhead": head}
        )


def report_card_pdf(snapshot: ScoreSnapshot, provider_id: int) -> bytes | None:
    """The report card of the provider `provider_id` in `snapshot` as a PDF; None when the
    snapshot has no scores of it."""
    html = report_card_html(snapshot, provider_id, letterhead())
    return None if html is None else render_pdf(html)


def write_report_pdfs(
    snapshot: ScoreSnapshot,
    out_dir: Path,
    progress: Progress = no_progress,
    workers: int | None = None,
) -> list[Path]:
    """One PDF per provider the snapshot scored, named <provider code>.pdf, in `out_dir`, laid
    out by `workers` processes (default: one per CPU; 1: in this process).

    The providers and their codes come from the snapshot, not from today's scope, so the set of
    reports is the snapshot's too. Each file is written beside its final name and renamed when
    complete, so an interrupted run leaves no half-written report.
    """
    _check_pdf()
    out_dir.mkdir(parents=True, exist_ok=True)
    targets = {
        provider_id: out_dir / f"{provider_code(path)}.pdf"
        for provider_id, path in snapshot.scores.filter(level="provider")
        .order_by("path")
        .values_list("subject_id", "path")
    }
    # Read once for every card; so is the instrument, kept parsed on the one snapshot object.
    head = letterhead()
    documents = (
        (provider_id, report_card_html(snapshot, provider_id, head)) for provider_id in targets
    )
    workers = min(workers or default_workers(), len(targets))
    progress(0, len(targets), _("report cards"))
    for number, (provider_id, pdf) in enumerate(
        render_all(documents, stylesheet(), workers), start=1
    ):
        target = targets[provider_id]
        partial = target.with_name(f".{target.name}.partial")
        try:
            partial.write_bytes(pdf)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        progress(number, len(targets), target.stem)
    return list(targets.values())
