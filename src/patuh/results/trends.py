"""Scores across cycles for one provider or one region, comparable across instruments.

Scores of different instruments are on different scales with different bands, so every point
also carries its normalised score (score / the instrument's scale_max, as a percentage) and the
instrument (code and version) that made it. A delta in points is given only between two cycles
of the same instrument, or of instruments that share their scale and their band table (PEKPPP
under 17/2017 and under 29/2022: both an index on 0–5 with categories A … F); the normalised
delta is always comparable. Bands differ between instruments (the Ombudsman's zones until 2021,
its opinions A … E since 2022), so each point also names its band's zone, the common ground.
"""

import itertools
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from patuh.access.results import Results
from patuh.instruments.definition import Instrument
from patuh.lib import charts
from patuh.results.figures import Figure, decimal, zone_names
from patuh.results.queries import band_labels, score_label
from patuh.scoring.models import SubjectScore

HUNDRED = Decimal(100)


@dataclass
class TrendPoint:
    results: Results
    score: SubjectScore
    instrument: str
    version: int
    scale_max: Decimal
    band_label: str
    # The scale and the band table: points that share it compare in points and bands.
    scale: tuple
    # Change since the previous point: in points (same instrument only) and normalised.
    delta: Decimal | None = None
    delta_normalised: Decimal | None = None

    @property
    def normalised(self) -> Decimal | None:
        if self.score.score is None:
            return None
        return (HUNDRED * self.score.score / self.scale_max).quantize(Decimal("0.01"))

    @property
    def label(self) -> str:
        """The point's name on a chart: the year, with the cycle's code when years repeat."""
        return str(self.results.cycle.year)

    @property
    def zone_label(self) -> str:
        """The band's zone by name ("Green zone"); empty without a score or a zone."""
        return zone_names()[self.score.zone] if self.score.zone else ""


def with_zones(points: list[TrendPoint]) -> bool:
    """Whether the points' bands have zones to compare them by (PEKPPP's categories have none)."""
    return any(point.zone_label for point in points)


def scale_of(instrument: Instrument) -> tuple:
    """What makes two instruments' scores comparable in points: the scale and the bands."""
    bands = tuple((band.code, band.lower, band.upper) for band in instrument.bands)
    return (instrument.scale_min, instrument.scale_max, bands)


def _point(results: Results, score: SubjectScore, language: str) -> TrendPoint:
    instrument = results.snapshot.instrument_version.parsed
    labels = band_labels(instrument, language)
    return TrendPoint(
        results=results,
        score=score,
        instrument=instrument.id,
        version=results.snapshot.instrument_version.number,
        scale_max=instrument.scale_max,
        band_label=score_label(score, labels, language),
        scale=scale_of(instrument),
    )


def _comparable(previous: TrendPoint, point: TrendPoint) -> bool:
    same_instrument = (point.instrument, point.scale_max) == (
        previous.instrument,
        previous.scale_max,
    )
    return same_instrument or point.scale == previous.scale


def _with_deltas(points: list[TrendPoint]) -> list[TrendPoint]:
    for previous, point in itertools.pairwise(points):
        if point.normalised is not None and previous.normalised is not None:
            point.delta_normalised = point.normalised - previous.normalised
            if _comparable(previous, point):
                point.delta = point.score.score - previous.score.score
    return points


def subject_trend(
    results: list[Results], level: str, subject_id: int, language: str
) -> list[TrendPoint]:
    """The subject's score in each of `results` (oldest first) that scored it, in one query."""
    by_snapshot = {r.snapshot.pk: r for r in results}
    rows = SubjectScore.objects.filter(
        snapshot__in=list(by_snapshot), level=level, subject_id=subject_id
    )
    scores = {row.snapshot_id: row for row in rows}
    points = [
        _point(r, scores[r.snapshot.pk], language) for r in results if r.snapshot.pk in scores
    ]
    return _with_deltas(points)


