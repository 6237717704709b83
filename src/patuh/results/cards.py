"""A provider's report card ("rapor"), built from one stored score snapshot alone.

Every number, the failed indicators (SubjectScore.shortfalls) and the missing ones come from the
snapshot; indicator texts, components, recommended fixes, bands and dimension titles come from the
instrument version pinned on it. Regenerating a card from the same snapshot gives the same card.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from patuh.assessments.models import Level
from patuh.fieldwork.queries import card_photos
from patuh.instruments.definition import Instrument
from patuh.registry.models import Provider
from patuh.results.figures import Figure, decimal, value_figure
from patuh.results.queries import answer_label, kind_label, label_scores, scored_levels
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


@dataclass
class ReportCard:
    snapshot: ScoreSnapshot
    instrument: Instrument
    provider: Provider
    kind: str
    score: SubjectScore | None
    # Rank among the providers of the same kind in the same region (ties share a rank).
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
    def has_products(self) -> bool:
        return Level.PRODUCT in scored_levels(self.instrument)

    @property
    def has_components(self) -> bool:
        """Whether any indicator names a service-standard component (PEKPPP's do not)."""
        return any(indicator.component for indicator in self.instrument.indicators.values())

    @property
    def has_fixes(self) -> bool:
        """Whether any indicator recommends a fix (PEKPPP's rubrics say what each level means
        instead)."""
        return any(indicator.fix for indicator in self.instrument.indicators.values())

    @property
    def has_fix_column(self) -> bool:
        """Whether the findings show a fix column: fixes to recommend, or photos to show."""
        return self.has_fixes or bool(self.photos())

    @property
    def columns(self) -> int:
        """How many columns a findings table has."""
        return 2 + self.has_components + self.has_fix_column

    @property
    def failure_count(self) -> int:
        return sum(len(subject.failures) for subject in self.subjects())

    @property
    def missing_count(self) -> int:
        return sum(len(subject.missing) for subject in self.subjects())

    def breakdown_figure(self) -> Figure:
        names = {
            Level.UNIT: _("Unit"),
            Level.PRODUCT: _("Product"),
            Level.WEBSITE: _("Website"),
            Level.PROVIDER: _("Provider"),
        }
        subjects = [s for s in self.subjects() if s.level != Level.PROVIDER]
        items = [
            (
                f"{names[subject.level]}: {subject.name}",
                float(subject.score.score or 0),
                _("incomplete") if subject.score.score is None else decimal(subject.score.score),
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
            headers=[_("Subject"), _("Score")],
            max_value=float(self.instrument.scale_max),
            # A score without a zone (PEKPPP) is drawn plain; "none" marks the incomplete.
            styles=[
                subject.score.zone or ("none" if subject.score.score is None else "plain")
                for subject in subjects
            ],
        )


def report_card(snapshot: ScoreSnapshot, provider: Provider, language: str) -> ReportCard:
    """The report card of `provider` in `snapshot`, in two queries.

    Steps:
    1. the snapshot's rows on the provider's path (the provider, its units, products, websites);
    2. the provider rows of its peers (same kind, same region, in the cycle's scope) for the rank.
    """
    instrument = snapshot.instrument_version.parsed
    # Levels the instrument does not score (PEKPPP: products, websites) have no place on a card.
    rows = list(
        SubjectScore.objects.filter(snapshot=snapshot, level__in=scored_levels(instrument))
        .filter(Q(path=provider.path) | Q(path__startswith=provider.path + "/"))
        .order_by("name", "pk")
    )
    label_scores(rows, instrument, language)
    photos = card_photos(snapshot, provider)
    subjects = {row.path: _subject(row, instrument, language, photos) for row in rows}
    mine = subjects.get(provider.path)
    for path, subject in subjects.items():
        parent = subjects.get(subjects[path].score.parent_path)
        if subject.level == Level.PRODUCT and parent is not None:
            parent.children.append(subject)
    score = mine.score if mine else None
    rank, peers = _rank(snapshot, provider, score)
    return ReportCard(
        snapshot=snapshot,
        instrument=instrument,
        provider=provider,
        kind=kind_label(provider.kind, language),
        score=score,
        rank=rank,
        peers=peers,
        own=mine if mine and instrument.indicators_at(Level.PROVIDER) else None,
        units=[s for s in subjects.values() if s.level == Level.UNIT],
        websites=[s for s in subjects.values() if s.level == Level.WEBSITE],
    )


def _subject(row: SubjectScore, instrument: Instrument, language: str, photos) -> CardSubject:
    failures = []
    # In the instrument's order ("2.a.P" before "10.b.As"); codes it does not know come last.
    order = {code: number for number, code in enumerate(instrument.indicators)}
    for code, value in sorted(
        row.shortfalls.items(), key=lambda item: (order.get(item[0], len(order)), item[0])
    ):
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


def _rank(
    snapshot: ScoreSnapshot, provider: Provider, score: SubjectScore | None
) -> tuple[int | None, int]:
    peers = Provider.objects.filter(
        cycles=snapshot.cycle_id, kind=provider.kind_id, region=provider.region_id
    )
    scores = list(
        SubjectScore.objects.filter(
            snapshot=snapshot, level=Level.PROVIDER, subject_id__in=peers.values("pk")
        ).values_list("score", flat=True)
    )
    if score is None or score.score is None:
        return None, len(scores)
    better = sum(1 for other in scores if other is not None and other > score.score)
    return better + 1, len(scores)
