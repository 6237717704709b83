"""Follow-up rates and levels: the share of a provider's or government's items verified done by
a cut-off date, and the level (tinggi/sedang/rendah) an opinion instrument joins with a score.

Keys are the scoring engine's subject keys, ("provider", provider id) and ("region", region id)
for a regional government, so scoring.compliance can lay the office's overrides on top.
"""

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from patuh.followup.models import Finding, overdue
from patuh.registry.models import Government, Provider

HIGH, MEDIUM, LOW = "tinggi", "sedang", "rendah"


def followup_level(verified: int, total: int) -> str | None:
    """The level of `verified` items done out of `total`; None with nothing to follow up.

    The thresholds are PATUH_FOLLOWUP_HIGH and PATUH_FOLLOWUP_MEDIUM (shares, inclusive).
    """
    if total == 0:
        return None
    share = verified / total
    if share >= settings.PATUH_FOLLOWUP_HIGH:
        return HIGH
    if share >= settings.PATUH_FOLLOWUP_MEDIUM:
        return MEDIUM
    return LOW


@dataclass
class Rate:
    """One provider's or regional government's follow-up in a cycle."""

    key: Hashable
    code: str
    name: str
    total: int = 0
    verified: int = 0
    overdue: int = 0

    @property
    def share(self) -> Decimal:
        """Percentage of items verified done, rounded half up to one decimal."""
        if not self.total:
            return Decimal(0)
        return (Decimal(100 * self.verified) / self.total).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def level(self) -> str | None:
        return followup_level(self.verified, self.total)


@dataclass
class Rates:
    cutoff: dt.date
    providers: list[Rate]
    regions: list[Rate]


def cycle_rates(cycle, cutoff: dt.date, today: dt.date | None = None) -> Rates:
    """Every provider's and regional government's rate in `cycle`, verified by `cutoff`.

    Steps (four queries whatever the size):
    1. count items, items verified by the cut-off and overdue items per owner;
    2. name the providers and governments counted;
    3. add each regional government's own items and its providers' items up.
    """
    today = today or cutoff
    # Before the start of the day after the cut-off, in the current time zone: a plain
    # comparison of the column, which SQLite can do without a function call per row.
    until = timezone.make_aware(dt.datetime.combine(cutoff + dt.timedelta(days=1), dt.time()))
    counted = (
        Finding.objects.filter(cycle=cycle)
        .values("provider_id", "government_id")
        .annotate(
            total=Count("pk"),
            verified=Count(
                "pk",
                filter=Q(state=Finding.State.VERIFIED, decided_at__lt=until),
            ),
            overdue=Count("pk", filter=overdue(today)),
        )
    )
    counted = list(counted)
    providers = Provider.objects.filter(
        pk__in={row["provider_id"] for row in counted if row["provider_id"]}
    ).select_related("region", "government")
    by_provider = {p.pk: p for p in providers}
    government_ids = {row["government_id"] for row in counted if row["government_id"]}
    government_ids |= {p.government_id for p in providers}
    governments = {
        g.pk: g
        for g in Government.objects.filter(pk__in=government_ids, region__isnull=False)
        .select_related("region")
        .order_by()
    }
    provider_rates: dict[int, Rate] = {}
    region_rates: dict[int, Rate] = {}
    for row in counted:
        if row["provider_id"]:
            provider = by_provider[row["provider_id"]]
            rate = provider_rates.setdefault(
                provider.pk, Rate(("provider", provider.pk), provider.path, provider.name)
            )
            _add(rate, row)
            government = governments.get(provider.government_id)
        else:
            government = governments.get(row["government_id"])
        if government is not None:
            region = region_rates.setdefault(
                government.region_id,
                Rate(("region", government.region_id), government.region.code, government.name),
            )
            _add(region, row)
    return Rates(
        cutoff,
        sorted(provider_rates.values(), key=lambda rate: rate.code),
        sorted(region_rates.values(), key=lambda rate: rate.code),
    )


def _add(rate: Rate, row: dict) -> None:
    rate.total += row["total"]
    rate.verified += row["verified"]
    rate.overdue += row["overdue"]


def cycle_levels(cycle, cutoff: dt.date) -> dict[Hashable, str]:
    """The follow-up level of every provider and regional government with items in `cycle`."""
    rates = cycle_rates(cycle, cutoff)
    return {
        rate.key: rate.level for rate in rates.providers + rates.regions if rate.level is not None
    }
