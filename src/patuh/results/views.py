"""Result pages for office staff and agency officers: dashboard, report cards, regions, exports,
trends, and the coordinator's recompute, release and announcement.

Which snapshot a page shows is decided in patuh.access.results; the public portal's views are in
patuh.results.public_views and share the context builders below.
"""

from collections.abc import Callable

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from patuh.access import Can, public, requires
from patuh.access import cycles as cycle_access
from patuh.access import results as access
from patuh.access.results import Audience, Results
from patuh.assessments.models import Cycle, Level
from patuh.jobs import tasks as jobs
from patuh.jobs.shortcuts import follow_download, report_or_follow
from patuh.lib.exports import FORMATS
from patuh.registry.models import Provider, Region
from patuh.results import dashboard, queries, trends
from patuh.results.cards import report_card
from patuh.results.download_views import record_export
from patuh.results.exports import (
    snapshot_label,
)
from patuh.results.forms import (
    AnnouncementForm,
    RankingFilterForm,
    ReleaseForm,
    WithdrawForm,
)
from patuh.results.pdf import PdfError, pdf_problem, report_card_pdf
from patuh.results.services import (
    ResultsError,
    announcement_warnings,
    cancel_announcement,
    latest_official,
    latest_released,
    release_check,
    release_latest,
    set_announcement,
    withdraw_release,
)
from patuh.scoring.jobs import start_recompute
from patuh.scoring.models import ScoreSnapshot


def ranking_context(request: HttpRequest, results: Results) -> dict:
    """The cycle, its snapshot, the filter form and the (filtered) ranking.

    The ranking and the filters' choices come from the snapshot alone; office staff are also
    told which providers in today's scope it lacks.
    """
    cycle, snapshot = results.cycle, results.snapshot
    language = get_language()
    everyone = queries.Ranking(rows=[])
    if snapshot is not None:
        everyone = queries.provider_ranking(snapshot, language)
        if results.audience == Audience.OFFICE:
            everyone.unscored = queries.unscored_providers(cycle, snapshot)
    regions, kinds = queries.ranking_filters(everyone)
    form = RankingFilterForm(request.GET or None, regions=regions, kinds=kinds)
    filters = form.filters()
    context = {
        "cycle": cycle,
        "snapshot": snapshot,
        "form": form,
        "public": results.audience == Audience.PUBLIC,
    }
    if snapshot is not None:
        context["everyone"] = everyone
        context |= queries.shape(snapshot.instrument_version.parsed)
        context["ranking"] = queries.filtered(
            everyone,
            region=filters.get("region", ""),
            kind=filters.get("kind", ""),
            sort=filters.get("sort", ""),
            descending=filters.get("desc", False),
        )
        context["instrument_title"] = queries.instrument_title(
            snapshot.instrument_version, language
        )
    # The table's rows come from the snapshot and the filters alone: its HTML is kept as long
    # as the snapshot's ranking (0: not at all without a snapshot).
    context["cache_seconds"] = queries.SNAPSHOT_CACHE_SECONDS if snapshot is not None else 0
    return context


def wants_ranking_fragment(request: HttpRequest) -> bool:
    """Whether htmx asks for the ranking table alone (a filter changed). A history restore
    after "back" asks for the whole page."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def render_ranking(request: HttpRequest, context: dict) -> HttpResponse | None:
    """The ranking table alone for an htmx filter request; None when the page is wanted."""
    if wants_ranking_fragment(request):
        response = render(request, "results/includes/ranking_table.html", context)
        patch_vary_headers(response, ("HX-Request",))
        return response
    return None


def full_page(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    response = render(request, template, context)
    # Browsers must not serve a cached fragment as the page or the page as a fragment.
    patch_vary_headers(response, ("HX-Request",))
    return response


def zone_context(context: dict) -> dict:
    """Zone charts of the whole cycle (not only the filtered rows); for instruments whose bands
    have no zones (PEKPPP), providers per category instead."""
    if "everyone" in context:
        rows = context["everyone"].rows
        instrument = context["snapshot"].instrument_version.parsed
        if context["without_zones"]:
            context["zone_figures"] = dashboard.category_figures(rows, instrument, get_language())
            context["zones_heading"] = gettext("Categories")
        else:
            context["zone_figures"] = dashboard.zone_figures(rows)
    return context


@requires(Can.VIEW_RESULTS, Can.VIEW_OWN_RESULTS)
@require_GET
def cycle_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The office's dashboard of a cycle: zones, completeness, failures, ranking, regions."""
    results = access.get_office_results(request.user, code)
    cycle, snapshot = results.cycle, results.snapshot
    if wants_ranking_fragment(request):
        return render_ranking(request, dashboard_ranking_context(request, results))
    manage = cycle_access.may_manage_results(request.user, cycle)
    context = {
        "cycle": cycle,
        "snapshot": snapshot,
        "may_manage": manage,
        "pdf_problem": pdf_problem(),
        "announcement_form": AnnouncementForm(initial={"announce_at": cycle.announce_at}),
    }
    if manage:
        context["releasable"], context["released"] = release_state(cycle, snapshot)
        context["withdraw_form"] = WithdrawForm()
    if snapshot is not None:
        context["instrument_title"] = queries.instrument_title(
            snapshot.instrument_version, get_language()
        )
        context["completeness_level"] = completeness_level(snapshot)
        context["results_html"] = dashboard_results(request, results)
        if results.preliminary is not None:
            context["preliminary"] = results.preliminary
            context["preliminary_completeness"] = cached_completeness(
                results.preliminary,
                lambda: queries.provider_ranking(snapshot, get_language()),
                context["completeness_level"],
            ).total
    return full_page(request, "results/cycle_detail.html", context)


