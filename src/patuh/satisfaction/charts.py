"""Server-rendered SVG charts of a survey's results, readable without colour.

Every value is written as text beside its mark; bands are told apart by their codes written in
them and by hatching, not by hue. Each chart scales to its container (a viewBox) and has a
<title> for screen readers; the page shows the same numbers in a table.
"""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from patuh.instruments.definition import Band
from patuh.lib.charts import Bar, Segment, bar_chart
from patuh.satisfaction import skm

WIDTH = 320
INK = "#1b1f24"
BAR = "#0b4f8a"
# Hatchings that tell the bands apart in black and white: (angle, gap between lines).
HATCHES = ((45, 4), (-45, 4), (0, 5), (90, 5))
# Presentation attributes rather than CSS, so a chart looks the same wherever it is pasted.
TEXT = f'font-size="11" fill="{INK}" font-family="system-ui, sans-serif"'


def _svg(view_box: str, title_id: str, title: str, body: SafeString) -> SafeString:
    return format_html(
        '<svg class="chart" viewBox="{}" role="img" aria-labelledby="{}">'
        '<title id="{}">{}</title>{}</svg>',
        view_box,
        title_id,
        title_id,
        title,
        body,
    )


def element_bars(result: skm.SkmResult, language: str, title: str) -> SafeString:
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
    svg = bar_chart(bars, chart_id="nrr-chart", title=title, description=title, max_value=maximum)
    return mark_safe(svg)  # noqa: S308 - bar_chart escapes every text it writes


def band_scale(
    bands: tuple[Band, ...], value: Decimal | None, title: str, caption: str
) -> SafeString:
    """The conversion table as a strip from the first band's start to the last band's end, each
    band hatched differently with its code written in it, and a marker with `caption` at `value`."""
    low, high = bands[0].lower, bands[-1].upper

    def x(number: Decimal) -> float:
        return round(WIDTH * float(number - low) / float(high - low), 1)

    hatches = format_html_join(
        "",
        '<pattern id="hatch-{0}" width="{2}" height="{2}" patternUnits="userSpaceOnUse"'
        ' patternTransform="rotate({1})"><rect width="{2}" height="{2}" fill="#fff"/>'
        f'<line x1="0" y1="0" x2="0" y2="{{2}}" stroke="{INK}" stroke-width="1.5"/></pattern>',
        ((index, angle, gap) for index, (angle, gap) in enumerate(HATCHES)),
    )
    segments = format_html_join(
        "",
        f'<rect x="{{0}}" y="22" width="{{1}}" height="26" fill="url(#hatch-{{2}})"'
        f' stroke="{INK}"/>'
        '<rect x="{3}" y="28" width="16" height="16" fill="#fff"/>'
        f'<text x="{{4}}" y="40" text-anchor="middle" font-weight="bold" {TEXT}>{{5}}</text>'
        f'<text x="{{0}}" y="{{7}}" {TEXT}>{{6}}</text>',
        (
            (
                x(band.lower),
                round(x(band.upper) - x(band.lower), 1),
                index % len(HATCHES),
                round((x(band.lower) + x(band.upper)) / 2 - 8, 1),
                round((x(band.lower) + x(band.upper)) / 2, 1),
                band.code,
                number_format(band.lower, 2),
                _label_row(index),
            )
            for index, band in enumerate(bands)
        ),
    )
    end = format_html(
        f'<text x="{{}}" y="{{}}" text-anchor="end" {TEXT}>{{}}</text>',
        WIDTH,
        _label_row(len(bands)),
        number_format(high, 2),
    )
    marker = SafeString("")
    if value is not None:
        position = min(max(x(value), 0), WIDTH)
        marker = format_html(
            f'<path d="M{{0}} 22 l-6 -9 h12 z" fill="{INK}"/>'
            f'<line x1="{{0}}" x2="{{0}}" y1="22" y2="48" stroke="{INK}" stroke-width="3"/>'
            f'<text x="{{0}}" y="10" text-anchor="{{1}}" font-weight="bold" {TEXT}>{{2}}</text>',
            position,
            "end" if position > WIDTH * 0.7 else "start",
            caption,
        )
    body = format_html("<defs>{}</defs>{}{}{}", hatches, segments, end, marker)
    return _svg(f"-6 0 {WIDTH + 12} 80", "band-chart", title, body)


def _label_row(index: int) -> int:
    """Edge labels alternate between two rows, so narrow bands' labels do not overlap."""
    return 62 + 12 * (index % 2)


def sample_bar(respondents: int, required: int, title: str, caption: str) -> SafeString:
    """Respondents against the required sample: an outlined box for the sample, filled up to
    the respondents (at most the whole box), with `caption` written beneath."""
    filled = round(WIDTH * min(respondents, required) / required, 1) if required else 0
    body = format_html(
        f'<rect x="0" y="2" width="{{0}}" height="18" fill="#fff" stroke="{INK}"'
        ' stroke-width="2"/>'
        f'<rect x="0" y="2" width="{{1}}" height="18" fill="{BAR}"/>'
        f'<text x="0" y="38" font-weight="bold" {TEXT}>{{2}}</text>',
        WIDTH,
        filled,
        caption,
    )
    return _svg(f"-2 0 {WIDTH + 4} 44", "sample-chart", title, body)
