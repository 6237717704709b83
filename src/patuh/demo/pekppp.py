"""The demo's performance evaluations (patuh.demo.pekppp_seed): four completed and released
PEKPPP cycles of the provincial government's units, 2017 to 2020, and a running one whose
self-assessment is open, so the self-assessment (F-01) and the evaluation (F-02) can be tried.

The past cycles are written in bulk (their answers are the evaluators' scores, dated on the
evaluation days); the running cycle goes through the PEKPPP services, as real use would.
"""

import datetime as dt
import random
import uuid
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from patuh.accounts.models import Office, Role
from patuh.assessments.models import Answer, AnswerSource, Cycle, Level, Phase
from patuh.audit.services import acting_as
from patuh.demo import pekppp_seed as seed
from patuh.demo.cycles import running_cycle
from patuh.demo.documents import pdf
from patuh.demo.photos import notice_board
from patuh.instruments.definition import Indicator, Instrument
from patuh.instruments.models import InstrumentVersion
from patuh.pekppp import evaluation, evidence, self_assessment
from patuh.pekppp.models import Evaluation, Verification
from patuh.registry.models import (
    AgencyKind,
    Government,
    Provider,
    Region,
    ServiceProduct,
    ServiceUnit,
)
from patuh.satisfaction.models import Response
from patuh.satisfaction.services import create_survey, set_published
from patuh.scoring.services import compute_snapshot

WIB = ZoneInfo("Asia/Jakarta")


@dataclass(frozen=True)
class PekpppSummary:
    units: int
    cycles: int
    answers: int
    # The units' index in each past year, by unit code: {code: [2017, 2018, …]}.
    indexes: dict[str, list[Decimal]]


def load_pekppp(
    regions: dict[str, Region],
    governments: dict[str, Government],
    kinds: dict[str, AgencyKind],
    versions: dict[str, InstrumentVersion],
    load_users,
) -> PekpppSummary:
    """Load part B of the seed; `load_users(spec, providers, office)` makes the accounts."""
    office, _ = Office.objects.get_or_create(
        code=seed.OFFICE["code"],
        defaults={"name": seed.OFFICE["name"], "region": regions[seed.OFFICE["region"]]},
    )
    for code, name, name_en in seed.AGENCY_KINDS:
        kinds[code], _ = AgencyKind.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en}
        )
    providers, units = _registry(regions, governments[seed.GOVERNMENT], kinds)
    users = load_users(seed.USERS, providers, office)
    history = versions[seed.HISTORY_INSTRUMENT]
    scores = _history_scores(history.parsed, units)
    answers = 0
    indexes: dict[str, list[Decimal]] = {code: [] for code in units}
    for number, spec in enumerate(seed.HISTORY):
        year = past_year(spec)
        cycle = _past_cycle(year, history, office, providers)
        answers += _past_evaluation(cycle, year, units, scores[number], users)
        snapshot, report = compute_snapshot(cycle, users[Role.COORDINATOR])
        snapshot.computed_at = year["released"] - dt.timedelta(days=7)
        snapshot.released_at, snapshot.released_by = year["released"], users[Role.COORDINATOR]
        snapshot.save(update_fields=["computed_at", "released_at", "released_by"])
        for code, unit in units.items():
            indexes[code].append(report.get(Level.UNIT, (Level.UNIT, unit.pk)).score)
    _live_cycle(versions[seed.LIVE["instrument"]], office, providers, units, users)
    return PekpppSummary(
        units=len(units), cycles=len(seed.HISTORY) + 1, answers=answers, indexes=indexes
    )


def past_year(spec: tuple) -> dict:
    """A row of seed.HISTORY as dates: year, self_assessment (opens, closes), days, released."""
    year, opens, closes, days, released = spec
    return {
        "year": year,
        "self_assessment": (dt.date.fromisoformat(opens), dt.date.fromisoformat(closes)),
        "days": tuple(dt.date.fromisoformat(day) for day in days),
        "released": dt.datetime.fromisoformat(released).replace(tzinfo=WIB),
    }


def _registry(regions, government: Government, kinds):
    """The providers (by code) and their units (by unit code), with products."""
    providers, units, products = {}, {}, []
    for item in seed.PROVIDERS:
        provider = Provider.objects.create(
            code=item["code"],
            name=item["name"],
            kind=kinds[item["kind"]],
            region=regions[item["region"]],
            government=government,
        )
        providers[provider.code] = provider
        for spec in item["units"]:
            latitude, longitude = spec["location"]
            unit = ServiceUnit.objects.create(
                provider=provider,
                code=spec["code"],
                name=spec["name"],
                address=spec["address"],
                latitude=Decimal(latitude),
                longitude=Decimal(longitude),
            )
            units[unit.code] = unit
            products += [ServiceProduct(unit=unit, code=c, name=n) for c, n in spec["products"]]
    ServiceProduct.objects.bulk_create(products)
    return providers, units


