"""Real photos made by the tests: JPEGs with EXIF capture time and GPS, and hostile files."""

import zlib
from struct import pack

from patuh.demo.photos import notice_board as jpeg  # noqa: F401 - the tests' photo maker

# Kantor Disdukcapil Kabupaten Belitung, Tanjung Pandan (illustrative).
TANJUNG_PANDAN = (-2.7418, 107.6341)


def text_named_jpg() -> bytes:
    return b"This is a shopping list, not a photo.\nBeras 5 kg\nMinyak goreng\n"


def decompression_bomb(width: int = 8_000, height: int = 8_000) -> bytes:
    """A valid PNG of a few kilobytes that declares width × height pixels of one grey.

    Written by hand (zlib over rows of zero bytes) so the test never holds the image in memory.
    """
    header = pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    compressor = zlib.compressobj(9)
    rows = b"\x00" * ((width + 1) * 500)  # 500 rows of a filter byte and black pixels
    data = b"".join(compressor.compress(rows) for _ in range(height // 500))
    data += compressor.compress(b"\x00" * ((width + 1) * (height % 500))) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", data)
        + _chunk(b"IEND", b"")
    )


def giant_png_header(width: int = 100_000, height: int = 100_000) -> bytes:
    """A PNG that declares an absurd size and carries no pixels: only the header is read."""
    header = pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IEND", b"")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return pack(">I", len(data)) + kind + data + pack(">I", zlib.crc32(kind + data))
