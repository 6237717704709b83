"""What the management commands of several apps share about cycles; failures are CommandErrors."""

from django.core.management.base import CommandError
from django.db.models import Count

from patuh.assessments.models import Cycle


def get_cycle(code: str) -> Cycle:
    """The cycle `code` with its instrument, office, phases and number of providers;
    CommandError naming the known cycles when there is none."""
    try:
        return (
            Cycle.objects.select_related("instrument_version__instrument", "office")
            .prefetch_related("phases")
            .annotate(provider_count=Count("providers"))
            .get(code=code)
        )
    except Cycle.DoesNotExist:
        known = ", ".join(Cycle.objects.values_list("code", flat=True)) or "none"
        raise CommandError(f"No cycle {code!r}. Known cycles: {known}.") from None
