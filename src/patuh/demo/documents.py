"""Real PDF documents for the demo and the tests: a few lines of text per page.

Written by hand (objects, a cross-reference table with exact offsets, a trailer) rather than by
a PDF library, so the demo needs nothing to make them and every byte is deterministic.
"""


def _escape(text: str) -> bytes:
    """A PDF string literal's body: Latin-1 text with its delimiters escaped."""
    raw = text.encode("latin-1", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def pdf(title: str, lines: list[str] | tuple[str, ...] = (), *, pages: int = 1) -> bytes:
    """A PDF of `pages` A4 pages, each showing `title` and `lines` in Helvetica; its metadata
    title is `title`."""
    count = max(1, pages)
    # Objects: 1 catalog, 2 page tree, 3 font, 4 info, then a page and its content per page.
    page_ids = [5 + 2 * n for n in range(count)]
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % pid for pid in page_ids)
        + b"] /Count %d >>" % count,
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        4: b"<< /Title (" + _escape(title) + b") /Producer (Patuh) >>",
    }
    for number, page_id in enumerate(page_ids, start=1):
        text = [f"{title} ({number}/{count})", *lines]
        stream = (
            b"BT /F1 12 Tf 56 780 Td 16 TL "
            + b" ".join(b"(" + _escape(line) + b") '" for line in text)
            + b" ET"
        )
        objects[page_id] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
            b" /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (page_id + 1)
        )
        objects[page_id + 1] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    return assemble(objects, info=4)


def assemble(objects: dict[int, bytes], *, info: int | None = None) -> bytes:
    """A PDF file of `objects` (number: body; 1 is the catalog, numbered 1..n without gaps), its
    cross-reference table at exact offsets and its trailer, naming `info` as its metadata."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number]
    trailer = b"/Size %d /Root 1 0 R" % size + (b" /Info %d 0 R" % info if info else b"")
    out += b"trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref)
    return bytes(out)
