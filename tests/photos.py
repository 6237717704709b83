"""Real photos made by the tests: JPEGs with EXIF capture time and GPS, and hostile files."""

import datetime as dt
import io
import zlib
from struct import pack

from PIL import Image, ImageDraw

from patuh.lib.images import (
    DATE_TIME_ORIGINAL,
    EXIF_IFD,
    GPS_IFD,
    GPS_LATITUDE,
    GPS_LATITUDE_REF,
    GPS_LONGITUDE,
    GPS_LONGITUDE_REF,
    OFFSET_TIME_ORIGINAL,
)

# Kantor Disdukcapil Kabupaten Belitung, Tanjung Pandan (illustrative).
TANJUNG_PANDAN = (-2.7418, 107.6341)


def _dms(value: float) -> tuple[float, float, float]:
    value = abs(value)
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round((value - degrees - minutes / 60) * 3600, 4)
    return (float(degrees), float(minutes), seconds)


def jpeg(
    *,
    taken_at: dt.datetime | None = None,
    position: tuple[float, float] | None = None,
    offset: str | None = "+07:00",
    size: tuple[int, int] = (800, 600),
    colour: tuple[int, int, int] = (40, 110, 180),
) -> bytes:
    """A JPEG photo of a notice board, with the EXIF capture time and GPS position given."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((size[0] // 8, size[1] // 8, size[0] * 7 // 8, size[1] * 7 // 8), fill="white")
    draw.text((size[0] // 4, size[1] // 2), "STANDAR PELAYANAN", fill="black")
    exif = Image.Exif()
    exif[0x010F] = "Patuh"
    exif[0x0110] = "Test camera"
    if taken_at is not None:
        details = exif.get_ifd(EXIF_IFD)
        details[DATE_TIME_ORIGINAL] = taken_at.strftime("%Y:%m:%d %H:%M:%S")
        if offset:
            details[OFFSET_TIME_ORIGINAL] = offset
    if position is not None:
        gps = exif.get_ifd(GPS_IFD)
        gps[GPS_LATITUDE_REF] = "S" if position[0] < 0 else "N"
        gps[GPS_LATITUDE] = _dms(position[0])
        gps[GPS_LONGITUDE_REF] = "W" if position[1] < 0 else "E"
        gps[GPS_LONGITUDE] = _dms(position[1])
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()


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
