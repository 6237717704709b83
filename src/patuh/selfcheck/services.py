"""The self-check: when it is open, saving the agency's answers, and what they project.

The answers live in their own models (patuh.selfcheck.models) and are scored here by the same
engine as official answers (patuh.scoring.engine), for one provider at a time; the gap plan to
the next band comes from the pure planner (patuh.scoring.planner). Nothing here writes official
answers or snapshots.
"""

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from patuh.assessments.models import Cycle, Level, Phase
from patuh.audit.services import field_values, save_as_read
from patuh.evidence.refusals import EvidenceRejected
from patuh.evidence.services import Destination, Kind, Upload, store_upload
from patuh.fieldwork.services import FieldworkError
from patuh.fieldwork.services.collecting import (
    AnswerInput,
    ChecklistSection,
    answer_options,
    checked_value,
    subject_of,
    unit_checklist,
)
from patuh.instruments.definition import Band, Indicator, Instrument, Text
from patuh.lib.rows import lock_row
from patuh.registry.models import Provider, ServiceProduct, ServiceUnit
from patuh.scoring.engine import Subject, SubjectScore, score_tallies, tally_answers
from patuh.scoring.planner import Plan, plan_to
from patuh.selfcheck.models import SelfCheck, SelfCheckAnswer, SelfCheckPhoto

# The phases in which agencies prepare: the self-check is open while one of them runs.
OPEN_PHASES = (Phase.Kind.SOSIALISASI, Phase.Kind.PENDAMPINGAN, Phase.Kind.PERBAIKAN)


class SelfCheckError(Exception):
    """The action cannot be done; the message says why, for the person acting."""


@dataclass(frozen=True)
class Window:
    """When a cycle's self-check is open: `open` today, else when it opens next (`opens_on`)
    or when it closed (`closed_on`); both None for a cycle without preparation phases."""

    open: bool
    ends_on: dt.date | None = None
    opens_on: dt.date | None = None
    closed_on: dt.date | None = None


def window(cycle: Cycle, today: dt.date) -> Window:
    """The self-check window of `cycle` on `today`, from its (prefetched) phases."""
    phases = [phase for phase in cycle.phases.all() if phase.kind in OPEN_PHASES]
    running = [phase for phase in phases if phase.runs_on(today)]
    if running:
        return Window(True, ends_on=max(phase.ends_on for phase in running))
    later = [phase.starts_on for phase in phases if phase.starts_on > today]
    if later:
        return Window(False, opens_on=min(later))
    return Window(False, closed_on=max((phase.ends_on for phase in phases), default=None))


def closed_message(found: Window) -> str:
    if found.opens_on is not None:
        return _("The self-check opens on %(date)s.") % {"date": _date(found.opens_on)}
    if found.closed_on is not None:
        return _("The self-check closed on %(date)s; nothing can be saved now.") % {
            "date": _date(found.closed_on)
        }
    return _("This cycle has no self-check period.")


def require_open(cycle: Cycle, now: dt.datetime | None = None) -> dt.datetime:
    """`now` (default: the present) when the self-check is open then; SelfCheckError else."""
    now = now or timezone.now()
    found = window(cycle, timezone.localdate(now))
    if not found.open:
        raise SelfCheckError(closed_message(found))
    return now


def take_turns(unit: ServiceUnit) -> None:
    """Lock the unit until the transaction ends, so two requests for its self-check take turns
    (a phone re-sends while its first attempt is on its way) and the second finds the
    self-check the first made."""
    lock_row(unit)


def _date(day: dt.date) -> str:
    return date_format(day, "DATE_FORMAT")


@dataclass
class SavedAnswers:
    """What save_answers did: the self-check (None if nothing was stored), and each answer it
    refused with the reason."""

    self_check: SelfCheck | None
    refused: list[tuple[AnswerInput, str]] = field(default_factory=list)


