"""The public portal shows a cycle from its announcement moment on, not a minute earlier, and
only the snapshot released by then; the embargo lives in the queries, so every page and download
of the cycle answers 404 before it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from patuh.access.results import published_cycles, published_snapshot
from patuh.accounts.models import User
from patuh.assessments.models import Answer
from patuh.scoring.models import ScoreSnapshot
from patuh.scoring.services import compute_snapshot
from tests.results.conftest import announce, release


def public_urls(cycle, provider) -> list[str]:
    """Every public page and download of one cycle."""
    urls = [
        reverse("public_cycle", args=[cycle.code]),
        reverse("public_regions", args=[cycle.code]),
        reverse("public_data", args=[cycle.code]),
        reverse("public_provider", args=[cycle.code, provider.code]),
        reverse("public_provider_pdf", args=[cycle.code, provider.code]),
        reverse("public_provider_trend", args=[provider.code]),
        reverse("public_agency", args=[provider.code]),
        reverse("public_region_trend", args=[provider.region.code]),
    ]
    urls += [
        reverse("public_scores_export", args=[cycle.code, fmt]) for fmt in ("csv", "xlsx", "json")
    ]
    return urls


def statuses(client, cycle, provider) -> set[int]:
    return {client.get(url).status_code for url in public_urls(cycle, provider)}


def test_before_the_announcement_every_public_page_and_download_is_404(
    client, released_cycle, provider_a
):
    announce(released_cycle, timezone.now() + dt.timedelta(minutes=1))

    assert statuses(client, released_cycle, provider_a) == {404}
    assert released_cycle.name not in client.get(reverse("public_index")).text


def test_from_the_announcement_on_every_public_page_and_download_answers(
    client, released_cycle, provider_a
):
    announce(released_cycle, timezone.now() - dt.timedelta(seconds=1))

    assert statuses(client, released_cycle, provider_a) == {200}
    assert released_cycle.name in client.get(reverse("public_index")).text


def test_the_embargo_ends_exactly_at_the_announcement_moment(
    client, released_cycle, provider_a, monkeypatch
):
    moment = dt.datetime(2021, 12, 29, 3, tzinfo=dt.UTC)
    release(released_cycle, at=moment - dt.timedelta(days=1))
    announce(released_cycle, moment)
    page = reverse("public_cycle", args=[released_cycle.code])

    monkeypatch.setattr(timezone, "now", lambda: moment - dt.timedelta(minutes=1))
    assert client.get(page).status_code == 404
    monkeypatch.setattr(timezone, "now", lambda: moment)
    assert client.get(page).status_code == 200


def test_an_announced_cycle_without_released_scores_stays_hidden(client, scored_cycle, provider_a):
    announce(scored_cycle, timezone.now() - dt.timedelta(days=1))

    assert statuses(client, scored_cycle, provider_a) == {404}
    assert not published_cycles().exists()


def test_scores_released_after_the_announcement_do_not_change_public_numbers(
    client, announced_cycle, provider_a, coordinator
):
    published = published_snapshot(announced_cycle)
    Answer.objects.filter(cycle=announced_cycle, product__unit__provider=provider_a).update(
        value="tidak-ada"
    )
    correction, _ = compute_snapshot(announced_cycle, user=coordinator)
    release(announced_cycle, at=timezone.now())

    page = client.get(reverse("public_provider", args=[announced_cycle.code, provider_a.code]))
    assert page.context["snapshot"] == published
    assert page.context["card"].score.score == 100

    # A new announcement moment publishes the correction.
    announce(announced_cycle, timezone.now())
    page = client.get(reverse("public_provider", args=[announced_cycle.code, provider_a.code]))
    assert page.context["snapshot"] == correction
    assert page.context["card"].score.score < 100


def test_a_newer_preliminary_snapshot_is_never_public(
    client, announced_cycle, provider_a, coordinator
):
    preliminary, _ = compute_snapshot(announced_cycle, user=coordinator)
    ScoreSnapshot.objects.filter(pk=preliminary.pk).update(
        kind=ScoreSnapshot.Kind.PRELIMINARY, released_at=timezone.now() - dt.timedelta(days=2)
    )

    page = client.get(reverse("public_cycle", args=[announced_cycle.code]))

    assert page.context["snapshot"] != preliminary
    assert page.context["snapshot"].kind == ScoreSnapshot.Kind.OFFICIAL


def test_public_pages_name_no_enumerator_visit_time_note_or_location(
    client, announced_cycle, provider_a, enumerator
):
    visit = dt.datetime(2021, 6, 9, 9, 35, tzinfo=dt.UTC)
    Answer.objects.filter(cycle=announced_cycle).update(
        answered_by=enumerator, answered_at=visit, note="Foto di pojok kiri, dekat loket 3"
    )
    unit = provider_a.units.get()
    unit.address = "Jl. Rahasia No. 7"
    unit.latitude, unit.longitude = -2.741234, 107.645678
    unit.save()
    texts = []
    for url in public_urls(announced_cycle, provider_a):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        texts.append(body.decode("utf-8", errors="ignore"))
    page = "\n".join(texts)

    assert User.objects.get(username="enumerator")
    for secret in (
        "enumerator",
        "09-06-2021",
        "2021-06-09",
        "Foto di pojok",
        "Rahasia",
        "-2.741",
        "107.645",
    ):
        assert secret not in page, secret


@pytest.mark.parametrize("name", ["public_cycle", "public_regions", "public_data"])
def test_unknown_cycle_is_404(client, db, name):
    assert client.get(reverse(name, args=["nope"])).status_code == 404
