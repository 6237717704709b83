"""PEKPPP pages besides the two forms: the start page, the provincial overview, a unit's
result, a unit over the years, and the evidence files."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from patuh.access import Can, requires
from patuh.access import pekppp as access
from patuh.access.cycles import current_phase_for_user, may_see_results
from patuh.access.results import Audience, own_released_providers, trend_results_for_user
from patuh.lib.documents import CONTENT_TYPE as PDF
from patuh.pekppp import results
from patuh.pekppp.queries import unit_progress
from patuh.pekppp.self_assessment import self_assessment_open


@requires(Can.SELF_ASSESS, Can.EVALUATE, Can.VIEW_RESULTS)
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The performance evaluations the user takes part in, with what they can do in each."""
    user = request.user
    today = timezone.localdate()
    cycles = list(access.evaluation_cycles(user).order_by("-year", "name"))
    released = own_released_providers(user, cycles)
    units = access.own_units(user)
    has_units = units.exists()
    for cycle in cycles:
        cycle.phase_now = current_phase_for_user(user, cycle, today)
        cycle.may_evaluate = access.may_evaluate(user, cycle)
        cycle.may_see_results = may_see_results(user, cycle)
        cycle.self_assessment_open = self_assessment_open(cycle, today)
        cycle.own_units = unit_progress(cycle, None, get_language(), units) if has_units else []
        cycle.released_providers = {p.pk for p in released.get(cycle.pk, [])}
    return render(request, "pekppp/index.html", {"cycles": cycles})


@requires(Can.VIEW_RESULTS)
@require_GET
def overview(request: HttpRequest, evaluation: str) -> HttpResponse:
    """The Biro Organisasi's overview: every evaluated unit's index and category, charts."""
    found = access.get_overview(request.user, evaluation)
    context = {"cycle": found.cycle, "snapshot": found.snapshot}
    if found.snapshot is not None:
        context["overview"] = results.overview(found, get_language())
    return render(request, "pekppp/overview.html", context)


@requires(Can.VIEW_RESULTS, Can.VIEW_OWN_RESULTS)
@require_GET
def unit_result(request: HttpRequest, evaluation: str, provider: str, unit: str) -> HttpResponse:
    """A unit's index, category, aspect scores and final indicator scores with comments."""
    found, unit_obj = access.get_unit_results(request.user, evaluation, provider, unit)
    context = {
        "cycle": found.cycle,
        "snapshot": found.snapshot,
        "unit": unit_obj,
        "agency": found.audience == Audience.AGENCY,
        "result": results.unit_result(found, unit_obj, get_language()),
    }
    return render(request, "pekppp/unit_result.html", context)


@requires(Can.VIEW_RESULTS, Can.VIEW_OWN_RESULTS)
@require_GET
def unit_trend(request: HttpRequest, provider: str, unit: str) -> HttpResponse:
    """A unit's index in every PEKPPP cycle the user may see (officers: released ones)."""
    unit_obj = access.get_trend_unit(request.user, provider, unit)
    points, figure = results.unit_trend(
        trend_results_for_user(request.user), unit_obj, get_language()
    )
    if not points:
        raise Http404("No scores of this unit.")
    return render(
        request,
        "pekppp/unit_trend.html",
        {"unit": unit_obj, "points": points, "figure": figure},
    )


@requires(Can.SELF_ASSESS, Can.EVALUATE, Can.VIEW_RESULTS)
@require_GET
@cache_control(private=True, max_age=3600)
def evidence_file(request: HttpRequest, attachment: str, copy: str) -> FileResponse:
    """An evidence file, streamed from storage after the access check. Documents are sent as
    downloads, never shown inline, so a PDF's scripts do not run in Patuh's origin."""
    evidence = access.get_evidence_for_user(request.user, attachment, copy)
    field = getattr(evidence, copy)
    content_type = evidence.content_type if copy == "file" else "image/jpeg"
    document = content_type == PDF
    name = evidence.title if evidence.title.lower().endswith(".pdf") else f"{evidence.title}.pdf"
    response = FileResponse(
        field.open("rb"),
        content_type=content_type,
        as_attachment=document,
        filename=name if document else "",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