def release_state(
    cycle: Cycle, snapshot: ScoreSnapshot | None
) -> tuple[ScoreSnapshot | None, ScoreSnapshot | None]:
    """The cycle's latest official snapshot (the one to release) and its latest released one.
    `snapshot`, the dashboard's, is the latest official one when there is one
    (access.results.office_snapshot), and mostly the released one too: only when it is not
    released is the released one read."""
    if snapshot is None or snapshot.kind != ScoreSnapshot.Kind.OFFICIAL:
        return None, None  # no official snapshot, so none released
    return snapshot, snapshot if snapshot.released_at else latest_released(cycle)


def completeness_level(snapshot: ScoreSnapshot) -> str:
    """Products, or units for an instrument that scores no products (PEKPPP)."""
    shape = queries.shape(snapshot.instrument_version.parsed)
    return Level.UNIT if shape["without_products"] else Level.PRODUCT


def cached_completeness(
    snapshot: ScoreSnapshot, ranking: Callable[[], queries.Ranking], level: str
) -> dashboard.CompletenessReport:
    """How complete `snapshot` is at `level`, per region named as in `ranking()` (cached: the
    ranking is asked for only to compute it)."""

    def compute() -> dashboard.CompletenessReport:
        region_names = {row.region_code: row.region for row in ranking().rows}
        return dashboard.completeness(snapshot, region_names, level)

    return queries.from_snapshot_cache(snapshot, f"completeness:{level}:{get_language()}", compute)


def dashboard_ranking_context(request: HttpRequest, results: Results) -> dict:
    """The ranking's context, each row given its completeness figure for the "assessed"
    column, so that the column and the completeness chart agree."""
    context = ranking_context(request, results)
    if results.snapshot is not None:
        level = completeness_level(results.snapshot)
        report = cached_completeness(results.snapshot, lambda: context["everyone"], level)
        report.attach(row.score for row in context["everyone"].rows)
        context |= {"completeness_level": level, "completeness_report": report}
    return context


def dashboard_results(request: HttpRequest, results: Results) -> str:
    """The dashboard's sections drawn from its snapshot alone: zones, completeness, the
    indicators failed most, the ranking and the regions. At national size they take a second to
    compute and draw, so their HTML is kept with the snapshot (queries.from_snapshot_cache)."""
    snapshot = results.snapshot

    def draw() -> str:
        context = zone_context(dashboard_ranking_context(request, results))
        report = context["completeness_report"]
        regions = queries.region_scores(snapshot, get_language())
        report.attach(regions)
        failed = dashboard.most_failed(snapshot)
        context |= {
            "completeness": report.total,
            "completeness_figure": dashboard.completeness_figure(
                report.per_region, context["completeness_level"]
            ),
            "most_failed": failed,
            "most_failed_figure": dashboard.most_failed_figure(failed),
            "regions": regions,
        }
        return render_to_string("results/includes/dashboard_results.html", context, request)

    key = f"dashboard:{get_language()}:{results.audience}:{request.GET.urlencode()}"
    return mark_safe(queries.from_snapshot_cache(snapshot, key, draw))  # noqa: S308 - our HTML


@requires(Can.MANAGE_RESULTS)
@require_POST
def recompute(request: HttpRequest, code: str) -> HttpResponse:
    cycle = cycle_access.get_cycle_to_manage(request.user, code)
    job = start_recompute(cycle, request.user)
    return report_or_follow(request, job, redirect("cycle_detail", code=cycle.code))


