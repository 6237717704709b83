"""A provider's report card ("rapor"), built from one stored score snapshot alone.

Every number, the failed indicators (SubjectScore.shortfalls) and the missing ones come from the
snapshot, and so do the provider's name, its kind and region (codes) and its peers; indicator
texts, components, recommended fixes, bands and dimension titles come from the instrument version
pinned on it. Regenerating a card from the same released snapshot gives the same card, whatever
happened to the registry or the cycle's scope since (until released, the latest official snapshot
follows review approvals: patuh.scoring.incremental).
"""

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.utils.translation import gettext as _

from patuh.assessments.models import Level
from patuh.fieldwork.queries import card_photos
from patuh.instruments.definition import Instrument
from patuh.results.figures import ZONE_ORDER, Figure, decimal, value_figure, zone_names
from patuh.results.queries import (
    answer_label,
    from_snapshot_cache,
    kind_labels,
    label_scores,
    provider_code,
    region_names,
    scored_levels,
)
from patuh.scoring.models import ScoreSnapshot, SubjectScore


@dataclass
class Failure:
    """An indicator answered with less than full points, with what the agency should do."""

    code: str
    question: str
    component: str
    answer: str
    fix: str
    critical: bool
    # The photos behind the answer (approved fieldwork evidence), metadata-free copies only.
    photos: list = field(default_factory=list)


@dataclass
class CardSubject:
    level: str
    name: str
    score: SubjectScore
    failures: list[Failure]
    # (dimension title, score) of the subject's own indicators, in the instrument's order.
    dimensions: list[tuple[str, str]]
    children: list["CardSubject"] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        return self.score.missing

    @property
    def failures_by_answer(self) -> list[tuple[str, list[Failure]]]:
        """(what was found, the failures where it was), in the order answers first appear."""
        groups: dict[str, list[Failure]] = {}
        for failure in self.failures:
            groups.setdefault(failure.answer, []).append(failure)
        return list(groups.items())

    @property
    def label(self) -> str:
        """The subject's level and name, a website by its host (without the scheme)."""
        name = self.name
        if self.level == Level.WEBSITE:
            name = name.split("://", 1)[-1].rstrip("/")
        return f"{_level_names()[self.level]}: {name}"


@dataclass
class ReportCard:
    snapshot: ScoreSnapshot
    instrument: Instrument
    # The provider's code, name, kind and region (names of the last two) as the snapshot has it.
    code: str
    name: str
    kind: str
    region: str
    score: SubjectScore
    # Rank among the snapshot's providers of the same kind in the same region (ties share one).
    rank: int | None
    peers: int
    own: CardSubject | None
    units: list[CardSubject]
    websites: list[CardSubject]

    def photos(self) -> list:
        """Every photo shown on the card."""
        return [
            photo
            for subject in self.subjects()
            for failure in subject.failures
            for photo in failure.photos
        ]

    def subjects(self) -> list[CardSubject]:
        """Every subject of the card, the provider's own indicators first, products under units."""
        listed = [self.own] if self.own else []
        for unit in self.units:
            listed += [unit, *unit.children]
        return listed + self.websites

    @property
    def dimension_subjects(self) -> list[CardSubject]:
        """The subjects whose own indicators have dimension scores, products aside."""
        return [s for s in self.subjects() if s.level != Level.PRODUCT and s.dimensions]

    # Cached: the findings tables ask for each row, and the answers cannot change.
    @cached_property
    def has_products(self) -> bool:
        return Level.PRODUCT in scored_levels(self.instrument)

    @cached_property
    def has_components(self) -> bool:
        """Whether any indicator names a service-standard component (PEKPPP's do not)."""
        return any(indicator.component for indicator in self.instrument.indicators.values())

    @cached_property
    def has_fixes(self) -> bool:
        """Whether any indicator recommends a fix (PEKPPP's rubrics say what each level means
        instead)."""
        return any(indicator.fix for indicator in self.instrument.indicators.values())

    @cached_property
    def has_fix_column(self) -> bool:
        """Whether the findings show a fix column: fixes to recommend, or photos to show."""
        return self.has_fixes or bool(self.photos())

    @property
    def columns(self) -> int:
        """How many columns a findings table has."""
        return 2 + self.has_components + self.has_fix_column

    @cached_property
    def shortfall_indicators(self) -> list[Failure]:
        """One failure of each indicator that fell short anywhere on the card, in the
        instrument's order: what the printed card explains once rather than in every row."""
        first = {}
        for subject in self.subjects():
            for failure in subject.failures:
                first.setdefault(failure.code, failure)
        key = _code_order(self.instrument)
        return sorted(first.values(), key=lambda failure: key(failure.code))

    @property
    def failure_count(self) -> int:
        return sum(len(subject.failures) for subject in self.subjects())

    @property
    def missing_count(self) -> int:
        return sum(len(subject.missing) for subject in self.subjects())

    def breakdown_figure(self) -> Figure:
        subjects = [s for s in self.subjects() if s.level != Level.PROVIDER]
        # A score without a zone (PEKPPP) is drawn plain; "none" marks the incomplete.
        styles = [
            subject.score.zone or ("none" if subject.score.score is None else "plain")
            for subject in subjects
        ]
        items = [
            (
                subject.label,
                float(subject.score.score or 0),
                _("incomplete") if subject.score.score is None else decimal(subject.score.score),
                # The band in words: the bar's colour and hatching are not the only sign of it.
                subject.score.band_label or "—",
            )
            for subject in subjects
        ]
        levels = scored_levels(self.instrument)
        if Level.PRODUCT in levels or Level.WEBSITE in levels:
            caption = _("Score of each unit, service product and website")
        else:
            caption = _("Score of each service unit")
        return value_figure(
            items,
            chart_id="breakdown",
            caption=caption,
            description=_("Scores on the instrument's scale of %(max)s.")
            % {"max": decimal(self.instrument.scale_max, 0)},
            headers=[_("Subject"), _("Score"), _("Predicate")],
            max_value=float(self.instrument.scale_max),
            styles=styles,
            legend_items=[(style, zone_names()[style]) for style in ZONE_ORDER if style in styles],
        )


