"""The shapes Patuh's charts are drawn with, and the frame every chart shares.

Pure Python (no Django) like patuh.lib.charts, which lays these out; each dataclass here has
its partial in src/patuh/templates/charts/marks.html, and Chart is written by charts/svg.html.
Coordinates are in the chart's view box, rounded to a tenth of a pixel (`px`).
"""

from dataclasses import dataclass
from typing import ClassVar

FONT = "system-ui,'DejaVu Sans',sans-serif"
INK = "#1b1f24"
MUTED = "#57606a"
WHITE = "#ffffff"


def px(value: float) -> float:
    return round(value, 1)


@dataclass(frozen=True)
class Scale:
    """Values from `low` to `high` onto `length` pixels from `start`; a negative length runs
    up the page."""

    low: float
    high: float
    start: float
    length: float

    def at(self, value: float) -> float:
        """Where `value` falls."""
        return self.start + self.size(value - self.low)

    def size(self, amount: float) -> float:
        """How many pixels `amount` spans; none on a scale without extent."""
        return self.length * amount / (self.high - self.low) if self.high != self.low else 0.0


@dataclass(frozen=True)
class Pattern:
    """A hatching: `lines` (a path) drawn in `ink` over `background` on a square tile of
    `size`, the tile turned by `angle` degrees."""

    id: str
    size: float
    background: str
    ink: str
    lines: str
    angle: float = 0


@dataclass(frozen=True)
class Paint:
    """How a shape is filled (a colour, or a pattern as url(#id)) and outlined."""

    fill: str
    stroke: str = ""
    stroke_width: float = 0
    dash: str = ""


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    paint: Paint


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: str = MUTED
    width: float = 1
    dash: str = ""


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "start"
    bold: bool = False
    # Empty: the chart's ink.
    colour: str = ""
    # A stroke in this colour behind the letters keeps them legible over stripes and hatching.
    halo: str = ""
    # Empty: the chart's font size.
    size: int = 0


@dataclass(frozen=True)
class Polyline:
    points: tuple[tuple[float, float], ...]
    dash: str = ""

    @property
    def coordinates(self) -> str:
        """The points as SVG writes them: "x,y x,y …"."""
        return " ".join(f"{x:g},{y:g}" for x, y in self.points)


@dataclass(frozen=True)
class Marker:
    """A point's mark centred on (x, y): a circle, a square, a triangle or a diamond."""

    shape: str
    x: float
    y: float

    @property
    def left(self) -> float:
        return px(self.x - 5)

    @property
    def top(self) -> float:
        return px(self.y - 5)

    @property
    def outline(self) -> str:
        """The triangle's or the diamond's path."""
        x, y = self.x, self.y
        if self.shape == "triangle":
            corners = ((x, y - 6), (x + 6, y + 5), (x - 6, y + 5))
        else:
            corners = ((x, y - 6), (x + 6, y), (x, y + 6), (x - 6, y))
        return "M" + " L".join(f"{px(cx):g} {px(cy):g}" for cx, cy in corners) + " Z"


@dataclass(frozen=True, kw_only=True)
class Chart:
    """What every chart's <svg> carries; `left` moves the view box's origin to make room for
    marks drawn left of 0."""

    template: ClassVar[str]
    # The colours of the marks every chart draws alike: lines, markers and their insides.
    ink: ClassVar[str] = INK
    paper: ClassVar[str] = WHITE
    id: str
    title: str
    description: str
    width: float
    height: float
    left: float = 0
    font_size: int = 13
    # Wide charts stop growing at their natural width; narrow ones (0) are sized by the page.
    max_width: float = 0
    patterns: tuple[Pattern, ...] = ()

    @property
    def view_box(self) -> str:
        return f"{self.left:g} 0 {self.width:g} {self.height:g}"

    @property
    def font_family(self) -> str:
        return FONT

    @property
    def width_attribute(self) -> str:
        """The SVG's width: its natural width, which the page's CSS caps at the column's
        (svg.chart's max-width: 100%), or the column's. An attribute, not a style, so a
        Content-Security-Policy without 'unsafe-inline' styles lets it through."""
        return f"{self.max_width:g}" if self.max_width else "100%"
