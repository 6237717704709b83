"""Loading the demo data of patuh.demo.seed: registry, cycle, users, answers and a snapshot."""

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from patuh.accounts.models import OFFICE_ROLES, Office, Role, User
from patuh.assessments.models import Answer, Cycle, Level, Phase
from patuh.audit.services import Action, record
from patuh.demo import opini_seed, pekppp_seed, seed
from patuh.demo.answers import answer_value, working_time
from patuh.demo.clarification import load_objections
from patuh.demo.cycles import publish_as_of
from patuh.demo.fieldwork import load_live_cycle
from patuh.demo.followup import load_followup
from patuh.demo.opini import load_opini_round
from patuh.demo.pekppp import load_pekppp
from patuh.demo.selfcheck import load_selfcheck
from patuh.instruments.definition import Instrument
from patuh.instruments.services import sync_builtin_instruments
from patuh.registry.models import (
    AgencyKind,
    Government,
    Provider,
    Region,
    ServiceProduct,
    ServiceUnit,
    Website,
)
from patuh.scoring.services import compute_snapshot


class DemoError(Exception):
    """The demo data cannot be loaded; the message says why, for the person running it."""


@dataclass(frozen=True)
class DemoSummary:
    providers: int
    units: int
    products: int
    websites: int
    answers: int
    snapshot_id: int
    # Providers per zone ("red", "yellow", "green") in the snapshot.
    zones: dict[str, int]


def database_is_empty() -> bool:
    """True when no provider and no cycle exists: the state in which `--if-empty` loads."""
    return not Provider.objects.exists() and not Cycle.objects.exists()


def demo_is_loaded() -> bool:
    codes = [seed.CYCLE["code"], seed.LIVE_CYCLE["code"], pekppp_seed.LIVE["code"]]
    return Cycle.objects.filter(code__in=codes).exists()


def _ignore(line: str) -> None:
    pass


@transaction.atomic
def load_demo(progress: Callable[[str], None] = _ignore) -> DemoSummary:
    """Load the seed scenario, all or nothing, reporting each step through `progress`.

    Steps:
    1. Refuse (DemoError) when the demo cycle, a demo provider, website or username exists.
    2. Regions, governments and agency kinds: reused when present, since they are shared data.
    3. Providers with one service unit each, their products and websites.
    4. The built-in instruments and the cycle with its phases and scope.
    5. One demo account per role.
    6. Generated answers for every indicator of every subject, then a score snapshot, released
       and announced on the seed's dates.
    7. A second cycle whose data collection runs now: its visit plan and visits in every
       state of review (patuh.demo.fieldwork); in its klarifikasi, one objection accepted
       and one rejected (patuh.demo.clarification).
    8. The province's performance evaluations: four past PEKPPP cycles and a running one
       (patuh.demo.pekppp).
    9. The 2025 Opini Ombudsman round, released and announced (patuh.demo.opini).
    """
    _refuse_conflicts()
    regions, governments, kinds = _load_reference_data()
    providers, units, products, websites = _load_registry(regions, governments, kinds)
    product_count = sum(len(group) for group in products.values())
    progress(
        f"Registry: {len(providers)} providers, {len(units)} units, {product_count} products,"
        f" {len(websites)} websites in {len(seed.REGENCIES)} regencies"
    )
    office, _ = Office.objects.get_or_create(
        code=seed.OFFICE["code"],
        defaults={"name": seed.OFFICE["name"], "region": regions[seed.OFFICE["region"]]},
    )
    cycle = _load_cycle(providers, office)
    version = cycle.instrument_version
    progress(
        f"Cycle: {cycle.code} ({version}), {cycle.phases.count()} phases,"
        f" {len(providers)} providers in scope"
    )
    users = _load_users(seed.USERS, providers, office)
    progress(f"Users: {', '.join(u.username for u in users.values())}")
    enumerator = users[Role.ENUMERATOR]
    answers = _load_answers(cycle, version.parsed, units, products, websites, enumerator)
    progress(f"Answers: {answers}, by {enumerator.username}")
    snapshot, report = compute_snapshot(cycle, users[Role.COORDINATOR])
    publish_as_of(
        cycle,
        snapshot,
        users[Role.COORDINATOR],
        computed=seed.SCORES_COMPUTED,
        released=seed.SCORES_RELEASED,
        announced=seed.ANNOUNCED,
    )
    progress(f"Follow-up: {load_followup(cycle, snapshot, users)} findings and product items")
    zones = dict(Counter(result.zone for result in report.by_level["provider"] if result.zone))
    progress(
        "Scores: "
        + ", ".join(f"{zones.get(zone, 0)} {zone}" for zone in ("green", "yellow", "red"))
        + " providers"
    )
    versions = sync_builtin_instruments()
    live = load_live_cycle(office, users, versions)
    load_objections(live, users)
    load_selfcheck(live)
    progress(
        f"Running cycle: {live.code}, {live.assignments.count()} visits planned,"
        f" {len(seed.LIVE_VISITS)} under way"
    )
    evaluations = load_pekppp(regions, governments, kinds, versions, _load_users)
    progress(
        f"Performance evaluations: {evaluations.cycles} cycles of {evaluations.units} units"
        f" ({evaluations.answers} past scores), the last one running"
    )
    opini = load_opini_round(office, users, versions)
    progress(
        f"Opini 2025: {opini.cycle.code}, {opini.units} units, {opini.answers} answers;"
        f" {len(opini.opinions)} opinions"
    )
    # The registry and the past answers are written in bulk, past the per-object audit.
    record(
        Action.IMPORT,
        object_type="demo.load",
        object_repr="demo data",
        after={
            "providers": len(providers),
            "answers": answers,
            "snapshot": snapshot.pk,
            "evaluation_answers": evaluations.answers,
            "opini_answers": opini.answers,
        },
    )
    return DemoSummary(
        providers=len(providers),
        units=len(units),
        products=product_count,
        websites=len(websites),
        answers=answers,
        snapshot_id=snapshot.pk,
        zones=zones,
    )


