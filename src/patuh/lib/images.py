"""Checking and preparing uploaded photos: prove the file is an image, within limits, and make
copies without metadata. Pure Python with Pillow (no Django), so it is tested on its own.

Steps of `process_image`:
1. Refuse a file larger than the byte limit before decoding anything.
2. Identify it with Pillow from its content (never its name); refuse anything that is not JPEG,
   PNG or WebP. A multi-picture JPEG (MPO) is a JPEG: its first picture is the photo.
3. Read the dimensions from the header and refuse more pixels than the limit, before decoding:
   a small file can declare a huge image (a decompression bomb).
4. Decode it fully, so a truncated or corrupt file is refused too.
5. Read the EXIF capture time (with its offset when recorded) and GPS position.
6. Make a display copy and a thumbnail: turned upright, RGB, JPEG, carrying nothing but the
   pixels and the colour profile, so copies shown to agencies or the public carry no location.
"""

import datetime as dt
import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from patuh.lib.rejected import Rejected, megabytes

ACCEPTED_FORMATS = {
    "JPEG": "image/jpeg",
    # Phones save "multi-picture" JPEGs (a depth map or a preview after the photo); Pillow names
    # them MPO. They are JPEG files whose first picture, the one decoded, is the photo.
    "MPO": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
}

# EXIF tags (Exif 2.32): the sub-IFDs, and the tags read from them.
EXIF_IFD = 0x8769
GPS_IFD = 0x8825
DATE_TIME_ORIGINAL = 0x9003
OFFSET_TIME_ORIGINAL = 0x9011
DATE_TIME = 0x0132
GPS_LATITUDE_REF, GPS_LATITUDE, GPS_LONGITUDE_REF, GPS_LONGITUDE = 1, 2, 3, 4


class ImageRejected(Rejected):
    """The upload is not an acceptable image (see Rejected)."""

    CODES = frozenset(
        {
            "image_too_large",
            "not_image",
            "image_format",
            "too_many_pixels",
            "far_too_many_pixels",
            "image_damaged",
        }
    )


@dataclass(frozen=True)
class ImageLimits:
    max_bytes: int
    max_pixels: int
    display_edge: int = 1600
    thumbnail_edge: int = 320


@dataclass(frozen=True)
class ProcessedImage:
    sha256: str
    content_type: str
    width: int
    height: int
    size: int
    # From EXIF: aware when the camera recorded its offset, else naive local time.
    taken_at: dt.datetime | None
    latitude: float | None
    longitude: float | None
    display: bytes
    thumbnail: bytes

    @property
    def extension(self) -> str:
        """The original's file extension: jpg, png or webp."""
        return self.content_type.split("/")[1].replace("jpeg", "jpg")


def process_image(data: bytes, limits: ImageLimits) -> ProcessedImage:
    if len(data) > limits.max_bytes:
        raise ImageRejected(
            "image_too_large", size=megabytes(len(data)), limit=megabytes(limits.max_bytes)
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow's own guard, for sizes far beyond any photo, fires while reading the header.
        raise ImageRejected("far_too_many_pixels", limit=f"{limits.max_pixels:,}") from exc
    except (UnidentifiedImageError, OSError) as exc:
        raise ImageRejected("not_image") from exc
    with image:
        if image.format not in ACCEPTED_FORMATS:
            raise ImageRejected("image_format", format=str(image.format))
        width, height = image.size
        if width * height > limits.max_pixels:
            raise ImageRejected(
                "too_many_pixels", pixels=f"{width}×{height}", limit=f"{limits.max_pixels:,}"
            )
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                image.load()
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombWarning) as exc:
            raise ImageRejected("image_damaged") from exc
        exif = image.getexif()
        taken_at = _taken_at(exif)
        latitude, longitude = _position(exif)
        icc_profile = _rgb_profile(image)
        upright = ImageOps.exif_transpose(image).convert("RGB")
    return ProcessedImage(
        sha256=hashlib.sha256(data).hexdigest(),
        content_type=ACCEPTED_FORMATS[image.format],
        width=width,
        height=height,
        size=len(data),
        taken_at=taken_at,
        latitude=latitude,
        longitude=longitude,
        display=_jpeg(upright, limits.display_edge, icc_profile),
        thumbnail=_jpeg(upright, limits.thumbnail_edge, icc_profile),
    )


def _jpeg(image: Image.Image, edge: int, icc_profile: bytes | None) -> bytes:
    """A copy no larger than `edge` on its long side, as a JPEG with no metadata but the colour
    profile (needed to show the colours right; it says nothing about where or when)."""
    copy = image.copy()
    # The copy still holds the upload's metadata (EXIF, XMP, IPTC, comment), and Pillow's JPEG
    # writer falls back to its comment, where some cameras write the position: drop it all.
    copy.info = {}
    copy.thumbnail((edge, edge))
    out = io.BytesIO()
    copy.save(out, "JPEG", quality=82, optimize=True, icc_profile=icc_profile)
    return out.getvalue()


def _rgb_profile(image: Image.Image) -> bytes | None:
    """The image's colour profile when it describes RGB, as the copies are (a grey or CMYK
    profile would mislead a viewer about the converted pixels)."""
    profile = image.info.get("icc_profile") or b""
    # The ICC header names the profile's colour space at bytes 16-19 (ICC.1:2022, 7.2.6).
    return profile if profile[16:20] == b"RGB " else None


def _taken_at(exif: Image.Exif) -> dt.datetime | None:
    details = exif.get_ifd(EXIF_IFD)
    raw = details.get(DATE_TIME_ORIGINAL) or exif.get(DATE_TIME)
    if not raw:
        return None
    try:
        taken = dt.datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S")  # noqa: DTZ007
    except ValueError:
        return None
    offset = details.get(OFFSET_TIME_ORIGINAL)
    if offset:
        try:
            parsed = dt.datetime.strptime(str(offset).strip("\x00 "), "%z")
        except ValueError:
            return taken
        return taken.replace(tzinfo=parsed.tzinfo)
    return taken


def _position(exif: Image.Exif) -> tuple[float | None, float | None]:
    gps = exif.get_ifd(GPS_IFD)
    try:
        latitude = _degrees(gps[GPS_LATITUDE], gps.get(GPS_LATITUDE_REF, "N"), "S")
        longitude = _degrees(gps[GPS_LONGITUDE], gps.get(GPS_LONGITUDE_REF, "E"), "W")
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None, None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None, None
    return latitude, longitude


def _degrees(parts, reference, negative: str) -> float:
    degrees, minutes, seconds = (float(part) for part in parts)
    value = degrees + minutes / 60 + seconds / 3600
    return -value if str(reference).strip("\x00 ").upper() == negative else value
