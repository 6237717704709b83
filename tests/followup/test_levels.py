"""Follow-up rates and levels, and the compliance level opini-2025 takes from them."""

import datetime as dt

import pytest
from django.utils import timezone

from patuh.followup.levels import cycle_rates, followup_level
from patuh.followup.models import Finding
from patuh.scoring.compliance import cycle_compliance, override_compliance
from tests import factories


@pytest.mark.parametrize(
    ("verified", "total", "level"),
    [(0, 0, None), (8, 10, "tinggi"), (7, 10, "sedang"), (5, 10, "sedang"), (4, 10, "rendah")],
)
def test_the_level_follows_the_share_verified_with_inclusive_thresholds(verified, total, level):
    assert followup_level(verified, total) == level


def test_thresholds_are_settings(settings):
    settings.PATUH_FOLLOWUP_HIGH = 0.5

    assert followup_level(5, 10) == "tinggi"


def items(cycle, provider, states: list[str], decided_at=None) -> None:
    for number, state in enumerate(states):
        Finding.objects.create(
            cycle=cycle,
            kind="rekomendasi",
            provider=provider,
            subject_path=provider.path,
            subject_name=provider.name,
            text=f"Item {number}",
            due=dt.date(2020, 1, 1),
            state=state,
            decided_at=decided_at if state == Finding.State.VERIFIED else None,
        )


def test_rates_count_items_verified_by_the_cutoff_per_provider_and_government(
    provider_a, provider_b
):
    cycle = factories.cycle([provider_a, provider_b])
    verified = timezone.now() - dt.timedelta(days=3)
    items(cycle, provider_a, ["verified", "verified", "open", "reported"], verified)

    today = timezone.localdate()
    now = cycle_rates(cycle, today)
    before = cycle_rates(cycle, today - dt.timedelta(days=5))

    (rate,) = now.providers
    assert (rate.total, rate.verified, rate.overdue, str(rate.share)) == (4, 2, 1, "50.0")
    assert rate.level == "sedang"
    assert before.providers[0].verified == 0
    (region,) = now.regions
    assert region.key == ("region", provider_a.government.region_id)


def test_opinion_compliance_comes_from_the_tracker_under_the_overrides(
    provider_a, provider_b, coordinator
):
    cycle = factories.cycle([provider_a, provider_b], instrument="opini-2025")
    items(cycle, provider_a, ["verified"], timezone.now())
    items(cycle, provider_b, ["open"])

    levels = cycle_compliance(cycle)

    assert levels[("provider", provider_a.pk)] == "tinggi"
    assert levels[("provider", provider_b.pk)] == "rendah"
    override_compliance(
        cycle, provider_b, "sedang", "Rekomendasi dilaksanakan sebagian.", coordinator
    )
    assert cycle_compliance(cycle)[("provider", provider_b.pk)] == "sedang"


def test_an_instrument_without_opinions_takes_no_compliance(provider_a):
    cycle = factories.cycle([provider_a])
    items(cycle, provider_a, ["open"])

    assert cycle_compliance(cycle) == {}
