"""A snapshot's ranking and report cards are computed once and kept, and a page always shows
the snapshot it should: a new snapshot, a withdrawn announcement take effect at once."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from patuh.scoring.services import compute_snapshot
from tests.results.conftest import announce, release
from tests.results.helpers import indonesian, provider_score, set_answers

pytestmark = pytest.mark.django_db


def fetched(client, url: str) -> tuple[int, str, int]:
    """The status, the page without its form tokens (new in every response), the queries."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return response.status_code, page, len(queries)


def test_the_public_ranking_is_computed_once_per_snapshot(client, announced_cycle):
    url = reverse("public_cycle", args=[announced_cycle.code])

    status, first, computed = fetched(client, url)
    again, second, kept = fetched(client, url)

    assert (status, again) == (200, 200)
    assert second == first
    # The providers' scores and the names of their kinds and regions are not read again.
    assert kept == computed - 3


def test_a_report_card_is_computed_once_per_snapshot(client, announced_cycle, provider_a):
    url = reverse("public_provider", args=[announced_cycle.code, provider_a.code])

    status, first, computed = fetched(client, url)
    again, second, kept = fetched(client, url)

    assert (status, again) == (200, 200)
    assert second == first
    assert kept < computed


def test_a_newly_published_snapshot_shows_at_once(client, announced_cycle, provider_a, coordinator):
    ranking = reverse("public_cycle", args=[announced_cycle.code])
    card = reverse("public_provider", args=[announced_cycle.code, provider_a.code])

    def scores_shown() -> tuple:
        rows = client.get(ranking).context["ranking"].rows
        [in_ranking] = [row.score.score for row in rows if row.code == provider_a.code]
        return in_ranking, client.get(card).context["card"].score.score

    before = provider_score(provider_a)
    assert scores_shown() == (before, before)

    set_answers(announced_cycle, provider_a)
    compute_snapshot(announced_cycle, user=coordinator)
    release(announced_cycle, at=timezone.now())
    announce(announced_cycle, timezone.now())

    after = provider_score(provider_a)
    assert after != before
    assert scores_shown() == (after, after)


def test_a_withdrawn_announcement_hides_the_kept_pages_at_once(client, announced_cycle, provider_a):
    ranking = reverse("public_cycle", args=[announced_cycle.code])
    card = reverse("public_provider", args=[announced_cycle.code, provider_a.code])
    assert fetched(client, ranking)[0] == fetched(client, card)[0] == 200

    announce(announced_cycle, None)

    assert fetched(client, ranking)[0] == fetched(client, card)[0] == 404


def test_the_kept_ranking_table_follows_the_published_snapshot(
    client, announced_cycle, provider_a, coordinator
):
    ranking = reverse("public_cycle", args=[announced_cycle.code])

    def table() -> str:
        return client.get(ranking, headers={"HX-Request": "true"}).content.decode()

    before = indonesian(provider_score(provider_a))
    assert before in table() and before in table()

    set_answers(announced_cycle, provider_a)
    compute_snapshot(announced_cycle, user=coordinator)
    release(announced_cycle, at=timezone.now())
    announce(announced_cycle, timezone.now())

    after = indonesian(provider_score(provider_a))
    assert after in table() and before not in table()
