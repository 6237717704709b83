"""Real and hostile documents made by the tests."""

import io

from pypdf import PdfWriter
from pypdf.actions import JavaScript

from patuh.demo.documents import assemble, pdf  # noqa: F401 - the tests' PDF maker


def text_named_pdf() -> bytes:
    return b"Daftar belanja, bukan dokumen.\nBeras 5 kg\nMinyak goreng\n"


def one_page_pdf(catalog: bytes = b"", page: bytes = b"", *more: bytes) -> bytes:
    """A one-page PDF written byte by byte: `catalog` and `page` are extra entries of the catalog
    and the page dictionaries, `more` the bodies of further objects, numbered from 5."""
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R " + page + b" >>",
        4: b"<< /Length 0 >>\nstream\n\nendstream",
    }
    objects.update({5 + n: body for n, body in enumerate(more)})
    return assemble(objects)


def link(action: bytes) -> bytes:
    """A link annotation over the top of the page that does `action` when clicked."""
    return b"<< /Type /Annot /Subtype /Link /Rect [0 700 595 842] /A " + action + b" >>"


EMBEDDED_EXE = b"<< /Type /Filespec /F (faktur.exe) /EF << /F 6 0 R >> >>"
EXE_STREAM = b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream"

# (what the PDF carries, its bytes, the refusal's code)
ACTIVE_PDFS = [
    (
        "script on opening",
        one_page_pdf(b"/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>"),
        "pdf_javascript",
    ),
    (
        "document-level script",
        one_page_pdf(
            b"/Names << /JavaScript << /Names [(init) 5 0 R] >> >>",
            b"",
            b"<< /S /JavaScript /JS 6 0 R >>",
            b"<< /Length 13 >>\nstream\napp.alert(1);\nendstream",
        ),
        "pdf_javascript",
    ),
    (
        "script with escaped names",
        one_page_pdf(b"/OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>"),
        "pdf_javascript",
    ),
    (
        "script when a page opens",
        one_page_pdf(b"", b"/AA << /O << /S /JavaScript /JS (this.print\\(\\)) >> >>"),
        "pdf_javascript",
    ),
    (
        "form field computed by a script",
        one_page_pdf(
            b"/AcroForm << /Fields [5 0 R] >>",
            b"/Annots [5 0 R]",
            b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (total) /Rect [56 700 300 720]"
            b" /P 3 0 R /AA << /C << /S /JavaScript /JS (event.value = 1) >> >> >>",
        ),
        "pdf_javascript",
    ),
    (
        "program launched on opening",
        one_page_pdf(b"/OpenAction << /S /Launch /Win << /F (cmd.exe) /P (/c calc) >> >>"),
        "pdf_action",
    ),
    (
        "link that launches a program",
        one_page_pdf(b"", b"/Annots [5 0 R]", link(b"<< /S /Launch /F (faktur.exe) >>")),
        "pdf_action",
    ),
    (
        "link that launches a program after opening a web page",
        one_page_pdf(
            b"",
            b"/Annots [5 0 R]",
            link(b"<< /S /URI /URI (https://example.go.id/) /Next << /S /Launch /F (a.exe) >> >>"),
        ),
        "pdf_action",
    ),
    (
        "link that sends the form away",
        one_page_pdf(
            b"",
            b"/Annots [5 0 R]",
            link(b"<< /S /SubmitForm /F << /FS /URL /F (https://example.com/in) >> >>"),
        ),
        "pdf_action",
    ),
    (
        "web page opened unasked",
        one_page_pdf(b"", b"/AA << /O << /S /URI /URI (https://example.com/seen) >> >>"),
        "pdf_action",
    ),
    (
        "embedded file",
        one_page_pdf(
            b"/Names << /EmbeddedFiles << /Names [(faktur.exe) 5 0 R] >> >>",
            b"",
            EMBEDDED_EXE,
            EXE_STREAM,
        ),
        "pdf_embedded_file",
    ),
    (
        "file attached to the page",
        one_page_pdf(
            b"",
            b"/Annots [5 0 R]",
            b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 20 20] /FS 6 0 R >>",
            b"<< /Type /Filespec /F (faktur.exe) /EF << /F 7 0 R >> >>",
            EXE_STREAM,
        ),
        "pdf_embedded_file",
    ),
    (
        "XFA form",
        one_page_pdf(
            b"/AcroForm << /Fields [] /XFA 5 0 R >>",
            b"",
            b"<< /Length 29 >>\nstream\n<xdp:xdp><script/></xdp:xdp>\nendstream",
        ),
        "pdf_form_script",
    ),
]

# Documents with links, bookmarks, a form and an opening view, and nothing that acts on its own.
PLAIN_PDFS = [
    (
        "link to a web page",
        one_page_pdf(b"", b"/Annots [5 0 R]", link(b"<< /S /URI /URI (https://jdih.go.id/) >>")),
    ),
    (
        "bookmark and opening view",
        one_page_pdf(
            b"/OpenAction [3 0 R /Fit] /Outlines 5 0 R",
            b"",
            b"<< /Type /Outlines /First 6 0 R /Last 6 0 R /Count 1 >>",
            b"<< /Title (Bab 1) /Parent 5 0 R /A << /S /GoTo /D [3 0 R /Fit] >> >>",
        ),
    ),
    (
        "fillable form",
        one_page_pdf(
            b"/AcroForm << /Fields [5 0 R] >>",
            b"/Annots [5 0 R]",
            b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (nama) /Rect [56 700 300 720]"
            b" /P 3 0 R >>",
        ),
    ),
    (
        "tagged structure with attributes",
        one_page_pdf(
            b"/MarkInfo << /Marked true >> /StructTreeRoot 5 0 R",
            b"",
            b"<< /Type /StructTreeRoot /K [6 0 R] >>",
            b"<< /Type /StructElem /S /P /P 5 0 R /A << /O /Layout /Placement /Block >> >>",
        ),
    ),
]


def pdf_made_by_pypdf(*, script: bool = False, attachment: bool = False) -> bytes:
    """A PDF as a library writes it, with a document-level script or an attached file."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if script:
        writer.add_open_action(JavaScript("app.alert('Halo');"))
    if attachment:
        writer.add_attachment("data.xlsx", b"PK\x03\x04")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
