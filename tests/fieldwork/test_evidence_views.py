"""A visit's photos as the phone sends them and as each role may see them."""

import io
import uuid

import pytest
from django.urls import reverse
from PIL import Image

from patuh.fieldwork.models import Evidence
from patuh.fieldwork.services.collecting import AnswerInput, save_answers
from tests import photos
from tests.fieldwork.conftest import at_once, photo_here, recorded, send_photo, upload
from tests.storage import stored_files

pytestmark = pytest.mark.django_db


def test_a_photo_upload_is_idempotent(client, enumerator, visit):
    client.force_login(enumerator)
    client_id = uuid.uuid4()

    first = send_photo(client, visit, photo_here(), client_id)
    again = send_photo(client, visit, photo_here(), client_id)

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Evidence.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (photos.text_named_jpg(), "Berkas ini bukan gambar (foto JPEG, PNG atau WebP)."),
        (
            photos.decompression_bomb(),
            "Gambar menyatakan 8000×8000 piksel, melebihi batas 40,000,000.",
        ),
    ],
    ids=["text-named-jpg", "decompression-bomb"],
)
def test_a_hostile_upload_gets_a_message_and_stores_nothing(
    client, enumerator, visit, data, message
):
    # A draft with another answer and its photo: the refused upload must leave both alone.
    save_answers(visit, enumerator, [AnswerInput("", "U02", "yes")])
    upload(visit, enumerator, photo_here(), indicator="U02")
    files = stored_files()
    before = recorded()
    client.force_login(enumerator)

    response = send_photo(client, visit, data)

    assert response.status_code == 400
    assert response.json() == {"error": message}
    assert recorded() == before
    assert stored_files() == files


def test_an_upload_larger_than_the_limit_is_refused_before_reading_it(
    client, enumerator, visit, settings
):
    settings.PATUH_EVIDENCE_MAX_BYTES = 2_000_000
    save_answers(visit, enumerator, [AnswerInput("", "U02", "yes")])
    before = recorded()
    client.force_login(enumerator)

    response = send_photo(client, visit, b"\xff" * 2_100_000)

    assert response.status_code == 413
    assert response.json() == {
        "error": "Berkas lebih besar dari batas 2 MB; tidak ada yang disimpan."
    }
    assert recorded() == before
    assert stored_files() == []


@pytest.mark.django_db(transaction=True)
def test_the_same_photo_sent_twice_at_once_is_stored_once(enumerator, visit):
    data, client_id = photo_here(), uuid.uuid4()

    responses = at_once(enumerator, lambda phone: send_photo(phone, visit, data, client_id))

    assert sorted(r.status_code for r in responses) == [200, 201]
    assert responses[0].json()["id"] == responses[1].json()["id"]
    assert Evidence.objects.count() == 1
    assert len(stored_files()) == 3  # the original, the display copy, the thumbnail


def test_the_reviewer_sees_the_original_with_its_location_and_the_enumerator_does_not(
    client, reviewer, enumerator, officer_a, visit
):
    data = photo_here()
    evidence, _ = upload(visit, enumerator, data)
    original = reverse("fieldwork:evidence", args=[evidence.uuid, "original"])
    display = reverse("fieldwork:evidence", args=[evidence.uuid, "display"])

    client.force_login(reviewer)
    response = client.get(original)
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == data

    client.force_login(enumerator)
    assert client.get(original).status_code == 404
    shown = b"".join(client.get(display).streaming_content)
    assert dict(Image.open(io.BytesIO(shown)).getexif()) == {}

    client.force_login(officer_a)
    assert client.get(display).status_code == 404
