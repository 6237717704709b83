"""What the office's tracker page shows of a cycle, in a fixed number of queries."""

import datetime as dt

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from patuh.followup.levels import cycle_rates
from patuh.followup.models import OWED, Finding, Product
from patuh.lib import charts

# The overdue list and the reports awaiting a decision show this many, the oldest first.
LISTED = 100


def tracker_context(cycle, cutoff: dt.date, today: dt.date) -> dict:
    rates = cycle_rates(cycle, cutoff, today)
    items = Finding.objects.filter(cycle=cycle).select_related("product").order_by("due", "pk")
    overdue = items.filter(state__in=OWED, due__lt=today)
    awaiting = items.filter(state=Finding.State.REPORTED)
    charted = rates.regions or rates.providers
    chart = charts.bar_chart(
        [
            charts.Bar(
                rate.name, (charts.Segment(float(rate.share)),), number_format(rate.share, 1)
            )
            for rate in charted
        ],
        chart_id="followup-rates",
        title=_("Follow-up rate"),
        description=_("Share of items verified done by %(cutoff)s, in percent.")
        % {"cutoff": cutoff.isoformat()},
        max_value=100,
    )
    return {
        "cycle": cycle,
        "cutoff": cutoff,
        "rates": rates,
        "chart": chart,
        "overdue": overdue[:LISTED],
        "overdue_count": overdue.count(),
        "awaiting": awaiting[:LISTED],
        "awaiting_count": awaiting.count(),
        "products": Product.objects.filter(cycle=cycle).select_related("provider", "government"),
    }
