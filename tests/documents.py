"""Real and hostile documents made by the tests."""

from patuh.demo.documents import pdf  # noqa: F401 - the tests' PDF maker


def text_named_pdf() -> bytes:
    return b"Daftar belanja, bukan dokumen.\nBeras 5 kg\nMinyak goreng\n"
