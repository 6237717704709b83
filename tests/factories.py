"""Small builders for registry and cycle data, used by tests across the apps."""

import datetime as dt
import itertools

from django.utils import timezone

from patuh.accounts.models import Office
from patuh.assessments.models import Answer, Cycle, Phase
from patuh.instruments.loading import builtin_instrument_files
from patuh.instruments.services import save_instrument_source
from patuh.registry.models import (
    AgencyKind,
    Government,
    Provider,
    Region,
    ServiceProduct,
    ServiceUnit,
    Website,
)
from patuh.scoring import planner

_sequence = itertools.count(1)


def region(code: str = "19.02", name: str = "Kabupaten Belitung", level: str = "regency"):
    parent = None
    if "." in code:
        parent = region(code.rsplit(".", 1)[0], "Provinsi " + name, "province")
    obj, _ = Region.objects.get_or_create(
        code=code, defaults={"name": name, "level": level, "parent": parent}
    )
    return obj


def regional_government(of_region: Region) -> Government:
    obj, _ = Government.objects.get_or_create(
        region=of_region,
        defaults={
            "code": f"pemda-{of_region.code.replace('.', '-')}",
            "name": f"Pemerintah {of_region.name}",
            "kind": Government.Kind.REGIONAL,
        },
    )
    return obj


def agency_kind(code: str = "disdukcapil", name: str = "Disdukcapil") -> AgencyKind:
    obj, _ = AgencyKind.objects.get_or_create(code=code, defaults={"name": name})
    return obj


def provider(
    code: str | None = None,
    *,
    in_region: Region | None = None,
    kind: AgencyKind | None = None,
    government: Government | None = None,
    units: int = 1,
    products_per_unit: int = 2,
    website: bool = True,
) -> Provider:
    """A provider with `units` units of `products_per_unit` products each, and a website."""
    number = next(_sequence)
    code = code or f"provider-{number}"
    in_region = in_region or region()
    obj = Provider.objects.create(
        code=code,
        name=f"Provider {code}",
        kind=kind or agency_kind(),
        region=in_region,
        government=government or regional_government(in_region),
    )
    for u in range(1, units + 1):
        unit = ServiceUnit.objects.create(provider=obj, code=f"unit-{u}", name=f"Unit {u}")
        for p in range(1, products_per_unit + 1):
            ServiceProduct.objects.create(unit=unit, code=f"product-{p}", name=f"Product {p}")
    if website:
        Website.objects.create(
            provider=obj, url=f"https://{code}.example.go.id/", code=f"{code}.example.go.id"
        )
    return obj


def office(code: str = "ombudsman-babel", name: str = "Ombudsman RI Perwakilan Babel") -> Office:
    obj, _ = Office.objects.get_or_create(code=code, defaults={"name": name})
    return obj


def cycle(
    providers,
    code: str = "kepatuhan-2021",
    instrument: str = "ombudsman-2021",
    *,
    run_by: Office | None = None,
) -> Cycle:
    """A cycle of `providers` run by `run_by` (the cast's office by default)."""
    # Only the cycle's own instrument: parsing and validating all of them made up half the time
    # of the tests that make cycles.
    path = builtin_instrument_files()[instrument]
    version = save_instrument_source(path.read_text(encoding="utf-8"), origin=str(path))
    obj = Cycle.objects.create(
        code=code,
        name=f"Cycle {code}",
        year=2021,
        instrument_version=version,
        office=run_by or office(),
    )
    obj.providers.set(providers)
    Phase.objects.create(
        cycle=obj,
        kind=Phase.Kind.PENGAMBILAN_DATA,
        starts_on=dt.date(2021, 6, 7),
        ends_on=dt.date(2021, 8, 31),
    )
    return obj


def answer_everything(cycle: Cycle, value_for=None) -> int:
    """Answer every indicator of every subject in the cycle; returns the number of answers.

    `value_for(indicator)` gives the raw value; the default is the best answer of each type.
    """
    value_for = value_for or best_value
    instrument = cycle.instrument_version.parsed
    now = timezone.now()
    rows = []
    subjects = {
        "product": ServiceProduct.objects.filter(unit__provider__cycles=cycle),
        "unit": ServiceUnit.objects.filter(provider__cycles=cycle),
        "website": Website.objects.filter(provider__cycles=cycle),
        "provider": Provider.objects.filter(cycles=cycle),
    }
    for level, queryset in subjects.items():
        for subject in queryset:
            for indicator in instrument.indicators_at(level):
                rows.append(
                    Answer(
                        cycle=cycle,
                        level=level,
                        indicator=indicator.code,
                        value=value_for(indicator),
                        answered_at=now,
                        **{level: subject},
                    )
                )
    Answer.objects.bulk_create(rows)
    return len(rows)


def best_value(indicator) -> str:
    """The answer that earns the most, as the gap planner spells it (0 for a free number)."""
    return planner.best_value(indicator) or "0"
