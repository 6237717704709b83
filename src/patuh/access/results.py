"""Which score snapshot each audience sees; the embargo lives in these queries, not in templates.

- Office staff (Can.VIEW_RESULTS, own office): the latest official snapshot, with a newer
  preliminary one beside it (never instead of it); a preliminary snapshot alone when no official
  one exists yet. Pages label a preliminary snapshot as such.
- Agency officers (Can.VIEW_OWN_RESULTS): their own providers only, from the latest official
  snapshot released to agencies; nothing before a release.
- The public: only cycles whose announcement moment (Cycle.announce_at) has passed, from the
  *published* snapshot: the latest official snapshot released at or before that moment. A
  snapshot released later (a correction) reaches the public only when a coordinator sets a new
  announcement moment, so published numbers never change silently.
"""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import F, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from patuh.access import Can, can
from patuh.access.cycles import cycles_for_user, get_cycle_for_user, may_see_results
from patuh.assessments.models import Cycle
from patuh.fieldwork.models import Evidence
from patuh.fieldwork.queries import card_photos
from patuh.instruments.models import VERSION_TEXTS
from patuh.registry.models import Provider
from patuh.scoring.models import ScoreSnapshot


class Audience(StrEnum):
    OFFICE = "office"
    AGENCY = "agency"
    PUBLIC = "public"


@dataclass
class Results:
    """A cycle with the snapshot its audience sees (None: office staff, nothing computed yet)."""

    cycle: Cycle
    snapshot: ScoreSnapshot | None
    audience: Audience
    # Office staff: a preliminary snapshot newer than `snapshot`, shown beside it.
    preliminary: ScoreSnapshot | None = None


# The latest snapshot first.
_NEWEST_FIRST = ("-computed_at", "-pk")


def _latest(snapshots: QuerySet[ScoreSnapshot]) -> ScoreSnapshot | None:
    return (
        snapshots.select_related("instrument_version__instrument", "computed_by")
        .defer(*VERSION_TEXTS)
        .order_by(*_NEWEST_FIRST)
        .first()
    )


def office_snapshot(cycle: Cycle) -> ScoreSnapshot | None:
    """What office staff see first: the latest official snapshot, else the latest preliminary."""
    official = _latest(cycle.snapshots.filter(kind=ScoreSnapshot.Kind.OFFICIAL))
    return official or _latest(cycle.snapshots.all())


def newer_preliminary(cycle: Cycle, snapshot: ScoreSnapshot | None) -> ScoreSnapshot | None:
    """The latest preliminary snapshot when it is newer than `snapshot` (an official one)."""
    if snapshot is None or snapshot.kind != ScoreSnapshot.Kind.OFFICIAL:
        return None
    newer = cycle.snapshots.filter(kind=ScoreSnapshot.Kind.PRELIMINARY).filter(
        computed_at__gt=snapshot.computed_at
    )
    return _latest(newer)


def released_snapshots() -> QuerySet[ScoreSnapshot]:
    """Official snapshots released to agencies."""
    return ScoreSnapshot.objects.filter(kind=ScoreSnapshot.Kind.OFFICIAL, released_at__isnull=False)


def published_snapshots(now: dt.datetime | None = None) -> QuerySet[ScoreSnapshot]:
    """Snapshots the public may see at `now`: released by the announcement, which has passed."""
    return released_snapshots().filter(
        cycle__announce_at__lte=now or timezone.now(),
        released_at__lte=F("cycle__announce_at"),
    )


def published_cycles(now: dt.datetime | None = None) -> QuerySet[Cycle]:
    return Cycle.objects.filter(pk__in=published_snapshots(now).values("cycle_id"))


def released_snapshot(cycle: Cycle) -> ScoreSnapshot | None:
    return _latest(released_snapshots().filter(cycle=cycle))


def published_snapshot(cycle: Cycle) -> ScoreSnapshot | None:
    # Through the cycle's manager, so the snapshot knows its cycle without reading it again.
    return _latest(cycle.snapshots.all() & published_snapshots())


def published_snapshot_id(code: str) -> int | None:
    """The id of cycle `code`'s published snapshot (as get_published finds it) in one light
    query: enough to find a page of it already kept (patuh.results.page_cache)."""
    return (
        published_snapshots()
        .filter(cycle__code=code)
        .order_by(*_NEWEST_FIRST)
        .values_list("pk", flat=True)
        .first()
    )


def get_published(code: str) -> Results:
    """The announced cycle `code` with its published snapshot; Http404 before the announcement."""
    cycle = get_object_or_404(
        published_cycles()
        .select_related("instrument_version__instrument", "office")
        .defer(*VERSION_TEXTS),
        code=code,
    )
    return Results(cycle, published_snapshot(cycle), Audience.PUBLIC)


def get_published_provider(results: Results, code: str) -> Provider:
    """A provider that the published snapshot scored; Http404 otherwise.

    The snapshot decides, not today's scope: a provider taken out of the cycle after the
    announcement keeps its published report card.
    """
    provider = get_object_or_404(Provider.objects.select_related("kind", "region"), code=code)
    if not results.snapshot.scores.filter(level="provider", subject_id=provider.pk).exists():
        raise Http404("No such provider.")
    return provider


