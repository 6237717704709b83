"""Optional photos of a self-check: kept through the evidence core, for the agency only."""

import datetime as dt
import io
import uuid

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from patuh.assessments.models import Phase
from patuh.selfcheck.models import SelfCheck, SelfCheckPhoto
from patuh.selfcheck.services import SelfCheckError, add_photo, remove_photo
from tests import photos
from tests.selfcheck.conftest import today


def keep(cycle, unit, user, data=None, client_id=None, indicator="U01"):
    return add_photo(
        cycle,
        unit,
        user,
        product_code="",
        indicator_code=indicator,
        data=data or photos.jpeg(size=(64, 48)),
        client_id=client_id or uuid.uuid4(),
    )


def test_a_photo_is_kept_once_however_often_it_is_sent(open_cycle, provider_a, officer_a):
    unit = provider_a.units.get()
    client_id = uuid.uuid4()
    first, created = keep(open_cycle, unit, officer_a, client_id=client_id)
    again, created_again = keep(open_cycle, unit, officer_a, client_id=client_id)

    assert (created, created_again, again.pk) == (True, False, first.pk)
    assert first.self_check == SelfCheck.objects.get(cycle=open_cycle, unit=unit)
    assert default_storage.exists(first.thumbnail.name)


def test_a_file_that_is_no_image_is_refused_and_nothing_is_kept(
    open_cycle, provider_a, officer_a, in_english
):
    with pytest.raises(SelfCheckError):
        keep(open_cycle, provider_a.units.get(), officer_a, data=b"not a photo")
    assert not SelfCheckPhoto.objects.exists()
    assert not SelfCheck.objects.exists()


def test_no_photo_is_kept_outside_the_window(open_cycle, provider_a, officer_a, in_english):
    Phase.objects.filter(cycle=open_cycle, kind=Phase.Kind.PERBAIKAN).update(
        ends_on=today() - dt.timedelta(days=1)
    )
    with pytest.raises(SelfCheckError, match="closed"):
        keep(open_cycle, provider_a.units.get(), officer_a)
    assert not SelfCheckPhoto.objects.exists()


def test_a_removed_photo_is_gone_with_its_files(
    open_cycle, provider_a, officer_a, django_capture_on_commit_callbacks
):
    unit = provider_a.units.get()
    photo, _created = keep(open_cycle, unit, officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        remove_photo(open_cycle, unit, photo.uuid)
    assert not SelfCheckPhoto.objects.exists()
    assert not default_storage.exists(photo.thumbnail.name)


def test_only_the_units_officers_get_the_photo_and_never_the_original(
    client, open_cycle, provider_a, officer_a, officer_b, coordinator
):
    photo, _created = keep(open_cycle, provider_a.units.get(), officer_a)
    url = reverse("selfcheck:photo", args=[photo.uuid, "thumbnail"])
    client.force_login(officer_a)
    response = client.get(url)
    assert response.status_code == 200
    assert photos.APP1 not in photos.jpeg_markers(b"".join(response.streaming_content))
    assert client.get(reverse("selfcheck:photo", args=[photo.uuid, "original"])).status_code == 404
    client.force_login(officer_b)
    assert client.get(url).status_code == 404
    client.force_login(coordinator)
    assert client.get(url).status_code == 403


def test_the_phone_sends_a_photo_as_the_checklist_does(client, open_cycle, provider_a, officer_a):
    client.force_login(officer_a)
    upload = io.BytesIO(photos.jpeg(size=(64, 48)))
    upload.name = "papan.jpg"
    url = reverse("selfcheck:add_photo", args=[open_cycle.code, provider_a.code, "unit-1"])
    response = client.post(
        url, {"photo": upload, "client_id": str(uuid.uuid4()), "product": "", "indicator": "U02"}
    )
    assert response.status_code == 201
    photo = SelfCheckPhoto.objects.get()
    assert response.json()["thumbnail"] == reverse(
        "selfcheck:photo", args=[photo.uuid, "thumbnail"]
    )
    page = client.get(reverse("selfcheck:unit", args=[open_cycle.code, provider_a.code, "unit-1"]))
    assert response.json()["thumbnail"] in page.content.decode()
