from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language

from patuh.access import Can, public, requires, signed_in
from patuh.access import cycles as access
from patuh.jobs.shortcuts import report_or_follow
from patuh.scoring.jobs import start_recompute
from patuh.scoring.services import latest_snapshot
from patuh.web import results
from patuh.web.forms import RankingFilterForm

# The language can be chosen before logging in, on the login page.
switch_language = public(set_language)


@signed_in
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    language = get_language()
    today = timezone.localdate()
    cycles = list(
        access.cycles_for_user(request.user)
        .select_related("instrument_version__instrument")
        .prefetch_related("phases")
        .annotate(provider_count=Count("providers"))
        .order_by("-year", "name")
    )
    for cycle in cycles:
        cycle.phase_now = cycle.current_phase(today)
        cycle.instrument_title = results.instrument_title(cycle.instrument_version, language)
        cycle.results_visible = access.may_see_results(request.user, cycle)
    return render(request, "web/home.html", {"cycles": cycles})


@requires(Can.VIEW_RESULTS, Can.VIEW_OWN_RESULTS)
@require_GET
def cycle_detail(request: HttpRequest, code: str) -> HttpResponse:
    cycle = access.get_cycle_for_user(request.user, code)
    language = get_language()
    snapshot = latest_snapshot(cycle)
    regions, kinds = results.ranking_filters(cycle)
    form = RankingFilterForm(
        request.GET or None,
        regions=[(region.code, region.name) for region in regions],
        kinds=[(kind.code, results.kind_label(kind, language)) for kind in kinds],
    )
    filters = form.filters()
    context = {
        "cycle": cycle,
        "snapshot": snapshot,
        "form": form,
        "may_recompute": access.may_manage_results(request.user, cycle),
    }
    if snapshot is not None:
        context["ranking"] = results.provider_ranking(
            cycle,
            snapshot,
            language,
            region=filters.get("region", ""),
            kind=filters.get("kind", ""),
        )
    # A history restore after "back" asks for the whole page, not the fragment.
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "web/cycle_detail.html#ranking-table", context)
    else:
        if snapshot is not None:
            context["regions"] = results.region_scores(snapshot, language)
            context["instrument_title"] = results.instrument_title(
                snapshot.instrument_version, language
            )
        response = render(request, "web/cycle_detail.html", context)
    # Browsers must not serve a cached fragment as the page or the page as a fragment.
    patch_vary_headers(response, ("HX-Request",))
    return response


@requires(Can.MANAGE_RESULTS)
@require_POST
def recompute(request: HttpRequest, code: str) -> HttpResponse:
    cycle = access.get_cycle_to_manage(request.user, code)
    job = start_recompute(cycle, request.user)
    return report_or_follow(request, job, redirect("cycle_detail", code=cycle.code))


@requires(Can.VIEW_RESULTS, Can.VIEW_OWN_RESULTS)
@require_GET
def provider_detail(request: HttpRequest, code: str, provider: str) -> HttpResponse:
    cycle = access.get_cycle_for_user(request.user, code)
    provider_obj = access.get_provider_for_user(request.user, cycle, provider)
    language = get_language()
    snapshot = latest_snapshot(cycle)
    report = results.provider_report(cycle, snapshot, provider_obj, language)
    return render(
        request,
        "web/provider_detail.html",
        {
            "cycle": cycle,
            "snapshot": snapshot,
            "report": report,
            "provider": provider_obj,
            "kind": results.kind_label(provider_obj.kind, language),
        },
    )
