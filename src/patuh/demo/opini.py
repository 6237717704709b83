"""The demo's 2025 Opini Ombudsman round: sector units of Belitung and Belitung Timur and two
vertical offices, scored with opini-2025. The two public surveys ran at two units with their
respondents, whose indexes are those units' PR06 and KP01; the Ombudsman's supervision products
in the follow-up tracker give the compliance levels. Released and announced on the dates the
first national results had."""

import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from patuh.accounts.models import Office, Role
from patuh.assessments.models import Answer, Cycle, Level, Phase
from patuh.audit.services import acting_as
from patuh.demo import opini_seed, seed
from patuh.demo.answers import answer_value, working_time
from patuh.demo.cycles import publish_as_of
from patuh.demo.followup import register, verified
from patuh.registry.models import AgencyKind, Government, Provider, Region, ServiceUnit
from patuh.satisfaction.models import Response
from patuh.satisfaction.services import create_survey, set_published, survey_result
from patuh.scoring.services import compute_snapshot

SURVEY_TITLES = {
    "persepsi-maladministrasi": "Survei Persepsi Maladministrasi",
    "kepercayaan-masyarakat": "Survei Kepercayaan Masyarakat",
}


@dataclass(frozen=True)
class OpiniRound:
    cycle: Cycle
    units: int
    answers: int
    opinions: list[str]


def load_opini_round(office: Office, users: dict, versions) -> OpiniRound:
    """Load the round into a database that holds the 2021 demo's registry (regions,
    governments and the 2021 providers it reuses) and its users (by role)."""
    coordinator, enumerator = users[Role.COORDINATOR], users[Role.ENUMERATOR]
    officer = users[Role.AGENCY_OFFICER]
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
    indexes = _load_surveys(officer, cycle.instrument_version.parsed)
    answers = _load_answers(cycle, providers, enumerator, indexes)
    with acting_as(coordinator, "cli"):
        for spec in opini_seed.PRODUCTS:
            items = register(cycle, spec, coordinator).items.order_by("pk")
            for item in items[: spec["verified"]]:
                verified(item, officer, coordinator)
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


def _load_surveys(officer, opinion) -> dict[tuple[int, str], str]:
    """The surveys of opini_seed.SURVEYS with generated respondents, published; returns each
    survey's index by (unit id, code of the `opinion` instrument's indicator that cites it)."""
    first, last = opini_seed.SURVEY_DAYS
    wib = ZoneInfo(seed.TIME_ZONE)
    indexes = {}
    for code, kind, respondents in opini_seed.SURVEYS:
        unit = ServiceUnit.objects.get(provider__code=code)
        survey = create_survey(
            unit,
            kind=kind,
            title=f"{SURVEY_TITLES[kind]} 2025",
            opens_on=first,
            closes_on=last,
            population=None,
            user=officer,
        )
        rng = random.Random(f"{opini_seed.ANSWER_SEED}:{code}:{kind}")
        elements = survey.instrument_version.parsed.indicators
        propensity = opini_seed.SCOPE[code]
        Response.objects.bulk_create(
            Response(
                survey=survey,
                answers={
                    element: min(4, max(1, round(rng.gauss(1 + 3 * propensity, 0.7))))
                    for element in elements
                },
                submitted_at=working_time(rng, first, last, wib),
            )
            for _ in range(respondents)
        )
        set_published(survey, True)
        [cites] = opinion.evidence_indicators(kind)
        indexes[(unit.pk, cites.code)] = str(survey_result(survey).ikm)
    return indexes


def _load_answers(
    cycle: Cycle, providers: list[Provider], enumerator, indexes: dict[tuple[int, str], str]
) -> int:
    """An answer to every unit indicator of every unit, each provider from its own generator;
    a survey's index where the unit ran the survey the indicator cites (`indexes`)."""
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
                    value=indexes.get((unit.pk, indicator.code))
                    or answer_value(indicator, propensity, rng),
                    answered_by=enumerator,
                    answered_at=answered_at,
                )
                for indicator in instrument.indicators_at(Level.UNIT)
            )
    Answer.objects.bulk_create(rows, batch_size=500)
    return len(rows)
