"""One date format on pages: the Indonesian long form, whichever format a template asks for."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from tests import factories


@pytest.mark.parametrize("name", ["DATE_FORMAT", "SHORT_DATE_FORMAT"])
def test_indonesian_dates_are_written_out(name):
    with translation.override("id"):
        assert formats.date_format(dt.date(2026, 12, 7), name) == "7 Desember 2026"


def test_times_keep_the_long_date():
    moment = dt.datetime(2026, 2, 3, 9, 5, tzinfo=dt.UTC)
    with translation.override("id"):
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "3 Februari 2026, 09.05"


def test_a_page_shows_the_long_form(client, reviewer, provider_a):
    cycle = factories.cycle([provider_a])
    today = timezone.localdate()
    cycle.phases.update(starts_on=today, ends_on=dt.date(2030, 3, 1))
    client.force_login(reviewer)

    assert "1 Maret 2030" in client.get(reverse("home")).text
