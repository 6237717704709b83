"""A report card shows the photos behind each failed indicator: copies without location, to
whoever may see the card, and only the photos its snapshot counted."""

import datetime as dt
import io
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from patuh.fieldwork.models import Assignment, Evidence
from patuh.fieldwork.services.collecting import AnswerInput, submit
from patuh.fieldwork.services.reviewing import correct, decide
from patuh.results.cards import report_card
from patuh.results.pdf import report_card_pdf
from patuh.scoring.services import compute_snapshot
from tests import factories
from tests.fieldwork.conftest import fill
from tests.results.conftest import announce, release

pytestmark = pytest.mark.django_db


def kurang_for_p01(indicator) -> str:
    return "kurang" if indicator.code == "P01" else factories.best_value(indicator)


@pytest.fixture
def photographed(provider_a, provider_b, enumerator, reviewer, coordinator):
    """A's visit approved with P01 found poor on both products, photos attached; then scored."""
    cycle = factories.cycle([provider_a, provider_b])
    factories.answer_everything(cycle)
    visit = Assignment.objects.create(
        cycle=cycle,
        unit=provider_a.units.get(),
        enumerator=enumerator,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
    )
    fill(visit, enumerator, kurang_for_p01)
    submission, _ = submit(visit, enumerator, uuid.uuid4())
    decide(submission, reviewer, "approved")
    snapshot, _ = compute_snapshot(cycle, user=coordinator)
    p01 = Evidence.objects.filter(assignment=visit, indicator="P01", product__code="product-1")
    return {"cycle": cycle, "snapshot": snapshot, "photo": p01.get(), "visit": visit}


def card_url(cycle, provider) -> str:
    return reverse("provider_detail", args=[cycle.code, provider.code])


def photo_url(photo, variant="thumbnail") -> str:
    return reverse("card_photo", args=[photo.uuid, variant])


def test_the_card_shows_each_failed_indicators_photos(
    client, coordinator, provider_a, photographed
):
    client.force_login(coordinator)

    page = client.get(card_url(photographed["cycle"], provider_a)).text

    rows = re.findall(r'<tr data-level="product"[^>]*data-indicator="P01">(.*?)</tr>', page, re.S)
    assert len(rows) == 2
    assert photo_url(photographed["photo"]) in rows[0] + rows[1]
    assert page.count('class="card-photos"') == 2


def test_a_card_photo_carries_no_metadata(client, coordinator, photographed):
    client.force_login(coordinator)

    for variant in ("thumbnail", "display"):
        response = client.get(photo_url(photographed["photo"], variant))
        image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
        assert image.format == "JPEG" and dict(image.getexif()) == {}
    assert client.get(photo_url(photographed["photo"], "original")).status_code == 404


def test_officers_see_their_own_photos_only_after_release(
    client, officer_a, officer_b, photographed
):
    url = photo_url(photographed["photo"])
    client.force_login(officer_a)
    assert client.get(url).status_code == 404

    release(photographed["cycle"])

    assert client.get(url).status_code == 200
    client.force_login(officer_b)
    assert client.get(url).status_code == 404


def test_the_public_sees_photos_from_the_announcement_on(client, photographed):
    url = photo_url(photographed["photo"])
    release(photographed["cycle"])
    announce(photographed["cycle"], timezone.now() + dt.timedelta(minutes=5))
    assert client.get(url).status_code == 404

    announce(photographed["cycle"], timezone.now() - dt.timedelta(minutes=5))

    assert client.get(url).status_code == 200


def test_a_card_keeps_the_photos_its_snapshot_counted(reviewer, provider_a, photographed):
    """A correction approved after the snapshot does not change the card regenerated from it."""
    visit, old = photographed["visit"], photographed["photo"]
    correct(
        visit.submissions.get(),
        reviewer,
        "P01 rechecked",
        [AnswerInput("product-1", "P01", "tidak-ada")],
    )
    decide(visit.submissions.get(version=2), reviewer, "approved")
    compute_snapshot(photographed["cycle"])

    card = report_card(photographed["snapshot"], provider_a.pk, "id")

    assert old in card.photos()
    found = {f.answer for s in card.subjects() for f in s.failures if f.code == "P01"}
    assert found == {"Ada, tetapi tidak lengkap atau tidak jelas"}


def test_the_pdf_embeds_the_photos(photographed, provider_a):
    pdf = PdfReader(io.BytesIO(report_card_pdf(photographed["snapshot"], provider_a.pk)))

    images = [image for page in pdf.pages for image in page.images]

    assert len(images) >= 2
    assert all(dict(Image.open(io.BytesIO(image.data)).getexif()) == {} for image in images)
