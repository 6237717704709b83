"""What a cycle's dashboard and regional summary show, all read from one score snapshot.

Zone counts and regions come from the ranking's rows (already read); completeness and the most
failed indicators take one query each, however large the cycle.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from patuh.assessments.models import Level
from patuh.instruments.definition import Aggregation, Indicator, Instrument
from patuh.lib import charts
from patuh.results.figures import Figure, decimal, value_figure, zone_figure
from patuh.results.queries import RankingRow, band_labels
from patuh.scoring.models import ScoreSnapshot, SubjectScore


def zone_groups(rows: list[RankingRow], key) -> list[tuple[str, dict[str, int]]]:
    """Providers per zone for each group named by `key(row)`, groups in name order."""
    groups: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        groups[key(row)][row.score.zone or "none"] += 1
    return sorted((label, dict(counts)) for label, counts in groups.items())


def zone_figures(rows: list[RankingRow]) -> list[Figure]:
    return [
        zone_figure(
            zone_groups(rows, lambda row: row.region),
            chart_id="zones-by-region",
            caption=_("Providers per zone in each regency or city"),
        ),
        zone_figure(
            zone_groups(rows, lambda row: row.kind),
            chart_id="zones-by-kind",
            caption=_("Providers per zone for each agency kind"),
        ),
    ]


def band_figure(
    instrument: Instrument,
    bands: Iterable[str],
    language: str,
    *,
    chart_id: str,
    caption: str,
    description: str,
    header: str,
) -> Figure:
    """How many subjects are in each band (codes in `bands`), the best band first; every band
    is listed, empty or not. For instruments whose bands have no zones (PEKPPP categories)."""
    counts = Counter(bands)
    labels = band_labels(instrument, language)
    items = [(labels[band.code], counts.get(band.code, 0)) for band in reversed(instrument.bands)]
    chart = charts.bar_chart(
        [charts.Bar(label, (charts.Segment(count),), str(count)) for label, count in items],
        chart_id=chart_id,
        title=caption,
        description=description,
        max_value=max(1, *(count for _label, count in items)),
    )
    rows = [[label, str(count)] for label, count in items]
    return Figure(chart, caption, [_("Category"), header], rows)


def category_figures(rows: list[RankingRow], instrument: Instrument, language: str) -> list[Figure]:
    """The zone charts' counterpart for instruments without zones: providers per category."""
    return [
        band_figure(
            instrument,
            (row.score.band for row in rows if row.score.band),
            language,
            chart_id="categories",
            caption=_("Providers per category"),
            description=_("Number of providers in each category; incomplete ones are left out."),
            header=_("Providers"),
        )
    ]


@dataclass
class Completeness:
    label: str
    planned: int
    assessed: int

    @property
    def percent(self) -> float:
        return 100 * self.assessed / self.planned if self.planned else 0.0


@dataclass
class CompletenessReport:
    """Subjects assessed of planned overall, per region (by location), and under every path."""

    total: Completeness
    per_region: list[Completeness]
    # Path (a region's code, a provider's region/provider, ...) → subjects of the level below it.
    by_path: dict[str, Completeness]

    def attach(self, scores: Iterable[SubjectScore]) -> None:
        """Give each score row the figure of its path, for the "assessed of planned" column, so
        a provider's or region's figure is the one the completeness chart adds up."""
        for score in scores:
            score.assessed_of_planned = self.by_path.get(score.path) or Completeness(
                score.path, 0, 0
            )


def completeness(
    snapshot: ScoreSnapshot, region_names: dict[str, str], level: str = Level.PRODUCT
) -> CompletenessReport:
    """Subjects of `level` assessed (every answer in) against those in scope, overall, per
    region and under every path: products, or units for instruments that score no products.

    A subject's region is the first code of its path: where its provider is located. The same
    count, from one query, gives every "assessed of planned" figure on the dashboard, so they
    always agree.
    """
    planned: Counter = Counter()
    assessed: Counter = Counter()
    rows = SubjectScore.objects.filter(snapshot=snapshot, level=level).values_list(
        "path", "complete"
    )
    for path, complete in rows.iterator(chunk_size=5000):
        parts = path.split("/")
        # Every path above the subject: region, region/provider, region/provider/unit.
        for end in range(1, len(parts)):
            prefix = "/".join(parts[:end])
            planned[prefix] += 1
            assessed[prefix] += complete
    by_path = {path: Completeness(path, planned[path], assessed[path]) for path in planned}
    regions = [path for path in planned if "/" not in path]
    per_region = sorted(
        (
            Completeness(region_names.get(code, code), planned[code], assessed[code])
            for code in regions
        ),
        key=lambda item: item.label,
    )
    total = Completeness(
        _("All regions"),
        sum(planned[code] for code in regions),
        sum(assessed[code] for code in regions),
    )
    return CompletenessReport(total, per_region, by_path)


