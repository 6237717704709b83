"""A cycle whose data collection runs today, a visit planned in it, and ways to fill it: through
the services, and as the phone sends it."""

import datetime as dt
import io
import json
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from patuh.assessments.models import Answer, Phase
from patuh.fieldwork.models import Assignment, Evidence, Submission, SubmittedAnswer
from patuh.fieldwork.services.collecting import AnswerInput, checklist, save_answers, submit
from patuh.fieldwork.services.photos import add_photo
from tests import factories, photos


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def in_english():
    """For the services' tests, which assert messages in English; pages test the Indonesian."""
    with translation.override("en"):
        yield


@pytest.fixture
def open_cycle(provider_a, provider_b, office):
    """Providers A and B, data collection from ten days ago to a month ahead."""
    cycle = factories.cycle([provider_a, provider_b])
    Phase.objects.filter(cycle=cycle).update(
        starts_on=today() - dt.timedelta(days=10), ends_on=today() + dt.timedelta(days=30)
    )
    provider_a.units.update(latitude=Decimal("-2.741800"), longitude=Decimal("107.634100"))
    return cycle


@pytest.fixture
def visit(open_cycle, provider_a, enumerator, coordinator):
    """Provider A's unit (two products), to be visited by the enumerator from yesterday on."""
    return Assignment.objects.create(
        cycle=open_cycle,
        unit=provider_a.units.get(),
        enumerator=enumerator,
        starts_on=today() - dt.timedelta(days=1),
        ends_on=today() + dt.timedelta(days=5),
        created_by=coordinator,
    )


def photo_here() -> bytes:
    """A small photo taken now at the unit's position."""
    return photos.jpeg(
        taken_at=timezone.localtime().replace(tzinfo=None),
        position=photos.TANJUNG_PANDAN,
        size=(64, 48),
    )


def upload(visit, user, data: bytes, product: str = "", indicator: str = "U01", client_id=None):
    """add_photo, with a fresh client id unless given: (evidence, created)."""
    return add_photo(
        visit,
        user,
        product_code=product,
        indicator_code=indicator,
        data=data,
        client_id=client_id or uuid.uuid4(),
    )


def send_photo(client, visit, data: bytes, client_id=None, indicator: str = "U01"):
    """POST `data` to the visit's photo endpoint as the phone does, for the unit's `indicator`."""
    photo = io.BytesIO(data)
    photo.name = "papan.jpg"
    fields = {
        "photo": photo,
        "client_id": str(client_id or uuid.uuid4()),
        "product": "",
        "indicator": indicator,
    }
    return client.post(reverse("fieldwork:add_photo", args=[visit.uuid]), fields)


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def at_once(enumerator, send, times: int = 2) -> list:
    """`send(client)` from `times` phones of the enumerator at the same moment, each in a
    thread of its own with a database connection of its own, as a phone re-sending while its
    first attempt is still on its way."""
    phones = [Client() for _ in range(times)]
    for phone in phones:
        phone.force_login(enumerator)
    start = threading.Barrier(times)

    def go(phone):
        try:
            start.wait()
            return send(phone)
        finally:
            connection.close()

    with ThreadPoolExecutor(times) as pool:
        return list(pool.map(go, phones))


def items(visit, value_for=None):
    """AnswerInputs for every indicator of the visit's checklist."""
    value_for = value_for or factories.best_value
    return [
        AnswerInput(
            item.product.code if item.product else "",
            item.indicator.code,
            value_for(item.indicator),
        )
        for section in checklist(visit, None)
        for item in section.items
    ]


def fill(visit, user, value_for=None, with_photos: bool = True):
    """Answer everything, with a photo for every indicator that requires one."""
    inputs = items(visit, value_for)
    saved = save_answers(visit, user, inputs)
    assert saved.refused == []
    if with_photos:
        instrument = visit.cycle.instrument_version.parsed
        for item in inputs:
            if instrument.indicators[item.indicator].evidence_required:
                upload(visit, user, photo_here(), item.product, item.indicator)
    return saved.draft


def submitted(visit, user, value_for=None):
    fill(visit, user, value_for)
    submission, _ = submit(visit, user, uuid.uuid4())
    return submission


def recorded() -> dict[str, list]:
    """Every row a visit's requests could add or change: versions, their answers and photos,
    the photos, and the official answers; to compare before and after a refused request."""
    return {
        "submissions": list(Submission.objects.order_by("pk").values()),
        "answers": list(SubmittedAnswer.objects.order_by("pk").values()),
        "answer_photos": list(
            SubmittedAnswer.evidence.through.objects.order_by("pk").values_list(
                "submittedanswer_id", "evidence_id"
            )
        ),
        "photos": list(Evidence.objects.order_by("pk").values()),
        "official": list(Answer.objects.order_by("pk").values()),
    }
