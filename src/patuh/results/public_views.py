"""The public portal: announced cycles only, from their published snapshots, no login.

Every view finds its cycle through patuh.access.results.get_published, whose query leaves out a
cycle before its announcement moment: each page and download of it answers 404 until then.
Nothing here shows who visited, when, or where a photo was taken.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from patuh.access import public
from patuh.access import results as access
from patuh.registry.models import Provider, Region
from patuh.results import download_views, portal, queries, views
from patuh.results.page_cache import cached_page


@public
@require_GET
def public_index(request: HttpRequest) -> HttpResponse:
    """Every announced cycle of every instrument, and the agency search (`q`)."""
    language = get_language()
    cycles = list(
        access.published_cycles()
        .select_related("instrument_version__instrument", "office")
        .order_by("-year", "name")
    )
    for cycle in cycles:
        cycle.instrument_title = queries.instrument_title(cycle.instrument_version, language)
    query = request.GET.get("q", "").strip()
    found = portal.search_agencies(query)
    context = {
        "cycles": cycles,
        "query": query,
        "agencies": found[: portal.MAX_FOUND],
        "more_found": len(found) > portal.MAX_FOUND,
    }
    return render(request, "results/public/index.html", context)


@public
@require_GET
def public_agency(request: HttpRequest, provider: str) -> HttpResponse:
    """An agency's published results: its score in each announced cycle (for PEKPPP, its units'
    indexes too) and its units' published satisfaction surveys; 404 while nothing is public."""
    page = portal.agency_page(provider, get_language())
    if page is None:
        raise Http404("Nothing published for this agency.")
    return render(request, "results/public/agency.html", {"page": page})


@public
@require_GET
def public_cycle(request: HttpRequest, cycle: str) -> HttpResponse:
    def render() -> HttpResponse:
        results = access.get_published(cycle)
        context = views.ranking_context(request, results)
        fragment = views.render_ranking(request, context)
        if fragment is not None:
            return fragment
        return views.full_page(request, "results/public/cycle.html", views.zone_context(context))

    return cached_page(request, access.published_snapshot_id(cycle), render)


@public
@require_GET
def public_regions(request: HttpRequest, cycle: str) -> HttpResponse:
    def render_regions() -> HttpResponse:
        context = views.regions_context(access.get_published(cycle))
        return render(request, "results/regions.html", context)

    return cached_page(request, access.published_snapshot_id(cycle), render_regions)


@public
@require_GET
def public_provider(request: HttpRequest, cycle: str, provider: str) -> HttpResponse:
    def render_card() -> HttpResponse:
        results = access.get_published(cycle)
        provider_obj = access.get_published_provider(results, provider)
        context = views.card_context(results, provider_obj)
        return render(request, "results/provider_detail.html", context)

    return cached_page(request, access.published_snapshot_id(cycle), render_card)


@public
@require_GET
def public_provider_pdf(request: HttpRequest, cycle: str, provider: str) -> HttpResponse:
    results = access.get_published(cycle)
    return views.pdf_response(results, access.get_published_provider(results, provider))


@public
@require_GET
def public_data(request: HttpRequest, cycle: str) -> HttpResponse:
    """Open data: the published scores' downloads and their data dictionary."""
    results = access.get_published(cycle)
    return render(request, "results/exports.html", download_views.exports_context(results))


@public
@require_GET
def public_scores_export(request: HttpRequest, cycle: str, fmt: str):
    """The published scores as open data. Not audited: the data is public, and recording
    anonymous downloads would let anyone fill the audit log."""
    fmt = download_views.check_format(fmt)
    return download_views.scores_download(request, access.get_published(cycle), fmt)


@public
@require_GET
def public_provider_trend(request: HttpRequest, provider: str) -> HttpResponse:
    provider_obj = get_object_or_404(Provider, code=provider)
    context = views.provider_trend_context(access.published_trend_results(), provider_obj)
    return render(request, "results/trend.html", context)


@public
@require_GET
def public_region_trend(request: HttpRequest, region: str) -> HttpResponse:
    region_obj = get_object_or_404(Region, code=region)
    context = views.region_trend_context(access.published_trend_results(), region_obj)
    return render(request, "results/trend.html", context)
