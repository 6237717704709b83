"""Charts of the result pages as figures: a chart plus the same numbers as a table.

The chart's geometry comes from patuh.lib.charts; templates render a Figure with
results/includes/figure.html (the chart, its caption, and the data table as its text alternative).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from patuh.lib import charts
from patuh.lib.shapes import Chart

ZONE_ORDER = ("green", "yellow", "red", "none")


def zone_names() -> dict[str, str]:
    return {
        "green": _("Green zone"),
        "yellow": _("Yellow zone"),
        "red": _("Red zone"),
        "none": _("Incomplete"),
    }


@dataclass
class Figure:
    chart: Chart
    caption: str
    headers: list[str]
    rows: list[list[str]]
    # A chart over time: a phone too narrow for all of it first shows its end, the latest year.
    latest_last: bool = False


def decimal(value, places: int = 2) -> str:
    """A number as the current language writes it (decimal comma in Indonesian)."""
    return number_format(value, places)


def zone_figure(groups: list[tuple[str, dict[str, int]]], *, chart_id: str, caption: str):
    """Stacked bars of providers per zone, one bar per group (regency, agency kind)."""
    names = zone_names()
    present = [zone for zone in ZONE_ORDER if any(counts.get(zone) for _, counts in groups)]
    bars = [
        charts.Bar(
            label,
            tuple(charts.Segment(counts.get(zone, 0), zone) for zone in present),
        )
        for label, counts in groups
    ]
    chart = charts.bar_chart(
        bars,
        chart_id=chart_id,
        title=caption,
        description=_("Number of providers in each zone; the number after a bar is its total."),
        legend_items=[(zone, names[zone]) for zone in present],
    )
    headers = [_("Group"), *(names[zone] for zone in present), _("Total")]
    rows = [
        [label, *(str(counts.get(zone, 0)) for zone in present), str(sum(counts.values()))]
        for label, counts in groups
    ]
    return Figure(chart, caption, headers, rows)


def value_figure(
    items: list[tuple],
    *,
    chart_id: str,
    caption: str,
    description: str,
    headers: list[str],
    max_value: float | None = None,
    style: str = "plain",
    styles: list[str] | None = None,
    legend_items: Sequence[tuple[str, str]] = (),
):
    """One bar per (label, value, printed note, *more cells), in `style` or each in its own of
    `styles` (named by `legend_items`); the data table has the label, the note and the more
    cells, such as the band a colour stands for."""
    styles = styles or [style] * len(items)
    bars = [
        charts.Bar(label, (charts.Segment(value, bar_style),), note)
        for (label, value, note, *_more), bar_style in zip(items, styles, strict=True)
    ]
    chart = charts.bar_chart(
        bars,
        chart_id=chart_id,
        title=caption,
        description=description,
        max_value=max_value,
        legend_items=legend_items,
        label_width=None,
    )
    rows = [[label, note, *more] for label, _value, note, *more in items]
    return Figure(chart, caption, headers, rows)