@transaction.atomic
def save_answers(
    cycle: Cycle,
    unit: ServiceUnit,
    user,
    inputs: Iterable[AnswerInput],
    now: dt.datetime | None = None,
) -> SavedAnswers:
    """Store the agency's answers for `unit` (autosave); the same input twice changes nothing.

    Refused as a whole (SelfCheckError) outside the self-check window. Each answer stands
    alone, as in the enumerator's checklist: one the indicator cannot take, or for an
    indicator or product that does not belong, is refused with the reason and the others
    are stored.
    """
    now = require_open(cycle, now)
    take_turns(unit)
    instrument = cycle.instrument_version.parsed
    self_check = SelfCheck.objects.filter(cycle=cycle, unit=unit).first()
    probe = self_check or SelfCheck(cycle=cycle, unit=unit)
    saved = SavedAnswers(self_check)
    changed = False
    for item in inputs:
        try:
            product, indicator = subject_of(probe, instrument, item.product, item.indicator)
            value = checked_value(indicator, item.value)
        except FieldworkError as exc:
            saved.refused.append((item, str(exc)))
            continue
        if self_check is None:
            self_check = SelfCheck.objects.create(
                cycle=cycle, unit=unit, created_at=now, updated_at=now, updated_by=user
            )
        note = item.note.strip()
        answer, created = SelfCheckAnswer.objects.get_or_create(
            self_check=self_check,
            product=product,
            indicator=indicator.code,
            defaults={"value": value, "note": note, "answered_at": now},
        )
        if not created and (answer.value, answer.note) != (value, note):
            # Read after take_turns in this transaction, as the enumerator's autosave does.
            before = field_values(answer)
            answer.value, answer.note, answer.answered_at = value, note, now
            save_as_read(answer, before)
            changed = True
        changed = changed or created
    if changed:
        self_check.updated_at, self_check.updated_by = now, user
        self_check.save(update_fields=["updated_at", "updated_by"])
    saved.self_check = self_check
    return saved


@dataclass
class _Photo(Destination[SelfCheckPhoto]):
    """A photo for one item of a unit's self-check."""

    model = SelfCheckPhoto
    cycle: Cycle
    unit: ServiceUnit
    user: object
    product_code: str
    indicator_code: str

    def owns(self, stored: SelfCheckPhoto) -> bool:
        return (stored.self_check.cycle_id, stored.self_check.unit_id) == (
            self.cycle.pk,
            self.unit.pk,
        )

    def prepare(self) -> SelfCheckPhoto:
        require_open(self.cycle)
        instrument = self.cycle.instrument_version.parsed
        probe = SelfCheck(cycle=self.cycle, unit=self.unit)
        product, indicator = subject_of(probe, instrument, self.product_code, self.indicator_code)
        return SelfCheckPhoto(product=product, indicator=indicator.code)

    def place(self, evidence: SelfCheckPhoto) -> str:
        now = timezone.now()
        take_turns(self.unit)
        self_check, _created = SelfCheck.objects.get_or_create(
            cycle=self.cycle,
            unit=self.unit,
            defaults={"created_at": now, "updated_at": now, "updated_by": self.user},
        )
        evidence.self_check = self_check
        return f"selfcheck/{self.cycle.code}/{self_check.uuid}"


def add_photo(
    cycle: Cycle,
    unit: ServiceUnit,
    user,
    *,
    product_code: str,
    indicator_code: str,
    data: bytes,
    client_id: uuid.UUID,
) -> tuple[SelfCheckPhoto, bool]:
    """Keep a photo with an item of the unit's self-check; (photo, created). The same
    client_id again returns the stored photo. Outside the window, for an item that does not
    belong, or for a file that is not an acceptable image: SelfCheckError, nothing stored."""
    photo = _Photo(cycle, unit, user, product_code, indicator_code)
    try:
        return store_upload(photo, Upload(Kind.IMAGE, data), client_id=client_id, user=user)
    except (EvidenceRejected, FieldworkError) as exc:
        raise SelfCheckError(str(exc)) from exc