def _refuse_conflicts() -> None:
    if demo_is_loaded():
        raise DemoError(f"The demo data is already loaded (cycle {seed.CYCLE['code']} exists).")
    providers = [
        p["code"] for p in (*seed.PROVIDERS, *pekppp_seed.PROVIDERS, *opini_seed.PROVIDERS)
    ]
    checks = (
        ("providers", Provider.objects, "code", providers),
        ("websites", Website.objects, "url", [p["website"] for p in seed.PROVIDERS]),
        ("users", User.objects, "username", [u[0] for u in (*seed.USERS, *pekppp_seed.USERS)]),
    )
    for what, manager, field, values in checks:
        taken = sorted(manager.filter(**{f"{field}__in": values}).values_list(field, flat=True))
        if taken:
            raise DemoError(
                f"Cannot load the demo data: these {what} already exist: {', '.join(taken)}."
            )


def _load_reference_data():
    regions = {}
    province, _ = Region.objects.get_or_create(
        code=seed.PROVINCE["code"],
        defaults={"name": seed.PROVINCE["name"], "level": Region.Level.PROVINCE},
    )
    regions[province.code] = province
    for item in seed.REGENCIES:
        regions[item["code"]], _ = Region.objects.get_or_create(
            code=item["code"],
            defaults={"name": item["name"], "level": Region.Level.REGENCY, "parent": province},
        )
    governments = {}
    for item in seed.REGIONAL_GOVERNMENTS:
        governments[item["code"]], _ = Government.objects.get_or_create(
            region=regions[item["region"]],
            defaults={
                "code": item["code"],
                "name": item["name"],
                "kind": Government.Kind.REGIONAL,
            },
        )
    for item in seed.CENTRAL_GOVERNMENTS:
        governments[item["code"]], _ = Government.objects.get_or_create(
            code=item["code"], defaults={"name": item["name"], "kind": Government.Kind.CENTRAL}
        )
    kinds = {}
    for code, name, name_en in seed.AGENCY_KINDS:
        kinds[code], _ = AgencyKind.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en}
        )
    return regions, governments, kinds


