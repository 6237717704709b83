"""The demo's 2025 Opini Ombudsman round: sector units of Belitung and Belitung Timur and two
vertical offices, scored with opini-2025, the offices' compliance levels set with their reasons,
released and announced on the dates the first national results had."""

import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from patuh.accounts.models import Office
from patuh.assessments.models import Answer, Cycle, Level, Phase
from patuh.audit.services import acting_as
from patuh.demo import opini_seed, seed
from patuh.demo.answers import answer_value, working_time
from patuh.demo.cycles import publish_as_of
from patuh.registry.models import AgencyKind, Government, Provider, Region, ServiceUnit
from patuh.scoring.compliance import override_compliance
from patuh.scoring.services import compute_snapshot


@dataclass(frozen=True)
class OpiniRound:
    cycle: Cycle
    units: int
    answers: int
    opinions: list[str]


def load_opini_round(office: Office, coordinator, enumerator, versions) -> OpiniRound:
    """Load the round into a database that holds the 2021 demo's registry (regions,
    governments and the 2021 providers it reuses)."""
    providers = _load_providers()
    cycle = Cycle.objects.create(
        office=office,
        instrument_version=versions[opini_seed.CYCLE["instrument"]],
        **{key: opini_seed.CYCLE[key] for key in ("code", "name", "year")},
    )
    cycle.providers.set(providers)
    Phase.objects.bulk_create(
        Phase(cycle=cycle, kind=kind, starts_on=first, ends_on=last)
        for kind, first, last in opini_seed.PHASES
    )
    answers = _load_answers(cycle, providers, enumerator)
    with acting_as(coordinator, "cli"):
        for kind, code, level, reason in opini_seed.COMPLIANCE:
            model = Region if kind == "region" else Provider
            override_compliance(cycle, model.objects.get(code=code), level, reason, coordinator)
    snapshot, report = compute_snapshot(cycle, coordinator)
    publish_as_of(
        cycle,
        snapshot,
        coordinator,
        computed=opini_seed.SCORES_COMPUTED,
        released=opini_seed.SCORES_RELEASED,
        announced=opini_seed.ANNOUNCED,
    )
    opinions = [
        result.opinion
        for level in ("region", "provider")
        for result in report.by_level[level]
        if result.opinion
    ]
    units = sum(provider.units.count() for provider in providers)
    return OpiniRound(cycle=cycle, units=units, answers=answers, opinions=opinions)


def _load_providers() -> list[Provider]:
    """The round's providers: the new ones created with one unit each, the rest reused."""
    kinds = {
        code: AgencyKind.objects.get_or_create(code=code, defaults={"name": name, "name_en": en})[0]
        for code, name, en in opini_seed.AGENCY_KINDS
    }
    for item in opini_seed.PROVIDERS:
        provider = Provider.objects.create(
            code=item["code"],
            name=item["name"],
            kind=kinds[item["kind"]],
            region=Region.objects.get(code=item["region"]),
            government=Government.objects.get(code=item["government"]),
        )
        unit_code, unit_name = opini_seed.UNITS[item["kind"]]
        ServiceUnit.objects.create(
            provider=provider, code=unit_code, name=unit_name, address=item["address"]
        )
    return list(Provider.objects.filter(code__in=opini_seed.SCOPE).order_by("code"))


def _load_answers(cycle: Cycle, providers: list[Provider], enumerator) -> int:
    """An answer to every unit indicator of every unit, each provider from its own generator."""
    instrument = cycle.instrument_version.parsed
    wib = ZoneInfo(seed.TIME_ZONE)
    rows = []
    for provider in providers:
        rng = random.Random(f"{opini_seed.ANSWER_SEED}:{provider.code}")
        propensity = opini_seed.SCOPE[provider.code]
        for unit in provider.units.order_by("code"):
            answered_at = working_time(rng, *opini_seed.VISIT_DAYS, wib)
            rows.extend(
                Answer(
                    cycle=cycle,
                    level=Level.UNIT,
                    unit=unit,
                    indicator=indicator.code,
                    value=answer_value(indicator, propensity, rng),
                    answered_by=enumerator,
                    answered_at=answered_at,
                )
                for indicator in instrument.indicators_at(Level.UNIT)
            )
    Answer.objects.bulk_create(rows, batch_size=500)
    return len(rows)
