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
6. Refuse active content (see `_refuse_active_content`): a document evaluators open must not run
   anything on their computers.
"""

import hashlib
import io
import logging
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, PdfObject

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
            "pdf_javascript",
            "pdf_action",
            "pdf_embedded_file",
            "pdf_form_script",
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
        if pages:
            _refuse_active_content(reader)
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


# What a click on a link or a bookmark may do: move within the document, open a web address
# (readers ask first), turn pages, follow an article. Anything else (Launch, JavaScript,
# SubmitForm, ImportData, GoToR, GoToE, Rendition, RichMediaExecute, ...) acts on its own.
LINK_ACTIONS = frozenset({"/GoTo", "/URI", "/Named", "/Thread"})
# What a document may do by itself, when it opens (/OpenAction) or on an event (/AA): only show
# a page of its own. Opening a web address unasked is refused too.
AUTOMATIC_ACTIONS = frozenset({"/GoTo"})


def _refuse_active_content(reader: PdfReader) -> None:
    """Walk every object reachable from the trailer once and refuse what could act on its own.

    Steps, for each dictionary met:
    1. A script anywhere: a /JS entry (an action's code) or a /JavaScript name tree.
    2. Embedded files: an /EmbeddedFiles name tree, a file specification carrying its file (/EF),
       a stream of /Type /EmbeddedFile.
    3. An XFA form (/XFA): its scripts run in the reader. A plain fillable form passes.
    4. Actions: the document's /OpenAction and every trigger of an /AA (additional actions) may
       only go to a page of the document; a link's or bookmark's action (/A) and every action
       chained after one (/Next) only what LINK_ACTIONS allows. A destination given as an array
       is a place, not an action.
    Names are compared after pypdf decodes their #xx escapes, so /J#61vaScript is /JavaScript.
    """
    seen: set[tuple[int, int]] = set()
    pending: list[PdfObject] = [reader.trailer]
    while pending:
        obj = pending.pop()
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            _refuse_active_entries(obj)
            pending.extend(obj.values())
        elif isinstance(obj, ArrayObject):
            pending.extend(obj)


def _refuse_active_entries(entries: DictionaryObject) -> None:
    if "/JS" in entries or "/JavaScript" in entries:
        raise DocumentRejected("pdf_javascript")
    if "/EmbeddedFiles" in entries or "/EF" in entries or entries.get("/Type") == "/EmbeddedFile":
        raise DocumentRejected("pdf_embedded_file")
    if "/XFA" in entries:
        raise DocumentRejected("pdf_form_script")
    if "/OpenAction" in entries:
        _refuse_action(entries["/OpenAction"], AUTOMATIC_ACTIONS)
    triggers = entries.get("/AA")
    if triggers is not None:
        triggers = triggers.get_object()
        if isinstance(triggers, DictionaryObject):
            for action in triggers.values():
                _refuse_action(action, AUTOMATIC_ACTIONS)
    for key in ("/A", "/Next"):
        if key in entries:
            _refuse_action(entries[key], LINK_ACTIONS)


def _refuse_action(action: PdfObject, allowed: frozenset[str]) -> None:
    """Refuse `action` (and the actions chained after it) unless each is of an allowed kind."""
    action = action.get_object()
    if isinstance(action, ArrayObject):
        # A destination ([page /Fit], ...) or, after /Next, a list of actions.
        for item in action:
            item = item.get_object()
            if isinstance(item, DictionaryObject):
                _refuse_action(item, allowed)
        return
    # Without /S it is no action: e.g. a tagged PDF's structure attributes, also under /A.
    if not isinstance(action, DictionaryObject) or "/S" not in action:
        return
    kind = action["/S"]
    if kind == "/JavaScript":
        raise DocumentRejected("pdf_javascript")
    if kind not in allowed:
        # The name is the file's own: shown to the uploader, so kept short.
        raise DocumentRejected("pdf_action", action=str(kind).removeprefix("/")[:40])
    if "/Next" in action:
        _refuse_action(action["/Next"], allowed)