def _history_scores(instrument: Instrument, units) -> list[dict[str, dict[str, int]]]:
    """Per past year, per unit code, each indicator's score: drawn for 2017 around the unit's
    start, then each year an indicator below 5 rises one level with the chance seed.GAIN."""
    indicators = instrument.indicators_at(Level.UNIT)
    years: list[dict[str, dict[str, int]]] = [{} for _ in seed.HISTORY]
    for code in units:
        rng = random.Random(f"{seed.SCORE_SEED}:{code}")
        current = {
            ind.code: sum(rng.random() < seed.START[code] for _ in range(ind.scale_max))
            for ind in indicators
        }
        for number in range(len(seed.HISTORY)):
            if number:
                current = {
                    key: min(5, value + (value < 5 and rng.random() < seed.GAIN))
                    for key, value in current.items()
                }
            years[number][code] = dict(current)
    return years


def comment(indicator: Indicator, score: int) -> str:
    """The evaluator's note: what the next level of the rubric asks."""
    if score >= indicator.scale_max:
        return "Sudah pada tingkat tertinggi rubrik; pertahankan."
    return f"Untuk nilai {score + 1}: {indicator.rubric[score + 1].id}"


def _past_cycle(year: dict, version, office: Office, providers) -> Cycle:
    cycle = Cycle.objects.create(
        code=seed.HISTORY_CODE.format(year=year["year"]),
        name=seed.HISTORY_NAME.format(year=year["year"]),
        year=year["year"],
        office=office,
        instrument_version=version,
    )
    cycle.providers.set(providers.values())
    first_day, last_day = year["days"]
    opens, closes = year["self_assessment"]
    announced = year["released"].date() + dt.timedelta(days=14)
    Phase.objects.bulk_create(
        Phase(cycle=cycle, kind=kind, starts_on=start, ends_on=end)
        for kind, start, end in (
            (Phase.Kind.PENILAIAN_MANDIRI, opens, closes),
            (Phase.Kind.EVALUASI, first_day, last_day),
            (Phase.Kind.VERIFIKASI, first_day, last_day),
            (Phase.Kind.PENGUMUMAN, announced, announced),
        )
    )
    return cycle


def _past_evaluation(cycle: Cycle, year: dict, units, scores, users) -> int:
    """The evaluators' scores of one past year as official answers, each unit evaluated and
    verified on site on its day, and its evaluation complete; returns the answers stored."""
    evaluator = users[Role.EVALUATOR]
    instrument = cycle.instrument_version.parsed
    answers, marks = [], []
    for number, (code, unit) in enumerate(units.items()):
        day = year["days"][min(number, len(year["days"]) - 1)]
        start = dt.datetime.combine(day, dt.time(9, 0), tzinfo=WIB)
        evaluated = Evaluation.objects.create(
            cycle=cycle,
            unit=unit,
            status=Evaluation.Status.COMPLETE,
            completed_at=start + dt.timedelta(hours=7),
            completed_by=evaluator,
        )
        for step, indicator in enumerate(instrument.indicators_at(Level.UNIT)):
            score = scores[code][indicator.code]
            answers.append(
                Answer(
                    cycle=cycle,
                    level=Level.UNIT,
                    unit=unit,
                    indicator=indicator.code,
                    value=str(score),
                    note=comment(indicator, score),
                    source=AnswerSource.MANUAL,
                    answered_by=evaluator,
                    answered_at=start + dt.timedelta(minutes=12 * step),
                )
            )
            marks.append(
                Verification(
                    evaluation=evaluated,
                    indicator=indicator.code,
                    verified=True,
                    verified_on=day,
                    updated_by=evaluator,
                )
            )
    Answer.objects.bulk_create(answers)
    Verification.objects.bulk_create(marks)
    return len(answers)


