"""A visit's photos: stored through the evidence core with a clean copy, flagged against the
visit's window and the unit's position, stored once, refused whole."""

import datetime as dt
import hashlib
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone
from PIL import Image

from patuh.fieldwork.models import Assignment, Evidence, Submission, SubmittedAnswer
from patuh.fieldwork.services import FieldworkError
from patuh.fieldwork.services.photos import remove_photo
from patuh.registry.models import ServiceUnit
from tests import photos
from tests.fieldwork.conftest import photo_here, today, upload
from tests.storage import stored_files

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def test_a_photo_keeps_its_capture_time_position_distance_and_a_clean_copy(visit, enumerator):
    taken = timezone.localtime().replace(microsecond=0)
    data = photos.jpeg(taken_at=taken.replace(tzinfo=None), position=photos.TANJUNG_PANDAN)

    evidence, created = upload(visit, enumerator, data, "product-1", "P01")

    assert created
    assert evidence.kind == "image"
    assert evidence.taken_at == taken
    assert (evidence.latitude, evidence.longitude) == (Decimal("-2.741800"), Decimal("107.634100"))
    assert evidence.distance_m == 0
    assert evidence.flags == [] and not evidence.attention
    assert evidence.file.read() == data
    assert b"Exif" not in evidence.display.read()[:200]
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    answer = SubmittedAnswer.objects.get(product__code="product-1", indicator="P01")
    assert list(answer.evidence.all()) == [evidence] and answer.value == ""


def test_a_photo_is_stored_in_a_folder_of_its_own_inside_the_visits(visit, enumerator):
    evidence, _ = upload(visit, enumerator, photo_here())

    folder = f"evidence/{visit.cycle.code}/{visit.uuid}/{evidence.uuid}"
    assert [evidence.file.name, evidence.display.name, evidence.thumbnail.name] == [
        f"{folder}/original.jpg",
        f"{folder}/display.jpg",
        f"{folder}/thumbnail.jpg",
    ]


def test_the_stored_copies_of_a_photo_telling_its_place_everywhere_tell_nothing(visit, enumerator):
    data = photos.jpeg_telling_everything()

    evidence, _ = upload(visit, enumerator, data)

    assert evidence.file.read() == data
    for copy in (evidence.display, evidence.thumbnail):
        stored = copy.read()
        markers = photos.jpeg_markers(stored)
        assert {photos.APP1, photos.APP13, photos.COM}.isdisjoint(markers)
        assert photos.WHERE not in stored


def test_a_multi_picture_phone_photo_is_stored_as_uploaded_and_shown_as_its_first_picture(
    visit, enumerator
):
    data = photos.multi_picture_jpeg()

    evidence, created = upload(visit, enumerator, data)

    assert created
    assert evidence.file.name.endswith("/original.jpg")
    assert evidence.file.read() == data
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    assert (evidence.content_type, evidence.width, evidence.height) == ("image/jpeg", 800, 600)
    assert evidence.latitude == Decimal("-2.741800")
    assert Image.open(evidence.display).format == "JPEG"


def test_a_photo_from_outside_the_window_and_far_away_is_flagged(visit, enumerator):
    jakarta = (-6.1754, 106.8272)
    long_ago = dt.datetime.combine(today() - dt.timedelta(days=30), dt.time(10))

    evidence, _ = upload(visit, enumerator, photos.jpeg(taken_at=long_ago, position=jakarta))

    assert evidence.flags == ["outside_window", "too_far"]
    assert evidence.attention
    assert 380_000 < evidence.distance_m < 400_000  # Jakarta to Tanjung Pandan


def test_the_distance_limit_is_a_setting(visit, enumerator, settings):
    nearby = (-2.7418, 107.6441)  # about 1.1 km east
    settings.PATUH_EVIDENCE_MAX_DISTANCE_M = 2000

    evidence, _ = upload(
        visit,
        enumerator,
        photos.jpeg(taken_at=timezone.localtime().replace(tzinfo=None), position=nearby),
    )

    assert 1000 < evidence.distance_m < 1200
    assert evidence.flags == []


def test_a_photo_without_exif_is_flagged_for_the_reviewers_attention(visit, enumerator):
    evidence, _ = upload(visit, enumerator, photos.jpeg())

    assert evidence.flags == ["no_time", "no_position"]
    assert evidence.attention
    assert evidence.flag_labels() == ["No capture time in the photo", "No location in the photo"]