@requires(Can.MANAGE_RESULTS)
@require_http_methods(["GET", "POST"])
def release(request: HttpRequest, code: str) -> HttpResponse:
    """The release's confirmation page, with its completeness (GET), and the release (POST)."""
    cycle = cycle_access.get_cycle_to_manage(request.user, code)
    form = ReleaseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            snapshot = release_latest(
                cycle, request.user, override_reason=form.cleaned_data["override_reason"]
            )
        except ResultsError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                gettext(
                    "Scores of %(time)s released to the agencies. Their follow-up findings are"
                    " opened in the background and appear in the follow-up tracker when ready."
                )
                % {"time": date_format(localtime(snapshot.computed_at), "DATETIME_FORMAT")},
            )
            return redirect("cycle_detail", code=cycle.code)
    context = {"cycle": cycle, "check": release_check(cycle), "form": form}
    return render(request, "results/release.html", context)


@requires(Can.MANAGE_RESULTS)
@require_POST
def withdraw(request: HttpRequest, code: str) -> HttpResponse:
    cycle = cycle_access.get_cycle_to_manage(request.user, code)
    form = WithdrawForm(request.POST)
    try:
        if not form.is_valid():
            raise ResultsError(gettext("Give the reason for withdrawing the release."))
        snapshot = withdraw_release(cycle, request.user, reason=form.cleaned_data["reason"])
    except ResultsError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            gettext(
                "The release of the scores of %(time)s is withdrawn: agencies no longer see them."
            )
            % {"time": date_format(localtime(snapshot.computed_at), "DATETIME_FORMAT")},
        )
    return redirect("cycle_detail", code=cycle.code)


@requires(Can.MANAGE_RESULTS)
@require_POST
def announce(request: HttpRequest, code: str) -> HttpResponse:
    """Set the announcement (after confirming a warning, if any) or cancel it."""
    cycle = cycle_access.get_cycle_to_manage(request.user, code)
    if request.POST.get("action") == "cancel":
        try:
            cancel_announcement(cycle)
        except ResultsError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, gettext("The public announcement is cancelled: the results are private.")
            )
        return redirect("cycle_detail", code=cycle.code)
    form = AnnouncementForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["announce_at"]))
        return redirect("cycle_detail", code=cycle.code)
    moment = form.cleaned_data["announce_at"]
    warnings = announcement_warnings(cycle, moment)
    if warnings and not form.cleaned_data["confirm"]:
        context = {"cycle": cycle, "moment": moment, "warnings": warnings, "form": form}
        return render(request, "results/announce_confirm.html", context)
    set_announcement(cycle, moment)
    messages.success(
        request,
        gettext("The public announcement is set for %(time)s.")
        % {"time": date_format(localtime(moment), "DATETIME_FORMAT")},
    )
    return redirect("cycle_detail", code=cycle.code)


@requires(Can.VIEW_RESULTS)
@require_POST
def report_cards(request: HttpRequest, code: str) -> HttpResponse:
    """Start the job that makes every provider's report card PDF of the latest official scores."""
    cycle = cycle_access.get_cycle_for_user(request.user, code)
    snapshot = latest_official(cycle)
    if snapshot is None:
        messages.error(request, gettext("There are no official scores to report yet."))
        return redirect("cycle_detail", code=cycle.code)
    # A snapshot never changes: its report cards, once made, stay fresh.
    job = jobs.start_or_reuse(
        "report_cards",
        user=request.user,
        title=gettext("Report cards of %(cycle)s") % {"cycle": cycle.name},
        fresh_since=snapshot.computed_at,
        cycle=cycle,
        snapshot_id=snapshot.pk,
    )
    return follow_download(job)


def regions_context(results: Results) -> dict:
    language = get_language()
    snapshot = results.snapshot
    context = {
        "cycle": results.cycle,
        "snapshot": snapshot,
        "public": results.audience == Audience.PUBLIC,
    }
    if snapshot is not None:
        everyone = queries.provider_ranking(snapshot, language)
        context["summaries"] = dashboard.region_summaries(
            queries.region_scores(snapshot, language), everyone.rows
        )
        instrument = snapshot.instrument_version.parsed
        context["rule"] = dashboard.rule_text(instrument, "region")
        context |= queries.shape(instrument)
    return context


@requires(Can.VIEW_RESULTS, Can.VIEW_OWN_RESULTS)
@require_GET
def regions(request: HttpRequest, code: str) -> HttpResponse:
    results = access.get_office_results(request.user, code)
    return render(request, "results/regions.html", regions_context(results))


