"""Real photos made by the tests: JPEGs with EXIF capture time and GPS, and hostile files."""

import datetime as dt
import io
import zlib
from struct import pack, unpack

from PIL import Image, ImageCms

from patuh.demo.photos import notice_board as jpeg

# Kantor Disdukcapil Kabupaten Belitung, Tanjung Pandan (illustrative).
TANJUNG_PANDAN = (-2.7418, 107.6341)
# The position as the text blocks below write it.
WHERE = b"-2.7418,107.6341"

# JPEG markers (ITU T.81, Exif 2.32): EXIF and XMP ride in APP1, the colour profile in APP2,
# IPTC in Photoshop's APP13, free text in COM.
APP1, APP2, APP13, COM, START_OF_SCAN = 0xE1, 0xE2, 0xED, 0xFE, 0xDA


def jpeg_telling_everything() -> bytes:
    """A phone photo whose every metadata block gives the place away: EXIF time and GPS, XMP,
    IPTC (APP13) and a comment with the position, and an sRGB colour profile."""
    wall_clock = dt.datetime(2021, 6, 10, 9, 30)  # noqa: DTZ001 - cameras record no zone
    photo = Image.open(io.BytesIO(jpeg(taken_at=wall_clock, position=TANJUNG_PANDAN)))
    xmp = b"<x:xmpmeta><exif:GPSPosition>" + WHERE + b"</exif:GPSPosition></x:xmpmeta>"
    iptc = b"\x1c\x02\x5c" + pack(">H", len(WHERE)) + WHERE  # 2:92, sub-location
    resource = b"8BIM" + pack(">H", 0x0404) + b"\x00\x00" + pack(">I", len(iptc)) + iptc
    app13 = b"Photoshop 3.0\x00" + resource
    out = io.BytesIO()
    photo.save(
        out,
        "JPEG",
        exif=photo.getexif(),
        xmp=xmp,
        comment=b"Lokasi " + WHERE,
        extra=pack(">BBH", 0xFF, APP13, len(app13) + 2) + app13,
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
    )
    return out.getvalue()


def jpeg_markers(data: bytes) -> list[int]:
    """The markers of a JPEG's header segments, in order, up to the image data."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    markers, at = [], 2
    while data[at] == 0xFF and data[at + 1] != START_OF_SCAN:
        markers.append(data[at + 1])
        (length,) = unpack(">H", data[at + 2 : at + 4])
        at += 2 + length
    return markers


def multi_picture_jpeg() -> bytes:
    """A phone's multi-picture JPEG (MPO): the notice board with EXIF time and GPS, then a
    smaller grey picture standing in for the depth map."""
    wall_clock = dt.datetime(2021, 6, 10, 9, 30)  # noqa: DTZ001 - cameras record no zone
    photo = Image.open(io.BytesIO(jpeg(taken_at=wall_clock, position=TANJUNG_PANDAN)))
    depth = Image.new("RGB", (200, 150), (128, 128, 128))
    out = io.BytesIO()
    photo.save(out, "MPO", save_all=True, append_images=[depth], exif=photo.getexif())
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
