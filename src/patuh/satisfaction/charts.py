"""The charts of a survey's results, as patuh.lib.charts geometry for the charts/ templates.

Every value is written as text beside its mark; bands are told apart by their codes written in
them and by hatching, not by hue. The page shows the same numbers in a table.
"""

from decimal import Decimal

from django.utils.formats import number_format

from patuh.instruments.definition import Band
from patuh.lib.charts import (
    Bar,
    BarChart,
    ProgressChart,
    Segment,
    Span,
    StripChart,
    bar_chart,
    progress_bar,
    strip_chart,
)
from patuh.satisfaction import skm


def element_bars(result: skm.SkmResult, language: str, title: str) -> BarChart:
    """One bar per element on its answer scale (from 0), its NRR written after it."""
    maximum = max(i.scale_max for i in result.instrument.indicators.values())
    bars = []
    for element in result.elements:
        nrr = None if element.nrr is None else skm.round_fraction(element.nrr, 2)
        bars.append(
            Bar(
                label=f"{element.code} {element.title.get(language)}",
                segments=(Segment(float(nrr or 0)),),
                note="—" if nrr is None else number_format(nrr, 2),
            )
        )
    return bar_chart(bars, chart_id="nrr-chart", title=title, description=title, max_value=maximum)


def band_scale(
    bands: tuple[Band, ...], value: Decimal | None, title: str, caption: str
) -> StripChart:
    """The conversion table as a strip from the first band's start to the last band's end, each
    band hatched differently with its code written in it, and a marker with `caption` at `value`."""
    return strip_chart(
        [
            Span(float(band.lower), float(band.upper), band.code, number_format(band.lower, 2))
            for band in bands
        ],
        chart_id="band-chart",
        title=title,
        end_label=number_format(bands[-1].upper, 2),
        value=None if value is None else float(value),
        value_label=caption,
    )


def sample_bar(respondents: int, required: int, title: str, caption: str) -> ProgressChart:
    """Respondents against the required sample, with `caption` written beneath."""
    return progress_bar(
        respondents, required, chart_id="sample-chart", title=title, caption=caption
    )
