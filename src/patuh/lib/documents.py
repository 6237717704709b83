"""Checking uploaded documents: prove the file is a readable PDF within limits. Pure Python with
pypdf (no Django), so it is tested on its own, like patuh.lib.images for photos.

Steps of `check_pdf`:
1. Refuse a file larger than the byte limit before parsing anything.
2. Look for the PDF header ("%PDF-") where readers look for it, in the first kilobyte: a text
   file or an image named .pdf is refused by its content, never judged by its name.
3. Parse it with pypdf: the cross-reference table, the trailer and the page tree. A file that
   does not parse is refused as damaged.
4. Refuse a password-protected file that cannot be opened without a password: evaluators could
   not read it.
5. Count the pages and refuse more than the page limit.
"""

import hashlib
import io
import logging
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from patuh.lib.rejected import Rejected, megabytes

# pypdf reports every oddity of a damaged file on its logger; a refusal says what matters.
logging.getLogger("pypdf").setLevel(logging.ERROR)

CONTENT_TYPE = "application/pdf"
HEADER = b"%PDF-"
# PDF readers accept the header anywhere in the first 1024 bytes (ISO 32000-1, annex H).
HEADER_WINDOW = 1024


class DocumentRejected(Rejected):
    """The upload is not an acceptable PDF (see Rejected)."""

    CODES = frozenset(
        {
            "document_too_large",
            "not_pdf",
            "document_damaged",
            "encrypted",
            "too_many_pages",
            "no_pages",
        }
    )


@dataclass(frozen=True)
class DocumentLimits:
    max_bytes: int
    max_pages: int


@dataclass(frozen=True)
class CheckedDocument:
    sha256: str
    size: int
    pages: int
    # The document's own title from its metadata, if it has one.
    title: str


def check_pdf(data: bytes, limits: DocumentLimits) -> CheckedDocument:
    if len(data) > limits.max_bytes:
        raise DocumentRejected(
            "document_too_large", size=megabytes(len(data)), limit=megabytes(limits.max_bytes)
        )
    if HEADER not in data[:HEADER_WINDOW]:
        raise DocumentRejected("not_pdf")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentRejected("encrypted")
        pages = len(reader.pages)
        title = _title(reader)
    except DocumentRejected:
        raise
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        # pypdf raises its own errors for most damage, and plain ones for some malformed objects.
        raise DocumentRejected("document_damaged") from exc
    if pages == 0:
        raise DocumentRejected("no_pages")
    if pages > limits.max_pages:
        raise DocumentRejected("too_many_pages", pages=str(pages), limit=str(limits.max_pages))
    return CheckedDocument(
        sha256=hashlib.sha256(data).hexdigest(), size=len(data), pages=pages, title=title
    )


def _title(reader: PdfReader) -> str:
    metadata = reader.metadata
    title = metadata.title if metadata is not None else None
    return str(title).strip()[:200] if title else ""
