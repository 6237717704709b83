"""Photos made up for the demo (and the tests): a notice board, with EXIF time and GPS."""

import datetime as dt
import io

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


def _dms(value: float) -> tuple[float, float, float]:
    value = abs(value)
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round((value - degrees - minutes / 60) * 3600, 4)
    return (float(degrees), float(minutes), seconds)


def notice_board(
    *,
    taken_at: dt.datetime | None = None,
    position: tuple[float, float] | None = None,
    offset: str | None = "+07:00",
    size: tuple[int, int] = (800, 600),
    colour: tuple[int, int, int] = (40, 110, 180),
    caption: str = "STANDAR PELAYANAN",
) -> bytes:
    """A JPEG of a notice board. `taken_at` is the camera's wall-clock time (naive), written
    with `offset`; `position` is (latitude, longitude)."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((size[0] // 8, size[1] // 8, size[0] * 7 // 8, size[1] * 7 // 8), fill="white")
    draw.text((size[0] // 4, size[1] // 2), caption, fill="black")
    exif = Image.Exif()
    exif[0x010F] = "Patuh"
    exif[0x0110] = "Demo camera"
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
