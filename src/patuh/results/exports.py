"""Result exports: scores per level from a snapshot, and raw answers (office staff only).

Both stream their rows (patuh.lib.exports) in a fixed number of queries, however many rows. A
snapshot's scores as XLSX are written once and kept in storage (`stored_xlsx`). The
column descriptions are the data dictionary, served beside the downloads and written out in
docs/results-exports.md. Nothing here names a visit, an enumerator or a location except the raw
answers' `answered_by` and `note`, which only office staff can export.
"""

import datetime as dt
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Case, Max, Q, When
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from patuh.assessments.models import Answer, Cycle
from patuh.audit.models import AuditEvent
from patuh.lib.exports import Column, Export, write_xlsx_export
from patuh.registry.models import Provider, ServiceProduct, ServiceUnit, Website
from patuh.results.models import StoredExport
from patuh.results.queries import scored_levels
from patuh.scoring.engine import LEVEL_ORDER
from patuh.scoring.models import ScoreSnapshot, SubjectScore

SCORE_COLUMNS = (
    Column("cycle", _("The cycle's code.")),
    Column("snapshot", _("The score snapshot's number; every number comes from it.")),
    Column("snapshot_kind", _("official, or preliminary (counts submissions under review).")),
    Column("level", _("region, provider, unit, product or website.")),
    Column(
        "path",
        _(
            "The subject as codes from the region down: region/provider/unit/product,"
            " region/provider/website; a region's path is its Kemendagri code."
        ),
    ),
    Column("region_code", _("Kemendagri code of the region (the provider's location).")),
    Column("provider_code", _("The provider's code; empty for a region.")),
    Column("code", _("The subject's own code (last part of the path).")),
    Column("name", _("The subject's name when the snapshot was computed.")),
    Column("parent_path", _("Path of the subject whose score this one counts towards.")),
    Column(
        "score",
        _("The score on the instrument's scale, rounded as it says; empty when incomplete."),
    ),
    Column("scale_max", _("Top of the instrument's scale (100 for the Ombudsman).")),
    Column("band", _("The band's code (e.g. hijau); empty without a score.")),
    Column("band_label", _("The band's name (predicate).")),
    Column("zone", _("red, yellow or green; empty without a score.")),
    Column("complete", _("false when an answer is missing here or anywhere below.")),
    Column("products", _("Service products assessed at or below this subject.")),
    Column("answered", _("Own indicators answered, including not applicable.")),
    Column("not_applicable", _("Own indicators answered not applicable.")),
    Column("missing", _("Codes of own indicators not answered, separated by spaces.")),
    Column(
        "failed",
        _("Codes of own indicators answered with less than full points, separated by spaces."),
    ),
)
# For instruments that give the Ombudsman's opinion (opini-2025), after the score columns.
OPINION_COLUMNS = (
    Column(
        "compliance",
        _(
            "Level of compliance with the Ombudsman's supervision products (tinggi, sedang,"
            " rendah), own or the nearest above; empty where none is given."
        ),
    ),
    Column(
        "opinion",
        _(
            "The Ombudsman's opinion (regions and providers with a compliance level of their"
            " own), as worded when the snapshot was computed; empty otherwise."
        ),
    ),
)
DIMENSION_PREFIX = "dim."


def snapshot_label(snapshot: ScoreSnapshot) -> str:
    """The snapshot in a file name: its kind and when it was computed (local time), so files
    of different snapshots never share a name."""
    return f"{snapshot.kind}-{localtime(snapshot.computed_at):%Y%m%d-%H%M}"