def _level_names() -> dict[str, str]:
    return {
        Level.UNIT: _("Unit"),
        Level.PRODUCT: _("Product"),
        Level.WEBSITE: _("Website"),
        Level.PROVIDER: _("Provider"),
    }


def report_card(snapshot: ScoreSnapshot, provider_id: int, language: str) -> ReportCard | None:
    """The report card of the provider `provider_id` in `snapshot`; None when it has no scores
    there. Cached (patuh.results.queries.from_snapshot_cache); a missing card is looked for
    again each time, in one query."""
    return from_snapshot_cache(
        snapshot,
        f"card:{provider_id}:{language}",
        lambda: _report_card(snapshot, provider_id, language),
    )


def _report_card(snapshot: ScoreSnapshot, provider_id: int, language: str) -> ReportCard | None:
    """The report card of the provider `provider_id` in `snapshot`; None when it has no scores
    there.

    Steps:
    1. the provider's row, which names it, its kind and (first in its path) its region;
    2. the rows beneath it: units, products, websites;
    3. the scores of its peers (same kind, same region) for the rank;
    4. the names of its kind and region, looked up by their codes;
    5. the photos behind its answers (three queries).
    """
    instrument = snapshot.instrument_version.parsed
    provider = SubjectScore.objects.filter(
        snapshot=snapshot, level=Level.PROVIDER, subject_id=provider_id
    ).first()
    if provider is None:
        return None
    # Levels the instrument does not score (PEKPPP: products, websites) have no place on a card.
    below = (
        SubjectScore.objects.filter(snapshot=snapshot, level__in=scored_levels(instrument))
        .filter(path__startswith=provider.path + "/")
        .order_by("name", "pk")
    )
    rows = [provider, *below]
    label_scores(rows, instrument, language)
    rank, peers = _rank(snapshot, provider)
    region = provider.path.split("/")[0]
    photos = card_photos(snapshot, provider_id)
    subjects = {row.path: _subject(row, instrument, language, photos) for row in rows}
    for subject in subjects.values():
        parent = subjects.get(subject.score.parent_path)
        if subject.level == Level.PRODUCT and parent is not None:
            parent.children.append(subject)
    mine = subjects[provider.path]
    return ReportCard(
        snapshot=snapshot,
        instrument=instrument,
        code=provider_code(provider.path),
        name=provider.name,
        kind=kind_labels({provider.kind}, language)[provider.kind],
        region=region_names({region})[region],
        score=provider,
        rank=rank,
        peers=peers,
        own=mine if instrument.indicators_at(Level.PROVIDER) else None,
        units=[s for s in subjects.values() if s.level == Level.UNIT],
        websites=[s for s in subjects.values() if s.level == Level.WEBSITE],
    )


def _subject(row: SubjectScore, instrument: Instrument, language: str, photos) -> CardSubject:
    failures = []
    key = _code_order(instrument)
    for code, value in sorted(row.shortfalls.items(), key=lambda item: key(item[0])):
        indicator = instrument.indicators.get(code)
        if indicator is None:
            failures.append(Failure(code, "", "", value, "", critical=False))
            continue
        failures.append(
            Failure(
                code=code,
                question=indicator.text.get(language),
                component=indicator.component,
                answer=answer_label(indicator, value, language),
                fix=indicator.fix.get(language) if indicator.fix else "",
                critical=indicator.critical,
                photos=photos.get((row.level, row.subject_id, code), []),
            )
        )
    dimensions = [
        (dimension.title.get(language), decimal(Decimal(row.dimensions[code])))
        for code, dimension in instrument.dimensions.items()
        if code in row.dimensions
    ]
    return CardSubject(row.level, row.name, row, failures, dimensions)


def _code_order(instrument: Instrument):
    """Sort key of indicator codes in the instrument's order ("2.a.P" before "10.b.As");
    codes it does not know come last."""
    order = {code: number for number, code in enumerate(instrument.indicators)}
    return lambda code: (order.get(code, len(order)), code)


def _rank(snapshot: ScoreSnapshot, provider: SubjectScore) -> tuple[int | None, int]:
    """The provider's rank among the snapshot's providers of its kind and region, and how
    many there are."""
    region = provider.path.split("/")[0]
    scores = list(
        SubjectScore.objects.filter(
            snapshot=snapshot,
            level=Level.PROVIDER,
            kind=provider.kind,
            path__startswith=region + "/",
        ).values_list("score", flat=True)
    )
    if provider.score is None:
        return None, len(scores)
    better = sum(1 for other in scores if other is not None and other > provider.score)
    return better + 1, len(scores)
