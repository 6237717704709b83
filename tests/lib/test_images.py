"""Uploaded photos are proven to be images within limits; copies carry no metadata."""

import datetime as dt
import hashlib
import io

import pytest
from PIL import Image, ImageCms

from patuh.lib.images import ImageLimits, ImageRejected, process_image
from tests import photos

LIMITS = ImageLimits(max_bytes=2_000_000, max_pixels=20_000_000)
# Cameras record wall-clock time without a zone (the offset, if any, is a separate tag).
WALL_CLOCK = dt.datetime(2021, 6, 10, 9, 30, 5)  # noqa: DTZ001


def test_capture_time_and_position_are_read_from_exif():
    data = photos.jpeg(taken_at=WALL_CLOCK, position=photos.TANJUNG_PANDAN)

    image = process_image(data, LIMITS)

    assert image.taken_at == dt.datetime(
        2021, 6, 10, 9, 30, 5, tzinfo=dt.timezone(dt.timedelta(hours=7))
    )
    assert image.latitude == pytest.approx(-2.7418, abs=1e-6)
    assert image.longitude == pytest.approx(107.6341, abs=1e-6)
    assert (image.width, image.height, image.size) == (800, 600, len(data))
    assert image.content_type == "image/jpeg"
    assert len(image.sha256) == 64


def test_a_capture_time_without_offset_stays_local_and_naive():
    data = photos.jpeg(taken_at=WALL_CLOCK, offset=None)

    assert process_image(data, LIMITS).taken_at == WALL_CLOCK


def test_a_photo_without_exif_has_no_time_or_position():
    image = process_image(photos.jpeg(), LIMITS)

    assert (image.taken_at, image.latitude, image.longitude) == (None, None, None)


def test_display_copy_and_thumbnail_are_small_jpegs_without_any_metadata():
    data = photos.jpeg(taken_at=WALL_CLOCK, position=photos.TANJUNG_PANDAN, size=(4000, 3000))

    image = process_image(data, LIMITS)

    for copy, edge in ((image.display, 1600), (image.thumbnail, 320)):
        opened = Image.open(io.BytesIO(copy))
        assert opened.format == "JPEG"
        assert max(opened.size) == edge
        assert dict(opened.getexif()) == {}
        assert b"Exif" not in copy[:200]


def test_copies_drop_the_comment_xmp_iptc_and_exif_and_keep_only_the_colour_profile():
    data = photos.jpeg_telling_everything()
    leaky = {photos.APP1, photos.APP13, photos.COM}
    assert leaky <= set(photos.jpeg_markers(data))

    image = process_image(data, LIMITS)

    assert (image.latitude, image.longitude) == pytest.approx(photos.TANJUNG_PANDAN, abs=1e-6)
    for copy in (image.display, image.thumbnail):
        markers = photos.jpeg_markers(copy)
        assert leaky.isdisjoint(markers), [hex(marker) for marker in markers]
        assert photos.APP2 in markers
        assert photos.WHERE not in copy
        assert Image.open(io.BytesIO(copy)).info.get("icc_profile") == Image.open(
            io.BytesIO(data)
        ).info.get("icc_profile")


def test_a_multi_picture_jpeg_is_taken_as_a_jpeg_of_its_first_picture():
    data = photos.multi_picture_jpeg()
    assert Image.open(io.BytesIO(data)).format == "MPO"

    image = process_image(data, LIMITS)

    assert (image.content_type, image.extension) == ("image/jpeg", "jpg")
    assert (image.width, image.height, image.size) == (800, 600, len(data))
    assert image.sha256 == hashlib.sha256(data).hexdigest()
    assert image.taken_at == dt.datetime(
        2021, 6, 10, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7))
    )
    assert (image.latitude, image.longitude) == pytest.approx(photos.TANJUNG_PANDAN, abs=1e-6)
    display = Image.open(io.BytesIO(image.display))
    assert (display.format, display.size) == ("JPEG", (800, 600))
    # The notice board's blue frame, not the grey second picture.
    assert display.convert("RGB").getpixel((5, 5)) == pytest.approx((40, 110, 180), abs=6)
    assert {photos.APP1, photos.COM}.isdisjoint(photos.jpeg_markers(image.display))


def test_a_text_file_named_jpg_is_refused():
    with pytest.raises(ImageRejected) as refused:
        process_image(photos.text_named_jpg(), LIMITS)

    assert (refused.value.code, refused.value.details) == ("not_image", {})


def test_an_oversized_file_is_refused_before_decoding():
    data = photos.jpeg(size=(3000, 3000))
    limits = ImageLimits(max_bytes=len(data) - 1, max_pixels=LIMITS.max_pixels)

    with pytest.raises(ImageRejected) as refused:
        process_image(data, limits)

    assert refused.value.code == "image_too_large"
    assert refused.value.details == {
        "size": f"{len(data) / 1e6:.1f} MB",
        "limit": f"{(len(data) - 1) / 1e6:.1f} MB",
    }


def test_a_decompression_bomb_is_refused_from_its_header():
    bomb = photos.decompression_bomb()
    assert len(bomb) < 100_000

    with pytest.raises(ImageRejected) as refused:
        process_image(bomb, LIMITS)

    assert refused.value.code == "too_many_pixels"
    assert refused.value.details == {"pixels": "8000×8000", "limit": "20,000,000"}


def test_an_absurdly_large_declared_size_is_refused_by_pillows_own_guard():
    with pytest.raises(ImageRejected) as refused:
        process_image(photos.giant_png_header(), LIMITS)

    assert (refused.value.code, refused.value.details) == (
        "far_too_many_pixels",
        {"limit": "20,000,000"},
    )


def test_a_truncated_photo_is_refused():
    data = photos.jpeg(size=(1200, 900))

    with pytest.raises(ImageRejected) as refused:
        process_image(data[: len(data) // 2], LIMITS)

    assert refused.value.code == "image_damaged"


def test_a_gif_is_not_accepted():
    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, "GIF")

    with pytest.raises(ImageRejected) as refused:
        process_image(out.getvalue(), LIMITS)

    assert (refused.value.code, refused.value.details) == ("image_format", {"format": "GIF"})


def test_a_grey_colour_profile_is_not_carried_over_to_the_rgb_copies():
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    grey = srgb[:16] + b"GRAY" + srgb[20:]
    out = io.BytesIO()
    Image.new("L", (64, 48), 128).save(out, "JPEG", icc_profile=grey)

    image = process_image(out.getvalue(), LIMITS)

    assert photos.APP2 not in photos.jpeg_markers(image.display)
    assert Image.open(io.BytesIO(image.display)).mode == "RGB"
