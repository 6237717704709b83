from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET
from django.views.i18n import set_language

from patuh.access import Can, public, requires, signed_in
from patuh.access import cycles as access
from patuh.access.results import own_released_providers
from patuh.results.public_views import public_index
from patuh.results.queries import instrument_title
from patuh.web.landing import agency_page, landing_url

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


@signed_in
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """Where sign-in leads (LOGIN_REDIRECT_URL): each role to its work."""
    return redirect(landing_url(request.user))


@requires(Can.VIEW_OWN_RESULTS)
@require_GET
def agency(request: HttpRequest) -> HttpResponse:
    """The agency officer's page: report cards, self-assessments, satisfaction surveys."""
    return render(request, "web/agency.html", {"page": agency_page(request.user, get_language())})
