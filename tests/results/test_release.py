"""Releasing scores to agencies and setting the public announcement: who may, what is audited,
and what agency officers see afterwards."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from patuh.assessments.models import Answer, Phase
from patuh.audit.models import AuditEvent
from patuh.scoring.models import ScoreSnapshot
from patuh.scoring.services import compute_snapshot
from tests import factories
from tests.results.conftest import release


def open_collection(cycle) -> None:
    today = timezone.localdate()
    Phase.objects.filter(cycle=cycle, kind=Phase.Kind.PENGAMBILAN_DATA).update(
        starts_on=today - dt.timedelta(days=5), ends_on=today + dt.timedelta(days=5)
    )


def card(cycle, provider) -> str:
    return reverse("provider_detail", args=[cycle.code, provider.code])


def test_coordinator_releases_the_latest_official_scores_and_it_is_audited(
    client, coordinator, scored_cycle
):
    client.force_login(coordinator)

    response = client.post(reverse("release", args=[scored_cycle.code]), follow=True)

    assert response.status_code == 200
    assert "dirilis ke instansi" in response.text
    # The findings job may not have run yet: the coordinator is told where they will appear.
    assert "dibuka di latar belakang" in response.text
    snapshot = scored_cycle.snapshots.get()
    assert snapshot.released_by == coordinator
    assert snapshot.released_at is not None
    event = AuditEvent.objects.get(action="release")
    assert event.object_id == str(snapshot.pk)
    assert event.actor == coordinator
    assert event.cycle_id == scored_cycle.pk


def test_the_dashboard_offers_the_latest_official_scores_and_withdraws_the_released_ones(
    client, coordinator, scored_cycle
):
    client.force_login(coordinator)

    def offered() -> tuple:
        context = client.get(reverse("cycle_detail", args=[scored_cycle.code])).context
        return context["releasable"], context["released"]

    first = scored_cycle.snapshots.get(kind=ScoreSnapshot.Kind.OFFICIAL)
    assert offered() == (first, None)
    release(scored_cycle)
    assert offered() == (first, first)
    # Scores computed again after the release: the new ones may be released, and the old
    # ones stay released until then.
    compute_snapshot(scored_cycle, user=coordinator)
    newer = scored_cycle.snapshots.latest()
    assert newer != first and newer.kind == ScoreSnapshot.Kind.OFFICIAL
    assert offered() == (newer, first)


def test_releasing_twice_says_it_is_already_released(client, coordinator, scored_cycle):
    client.force_login(coordinator)
    client.post(reverse("release", args=[scored_cycle.code]))
    released_at = scored_cycle.snapshots.get().released_at

    response = client.post(reverse("release", args=[scored_cycle.code]), follow=True)

    assert "sudah dirilis" in response.text
    assert scored_cycle.snapshots.get().released_at == released_at
    assert AuditEvent.objects.filter(action="release").count() == 1


def test_a_preliminary_snapshot_is_never_released(client, coordinator, scored_cycle):
    ScoreSnapshot.objects.update(kind=ScoreSnapshot.Kind.PRELIMINARY)
    client.force_login(coordinator)

    response = client.post(reverse("release", args=[scored_cycle.code]), follow=True)

    assert "Belum ada nilai resmi" in response.text
    assert not ScoreSnapshot.objects.filter(released_at__isnull=False).exists()


@pytest.mark.parametrize("who", ["reviewer", "evaluator", "officer_a"])
def test_only_coordinators_release(client, request, who, scored_cycle):
    client.force_login(request.getfixturevalue(who))

    response = client.post(reverse("release", args=[scored_cycle.code]))

    assert response.status_code == 403
    assert not ScoreSnapshot.objects.filter(released_at__isnull=False).exists()


def test_coordinator_sets_the_announcement_in_local_time_and_it_is_audited(
    client, coordinator, scored_cycle
):
    client.force_login(coordinator)

    response = client.post(
        reverse("announce", args=[scored_cycle.code]),
        {"action": "set", "announce_at": "2021-12-29T10:00", "confirm": "on"},
    )

    assert response.status_code == 302
    scored_cycle.refresh_from_db()
    # 10:00 WIB is 03:00 UTC.
    assert scored_cycle.announce_at == dt.datetime(2021, 12, 29, 3, tzinfo=dt.UTC)
    events = AuditEvent.objects.filter(action="update", object_type="assessments.cycle")
    (event,) = [event for event in events if "announce_at" in event.after]
    assert event.after == {"announce_at": "2021-12-29T10:00:00+07:00"}
    assert event.actor == coordinator


def test_a_bad_announcement_moment_changes_nothing(client, coordinator, scored_cycle):
    client.force_login(coordinator)

    response = client.post(
        reverse("announce", args=[scored_cycle.code]), {"announce_at": "tomorrow"}, follow=True
    )

    assert "bukan tanggal dan waktu yang sah" in response.text
    scored_cycle.refresh_from_db()
    assert scored_cycle.announce_at is None


def test_cancelling_the_announcement_makes_the_cycle_private_again(
    client, coordinator, scored_cycle
):
    scored_cycle.announce_at = timezone.now()
    scored_cycle.save()
    client.force_login(coordinator)

    response = client.post(
        reverse("announce", args=[scored_cycle.code]), {"action": "cancel"}, follow=True
    )

    assert "Pengumuman publik dibatalkan" in response.text
    assert "Pengumuman publik ditetapkan" not in response.text
    scored_cycle.refresh_from_db()
    assert scored_cycle.announce_at is None


def test_setting_an_empty_announcement_is_refused_and_changes_nothing(
    client, coordinator, announced_cycle
):
    before = announced_cycle.announce_at
    client.force_login(coordinator)

    response = client.post(
        reverse("announce", args=[announced_cycle.code]),
        {"action": "set", "announce_at": ""},
        follow=True,
    )

    assert "Pilih saat pengumuman" in response.text
    announced_cycle.refresh_from_db()
    assert announced_cycle.announce_at == before


def test_an_announcement_in_the_past_warns_and_waits_for_confirmation(
    client, coordinator, released_cycle
):
    client.force_login(coordinator)
    url = reverse("announce", args=[released_cycle.code])
    data = {"action": "set", "announce_at": "2021-12-29T10:00"}

    warned = client.post(url, data)

    assert warned.status_code == 200
    assert "sudah lewat" in warned.text
    assert 'name="confirm"' in warned.text
    released_cycle.refresh_from_db()
    assert released_cycle.announce_at is None

    client.post(url, data | {"confirm": "on"})
    released_cycle.refresh_from_db()
    assert released_cycle.announce_at == dt.datetime(2021, 12, 29, 3, tzinfo=dt.UTC)


def test_an_announcement_before_the_release_warns(client, coordinator, released_cycle):
    client.force_login(coordinator)
    before_release = timezone.localtime() - dt.timedelta(hours=2)

    warned = client.post(
        reverse("announce", args=[released_cycle.code]),
        {"action": "set", "announce_at": before_release.strftime("%Y-%m-%dT%H:%M")},
    )

    assert "rilis terakhir" in warned.text.lower()
    released_cycle.refresh_from_db()
    assert released_cycle.announce_at is None


def test_a_future_announcement_after_the_release_is_set_at_once(
    client, coordinator, released_cycle
):
    client.force_login(coordinator)
    later = timezone.localtime() + dt.timedelta(days=2)

    response = client.post(
        reverse("announce", args=[released_cycle.code]),
        {"action": "set", "announce_at": later.strftime("%Y-%m-%dT%H:%M")},
        follow=True,
    )

    assert "Pengumuman publik ditetapkan" in response.text
    released_cycle.refresh_from_db()
    assert released_cycle.announce_at is not None


def test_release_page_states_completeness_before_releasing(
    client, coordinator, scored_cycle, provider_a
):
    Answer.objects.filter(cycle=scored_cycle, product__unit__provider=provider_a).delete()
    compute_snapshot(scored_cycle)
    client.force_login(coordinator)

    page = client.get(reverse("release", args=[scored_cycle.code]))

    assert page.status_code == 200
    facts = page.context["check"]
    assert (facts.completeness.assessed, facts.completeness.planned) == (2, 4)
    assert (facts.waiting, facts.flagged, facts.collection_open) == (0, 0, False)
    assert "2 dari 4 direncanakan" in page.text
    assert not ScoreSnapshot.objects.filter(released_at__isnull=False).exists()


def test_release_is_refused_while_data_collection_is_open(client, coordinator, scored_cycle):
    open_collection(scored_cycle)
    client.force_login(coordinator)

    response = client.post(reverse("release", args=[scored_cycle.code]), follow=True)

    assert "masih dibuka" in response.text
    assert not ScoreSnapshot.objects.filter(released_at__isnull=False).exists()
    assert not AuditEvent.objects.filter(action="release").exists()


def test_an_override_with_a_reason_releases_and_the_reason_is_audited(
    client, coordinator, scored_cycle
):
    open_collection(scored_cycle)
    client.force_login(coordinator)

    client.post(
        reverse("release", args=[scored_cycle.code]),
        {"override_reason": "Instruksi gubernur"},
    )

    assert scored_cycle.snapshots.get().released_at is not None
    event = AuditEvent.objects.get(action="release")
    assert "Instruksi gubernur" in event.note


def test_withdrawing_a_release_hides_it_from_agencies_and_is_audited(
    client, coordinator, officer_a, released_cycle, provider_a
):
    client.force_login(coordinator)

    refused = client.post(reverse("withdraw_release", args=[released_cycle.code]), {})
    assert released_cycle.snapshots.get().released_at is not None

    client.post(reverse("withdraw_release", args=[released_cycle.code]), {"reason": "Salah data"})

    assert refused.status_code == 302
    assert released_cycle.snapshots.get().released_at is None
    event = AuditEvent.objects.get(action="withdraw")
    assert "Salah data" in event.note
    assert event.actor == coordinator
    client.force_login(officer_a)
    assert client.get(card(released_cycle, provider_a)).status_code == 404


def test_officer_sees_no_report_card_before_release(client, officer_a, scored_cycle, provider_a):
    client.force_login(officer_a)

    assert client.get(card(scored_cycle, provider_a)).status_code == 404
    home = client.get(reverse("home"))
    assert "Hasil belum dirilis." in home.text
    assert card(scored_cycle, provider_a) not in home.text


def test_after_release_the_officer_finds_and_reads_their_own_report_card(
    client, officer_a, released_cycle, provider_a, provider_b
):
    client.force_login(officer_a)

    home = client.get(reverse("home"))
    assert card(released_cycle, provider_a) in home.text
    assert card(released_cycle, provider_b) not in home.text

    response = client.get(card(released_cycle, provider_a))
    assert response.status_code == 200
    assert response.context["card"].score.score == 100
    assert "Zona hijau – kepatuhan tinggi" in response.text
    # No office view: no answers as stored now, no ranking of others, no recompute.
    assert "report" not in response.context
    assert "Jawaban yang tersimpan saat ini" not in response.text
    assert f'href="{reverse("cycle_detail", args=[released_cycle.code])}"' not in response.text


def test_officer_never_sees_another_providers_card_or_the_ranking(
    client, officer_a, released_cycle, provider_b
):
    client.force_login(officer_a)

    assert client.get(card(released_cycle, provider_b)).status_code == 404
    assert client.get(reverse("cycle_detail", args=[released_cycle.code])).status_code == 404
    assert client.get(reverse("regions", args=[released_cycle.code])).status_code == 404


def test_officer_sees_the_released_snapshot_not_a_newer_unreleased_one(
    client, officer_a, coordinator, released_cycle, provider_a
):
    Answer.objects.filter(cycle=released_cycle, product__unit__provider=provider_a).update(
        value="tidak-ada"
    )
    newer, _ = compute_snapshot(released_cycle, user=coordinator)
    client.force_login(officer_a)

    response = client.get(card(released_cycle, provider_a))
    assert response.context["snapshot"] != newer
    assert response.context["card"].score.score == 100

    release(released_cycle)
    response = client.get(card(released_cycle, provider_a))
    assert response.context["snapshot"] == newer
    assert response.context["card"].score.score < 100


def test_home_links_only_the_cycles_whose_scores_were_released(
    client, officer_a, released_cycle, provider_a
):
    unreleased = factories.cycle([provider_a], code="kepatuhan-2022")
    factories.answer_everything(unreleased)
    compute_snapshot(unreleased)
    client.force_login(officer_a)

    home = client.get(reverse("home"))

    assert card(released_cycle, provider_a) in home.text
    assert card(unreleased, provider_a) not in home.text
    listed = {cycle.code: cycle.own_cards for cycle in home.context["cycles"]}
    assert listed == {"kepatuhan-2021": [provider_a], "kepatuhan-2022": []}