def completeness_figure(per_region: list[Completeness], level: str = Level.PRODUCT) -> Figure:
    if level == Level.UNIT:
        caption = _("Units assessed of those planned, per regency or city")
        description = _("Share of the service units in scope with every answer in.")
    else:
        caption = _("Products assessed of those planned, per regency or city")
        description = _("Share of the service products in scope with every answer in.")
    return value_figure(
        [
            (
                item.label,
                item.percent,
                f"{decimal(item.percent, 0)}% ({item.assessed}/{item.planned})",
            )
            for item in per_region
        ],
        chart_id="completeness",
        caption=caption,
        description=description,
        headers=[_("Regency/city"), _("Assessed")],
        max_value=100,
    )


@dataclass
class FailedCount:
    indicator: Indicator
    failed: int
    # Subjects of the indicator's level assessed in the snapshot.
    subjects: int

    @property
    def percent(self) -> float:
        return 100 * self.failed / self.subjects if self.subjects else 0.0


def most_failed(snapshot: ScoreSnapshot, limit: int = 10) -> list[FailedCount]:
    """The indicators answered with less than full points most often, most first, among the
    subjects assessed (every answer in, as the completeness counts them): a subject not yet
    assessed neither fails nor passes."""
    instrument = snapshot.instrument_version.parsed
    failed: Counter = Counter()
    assessed = SubjectScore.objects.filter(snapshot=snapshot, complete=True)
    shortfalls = assessed.exclude(shortfalls={}).values_list("shortfalls", flat=True)
    for codes in shortfalls.iterator(chunk_size=5000):
        failed.update(codes.keys())
    per_level = dict(
        assessed.values_list("level").annotate(count=Count("pk")).values_list("level", "count")
    )
    counts = []
    for code, count in failed.items():
        indicator = instrument.indicators.get(code)
        if indicator is not None:
            counts.append(FailedCount(indicator, count, per_level.get(indicator.level, 0)))
    counts.sort(key=lambda item: (-item.percent, item.indicator.code))
    return counts[:limit]


def most_failed_figure(counts: list[FailedCount]) -> Figure:
    return value_figure(
        [
            (
                f"{item.indicator.code} {item.indicator.component}".strip(),
                item.percent,
                f"{decimal(item.percent, 0)}% ({item.failed}/{item.subjects})",
            )
            for item in counts
        ],
        chart_id="most-failed",
        caption=_("Indicators failed most often"),
        description=_(
            "Share of the assessed subjects asked an indicator that got less than full points"
            " for it."
        ),
        headers=[_("Indicator"), _("Failed")],
        max_value=100,
        style="red",
    )


@dataclass
class RegionSummary:
    score: SubjectScore
    # Providers of the region's own government: what its score aggregates.
    counted: list[RankingRow] = field(default_factory=list)
    # Providers located in the region that belong to another government (vertical offices).
    located: list[RankingRow] = field(default_factory=list)


def region_summaries(regions: list[SubjectScore], rows: list[RankingRow]) -> list[RegionSummary]:
    """Each scored region with the providers its score counts and the others located there."""
    summaries = {region.path: RegionSummary(region) for region in regions}
    for row in rows:
        if row.score.parent_path in summaries:
            summaries[row.score.parent_path].counted.append(row)
        elif row.region_code in summaries:
            summaries[row.region_code].located.append(row)
    return list(summaries.values())


def rule_text(instrument: Instrument, level: str) -> str:
    """How the instrument makes a `level` score, in words."""
    rule: Aggregation | None = instrument.aggregation.get(level)
    if rule is None:
        return _("The instrument gives no score at this level.")
    if rule.rule == "points":
        return _("Points earned over the applicable points of its own indicators.")
    if rule.rule == "dimensions":
        return _("The sum of its dimension scores, each weighted as the instrument sets.")
    names = {
        "product": _("service products"),
        "unit": _("service units"),
        "website": _("websites"),
        "provider": _("providers of its own government"),
    }
    if rule.rule == "descendant_mean":
        return _("The plain mean of the scores of all its %(children)s.") % {
            "children": names[rule.of]
        }
    parts = []
    for child, weight in rule.children.items():
        if weight == "products":
            parts.append(
                _("%(children)s weighted by products assessed") % {"children": names[child]}
            )
        else:
            parts.append(
                _("%(children)s, each with weight %(weight)s")
                % {"children": names[child], "weight": weight}
            )
    if rule.own_weight == "children" or rule.own_weight:
        parts.append(_("its own indicators"))
    return _("Mean of %(parts)s.") % {"parts": "; ".join(parts)}
