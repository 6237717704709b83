"""Creating a cycle: its instrument version, its scope (regions × agency kinds) and its phases.

The checks are plain functions so that the coordinator's form (patuh.assessments.views) and any
later command share them: phases follow the order of the instrument's workflow, each ends on
or after its start, and the phase in which answers are collected is there.
"""

import datetime as dt
import itertools
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from patuh.assessments.models import Cycle, Phase
from patuh.instruments.models import InstrumentVersion
from patuh.registry.models import AgencyKind, Provider, Region, ServiceProduct, ServiceUnit

Kind = Phase.Kind

# The phases of a cycle in the order they run, per workflow of the instrument.
PHASE_ORDER: dict[str, tuple[str, ...]] = {
    "fieldwork": (
        Kind.SOSIALISASI,
        Kind.PENDAMPINGAN,
        Kind.PERBAIKAN,
        Kind.PENGAMBILAN_DATA,
        Kind.KLARIFIKASI,
        Kind.PENGUMUMAN,
    ),
    "evaluation": (
        Kind.SOSIALISASI,
        Kind.PENDAMPINGAN,
        Kind.PENILAIAN_MANDIRI,
        Kind.EVALUASI,
        Kind.VERIFIKASI,
        Kind.KLARIFIKASI,
        Kind.PENGUMUMAN,
    ),
}
# The phase in which the answers are collected: a cycle cannot do without it.
COLLECTION = {"fieldwork": Kind.PENGAMBILAN_DATA, "evaluation": Kind.PENILAIAN_MANDIRI}

# Who sees what in each phase, for the preview of a new cycle.
PHASE_AUDIENCE = {
    Kind.SOSIALISASI: gettext_lazy("Agencies see the phase and its dates; nothing is scored."),
    Kind.PENDAMPINGAN: gettext_lazy("Agencies see the phase and its dates and get assistance."),
    Kind.PERBAIKAN: gettext_lazy("Agencies see the phase and improve their services."),
    Kind.PENGAMBILAN_DATA: gettext_lazy(
        "Enumerators visit their units unannounced; only office staff see these dates."
    ),
    Kind.PENILAIAN_MANDIRI: gettext_lazy("Agency officers fill their units' self-assessment."),
    Kind.EVALUASI: gettext_lazy("Evaluators score the submitted self-assessments."),
    Kind.VERIFIKASI: gettext_lazy("Evaluators verify on site; only office staff see these dates."),
    Kind.KLARIFIKASI: gettext_lazy(
        "Agency officers see their released report cards and respond to them."
    ),
    Kind.PENGUMUMAN: gettext_lazy(
        "The public sees the released results from the announcement moment the coordinator sets."
    ),
}
# Cycle codes that name pages rather than cycles (/cycles/new/).
RESERVED_CODES = frozenset({"new"})


class CycleError(Exception):
    """A cycle that cannot be created as given; the message says what to change."""


@dataclass(frozen=True)
class PhaseDates:
    kind: str
    starts_on: dt.date
    ends_on: dt.date


def workflow_of(version: InstrumentVersion) -> str:
    workflow = version.parsed.workflow
    if workflow not in PHASE_ORDER:
        raise CycleError(
            _("Cycles of %(instrument)s are not created here: it is a survey instrument.")
            % {"instrument": version}
        )
    return workflow


def check_phases(workflow: str, phases: list[PhaseDates]) -> list[PhaseDates]:
    """The phases in the order they run; CycleError listing every problem: a phase the
    workflow has no place for, one that ends before it starts, one that starts before the
    phase before it, no collection phase, or an announcement before collection ends."""
    order = PHASE_ORDER[workflow]
    labels = dict(Kind.choices)
    problems = []
    for phase in phases:
        if phase.kind not in order:
            problems.append(
                _("%(phase)s is not a phase of this instrument's cycles.")
                % {"phase": labels[phase.kind]}
            )
        elif phase.ends_on < phase.starts_on:
            problems.append(_("%(phase)s ends before it starts.") % {"phase": labels[phase.kind]})
    ordered = sorted((p for p in phases if p.kind in order), key=lambda p: order.index(p.kind))
    for before, after in itertools.pairwise(ordered):
        if after.starts_on < before.starts_on:
            problems.append(
                _("%(after)s starts before %(before)s: phases must follow their order.")
                % {"after": labels[after.kind], "before": labels[before.kind]}
            )
    collection = next((p for p in ordered if p.kind == COLLECTION[workflow]), None)
    if collection is None:
        problems.append(
            _("Give the dates of %(phase)s: without it no answers are collected.")
            % {"phase": labels[COLLECTION[workflow]]}
        )
    else:
        for later in (Kind.KLARIFIKASI, Kind.PENGUMUMAN):
            phase = next((p for p in ordered if p.kind == later), None)
            if phase is not None and phase.starts_on <= collection.ends_on:
                problems.append(
                    _("%(phase)s must start after %(collection)s ends.")
                    % {"phase": labels[later], "collection": labels[collection.kind]}
                )
    if problems:
        raise CycleError(" ".join(problems))
    return ordered


def check_code(code: str) -> None:
    if code in RESERVED_CODES or Cycle.objects.filter(code=code).exists():
        raise CycleError(_("The code %(code)s is taken; choose another.") % {"code": code})


def check_scope(providers: QuerySet[Provider]) -> None:
    if not providers.exists():
        raise CycleError(_("No provider is in this scope; choose other regions or kinds."))


def scope_providers(regions: QuerySet[Region], kinds: QuerySet[AgencyKind]) -> QuerySet[Provider]:
    """Providers of `kinds` located in `regions` (or in a region below one of them)."""
    return Provider.objects.filter(
        Q(region__in=regions) | Q(region__parent__in=regions), kind__in=kinds
    ).distinct()


@dataclass(frozen=True)
class ScopeCounts:
    providers: int
    units: int
    products: int


def scope_counts(providers: QuerySet[Provider]) -> ScopeCounts:
    ids = providers.values("pk")
    return ScopeCounts(
        providers=providers.count(),
        units=ServiceUnit.objects.filter(provider__in=ids).count(),
        products=ServiceProduct.objects.filter(unit__provider__in=ids).count(),
    )


@transaction.atomic
def create_cycle(
    *,
    code: str,
    name: str,
    year: int,
    office,
    version: InstrumentVersion,
    providers: QuerySet[Provider],
    phases: list[PhaseDates],
) -> Cycle:
    """Create the cycle with its scope and phases (each save audited: Cycle and Phase are
    tracked models, the scope as the cycle's many-to-many change)."""
    check_code(code)
    ordered = check_phases(workflow_of(version), phases)
    check_scope(providers)
    cycle = Cycle.objects.create(
        code=code, name=name, year=year, office=office, instrument_version=version
    )
    cycle.providers.set(providers)
    for phase in ordered:
        Phase.objects.create(
            cycle=cycle, kind=phase.kind, starts_on=phase.starts_on, ends_on=phase.ends_on
        )
    return cycle