def card_context(results: Results, provider: Provider) -> dict:
    """The report card page: names come from the snapshot's card when there is one (they may
    have changed in the registry since), from the registry otherwise."""
    snapshot = results.snapshot
    language = get_language()
    card = report_card(snapshot, provider.pk, language) if snapshot else None
    for photo in card.photos() if card else []:
        photo.thumbnail_url = reverse("card_photo", args=[photo.uuid, "thumbnail"])
        photo.display_url = reverse("card_photo", args=[photo.uuid, "display"])
    return {
        "results": results,
        "cycle": results.cycle,
        "snapshot": snapshot,
        "provider": provider,
        "name": card.name if card else provider.name,
        "kind": card.kind if card else queries.kind_label(provider.kind, language),
        "region": card.region if card else provider.region.name,
        "card": card,
        "instrument_title": queries.instrument_title(snapshot.instrument_version, language)
        if snapshot
        else "",
        "pdf_problem": pdf_problem(),
        "public": results.audience == Audience.PUBLIC,
        "formats": FORMATS,
    }


@requires(Can.VIEW_RESULTS, Can.VIEW_OWN_RESULTS)
@require_GET
def provider_detail(request: HttpRequest, code: str, provider: str) -> HttpResponse:
    """A provider's report card; office staff also see its answers as stored now."""
    results, provider_obj = access.get_report_card_for_user(request.user, code, provider)
    context = card_context(results, provider_obj)
    if results.audience == Audience.OFFICE:
        context["report"] = queries.provider_report(
            results.cycle, results.snapshot, provider_obj, get_language()
        )
    return render(request, "results/provider_detail.html", context)


def pdf_response(results: Results, provider: Provider) -> HttpResponse:
    if results.snapshot is None:
        raise Http404("No scores yet.")
    try:
        pdf = report_card_pdf(results.snapshot, provider.pk)
    except PdfError as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    if pdf is None:
        raise Http404("No scores of this provider in the snapshot.")
    response = HttpResponse(pdf, content_type="application/pdf")
    # The snapshot in the name: report cards of two computations never share a file name.
    name = f"rapor-{results.cycle.code}-{provider.code}-{snapshot_label(results.snapshot)}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@public
@require_GET
def card_photo(request: HttpRequest, photo: str, variant: str) -> FileResponse:
    """A report card's photo, for whoever may see that card (see the access helper)."""
    obj = access.get_card_photo_for_user(request.user, photo, variant)
    response = FileResponse(getattr(obj, variant).open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@requires(Can.VIEW_RESULTS, Can.VIEW_OWN_RESULTS)
@require_GET
def provider_pdf(request: HttpRequest, code: str, provider: str) -> HttpResponse:
    results, provider_obj = access.get_report_card_for_user(request.user, code, provider)
    record_export(results, f"report card of {provider_obj.code} format=pdf")
    return pdf_response(results, provider_obj)


def provider_trend_context(results: list[Results], provider: Provider) -> dict:
    points = trends.subject_trend(results, "provider", provider.pk, get_language())
    if not points:
        raise Http404("No scores of this provider.")
    return {
        "subject": provider,
        "points": points,
        "with_zones": trends.with_zones(points),
        "figure": trends.trend_figure(
            points, caption=gettext("Score of %(name)s per cycle") % {"name": provider.name}
        ),
        "public": points[-1].results.audience == Audience.PUBLIC,
    }


def region_trend_context(results: list[Results], region: Region) -> dict:
    language = get_language()
    points = trends.subject_trend(results, "region", region.pk, language)
    if not points:
        raise Http404("No scores of this region.")
    context = {
        "subject": region,
        "region": region,
        "points": points,
        "with_zones": trends.with_zones(points),
        "figure": trends.trend_figure(
            points, caption=gettext("Score of %(name)s per cycle") % {"name": region.name}
        ),
        "public": points[-1].results.audience == Audience.PUBLIC,
    }
    pair = trends.latest_pair(points)
    if pair is not None:
        improved, declined = trends.movers(*pair, region.code, language)
        context["compared"] = pair
        context["movers_lists"] = [(gettext("Improved"), improved), (gettext("Declined"), declined)]
    return context


@requires(Can.VIEW_RESULTS, Can.VIEW_OWN_RESULTS)
@require_GET
def provider_trend(request: HttpRequest, provider: str) -> HttpResponse:
    """A provider's scores over the cycles the user may see (officers: their own providers)."""
    providers = Provider.objects.filter(code=provider)
    if not request.user.is_office_staff:
        providers = providers.filter(officers=request.user)
    provider_obj = get_object_or_404(providers)
    results = access.trend_results_for_user(request.user)
    return render(request, "results/trend.html", provider_trend_context(results, provider_obj))


@requires(Can.VIEW_RESULTS)
@require_GET
def region_trend(request: HttpRequest, region: str) -> HttpResponse:
    region_obj = get_object_or_404(Region, code=region)
    results = access.trend_results_for_user(request.user)
    return render(request, "results/trend.html", region_trend_context(results, region_obj))
