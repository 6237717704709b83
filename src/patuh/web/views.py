from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET
from django.views.i18n import set_language

from patuh.access import cycles as access
from patuh.access import public
from patuh.access.results import own_released_providers
from patuh.results.public_views import public_index
from patuh.results.queries import instrument_title

# The language can be chosen before logging in, on the login page.
switch_language = public(set_language)


@public
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Signed in: the cycles one may see. Anyone else: the public results, the portal's entry."""
    if not request.user.is_authenticated:
        return public_index(request)
    language = get_language()
    today = timezone.localdate()
    cycles = list(
        access.cycles_for_user(request.user)
        .select_related("instrument_version__instrument")
        .prefetch_related("phases")
        .annotate(provider_count=Count("providers"))
        .order_by("-year", "name")
    )
    # Agency officers: their own report cards, once released.
    own_cards = own_released_providers(request.user, cycles)
    for cycle in cycles:
        cycle.phase_now = access.current_phase_for_user(request.user, cycle, today)
        cycle.instrument_title = instrument_title(cycle.instrument_version, language)
        # Fieldwork cycles link their plan, review and websites; evaluations their own pages.
        cycle.workflow = cycle.instrument_version.parsed.workflow
        cycle.results_visible = access.may_see_results(request.user, cycle)
        cycle.own_cards = own_cards.get(cycle.pk, [])
    return render(request, "web/home.html", {"cycles": cycles})
