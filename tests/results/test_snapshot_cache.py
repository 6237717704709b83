"""A snapshot's ranking and report cards are computed once and kept, whole portal pages too,
and a page always shows the snapshot it should: a new snapshot, a withdrawn announcement take
effect at once."""

import datetime as dt
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from patuh.results import page_cache, queries
from patuh.results.services import set_announcement
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


# Finding the id of the announced cycle's published snapshot: all a kept portal page costs.
PUBLISHED_SNAPSHOT_QUERIES = 1


def test_the_public_ranking_is_kept_whole_per_snapshot(client, announced_cycle):
    url = reverse("public_cycle", args=[announced_cycle.code])

    status, first, computed = fetched(client, url)
    again, second, kept = fetched(Client(), url)

    assert (status, again) == (200, 200)
    assert second == first
    assert kept == PUBLISHED_SNAPSHOT_QUERIES < computed


def test_the_dashboard_is_drawn_once_per_snapshot(client, coordinator, announced_cycle):
    """Office pages are not kept whole (they carry forms and who is signed in), but what the
    dashboard draws from its snapshot is."""
    client.force_login(coordinator)
    url = reverse("cycle_detail", args=[announced_cycle.code])

    status, first, computed = fetched(client, url)
    again, second, kept = fetched(client, url)

    assert (status, again) == (200, 200)
    assert second == first
    # The scores, the names of kinds and regions, the completeness, the regions' scores and
    # the indicators failed most are not read again.
    assert kept <= computed - 6


def test_a_public_report_card_is_kept_whole_per_snapshot(client, announced_cycle, provider_a):
    url = reverse("public_provider", args=[announced_cycle.code, provider_a.code])

    status, first, computed = fetched(client, url)
    again, second, kept = fetched(Client(), url)

    assert (status, again) == (200, 200)
    assert second == first
    assert kept == PUBLISHED_SNAPSHOT_QUERIES < computed


def test_each_visitor_of_a_kept_page_gets_a_token_that_switches_the_language(announced_cycle):
    url = reverse("public_cycle", args=[announced_cycle.code])
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

    kept = token.findall(first.get(url).content.decode())
    page = second.get(url).content.decode()
    [theirs] = set(token.findall(page))

    assert kept and theirs not in kept
    switched = second.post(
        reverse("switch_language"), {"language": "en", "next": url, "csrfmiddlewaretoken": theirs}
    )
    assert switched.status_code == 302
    assert "Provider ranking" in second.get(url).content.decode()


def test_signed_in_visitors_get_the_page_drawn_for_them(client, coordinator, announced_cycle):
    url = reverse("public_cycle", args=[announced_cycle.code])
    assert "Keluar" not in client.get(url).content.decode()

    client.force_login(coordinator)
    page = client.get(url).content.decode()

    # The coordinator's own menu and sign-out, not the anonymous page kept a moment ago.
    assert "Keluar" in page


def test_warming_renders_every_public_page_of_the_snapshot_in_each_language(
    announced_cycle, provider_a
):
    snapshot = announced_cycle.snapshots.latest()
    providers = snapshot.scores.filter(level="provider").count()

    rendered = page_cache.warm(announced_cycle)

    # The ranking, the regions and every report card, in Indonesian and English.
    assert rendered == (2 + providers) * 2
    card = reverse("public_provider", args=[announced_cycle.code, provider_a.code])
    english = Client()
    english.cookies["django_language"] = "en"
    for visitor in (Client(), english):
        status, page, queries = fetched(visitor, card)
        assert (status, queries) == (200, PUBLISHED_SNAPSHOT_QUERIES)
        assert provider_a.name in page


def test_nothing_is_warmed_before_the_announcement(released_cycle):
    assert page_cache.warm(released_cycle) == 0


def test_the_worker_warms_the_pages_when_the_announcement_comes(
    settings, released_cycle, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    moment = (timezone.now() + dt.timedelta(days=2)).replace(microsecond=0)

    with django_capture_on_commit_callbacks(execute=True):
        set_announcement(released_cycle, moment)

    [queued] = DBTaskResult.objects.filter(task_path=page_cache.warm_published_pages.module_path)
    assert queued.run_after == moment
    assert queued.args_kwargs["args"] == [released_cycle.pk]


def test_without_a_worker_the_first_visitors_fill_the_cache(released_cycle):
    """The immediate backend would render every card inside the coordinator's request."""
    set_announcement(released_cycle, timezone.now())

    assert page_cache.warm_published_pages.get_backend().__class__.__name__ == "ImmediateBackend"
    assert not DBTaskResult.objects.exists()


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


def test_threads_asking_at_once_compute_a_snapshot_entry_once(announced_cycle):
    """A busy server's threads all ask for the dashboard when it starts: one draws it."""
    snapshot = announced_cycle.snapshots.latest()
    computed = []
    together = threading.Barrier(4)

    def compute() -> str:
        computed.append(threading.get_ident())
        time.sleep(0.2)  # long enough for the other threads to be waiting
        return "drawn"

    def ask(_number: int) -> str:
        together.wait()
        return queries.from_snapshot_cache(snapshot, "herd", compute)

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(ask, range(4)))

    assert answers == ["drawn"] * 4
    assert len(computed) == 1


def test_warming_stops_at_the_first_server_error(settings, announced_cycle, caplog):
    """Static files not collected fail every page alike: one error in the log, not a thousand."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

    assert page_cache.warm(announced_cycle) == 0
    assert [r.getMessage() for r in caplog.records if r.name == page_cache.__name__] == [
        f"Stopped rendering public pages at /public/{announced_cycle.code}/"
    ]


def test_a_computation_may_ask_for_other_entries(announced_cycle):
    """The dashboard asks for the ranking while it is drawn: no key waits on another's lock."""
    snapshot = announced_cycle.snapshots.latest()

    def outer(number: int) -> str:
        inner = queries.from_snapshot_cache(snapshot, f"inner-{number}", lambda: "ranking")
        return f"dashboard with {inner}"

    def ask_all() -> None:
        answers.extend(
            queries.from_snapshot_cache(snapshot, f"outer-{n}", lambda n=n: outer(n))
            for n in range(200)
        )

    answers: list[str] = []
    asking = threading.Thread(target=ask_all, daemon=True)
    asking.start()
    asking.join(timeout=30)

    assert not asking.is_alive(), "a nested computation waits for ever"
    assert answers == ["dashboard with ranking"] * 200