class ScoresExport(Export):
    """One row per scored subject of a snapshot: scores per level, dimension scores last.

    `levels` narrows the rows to some levels; `path` to one provider and what lies beneath it.
    """

    sheet_title = "scores"

    def __init__(
        self,
        snapshot: ScoreSnapshot,
        *,
        language: str,
        levels: tuple[str, ...] = LEVEL_ORDER,
        path: str = "",
    ):
        self.snapshot = snapshot
        self.instrument = snapshot.instrument_version.parsed
        self.language = language
        # Levels the instrument gives no score at (PEKPPP: products, websites) have no rows.
        scored = scored_levels(self.instrument)
        self.levels = tuple(level for level in levels if level in scored)
        self.path = path
        # e.g. kepatuhan-2024-scores-official-20240701-0930-disdukcapil-a-product
        parts = [snapshot.cycle.code, "scores", snapshot_label(snapshot)]
        if path:
            parts.append(path.split("/")[1])
        if len(self.levels) == 1:
            parts.append(self.levels[0])
        self.name = "-".join(parts)
        self.with_opinions = self.instrument.opinion is not None
        self.columns = (
            SCORE_COLUMNS
            + (OPINION_COLUMNS if self.with_opinions else ())
            + tuple(
                Column(
                    DIMENSION_PREFIX + code,
                    _("Score of the dimension “%(title)s” (own indicators), on the same scale.")
                    % {"title": dimension.title.get(language)},
                )
                for code, dimension in self.instrument.dimensions.items()
            )
        )

    def rows(self) -> Iterator[tuple]:
        bands = {band.code: band.label.get(self.language) for band in self.instrument.bands}
        dimensions = list(self.instrument.dimensions)
        scores = SubjectScore.objects.filter(snapshot=self.snapshot, level__in=self.levels)
        if self.path:
            scores = scores.filter(Q(path=self.path) | Q(path__startswith=self.path + "/"))
        # Regions first, then down the levels, each in path order.
        order = Case(*(When(level=level, then=n) for n, level in enumerate(reversed(LEVEL_ORDER))))
        fields = (
            "level", "path", "name", "parent_path", "score", "band", "zone", "complete",
            "products", "answered", "not_applicable", "missing", "shortfalls", "dimensions",
            "compliance", "opinion", "opinion_en",
        )  # fmt: skip
        rows = scores.order_by(order, "path").values_list(*fields).iterator(chunk_size=5000)
        quantize = self.instrument.quantize
        english = self.language.startswith("en")
        for (
            level, path, name, parent, score, band, zone, complete, products, answered,
            not_applicable, missing, shortfalls, scored_dimensions, compliance, opinion,
            opinion_en,
        ) in rows:  # fmt: skip
            parts = path.split("/")
            yield (
                self.snapshot.cycle.code,
                self.snapshot.pk,
                self.snapshot.kind,
                level,
                path,
                parts[0],
                parts[1] if len(parts) > 1 else "",
                parts[-1],
                name,
                parent,
                None if score is None else quantize(score),
                self.instrument.scale_max,
                band,
                bands.get(band, ""),
                zone,
                complete,
                products,
                answered,
                not_applicable,
                " ".join(missing),
                " ".join(sorted(shortfalls)),
                *(
                    (compliance, opinion_en if english and opinion_en else opinion)
                    if self.with_opinions
                    else ()
                ),
                *(_decimal(scored_dimensions.get(code)) for code in dimensions),
            )


def stored_xlsx(export: ScoresExport) -> StoredExport:
    """The export as an XLSX file kept in storage, written on the first request for it.

    A snapshot never changes, so its workbook is written once per selection (levels,
    provider) and language, and served from storage afterwards.
    """
    key = f"{export.name}.xlsx?language={export.language}&levels={','.join(export.levels)}"
    stored = StoredExport.objects.filter(snapshot=export.snapshot, key=key).first()
    if stored is not None:
        return stored
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as spool:
        write_xlsx_export(export, Path(spool.name))
        return keep_export(export.snapshot, key, f"{export.name}.xlsx", File(spool))


def keep_export(snapshot: ScoreSnapshot, key: str, name: str, content: File) -> StoredExport:
    """Keep `content` as the snapshot's file for `key`; if a concurrent request kept one first,
    that one is returned and `content` is not kept.

    Each request saves its own file under a name storage makes unique, and the row that makes
    a file the one served is saved only once its file is complete: no reader ever gets a
    partial file, whichever request wins.
    """
    stored = StoredExport(snapshot=snapshot, key=key)
    stored.file.save(f"snapshot-{snapshot.pk}/{name}", content, save=False)
    try:
        with transaction.atomic():
            stored.save()
    except IntegrityError:
        stored.file.delete(save=False)
        return StoredExport.objects.get(snapshot=snapshot, key=key)
    return stored


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