@pytest.mark.parametrize(
    ("taken_at", "position", "flags"),
    [
        (None, photos.TANJUNG_PANDAN, ["no_time"]),
        (timezone.localtime().replace(tzinfo=None), None, ["no_position"]),
    ],
    ids=["no-time", "no-position"],
)
def test_a_photo_missing_either_its_time_or_its_place_needs_attention(
    visit, enumerator, taken_at, position, flags
):
    evidence, _ = upload(visit, enumerator, photos.jpeg(taken_at=taken_at, position=position))

    assert evidence.flags == flags
    assert evidence.attention


def test_missing_metadata_can_be_flagged_without_asking_for_attention(visit, enumerator, settings):
    settings.PATUH_EVIDENCE_FLAG_MISSING_METADATA = False

    evidence, _ = upload(visit, enumerator, photos.jpeg())

    assert evidence.flags == ["no_time", "no_position"]
    assert not evidence.attention


def test_a_photo_of_a_unit_without_a_registered_position_is_flagged_as_unchecked(visit, enumerator):
    ServiceUnit.objects.filter(pk=visit.unit_id).update(latitude=None, longitude=None)
    visit.unit.refresh_from_db()
    far_away = (-6.1754, 106.8272)  # Jakarta: no way to tell without the unit's position

    evidence, _ = upload(
        visit,
        enumerator,
        photos.jpeg(taken_at=timezone.localtime().replace(tzinfo=None), position=far_away),
    )

    assert evidence.flags == ["no_unit_position"]
    assert evidence.distance_m is None
    assert evidence.attention
    assert evidence.flag_labels() == ["The unit has no location to compare with"]


def test_the_same_photo_upload_sent_twice_is_stored_once(visit, enumerator):
    client_id = uuid.uuid4()

    first, created = upload(visit, enumerator, photo_here(), client_id=client_id)
    again, created_again = upload(visit, enumerator, photo_here(), client_id=client_id)

    assert (created, created_again) == (True, False)
    assert first == again and Evidence.objects.count() == 1


def test_a_client_id_stored_for_another_visit_is_refused(visit, enumerator, open_cycle, provider_b):
    client_id = uuid.uuid4()
    upload(visit, enumerator, photo_here(), client_id=client_id)
    other = Assignment.objects.create(
        cycle=open_cycle,
        unit=provider_b.units.get(),
        enumerator=enumerator,
        starts_on=visit.starts_on,
        ends_on=visit.ends_on,
    )

    with pytest.raises(FieldworkError, match="stored for something else"):
        upload(other, enumerator, photo_here(), client_id=client_id)
    assert list(Evidence.objects.values_list("assignment", flat=True)) == [visit.pk]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (photos.text_named_jpg(), "The file is not an image (JPEG, PNG or WebP photo)."),
        (
            photos.decompression_bomb(),
            "The image declares 8000×8000 pixels, more than the 40,000,000 allowed.",
        ),
    ],
    ids=["text-named-jpg", "decompression-bomb"],
)
def test_a_hostile_upload_is_refused_and_nothing_is_stored(visit, enumerator, data, message):
    with pytest.raises(FieldworkError) as refused:
        upload(visit, enumerator, data)

    assert str(refused.value) == message
    assert not Evidence.objects.exists()
    assert not Submission.objects.exists()
    assert stored_files() == []


def test_an_oversized_photo_is_refused_and_nothing_is_stored(visit, enumerator, settings):
    data = photos.jpeg(size=(2000, 1500))
    settings.PATUH_EVIDENCE_MAX_BYTES = len(data) - 1

    with pytest.raises(FieldworkError, match="photos may be at most"):
        upload(visit, enumerator, data)
    assert not Evidence.objects.exists() and stored_files() == []


def test_a_removed_photo_leaves_the_draft_but_stays_in_storage(visit, enumerator):
    evidence, _ = upload(visit, enumerator, photo_here())

    remove_photo(visit, enumerator, evidence.uuid)

    assert not SubmittedAnswer.objects.get(indicator="U01").evidence.exists()
    assert Evidence.objects.filter(pk=evidence.pk).exists()