def get_office_results(user, code: str) -> Results:
    """The cycle `code` with the snapshot office staff see (office_snapshot), and a newer
    preliminary one beside it."""
    cycle = get_cycle_for_user(user, code)
    snapshot = office_snapshot(cycle)
    return Results(cycle, snapshot, Audience.OFFICE, newer_preliminary(cycle, snapshot))


def get_report_card_for_user(user, code: str, provider_code: str) -> tuple[Results, Provider]:
    """The cycle and provider of a report card that `user` may see; Http404 for anything else.

    Office staff see any provider of their office's cycles; agency officers only their own
    providers, and only once a snapshot has been released to them.
    """
    cycle = get_object_or_404(
        cycles_for_user(user).select_related("instrument_version__instrument", "office"), code=code
    )
    providers = Provider.objects.filter(cycles=cycle, code=provider_code)
    if may_see_results(user, cycle):
        results = Results(cycle, office_snapshot(cycle), Audience.OFFICE)
    elif can(user, Can.VIEW_OWN_RESULTS):
        results = Results(cycle, released_snapshot(cycle), Audience.AGENCY)
        providers = providers.filter(officers=user)
        if results.snapshot is None:
            raise Http404("No results released.")
    else:
        raise Http404("No such cycle.")
    provider = get_object_or_404(providers.select_related("kind", "region", "government"))
    return results, provider


def own_released_providers(user, cycles: list[Cycle]) -> dict[int, list[Provider]]:
    """Per cycle id: the officer's own providers whose report cards have been released."""
    if not can(user, Can.VIEW_OWN_RESULTS) or not cycles:
        return {}
    released = released_snapshots().filter(cycle__in=cycles).values("cycle_id")
    scope = (
        Cycle.providers.through.objects.filter(cycle_id__in=released, provider__officers=user)
        .select_related("provider")
        .order_by("provider__name")
    )
    by_cycle: dict[int, list[Provider]] = {}
    for link in scope:
        by_cycle.setdefault(link.cycle_id, []).append(link.provider)
    return by_cycle


def trend_results_for_user(user) -> list[Results]:
    """Every cycle `user` may follow over the years, each with the snapshot they see in it."""
    cycles = list(
        cycles_for_user(user)
        .select_related("instrument_version__instrument")
        .order_by("year", "code")
    )
    staff = [cycle for cycle in cycles if may_see_results(user, cycle)]
    results = _with_snapshots(staff, ScoreSnapshot.objects.all(), Audience.OFFICE)
    if can(user, Can.VIEW_OWN_RESULTS):
        results += _with_snapshots(cycles, released_snapshots(), Audience.AGENCY)
    return sorted(results, key=lambda r: (r.cycle.year, r.cycle.code))


def published_trend_results() -> list[Results]:
    cycles = list(
        published_cycles().select_related("instrument_version__instrument").order_by("year")
    )
    return _with_snapshots(cycles, published_snapshots(), Audience.PUBLIC)


def _with_snapshots(cycles: list[Cycle], snapshots, audience: Audience) -> list[Results]:
    """Each cycle with its latest snapshot from `snapshots` (official first), in one query;
    cycles without one are left out."""
    latest: dict[int, ScoreSnapshot] = {}
    # Preliminary ("p…") before official ("o…"): an official snapshot wins over a newer
    # preliminary one, as in office_snapshot.
    rows = (
        snapshots.filter(cycle__in=cycles)
        .select_related("instrument_version__instrument")
        .order_by("cycle_id", "-kind", "computed_at", "pk")
    )
    for snapshot in rows:
        latest[snapshot.cycle_id] = snapshot
    return [Results(c, latest[c.pk], audience) for c in cycles if c.pk in latest]


def get_card_photo_for_user(user, public_id, variant: str):
    """A photo shown on a report card that `user` may see, as its metadata-free `variant`
    (thumbnail or display); Http404 otherwise.

    A photo is shown where its provider's report card is: to office staff of the cycle's office
    (the latest snapshot), to the provider's own officers (the released one) and to everyone
    once the cycle is announced (the published one), each only if that snapshot's card counts it.
    """
    if variant not in ("thumbnail", "display"):
        raise Http404("No such copy.")
    photo = get_object_or_404(
        Evidence.objects.select_related("assignment__cycle", "assignment__unit__provider"),
        uuid=public_id,
    )
    cycle, provider = photo.assignment.cycle, photo.assignment.unit.provider
    snapshots = [published_snapshot(cycle)]
    if may_see_results(user, cycle):
        snapshots.append(office_snapshot(cycle))
    if can(user, Can.VIEW_OWN_RESULTS) and provider.officers.filter(pk=user.pk).exists():
        snapshots.append(released_snapshot(cycle))
    for snapshot in filter(None, snapshots):
        if any(photo in shown for shown in card_photos(snapshot, provider.pk).values()):
            return photo
    raise Http404("No such photo.")
