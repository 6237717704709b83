"""No page an agency officer or the public can reach tells when units are visited, or by whom.

The sample world of the URL walk (tests/access/conftest.py) is put in data collection the way
the demo's running cycle is, its enumerators named; then every URL pattern is requested, in
Indonesian and in English, as each of those audiences where tests/access/expected_*.py say it
gets through, and every page, export, PDF and photo is searched for the plan: the dates of data
collection, field verification and the visit windows as the pages write dates, the enumerators'
names, and the plan's own words.
"""

import datetime as dt
import io
import itertools
import json
import re

import openpyxl
from django.conf import settings
from django.utils import formats, timezone, translation
from pypdf import PdfReader

from patuh.accounts.models import Role, User
from patuh.assessments.models import Phase
from patuh.fieldwork.models import Assignment
from tests import photos
from tests.access.walk import EXPECTED, ROUTES, refused, sample_url

AUDIENCES = ("anonymous", "officer_a", "officer_b")
LANGUAGES = ("id", "en")
# Parameters with more than one value worth fetching: every export format, every photo copy
# made for others (an officer's own evidence file is theirs as they uploaded it).
EVERY_VALUE = {
    "fmt": ("csv", "xlsx"),
    "variant": ("thumbnail", "display"),
    "copy": ("thumbnail", "display"),
}
# The demo's running cycle (patuh.demo.seed.LIVE_PHASES), its days moved a little so that no
# date of the plan is also a date the pages show for another reason (a survey's period, the
# announcement yesterday, scores computed today).
PHASES = (
    (Phase.Kind.SOSIALISASI, -40, -31),
    (Phase.Kind.PENDAMPINGAN, -30, -15),
    (Phase.Kind.PERBAIKAN, -40, -9),
    (Phase.Kind.PENGAMBILAN_DATA, -8, 44),
    (Phase.Kind.KLARIFIKASI, -10, 60),
    (Phase.Kind.PENGUMUMAN, 90, 90),
)
VISIT_WINDOW = (3, 6)
# The evaluation's field verification runs today too. Not from two days ago: the announced
# cycle was released a day and an hour ago, which in the first hour of the day is that date,
# and the page rightly shows it.
VERIFICATION = (-3, 25)
PLAN_WORDS = {
    "id": (
        "Pengambilan data",
        "Verifikasi lapangan",
        "Rencana kunjungan",
        "Kunjungan antara",
        "Kunjungan saya",
        "penugasan",
        "Enumerator",
    ),
    "en": (
        "Data collection",
        "Field verification",
        "Visit plan",
        "Visit between",
        "My visits",
        "assignment",
        "Enumerator",
    ),
}


def _days_from_today(first: int, last: int) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    return today + dt.timedelta(days=first), today + dt.timedelta(days=last)


def _in_data_collection(world: dict) -> None:
    """The world's cycle in data collection like the demo's, its visit in a window of its own,
    the evaluation in field verification, the enumerators named."""
    cycle = world["cycle"]
    cycle.phases.all().delete()
    for kind, first, last in PHASES:
        starts_on, ends_on = _days_from_today(first, last)
        Phase.objects.create(cycle=cycle, kind=kind, starts_on=starts_on, ends_on=ends_on)
    starts_on, ends_on = _days_from_today(*VISIT_WINDOW)
    Assignment.objects.filter(cycle=cycle).update(starts_on=starts_on, ends_on=ends_on)
    # The announced cycle's visits were last year's: inside its own data collection.
    announced = world["announced_cycle"]
    collection = announced.phases.get(kind=Phase.Kind.PENGAMBILAN_DATA)
    Assignment.objects.filter(cycle=announced).update(
        starts_on=collection.starts_on + dt.timedelta(days=7),
        ends_on=collection.starts_on + dt.timedelta(days=11),
    )
    starts_on, ends_on = _days_from_today(*VERIFICATION)
    world["evaluation_cycle"].phases.filter(kind=Phase.Kind.VERIFIKASI).update(
        starts_on=starts_on, ends_on=ends_on
    )
    for number, enumerator in enumerate(User.objects.filter(role=Role.ENUMERATOR)):
        enumerator.first_name, enumerator.last_name = ("Sutrisno", "Wibisono")[number], "Pranoto"
        enumerator.save()