ANSWER_COLUMNS = (
    Column("cycle", _("The cycle's code.")),
    Column("level", _("product, unit, website or provider: the level of the subject answered.")),
    Column("path", _("The subject as codes from the region down (as in the scores export).")),
    Column("region_code", _("Kemendagri code of the provider's region.")),
    Column("provider_code", _("The provider's code.")),
    Column("unit_code", _("The service unit's code, for unit and product answers.")),
    Column("product_code", _("The service product's code, for product answers.")),
    Column("website_code", _("The website's code, for website answers.")),
    Column("indicator", _("The indicator's code in the cycle's instrument.")),
    Column("value", _("The answer as stored: an option code, yes/no, a number or na.")),
    Column("source", _("manual, fieldwork, automatic or override.")),
    Column("answered_at", _("When the answer was given (ISO 8601 with time zone).")),
    Column("answered_by", _("Username of who gave or approved the answer.")),
    Column("note", _("The note kept with the answer.")),
)


def answers_changed_at(cycle: Cycle) -> dt.datetime:
    """When the cycle's answers last changed: the newest answer, or the newest audited change
    of one (a deletion leaves no answer behind); the epoch when there is none."""
    newest = Answer.objects.filter(cycle=cycle).aggregate(at=Max("answered_at"))["at"]
    changed = AuditEvent.objects.filter(
        cycle_id=cycle.pk, object_type="assessments.answer"
    ).aggregate(at=Max("at"))["at"]
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    return max(newest or epoch, changed or epoch)


class AnswersExport(Export):
    """The cycle's official answers as stored now, one row per answer, with codes.

    Paths are built from maps of the cycle's providers, units, products and websites read once,
    so the query count does not grow with the rows.
    """

    sheet_title = "answers"
    columns = ANSWER_COLUMNS

    def __init__(self, cycle: Cycle):
        self.cycle = cycle
        self.name = f"{cycle.code}-answers"

    def count(self) -> int:
        return Answer.objects.filter(cycle=self.cycle).count()

    def rows(self) -> Iterator[tuple]:
        providers = {
            pk: (region, code)
            for pk, region, code in Provider.objects.filter(cycles=self.cycle).values_list(
                "pk", "region__code", "code"
            )
        }
        units = {
            pk: (provider, code)
            for pk, provider, code in ServiceUnit.objects.filter(
                provider__cycles=self.cycle
            ).values_list("pk", "provider_id", "code")
        }
        products = {
            pk: (unit, code)
            for pk, unit, code in ServiceProduct.objects.filter(
                unit__provider__cycles=self.cycle
            ).values_list("pk", "unit_id", "code")
        }
        websites = {
            pk: (provider, code)
            for pk, provider, code in Website.objects.filter(
                provider__cycles=self.cycle
            ).values_list("pk", "provider_id", "code")
        }
        answers = (
            Answer.objects.filter(cycle=self.cycle)
            .order_by("pk")
            .values_list(
                "level",
                "provider_id",
                "unit_id",
                "product_id",
                "website_id",
                "indicator",
                "value",
                "source",
                "answered_at",
                "answered_by__username",
                "note",
            )
        )
        for (
            level, provider_id, unit_id, product_id, website_id, indicator, value, source,
            answered_at, answered_by, note,
        ) in answers.iterator(chunk_size=5000):  # fmt: skip
            unit_code = product_code = website_code = ""
            if product_id is not None:
                unit_id, product_code = products.get(product_id, (None, "?"))
            if website_id is not None:
                provider_id, website_code = websites.get(website_id, (None, "?"))
            if unit_id is not None:
                provider_id, unit_code = units.get(unit_id, (None, "?"))
            region_code, provider_code = providers.get(provider_id, ("?", "?"))
            below = [code for code in (unit_code, product_code, website_code) if code]
            yield (
                self.cycle.code,
                level,
                "/".join([region_code, provider_code, *below]),
                region_code,
                provider_code,
                unit_code,
                product_code,
                website_code,
                indicator,
                value,
                source,
                answered_at,
                answered_by or "",
                note,
            )
