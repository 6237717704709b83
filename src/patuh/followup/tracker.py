"""What the office's tracker page shows of a cycle, in a fixed number of queries."""

import datetime as dt

from django.utils.translation import gettext as _

from patuh.followup.levels import cycle_rates
from patuh.followup.models import Finding, Product, overdue
from patuh.lib import charts

# The overdue list and the reports awaiting a decision show this many, the oldest first; the
# rate tables the providers and governments furthest behind. The exports hold every row.
LISTED = 50
LEVELS = ("tinggi", "sedang", "rendah")
# Bar styles of the levels: patterned as well as coloured, so they read in black and white.
STYLES = {"tinggi": "green", "sedang": "yellow", "rendah": "red"}


def tracker_context(cycle, cutoff: dt.date, today: dt.date) -> dict:
    rates = cycle_rates(cycle, cutoff, today)
    items = Finding.objects.filter(cycle=cycle).select_related("product").order_by("due", "pk")
    late = items.filter(overdue(today))
    awaiting = items.filter(state=Finding.State.REPORTED)
    chart = charts.bar_chart(
        [
            _level_bar(_("Providers"), rates.providers),
            _level_bar(_("Regional governments"), rates.regions),
        ],
        chart_id="followup-levels",
        title=_("Follow-up level"),
        description=_(
            "How many providers and regional governments are at each level, by %(cutoff)s."
        )
        % {"cutoff": cutoff.isoformat()},
        legend_items=[(STYLES[level], level) for level in LEVELS],
    )
    return {
        "cycle": cycle,
        "cutoff": cutoff,
        "rates": rates,
        "behind_providers": _behind(rates.providers),
        "behind_regions": _behind(rates.regions),
        "chart": chart,
        "overdue": late[:LISTED],
        "overdue_count": late.count(),
        "awaiting": awaiting[:LISTED],
        "awaiting_count": awaiting.count(),
        "products": Product.objects.filter(cycle=cycle).select_related("provider", "government"),
    }


def _level_bar(label: str, rates: list) -> charts.Bar:
    counts = {level: sum(1 for rate in rates if rate.level == level) for level in LEVELS}
    return charts.Bar(
        label, tuple(charts.Segment(counts[level], STYLES[level]) for level in LEVELS)
    )


def _behind(rates: list) -> list:
    """The LISTED rates furthest behind: the lowest share first, then the most overdue."""
    return sorted(rates, key=lambda rate: (rate.share, -rate.overdue, rate.code))[:LISTED]