def _secret_dates() -> set[dt.date]:
    visits = Phase.objects.filter(kind__in=Phase.VISIT_KINDS)
    dates = set(visits.values_list("starts_on", flat=True))
    dates |= set(visits.values_list("ends_on", flat=True))
    dates |= set(Assignment.objects.values_list("starts_on", flat=True))
    dates |= set(Assignment.objects.values_list("ends_on", flat=True))
    return dates


def _written(day: dt.date) -> set[str]:
    """Every way the pages write `day`: both languages' long and short formats, ISO 8601."""
    written = {day.isoformat()}
    for language in LANGUAGES:
        with translation.override(language):
            written |= {
                formats.date_format(day, name) for name in ("DATE_FORMAT", "SHORT_DATE_FORMAT")
            }
    return written


def _secrets() -> set[str]:
    secrets = {text for day in _secret_dates() for text in _written(day)}
    for enumerator in User.objects.filter(role=Role.ENUMERATOR):
        secrets |= {enumerator.username, enumerator.first_name, enumerator.get_full_name()}
    return secrets | {word for words in PLAN_WORDS.values() for word in words}


def _text(content_type: str, body: bytes) -> str:
    """What a response tells a reader: the page, the export's cells, the PDF's text."""
    if content_type == "application/pdf":
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    if content_type.endswith("spreadsheetml.sheet"):
        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        return json.dumps([list(sheet.values) for sheet in book.worksheets], default=str)
    return body.decode()


def _tells(secret: str, text: str) -> bool:
    """Whether `text` holds `secret`; not as the end of a longer number, since a survey open
    until 15 December tells nothing about the 5th."""
    return re.search(r"(?<!\d)" + re.escape(secret), text) is not None


def _requests(world: dict):
    """(url, audience) of every GET page each audience gets through to."""
    for route in ROUTES:
        for audience in sorted(set(AUDIENCES) & set(EXPECTED.get(route.name, ()))):
            choices = [EVERY_VALUE.get(param, (None,)) for param in route.params]
            for values in itertools.product(*choices):
                chosen = dict(zip(route.params, values, strict=True))
                yield sample_url(route, world, **chosen), audience


def test_no_page_an_officer_or_the_public_reaches_tells_when_or_by_whom_units_are_visited(
    client, world
):
    _in_data_collection(world)
    secrets = _secrets()
    # The world is what it should be: in data collection and field verification today.
    today = timezone.localdate()
    assert world["cycle"].current_phase(today).kind == Phase.Kind.PENGAMBILAN_DATA
    assert world["evaluation_cycle"].current_phase(today).kind == Phase.Kind.VERIFIKASI
    read = 0
    for (url, audience), language in itertools.product(_requests(world), LANGUAGES):
        client.logout()
        if audience != "anonymous":
            client.force_login(world["users"][audience])
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = client.get(url)
        if response.status_code == 405:
            continue  # an action, not a page
        assert not refused(response), (url, audience)
        if response.status_code != 200:
            continue  # a redirect to a page of its own, requested in turn
        body = b"".join(response.streaming_content) if response.streaming else response.content
        content_type = response["Content-Type"].split(";")[0]
        if content_type == "image/jpeg":
            # A photo tells what its metadata says: EXIF, XMP, IPTC, a comment.
            markers = set(photos.jpeg_markers(body))
            assert markers.isdisjoint({photos.APP1, photos.APP13, photos.COM}), url
        else:
            text = _text(content_type, body)
            told = sorted(secret for secret in secrets if _tells(secret, text))
            assert told == [], (url, audience, language)
        read += 1
    # Officers' home, report cards, evaluations, surveys and the public portal, at least.
    assert read > 40
