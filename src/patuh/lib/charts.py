"""Server-rendered SVG charts that read without colour: bar charts and line charts.

Pure Python (no Django): the web pages and the PDF reports inline the same markup. Every chart
has a <title> and <desc> (named by aria-labelledby), prints its values next to the marks, and
tells its styles apart by pattern and shape as well as colour; pages put a data table beside it.

Styles are keys: "red", "yellow", "green" (zones), "none" (incomplete or unknown) and "plain".
Red is cross-hatched, yellow striped, green solid, "none" white with a dashed outline.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 640
FONT = "font-family:system-ui,'DejaVu Sans',sans-serif"
# Fill, the colour of the pattern's lines and of text drawn on the fill.
_STYLES = {
    "red": ("#b42318", "#ffffff", "#ffffff"),
    "yellow": ("#f5c542", "#3d2e00", "#3d2e00"),
    "green": ("#1a7f37", None, "#ffffff"),
    "none": ("#ffffff", None, "#1b1f24"),
    "plain": ("#0b4f8a", None, "#ffffff"),
}
# Marker shapes and dash patterns of successive line series.
_MARKERS = ("circle", "square", "triangle", "diamond")
_DASHES = ("", "6 4", "2 3", "8 3 2 3")


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


def _number(value: float) -> str:
    return f"{value:g}"


def _open(chart_id: str, height: float, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}"'
        f' viewBox="0 0 {WIDTH} {height:g}" width="100%" role="img"'
        f' aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc"'
        f' style="{FONT};font-size:13px;max-width:{WIDTH}px">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]


def _patterns(chart_id: str, styles: set[str]) -> str:
    """<defs> with a pattern for each hatched style used."""
    defs = []
    for style in sorted(styles):
        fill, ink, _ = _STYLES[style]
        if ink is None:
            continue
        lines = '<path d="M0 0 L8 8 M8 0 L0 8"' if style == "red" else '<path d="M0 8 L8 0"'
        defs.append(
            f'<pattern id="{escape(chart_id)}-{style}" width="8" height="8"'
            f' patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="{fill}"/>'
            f'{lines} stroke="{ink}" stroke-width="1.5"/></pattern>'
        )
    return f"<defs>{''.join(defs)}</defs>" if defs else ""


def _fill(chart_id: str, style: str) -> str:
    fill, ink, _ = _STYLES[style]
    if ink is not None:
        return f'fill="url(#{escape(chart_id)}-{style})"'
    if style == "none":
        return 'fill="#ffffff" stroke="#57606a" stroke-dasharray="3 2"'
    return f'fill="{fill}"'


def _halo_text(x: float, y: float, text: str, colour: str, anchor: str = "middle") -> str:
    # A halo in the opposite shade keeps the text legible over stripes and hatching.
    halo = "#1b1f24" if colour == "#ffffff" else "#ffffff"
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-weight="700" fill="{colour}"'
        f' stroke="{halo}" stroke-width="3" paint-order="stroke">{escape(text)}</text>'
    )


def legend(chart_id: str, items: Sequence[tuple[str, str]], y: float) -> str:
    """A row of swatches with their labels: (style, label) pairs."""
    parts, x = [], 8.0
    for style, label in items:
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="14" height="14" {_fill(chart_id, style)}/>'
        )
        parts.append(f'<text x="{x + 19:.1f}" y="{y + 12:.1f}">{escape(label)}</text>')
        x += 30 + 7 * len(label)
    return "".join(parts)


def bar_chart(
    bars: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    description: str,
    max_value: float | None = None,
    legend_items: Sequence[tuple[str, str]] = (),
    label_width: int = 200,
) -> str:
    """Horizontal bars, each of one or more stacked segments, with their values printed.

    The scale runs from 0 to `max_value` (the largest bar total when None).
    """
    row, gap, top = 22, 8, 8
    legend_height = 26 if legend_items else 0
    height = top + len(bars) * (row + gap) + legend_height + 4
    scale_max = max_value or max((sum(s.value for s in bar.segments) for bar in bars), default=0)
    notes = [bar.note or _number(sum(s.value for s in bar.segments)) for bar in bars]
    # Room after the longest bar for the longest note, at about 8 pixels per character.
    note_width = 12 + 8 * max((len(note) for note in notes), default=0)
    plot_left, plot_width = label_width + 8, WIDTH - label_width - 8 - note_width
    styles = {segment.style for bar in bars for segment in bar.segments}
    styles |= {style for style, _ in legend_items}
    parts = _open(chart_id, height, title, description)
    parts.append(_patterns(chart_id, styles))
    for number, bar in enumerate(bars):
        y = top + number * (row + gap)
        parts.append(
            f'<text x="{label_width:.1f}" y="{y + row * 0.7:.1f}" text-anchor="end">'
            f"{escape(_shorten(bar.label, label_width))}</text>"
        )
        x = float(plot_left)
        for segment in bar.segments:
            width = plot_width * segment.value / scale_max if scale_max else 0
            if width <= 0:
                continue
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{row}"'
                f" {_fill(chart_id, segment.style)}/>"
            )
            # Stacked bars print each segment's value inside it; a lone bar's note says it.
            text = segment.label or _number(segment.value)
            if len(bar.segments) > 1 and width >= 9 * len(text) + 6:
                parts.append(
                    _halo_text(x + width / 2, y + row * 0.7, text, _STYLES[segment.style][2])
                )
            x += width
        parts.append(
            f'<text x="{x + 6:.1f}" y="{y + row * 0.7:.1f}">{escape(notes[number])}</text>'
        )
    if legend_items:
        parts.append(legend(chart_id, legend_items, height - legend_height))
    parts.append("</svg>")
    return "".join(parts)


def _shorten(text: str, width: int) -> str:
    """Cut a label to what fits in `width` pixels at about 8 pixels per character."""
    fits = max(4, width // 8)
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
) -> str:
    """Lines over the categories `x_labels`, every point labelled with its value.

    Series differ by marker shape and dash pattern and are named at their last point; `guides`
    are dashed horizontal lines with a label (band thresholds). A point without a value breaks
    its line.
    """
    height, left, right, top, bottom = 300, 48, 150, 16, 40
    plot_width, plot_height = WIDTH - left - right, height - top - bottom
    step = plot_width / max(1, len(x_labels) - 1)

    def x_of(index: int) -> float:
        return left + (index * step if len(x_labels) > 1 else plot_width / 2)

    def y_of(value: float) -> float:
        return top + plot_height * (1 - (value - y_min) / (y_max - y_min))

    parts = _open(chart_id, height, title, description)
    parts.append(
        f'<line x1="{left}" y1="{top + plot_height}" x2="{left + plot_width}"'
        f' y2="{top + plot_height}" stroke="#57606a"/>'
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_height}" stroke="#57606a"/>'
    )
    for value in (y_min, y_max):
        parts.append(
            f'<text x="{left - 6}" y="{y_of(value) + 4:.1f}" text-anchor="end">'
            f"{escape(_number(value))}</text>"
        )
    for value, label in guides:
        y = y_of(value)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_width}" y2="{y:.1f}"'
            f' stroke="#57606a" stroke-dasharray="2 4"/>'
            f'<text x="{left + plot_width + 4}" y="{y + 4:.1f}" font-size="11" fill="#57606a">'
            f"{escape(label)}</text>"
        )
    for index, label in enumerate(x_labels):
        parts.append(
            f'<text x="{x_of(index):.1f}" y="{height - bottom + 18}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    position = {label: index for index, label in enumerate(x_labels)}
    for number, line in enumerate(series):
        marker, dash = _MARKERS[number % len(_MARKERS)], _DASHES[number % len(_DASHES)]
        points = [
            (x_of(position[p.x]), y_of(p.value), p)
            for p in line.points
            if p.value is not None and p.x in position
        ]
        runs = _runs(line.points, position)
        for run in runs:
            if len(run) > 1:
                path = " ".join(f"{x_of(i):.1f},{y_of(v):.1f}" for i, v in run)
                parts.append(
                    f'<polyline points="{path}" fill="none" stroke="#1b1f24" stroke-width="2"'
                    + (f' stroke-dasharray="{dash}"' if dash else "")
                    + "/>"
                )
        for x, y, point in points:
            parts.append(_marker(marker, x, y))
            parts.append(
                f'<text x="{x:.1f}" y="{y - 10:.1f}" text-anchor="middle" font-weight="700">'
                f"{escape(point.label or _number(point.value))}</text>"
            )
        if points and len(series) > 1:
            x, y, _ = points[-1]
            parts.append(f'<text x="{x + 10:.1f}" y="{y + 16:.1f}">{escape(line.name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _runs(points: Sequence[Point], position: dict[str, int]) -> list[list[tuple[int, float]]]:
    """Consecutive stretches of points with values, as (x index, value)."""
    runs: list[list[tuple[int, float]]] = [[]]
    for point in points:
        if point.value is None or point.x not in position:
            runs.append([])
        else:
            runs[-1].append((position[point.x], point.value))
    return [run for run in runs if run]


def _marker(shape: str, x: float, y: float) -> str:
    style = 'fill="#ffffff" stroke="#1b1f24" stroke-width="2"'
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" {style}/>'
    if shape == "square":
        return f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" {style}/>'
    if shape == "triangle":
        corners = ((x, y - 6), (x + 6, y + 5), (x - 6, y + 5))
    else:
        corners = ((x, y - 6), (x + 6, y), (x, y + 6), (x - 6, y))
    path = " L".join(f"{cx:.1f} {cy:.1f}" for cx, cy in corners)
    return f'<path d="M{path} Z" {style}/>'