def _load_registry(regions, governments, kinds):
    """Providers, units, products (lists) and websites, in dicts keyed by provider code."""
    providers = {
        item["code"]: Provider(
            code=item["code"],
            name=item["name"],
            kind=kinds[item["kind"]],
            region=regions[item["region"]],
            government=governments[item["government"]],
        )
        for item in seed.PROVIDERS
    }
    Provider.objects.bulk_create(providers.values())
    units = {}
    for item in seed.PROVIDERS:
        unit_code, unit_name = seed.UNITS[item["kind"]]
        latitude, longitude = item["location"]
        units[item["code"]] = ServiceUnit(
            provider=providers[item["code"]],
            code=unit_code,
            name=unit_name,
            address=item["address"],
            latitude=Decimal(latitude),
            longitude=Decimal(longitude),
        )
    ServiceUnit.objects.bulk_create(units.values())
    products = {
        item["code"]: [
            ServiceProduct(unit=units[item["code"]], code=code, name=name)
            for code, name in seed.PRODUCTS[item["kind"]]
        ]
        for item in seed.PROVIDERS
    }
    ServiceProduct.objects.bulk_create(p for group in products.values() for p in group)
    websites = {
        item["code"]: Website(
            provider=providers[item["code"]],
            url=item["website"],
            code=item["website"].split("/")[2],
        )
        for item in seed.PROVIDERS
    }
    Website.objects.bulk_create(websites.values())
    return providers, units, products, websites


def _load_cycle(providers, office: Office) -> Cycle:
    version = sync_builtin_instruments()[seed.CYCLE["instrument"]]
    cycle = Cycle.objects.create(
        code=seed.CYCLE["code"],
        name=seed.CYCLE["name"],
        year=seed.CYCLE["year"],
        office=office,
        instrument_version=version,
    )
    cycle.providers.set(providers.values())
    Phase.objects.bulk_create(
        Phase(cycle=cycle, kind=kind, starts_on=starts_on, ends_on=ends_on)
        for kind, starts_on, ends_on in seed.PHASES
    )
    return cycle


def _load_users(spec, providers, office: Office) -> dict[str, User]:
    """The accounts of `spec` (seed.USERS' shape), by role; office staff work for `office`.

    Where a spec has two accounts of one role, the later one is returned for it.
    """
    users = {}
    for username, role, first_name, last_name, provider_codes in spec:
        fields = {"role": role, "first_name": first_name, "last_name": last_name}
        if role in OFFICE_ROLES and role != Role.ADMIN:
            fields["office"] = office
        if role == Role.ADMIN:
            user = User.objects.create_superuser(username, password=seed.DEMO_PASSWORD, **fields)
        else:
            user = User.objects.create_user(username, password=seed.DEMO_PASSWORD, **fields)
        if provider_codes:
            user.providers.set(providers[code] for code in provider_codes)
        users[role] = user
    return users


def _load_answers(cycle, instrument: Instrument, units, products, websites, enumerator) -> int:
    """Generate and store an answer to every indicator of every subject; returns how many.

    Each provider draws from its own generator seeded with its code, so the answers depend only
    on the seed data, never on database ids or on the order other providers are loaded in.
    """
    wib = ZoneInfo(seed.TIME_ZONE)
    rows = []
    for item in seed.PROVIDERS:
        rng = random.Random(f"{seed.ANSWER_SEED}:{item['code']}")
        unit = units[item["code"]]
        visit = working_time(rng, *seed.VISIT_DAYS, wib)
        # On the visit the enumerator works through the unit, then product by product.
        subjects = [(Level.UNIT, unit, visit)] + [
            (Level.PRODUCT, product, visit + dt.timedelta(minutes=6 * number))
            for number, product in enumerate(products[item["code"]], start=1)
        ]
        subjects.append(
            (
                Level.WEBSITE,
                websites[item["code"]],
                working_time(rng, *seed.WEBSITE_CHECK_DAYS, wib),
            )
        )
        for level, subject, answered_at in subjects:
            for indicator in instrument.indicators_at(level):
                rows.append(
                    Answer(
                        cycle=cycle,
                        level=level,
                        indicator=indicator.code,
                        value=answer_value(indicator, item["propensity"], rng),
                        answered_by=enumerator,
                        answered_at=answered_at,
                        **{level: subject},
                    )
                )
    Answer.objects.bulk_create(rows, batch_size=500)
    return len(rows)