@transaction.atomic
def remove_photo(cycle: Cycle, unit: ServiceUnit, photo_id: uuid.UUID) -> None:
    """Delete a photo of the unit's self-check, and its files once the deletion is committed."""
    require_open(cycle)
    photo = SelfCheckPhoto.objects.filter(
        self_check__cycle=cycle, self_check__unit=unit, uuid=photo_id
    ).first()
    if photo is None:
        raise SelfCheckError(_("This self-check has no such photo."))
    names = photo.stored_files
    photo.delete()

    def delete_files() -> None:
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete_files)


def photos_by_item(self_check: SelfCheck | None) -> dict[tuple[int | None, str], list]:
    """The self-check's photos by (product id or None, indicator code)."""
    found: dict[tuple[int | None, str], list] = {}
    if self_check is not None:
        for photo in self_check.photos.all():
            found.setdefault((photo.product_id, photo.indicator), []).append(photo)
    return found


def answered_count(self_check: SelfCheck | None) -> int:
    if self_check is None:
        return 0
    return self_check.answers.exclude(value="").count()


def answered_by_unit(cycle: Cycle, units: Iterable[ServiceUnit]) -> dict[int, SelfCheck]:
    """The self-checks of `units` in `cycle` by unit id, each with `answered`, its count of
    answers given."""
    found = SelfCheck.objects.filter(cycle=cycle, unit__in=units).annotate(
        answered=Count("answers", filter=~Q(answers__value=""))
    )
    return {self_check.unit_id: self_check for self_check in found}


def checklist(
    cycle: Cycle, unit: ServiceUnit, self_check: SelfCheck | None, language: str
) -> list[ChecklistSection]:
    """The unit's observable items (as the enumerator's checklist shows them) with the
    agency's own answers, and each item's photos as `photos`."""
    given = {}
    if self_check is not None:
        given = {(a.product_id, a.indicator): a for a in self_check.answers.all()}
    sections = unit_checklist(unit, cycle.instrument_version.parsed, given, language)
    photos = photos_by_item(self_check)
    for section in sections:
        for item in section.items:
            item.photos = photos.get(
                (section.product.pk if section.product else None, item.indicator.code), []
            )
    return sections


# Projection


@dataclass(frozen=True)
class Step:
    """One fix of a gap plan, as the agency reads it."""

    where: str
    indicator: Indicator
    # The answer to reach, labelled as the checklist labels it.
    answer: str
    # What the fix adds to the subject's score on its own (score points).
    gain: Decimal

    @property
    def fix(self) -> Text | None:
        return self.indicator.fix


@dataclass
class Projection:
    """A subject's projected score from the self-check, and its plan to the next band."""

    result: SubjectScore
    band: Band | None
    next_band: Band | None
    plan: Plan | None = None
    steps: list[Step] = field(default_factory=list)
    # The next band's name in the page's language.
    target: str = ""

    @property
    def missing(self) -> int:
        """How many answers the subject and the parts beneath it still lack."""
        pending, count = [self.result], 0
        while pending:
            current = pending.pop()
            count += len(current.missing)
            pending.extend(current.children)
        return count


@dataclass
class ProviderProjection:
    provider: Projection
    units: dict[int, Projection]


def provider_subjects(provider: Provider) -> list[Subject]:
    """The provider, its units and their products as scoring subjects, keyed as official
    scores key them. Its websites are left out: the office checks them, not the agency, so
    the provider's projection is the mean of its units."""
    top = Subject("provider", ("provider", provider.pk), provider.code, provider.name)
    subjects = [top]
    units = {}
    for unit in provider.units.order_by("pk"):
        units[unit.pk] = Subject(
            "unit", ("unit", unit.pk), f"{top.path}/{unit.code}", unit.name, top
        )
        subjects.append(units[unit.pk])
    products = ServiceProduct.objects.filter(unit__provider=provider).order_by("pk")
    for product in products.values_list("pk", "unit_id", "code", "name"):
        pk, unit_id, code, name = product
        parent = units[unit_id]
        subjects.append(Subject("product", ("product", pk), f"{parent.path}/{code}", name, parent))
    return subjects


