"""Proving that an upload is a readable PDF within the limits, by its content alone."""

import io
import subprocess
import sys

import pytest
from pypdf import PdfWriter

from patuh.lib.documents import DocumentLimits, DocumentRejected, check_pdf
from tests.documents import (
    ACTIVE_PDFS,
    PLAIN_PDFS,
    pdf,
    pdf_made_by_pypdf,
    text_named_pdf,
)

LIMITS = DocumentLimits(max_bytes=200_000, max_pages=10)


def test_a_pdf_is_measured_and_its_title_read():
    data = pdf("Standar Pelayanan", ["14 komponen"], pages=3)

    checked = check_pdf(data, LIMITS)

    assert (checked.pages, checked.size, checked.title) == (3, len(data), "Standar Pelayanan")
    assert len(checked.sha256) == 64


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (text_named_pdf(), "not_pdf"),
        # An image is not a document, whatever its name says.
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "not_pdf"),
        # The header and nothing that parses after it.
        (b"%PDF-1.7\n" + b"garbage " * 100, "document_damaged"),
        # A real PDF cut short: its cross-reference table is gone.
        (pdf("SK")[:300], "document_damaged"),
        (pdf("SK", pages=11), "too_many_pages"),
        (pdf("SK", ["x" * 80] * 40, pages=60), "document_too_large"),
    ],
    ids=["text", "png", "garbage", "truncated", "pages", "bytes"],
)
def test_what_is_not_an_acceptable_pdf_is_refused_with_its_code(data, code):
    with pytest.raises(DocumentRejected) as refused:
        check_pdf(data, LIMITS)

    assert refused.value.code == code


def test_the_refusal_names_the_pages_and_the_limit_that_was_passed():
    with pytest.raises(DocumentRejected) as refused:
        check_pdf(pdf("SK", pages=11), LIMITS)

    assert refused.value.details == {"pages": "11", "limit": "10"}


def test_a_password_protected_pdf_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("rahasia")
    out = io.BytesIO()
    writer.write(out)

    with pytest.raises(DocumentRejected) as refused:
        check_pdf(out.getvalue(), LIMITS)

    assert refused.value.code == "encrypted"


@pytest.mark.parametrize(
    ("data", "code"),
    [(data, code) for _, data, code in ACTIVE_PDFS],
    ids=[what for what, _, _ in ACTIVE_PDFS],
)
def test_a_pdf_with_active_content_is_refused_with_its_code(data, code):
    with pytest.raises(DocumentRejected) as refused:
        check_pdf(data, LIMITS)

    assert refused.value.code == code


def test_a_refused_action_is_named():
    launching = next(data for what, data, _ in ACTIVE_PDFS if what.startswith("program"))

    with pytest.raises(DocumentRejected) as refused:
        check_pdf(launching, LIMITS)

    assert refused.value.details == {"action": "Launch"}


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (pdf_made_by_pypdf(script=True), "pdf_javascript"),
        (pdf_made_by_pypdf(attachment=True), "pdf_embedded_file"),
    ],
    ids=["script", "attachment"],
)
def test_active_content_written_by_a_pdf_library_is_refused(data, code):
    with pytest.raises(DocumentRejected) as refused:
        check_pdf(data, LIMITS)

    assert refused.value.code == code


@pytest.mark.parametrize("data", [data for _, data in PLAIN_PDFS], ids=[w for w, _ in PLAIN_PDFS])
def test_links_bookmarks_forms_and_structure_without_scripts_are_accepted(data):
    assert check_pdf(data, LIMITS).pages == 1


def test_the_checker_imports_no_django():
    script = (
        "import sys, patuh.lib.documents\n"
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], check=False)
    assert result.returncode == 0
