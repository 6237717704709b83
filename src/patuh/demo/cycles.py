"""The demo's cycles: running ones dated around the day the demo is loaded, past ones dated as
their round had them."""

import datetime as dt

from django.utils import timezone

from patuh.assessments.models import Cycle, Phase


def running_cycle(spec: dict, version, office, providers, phases) -> Cycle:
    """A cycle of the load date's year from `spec` (code, and a name with {year}) over
    `providers`, with `phases` as (kind, first day, last day) counted from the load date."""
    today = timezone.localdate()
    cycle = Cycle.objects.create(
        code=spec["code"],
        name=spec["name"].format(year=today.year),
        year=today.year,
        office=office,
        instrument_version=version,
    )
    cycle.providers.set(providers)
    Phase.objects.bulk_create(
        Phase(
            cycle=cycle,
            kind=kind,
            starts_on=today + dt.timedelta(days=first),
            ends_on=today + dt.timedelta(days=last),
        )
        for kind, first, last in phases
    )
    return cycle


def publish_as_of(cycle: Cycle, snapshot, coordinator, *, computed, released, announced) -> None:
    """Date the snapshot as its round had it: computed, released, then announced."""
    snapshot.computed_at = computed
    snapshot.released_at = released
    snapshot.released_by = coordinator
    snapshot.save(update_fields=["computed_at", "released_at", "released_by"])
    cycle.announce_at = announced
    cycle.save(update_fields=["announce_at"])