def trend_figure(points: list[TrendPoint], *, caption: str, native: bool = False) -> Figure:
    """A line of normalised scores, each point labelled; band bounds drawn when every point
    shares one scale and band table. With `native`, and such a shared scale, the line is drawn
    on the instrument's own scale (a PEKPPP index on 0–5) instead."""
    labels = _unique_labels(points)
    shared = points[0].results.snapshot.instrument_version.parsed if points else None
    if shared is None or any(p.scale != points[0].scale for p in points):
        shared = None
    native = native and shared is not None
    if native:
        low, high = float(shared.scale_min), float(shared.scale_max)
        values = [p.score.score for p in points]
        description = _("Score per cycle on the instrument's scale, with its band bounds.")
    else:
        low, high = 0.0, 100.0
        values = [p.normalised for p in points]
        description = _(
            "Score per cycle as a percentage of the instrument's scale, so that cycles assessed"
            " with different instruments can be compared."
        )
    series = charts.Series(
        caption,
        tuple(
            charts.Point(
                label,
                None if value is None else float(value),
                "—" if value is None else decimal(value),
            )
            for label, value in zip(labels, values, strict=True)
        ),
    )
    guides = []
    if shared is not None:
        guides = [
            (
                float(band.lower if native else HUNDRED * band.lower / shared.scale_max),
                band.code,
            )
            for band in shared.bands[1:]
        ]
    chart = charts.line_chart(
        [series],
        chart_id="trend",
        title=caption,
        description=description,
        x_labels=labels,
        y_min=low,
        y_max=high,
        guides=guides,
    )
    headers = [_("Cycle"), _("Instrument"), _("Score"), _("Normalised (%)"), _("Band")]
    rows = [
        [
            label,
            f"{p.instrument} v{p.version}",
            "—" if p.score.score is None else decimal(p.score.score),
            "—" if p.normalised is None else decimal(p.normalised),
            p.band_label or _("Incomplete"),
        ]
        for label, p in zip(labels, points, strict=True)
    ]
    if with_zones(points):
        headers.append(_("Zone"))
        for row, point in zip(rows, points, strict=True):
            row.append(point.zone_label or "—")
    return Figure(chart, caption, headers, rows, latest_last=True)


def _unique_labels(points: list[TrendPoint]) -> list[str]:
    years = [p.label for p in points]
    return [
        p.label if years.count(p.label) == 1 else f"{p.label} {p.results.cycle.code}"
        for p in points
    ]


@dataclass
class Mover:
    name: str
    code: str
    before: TrendPoint
    after: TrendPoint

    @property
    def change(self) -> Decimal:
        return self.after.delta_normalised


def movers(
    earlier: Results, later: Results, region_code: str, language: str
) -> tuple[list[Mover], list[Mover]]:
    """The region's providers that improved and that declined from `earlier` to `later`.

    Providers counted in the region's score in both snapshots, compared by normalised score,
    the biggest change first; unchanged and incomplete ones are in neither list.
    """
    rows = SubjectScore.objects.filter(
        Q(snapshot=earlier.snapshot) | Q(snapshot=later.snapshot),
        level="provider",
        parent_path=region_code,
    )
    pairs: dict[int, dict[int, SubjectScore]] = {}
    for row in rows:
        pairs.setdefault(row.subject_id, {})[row.snapshot_id] = row
    improved, declined = [], []
    for scores in pairs.values():
        if len(scores) < 2:
            continue
        before = _point(earlier, scores[earlier.snapshot.pk], language)
        after = _point(later, scores[later.snapshot.pk], language)
        _with_deltas([before, after])
        if after.delta_normalised is None or after.delta_normalised == 0:
            continue
        mover = Mover(after.score.name, after.score.path.split("/")[1], before, after)
        (improved if mover.change > 0 else declined).append(mover)
    improved.sort(key=lambda m: (-m.change, m.name))
    declined.sort(key=lambda m: (m.change, m.name))
    return improved, declined


def latest_pair(points: list[TrendPoint]) -> tuple[Results, Results] | None:
    """The two most recent cycles of a trend, to compare who improved."""
    if len(points) < 2:
        return None
    return points[-2].results, points[-1].results
