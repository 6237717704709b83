"""The geometry of Patuh's SVG charts, which read without colour: bars, lines, a banded strip
and a progress bar.

Pure Python (no Django), so layouts are tested on their own: each chart function returns a
frozen dataclass of shapes (patuh.lib.shapes), and the template named by its `template`
(src/patuh/templates/charts/) writes it as SVG with autoescaping on. Pages and the PDF report
cards include the same templates. Every chart has a title and, where the title does not say it
all, a description (both named by aria-labelledby); it prints its values next to the marks and
tells its styles apart by pattern and shape as well as colour; pages put a data table beside it.

Styles are keys: "red", "yellow", "green" (zones), "none" (incomplete or unknown) and "plain".
Red is cross-hatched, yellow striped, green solid, "none" white with a dashed outline.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from patuh.lib.shapes import (
    INK,
    MUTED,
    WHITE,
    Chart,
    Line,
    Marker,
    Paint,
    Pattern,
    Polyline,
    Rect,
    Scale,
    Text,
    px,
)

WIDTH = 640
# About how wide a character of a label is, in the chart's units.
LABEL_CHAR = 8
# Strips and progress bars are drawn narrower, with smaller text, to sit beside a big number.
NARROW = 320
# Fill, the colour of the pattern's lines and of text drawn on the fill.
_STYLES = {
    "red": ("#b42318", WHITE, WHITE),
    "yellow": ("#f5c542", "#3d2e00", "#3d2e00"),
    "green": ("#1a7f37", None, WHITE),
    "none": (WHITE, None, INK),
    "plain": ("#0b4f8a", None, WHITE),
}
_HATCH_LINES = {"red": "M0 0 L8 8 M8 0 L0 8", "yellow": "M0 8 L8 0"}
# Marker shapes and dash patterns of successive line series.
_MARKERS = ("circle", "square", "triangle", "diamond")
_DASHES = ("", "6 4", "2 3", "8 3 2 3")
# Hatchings that tell a strip's bands apart in black and white: (angle, gap between lines).
_STRIP_HATCHES = ((45, 4), (-45, 4), (0, 5), (90, 5))


# What callers chart.


@dataclass(frozen=True)
class Segment:
    value: float
    style: str = "plain"
    # Shown inside a stacked segment when it is wide enough; the value when empty.
    label: str = ""


@dataclass(frozen=True)
class Bar:
    label: str
    segments: tuple[Segment, ...]
    # Printed after the bar (a total, a score); the sum of the values when empty.
    note: str = ""


@dataclass(frozen=True)
class Point:
    x: str
    value: float | None
    # Printed beside the point; the value when empty.
    label: str = ""


@dataclass(frozen=True)
class Series:
    name: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Span:
    """One band of a strip, from `lower` to `upper`, with `code` written in it and
    `lower_label` (the bound as the reader's language writes it) under its start."""

    lower: float
    upper: float
    code: str
    lower_label: str


# The charts as the templates draw them.


@dataclass(frozen=True)
class BarRow:
    label: Text
    rects: tuple[Rect, ...]
    # Stacked segments' values, written inside those wide enough.
    values: tuple[Text, ...]
    note: Text


@dataclass(frozen=True)
class LegendItem:
    swatch: Rect
    label: Text


@dataclass(frozen=True, kw_only=True)
class BarChart(Chart):
    template: ClassVar[str] = "charts/bar.html"
    rows: tuple[BarRow, ...]
    legend: tuple[LegendItem, ...] = ()


@dataclass(frozen=True)
class Guide:
    line: Line
    label: Text


@dataclass(frozen=True)
class SeriesMarks:
    """One series as drawn: its lines (broken where a value is missing), a marker and a label
    per point, and its name beside its last point when there are several series."""

    lines: tuple[Polyline, ...]
    markers: tuple[Marker, ...]
    labels: tuple[Text, ...]
    name: Text | None


@dataclass(frozen=True, kw_only=True)
class LineChart(Chart):
    template: ClassVar[str] = "charts/line.html"
    axes: tuple[Line, ...]
    ticks: tuple[Text, ...]
    guides: tuple[Guide, ...]
    categories: tuple[Text, ...]
    series: tuple[SeriesMarks, ...]


@dataclass(frozen=True)
class StripBand:
    rect: Rect
    # A white box behind the code, so that it reads over the hatching; neither where the code
    # does not fit in the band.
    box: Rect | None
    code: Text | None
    edge: Text


@dataclass(frozen=True)
class Pointer:
    """A downward triangle and a line at a value on a strip, with the value's caption."""

    head: str
    line: Line
    label: Text


@dataclass(frozen=True, kw_only=True)
class StripChart(Chart):
    template: ClassVar[str] = "charts/strip.html"
    bands: tuple[StripBand, ...]
    end: Text
    pointer: Pointer | None


@dataclass(frozen=True, kw_only=True)
class ProgressChart(Chart):
    template: ClassVar[str] = "charts/progress.html"
    outline: Rect
    bar: Rect
    caption: Text


def _number(value: float) -> str:
    return f"{value:g}"


def _patterns(chart_id: str, styles: set[str]) -> tuple[Pattern, ...]:
    """A pattern for each hatched style among `styles`."""
    return tuple(
        Pattern(f"{chart_id}-{style}", 8, _STYLES[style][0], _STYLES[style][1], _HATCH_LINES[style])
        for style in sorted(styles)
        if _STYLES[style][1] is not None
    )


def _paint(chart_id: str, style: str) -> Paint:
    fill, ink, _ = _STYLES[style]
    if ink is not None:
        return Paint(f"url(#{chart_id}-{style})")
    if style == "none":
        return Paint(WHITE, stroke=MUTED, dash="3 2")
    return Paint(fill)


def _halo_text(x: float, y: float, text: str, colour: str) -> Text:
    halo = INK if colour == WHITE else WHITE
    return Text(px(x), px(y), text, "middle", bold=True, colour=colour, halo=halo)


def _legend(chart_id: str, items: Sequence[tuple[str, str]], y: float) -> tuple[LegendItem, ...]:
    """A row of swatches with their labels: (style, label) pairs."""
    legend, x = [], 8.0
    for style, label in items:
        swatch = Rect(px(x), px(y), 14, 14, _paint(chart_id, style))
        legend.append(LegendItem(swatch, Text(px(x + 19), px(y + 12), label)))
        x += 30 + 7 * len(label)
    return tuple(legend)


def bar_chart(
    bars: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    description: str,
    max_value: float | None = None,
    legend_items: Sequence[tuple[str, str]] = (),
    label_width: int | None = 200,
) -> BarChart:
    """Horizontal bars, each of one or more stacked segments, with their values printed.

    The scale runs from 0 to `max_value` (the largest bar total when None). With `label_width`
    None the label column is as wide as the longest label needs, up to half the chart, so
    labels are cut only when longer than that.
    """
    if label_width is None:
        longest = max((len(bar.label) for bar in bars), default=0)
        label_width = min(WIDTH // 2, max(200, LABEL_CHAR * longest))
    row, gap, top = 22, 8, 8
    legend_height = 26 if legend_items else 0
    height = top + len(bars) * (row + gap) + legend_height + 4
    totals = [sum(segment.value for segment in bar.segments) for bar in bars]
    notes = [bar.note or _number(total) for bar, total in zip(bars, totals, strict=True)]
    # Room after the longest bar for the longest note, at about 8 pixels per character.
    note_width = 12 + 8 * max((len(note) for note in notes), default=0)
    plot_left = label_width + 8
    scale = Scale(0, max_value or max(totals, default=0), plot_left, WIDTH - plot_left - note_width)
    styles = {segment.style for bar in bars for segment in bar.segments}
    styles |= {style for style, _ in legend_items}
    rows = [
        _bar_row(bar, note, top + number * (row + gap), row, scale, chart_id, label_width)
        for number, (bar, note) in enumerate(zip(bars, notes, strict=True))
    ]
    return BarChart(
        id=chart_id,
        title=title,
        description=description,
        width=WIDTH,
        height=height,
        max_width=WIDTH,
        patterns=_patterns(chart_id, styles),
        rows=tuple(rows),
        legend=_legend(chart_id, legend_items, height - legend_height),
    )


def _bar_row(
    bar: Bar, note: str, y: float, height: float, scale: Scale, chart_id: str, label_width: int
) -> BarRow:
    baseline = px(y + height * 0.7)
    rects, values, x = [], [], scale.start
    for segment in bar.segments:
        width = scale.size(segment.value)
        if width <= 0:
            continue
        rects.append(Rect(px(x), y, px(width), height, _paint(chart_id, segment.style)))
        # Stacked bars print each segment's value inside it; a lone bar's note says it.
        text = segment.label or _number(segment.value)
        if len(bar.segments) > 1 and width >= 9 * len(text) + 6:
            values.append(_halo_text(x + width / 2, baseline, text, _STYLES[segment.style][2]))
        x += width
    return BarRow(
        label=Text(label_width, baseline, _shorten(bar.label, label_width), "end"),
        rects=tuple(rects),
        values=tuple(values),
        note=Text(px(x + 6), baseline, note),
    )


def _shorten(text: str, width: int) -> str:
    """Cut a label to what fits in `width` pixels at about LABEL_CHAR pixels per character."""
    fits = max(4, width // LABEL_CHAR)
    return text if len(text) <= fits else text[: fits - 1] + "…"


def line_chart(
    series: Sequence[Series],
    *,
    chart_id: str,
    title: str,
    description: str,
    x_labels: Sequence[str],
    y_min: float = 0,
    y_max: float = 100,
    guides: Sequence[tuple[float, str]] = (),
) -> LineChart:
    """Lines over the categories `x_labels`, every point labelled with its value.

    Series differ by marker shape and dash pattern and are named at their last point; `guides`
    are dashed horizontal lines with a label (band thresholds). A point without a value breaks
    its line.
    """
    height, left, right, top, bottom = 300, 48, 150, 16, 40
    plot_width, plot_height = WIDTH - left - right, height - top - bottom
    step = plot_width / max(1, len(x_labels) - 1)
    xs = [
        px(left + (index * step if len(x_labels) > 1 else plot_width / 2))
        for index in range(len(x_labels))
    ]
    y = Scale(y_min, y_max, top + plot_height, -plot_height)
    right_end, bottom_end = left + plot_width, top + plot_height
    position = {label: index for index, label in enumerate(x_labels)}
    return LineChart(
        id=chart_id,
        title=title,
        description=description,
        width=WIDTH,
        height=height,
        max_width=WIDTH,
        axes=(
            Line(left, bottom_end, right_end, bottom_end),
            Line(left, top, left, bottom_end),
        ),
        ticks=tuple(
            Text(left - 6, px(y.at(value) + 4), _number(value), "end") for value in (y_min, y_max)
        ),
        guides=tuple(
            Guide(
                Line(left, px(y.at(value)), right_end, px(y.at(value)), dash="2 4"),
                Text(right_end + 4, px(y.at(value) + 4), label, colour=MUTED, size=11),
            )
            for value, label in guides
        ),
        categories=tuple(
            Text(x, height - bottom + 18, label, "middle")
            for x, label in zip(xs, x_labels, strict=True)
        ),
        series=tuple(
            _series_marks(line, number, len(series) > 1, position, xs, y)
            for number, line in enumerate(series)
        ),
    )


def _series_marks(
    line: Series, number: int, named: bool, position: dict[str, int], xs: list[float], y: Scale
) -> SeriesMarks:
    shape, dash = _MARKERS[number % len(_MARKERS)], _DASHES[number % len(_DASHES)]
    runs = _runs(line.points, position)
    points = [
        (xs[position[p.x]], px(y.at(p.value)), p)
        for p in line.points
        if p.value is not None and p.x in position
    ]
    name = None
    if points and named:
        x, last_y, _ = points[-1]
        name = Text(px(x + 10), px(last_y + 16), line.name)
    return SeriesMarks(
        lines=tuple(
            Polyline(tuple((xs[index], px(y.at(value))) for index, value in run), dash)
            for run in runs
            if len(run) > 1
        ),
        markers=tuple(Marker(shape, x, point_y) for x, point_y, _ in points),
        labels=tuple(
            Text(x, px(point_y - 10), point.label or _number(point.value), "middle", bold=True)
            for x, point_y, point in points
        ),
        name=name,
    )


def _runs(points: Sequence[Point], position: dict[str, int]) -> list[list[tuple[int, float]]]:
    """Consecutive stretches of points with values, as (x index, value)."""
    runs: list[list[tuple[int, float]]] = [[]]
    for point in points:
        if point.value is None or point.x not in position:
            runs.append([])
        else:
            runs[-1].append((position[point.x], point.value))
    return [run for run in runs if run]


def strip_chart(
    spans: Sequence[Span],
    *,
    chart_id: str,
    title: str,
    end_label: str,
    value: float | None = None,
    value_label: str = "",
) -> StripChart:
    """`spans` side by side from the first one's lower bound to the last one's upper bound,
    each hatched differently with its code written in it and its lower bound under its start
    (`end_label` under the end), and a pointer captioned `value_label` at `value`."""
    x = Scale(spans[0].lower, spans[-1].upper, 0, NARROW)
    bands = []
    for index, span in enumerate(spans):
        start, end = px(x.at(span.lower)), px(x.at(span.upper))
        middle = (start + end) / 2
        paint = Paint(f"url(#{chart_id}-{index % len(_STRIP_HATCHES)})", stroke=INK)
        # About 7 units a character at the strip's bold 11: a code too long for its band is
        # left out (the table beside the chart names every band).
        box_width = 7 * len(span.code) + 9
        fits = box_width <= end - start - 2
        bands.append(
            StripBand(
                rect=Rect(start, 22, px(end - start), 26, paint),
                box=Rect(px(middle - box_width / 2), 28, box_width, 16, Paint(WHITE))
                if fits
                else None,
                code=Text(px(middle), 40, span.code, "middle", bold=True, colour=INK)
                if fits
                else None,
                edge=Text(start, _label_row(index), span.lower_label, colour=INK),
            )
        )
    pointer = None
    if value is not None:
        at = px(min(max(x.at(value), 0), NARROW))
        pointer = Pointer(
            head=f"M{at:g} 22 l-6 -9 h12 z",
            line=Line(at, 22, at, 48, INK, width=3),
            label=Text(
                at, 10, value_label, "end" if at > NARROW * 0.7 else "start", bold=True, colour=INK
            ),
        )
    return StripChart(
        id=chart_id,
        title=title,
        description="",
        width=NARROW + 12,
        height=80,
        left=-6,
        font_size=11,
        patterns=tuple(
            Pattern(f"{chart_id}-{index}", gap, WHITE, INK, f"M0 0 L0 {gap}", angle)
            for index, (angle, gap) in enumerate(_STRIP_HATCHES[: len(spans)])
        ),
        bands=tuple(bands),
        end=Text(NARROW, _label_row(len(spans)), end_label, "end", colour=INK),
        pointer=pointer,
    )


def _label_row(index: int) -> int:
    """Edge labels alternate between two rows, so narrow bands' labels do not overlap."""
    return 62 + 12 * (index % 2)


def progress_bar(
    done: float, total: float, *, chart_id: str, title: str, caption: str
) -> ProgressChart:
    """`done` against `total`: an outlined box for the total, filled up to `done` (at most the
    whole box), with `caption` written beneath."""
    filled = Scale(0, total, 0, NARROW).size(min(done, total))
    return ProgressChart(
        id=chart_id,
        title=title,
        description="",
        width=NARROW + 4,
        height=44,
        left=-2,
        font_size=11,
        outline=Rect(0, 2, NARROW, 18, Paint(WHITE, stroke=INK, stroke_width=2)),
        bar=Rect(0, 2, px(filled), 18, Paint(_STYLES["plain"][0])),
        caption=Text(0, 38, caption, bold=True, colour=INK),
    )