def provider_answers(cycle: Cycle, provider: Provider) -> list[tuple[tuple[str, int], str, str]]:
    """The provider's self-check answers as the engine takes them (blank ones left out)."""
    rows = SelfCheckAnswer.objects.filter(
        self_check__cycle=cycle, self_check__unit__provider=provider
    ).exclude(value="")
    return [
        (
            (Level.PRODUCT.value, product_id) if product_id else (Level.UNIT.value, unit_id),
            code,
            value,
        )
        for product_id, unit_id, code, value in rows.values_list(
            "product_id", "self_check__unit_id", "indicator", "value"
        )
    ]


def next_band(instrument: Instrument, score: Decimal | None) -> Band | None:
    """The band above the one `score` is in; None without a score or at the top."""
    if score is None:
        return None
    return next((band for band in instrument.bands if band.lower > score), None)


def project(cycle: Cycle, provider: Provider, language: str = "id") -> ProviderProjection:
    """The provider's and each of its units' projected score and band from the self-check,
    with the gap plan to the next band (verified by re-scoring, see patuh.scoring.planner)."""
    instrument = cycle.instrument_version.parsed
    subjects = provider_subjects(provider)
    tallies = tally_answers(
        instrument, {s.key: s for s in subjects}, provider_answers(cycle, provider)
    )
    report = score_tallies(instrument, subjects, tallies)
    labels = {
        code: dict(answer_options(indicator, language))
        for code, indicator in instrument.indicators.items()
    }

    def projection(result: SubjectScore) -> Projection:
        target = next_band(instrument, result.score)
        found = Projection(result, instrument.band_for(result.score), target)
        if target is not None:
            found.target = target.label.get(language)
            found.plan = plan_to(report, tallies, result, target)
            found.steps = [
                Step(
                    fix.subject.name,
                    instrument.indicators[fix.indicator],
                    labels[fix.indicator].get(fix.value, fix.value),
                    instrument.quantize(Decimal(gain.numerator) / Decimal(gain.denominator)),
                )
                for fix, gain in found.plan.fixes
            ]
        return found

    units = {result.subject.key[1]: projection(result) for result in report.by_level["unit"]}
    return ProviderProjection(projection(report.by_level["provider"][0]), units)


# The office's overview


@dataclass
class AgencyActivity:
    provider: Provider
    units: int
    units_checked: int = 0
    answers: int = 0
    last_activity: dt.datetime | None = None


def activity(cycle: Cycle) -> list[AgencyActivity]:
    """Per provider in scope: units, units self-checked, answers given and the last save;
    agencies that self-checked first, the most recent first. Counts only, never scores: the
    self-check does not replace the survey."""
    providers = (
        Provider.objects.filter(cycles=cycle)
        .annotate(unit_count=Count("units", distinct=True))
        .order_by("name")
    )
    checked = {
        row["unit__provider"]: row
        for row in SelfCheck.objects.filter(cycle=cycle)
        .values("unit__provider")
        .annotate(
            units=Count("pk", distinct=True),
            answers=Count("answers", filter=~Q(answers__value="")),
            last=Max("updated_at"),
        )
    }
    rows = []
    for provider in providers:
        row = AgencyActivity(provider, provider.unit_count)
        found = checked.get(provider.pk)
        if found is not None:
            row.units_checked, row.answers, row.last_activity = (
                found["units"],
                found["answers"],
                found["last"],
            )
        rows.append(row)
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
    return sorted(rows, key=lambda row: row.last_activity or epoch, reverse=True)