def _live_cycle(version, office: Office, providers, units, users) -> Cycle:
    cycle = running_cycle(seed.LIVE, version, office, providers.values(), seed.LIVE_PHASES)
    today = timezone.localdate()
    survey = _survey(units[seed.LIVE_SURVEY["unit"]], today)
    rng = random.Random(f"{seed.SCORE_SEED}:live")
    for code, unit in units.items():
        officer = unit.provider.officers.order_by("pk").first()
        submitted = code == seed.LIVE_SUBMITTED
        with acting_as(officer, "cli"):
            _self_assess(cycle, unit, officer, rng, survey, complete=submitted)
            if submitted:
                self_assessment.submit(cycle, unit, officer, uuid.UUID(int=rng.getrandbits(128)))
        if submitted:
            _begin_evaluation(cycle, unit, users[Role.EVALUATOR], rng)
    return cycle


def _self_assess(cycle, unit, officer, rng, survey, *, complete: bool) -> None:
    """The unit's own scores with explanations and evidence: all of them, or the first few."""
    indicators = cycle.instrument_version.parsed.indicators_at(Level.UNIT)
    if not complete:
        indicators = indicators[: seed.LIVE_DRAFTED]
    host = f"https://{unit.provider.code.split('-')[0]}.babelprov.go.id"
    for number, indicator in enumerate(indicators):
        score = 2 + sum(rng.random() < 0.6 for _ in range(3))
        self_assessment.save_self_score(
            cycle,
            unit,
            officer,
            indicator=indicator.code,
            score=str(score),
            explanation=seed.EXPLANATIONS[number % len(seed.EXPLANATIONS)],
        )
        key = uuid.UUID(int=rng.getrandbits(128))
        common = {"indicator": indicator.code, "client_id": key}
        if number == 0:
            evidence.add_document(
                cycle,
                unit,
                officer,
                data=pdf(
                    "Keputusan Kepala tentang Standar Pelayanan",
                    [unit.name, unit.provider.name, "Lampiran: 14 komponen standar pelayanan"],
                    pages=3,
                ),
                filename="sk-standar-pelayanan.pdf",
                **common,
            )
        elif indicator.evidence_from == "skm" and survey is not None and survey.unit == unit:
            evidence.add_survey(cycle, unit, officer, survey=str(survey.uuid), **common)
        elif indicator.dimension == "sarpras":
            evidence.add_image(
                cycle,
                unit,
                officer,
                data=notice_board(size=(320, 240), caption=indicator.code),
                filename=f"foto-{indicator.code}.jpg",
                **common,
            )
        else:
            evidence.add_link(
                cycle,
                unit,
                officer,
                address=f"{host}/layanan/{indicator.code.lower()}",
                title="",
                **common,
            )


def _begin_evaluation(cycle, unit, evaluator, rng) -> None:
    """The evaluator's first scores of a submitted self-assessment."""
    indicators = cycle.instrument_version.parsed.indicators_at(Level.UNIT)
    with acting_as(evaluator, "cli"):
        for indicator in indicators[: seed.LIVE_EVALUATED]:
            score = 2 + sum(rng.random() < 0.5 for _ in range(3))
            evaluation.save_score(
                cycle,
                unit,
                evaluator,
                indicator=indicator.code,
                score=str(score),
                comment=comment(indicator, score),
                verified=False,
                verified_on=None,
            )


def _survey(unit: ServiceUnit, today: dt.date):
    """The unit's satisfaction survey with its responses so far, answered mostly 3 and 4."""
    spec = seed.LIVE_SURVEY
    survey = create_survey(
        unit,
        title=spec["title"],
        opens_on=today + dt.timedelta(days=spec["opens"]),
        closes_on=today + dt.timedelta(days=spec["closes"]),
        population=spec["population"],
        user=unit.provider.officers.order_by("pk").first(),
    )
    rng = random.Random(f"{seed.SCORE_SEED}:skm")
    elements = list(survey.instrument_version.parsed.indicators)
    products = list(unit.products.order_by("pk"))
    start = timezone.make_aware(dt.datetime.combine(survey.opens_on, dt.time(8, 0)))
    span = max(1, (timezone.now() - start).total_seconds())
    Response.objects.bulk_create(
        Response(
            survey=survey,
            product=rng.choice(products),
            answers={code: rng.choice((2, 3, 3, 3, 4, 4, 4)) for code in elements},
            age_band=rng.choice(("20-29", "30-39", "40-49", "50-59")),
            sex=rng.choice(("l", "p")),
            education=rng.choice(("sma", "diploma", "s1")),
            occupation=rng.choice(("swasta", "wirausaha", "asn")),
            submitted_at=start + dt.timedelta(seconds=rng.uniform(0, span)),
        )
        for _ in range(spec["responses"])
    )
    # Published as they stand, so the public portal shows a unit's SKM results (14/2017).
    return set_published(survey, True)
