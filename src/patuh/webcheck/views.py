from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET, require_POST

from patuh.access import Can, requires
from patuh.access import webcheck as access
from patuh.assessments.models import Answer, Level
from patuh.jobs import services as jobs
from patuh.jobs.models import Job
from patuh.jobs.shortcuts import report_or_follow
from patuh.webcheck import overview
from patuh.webcheck.forms import OverrideForm
from patuh.webcheck.jobs import KIND, start_webcheck
from patuh.webcheck.models import WebsiteCheck
from patuh.webcheck.services import OverrideError, automatic_indicators, override_answer

ACTIVE = (Job.Status.QUEUED, Job.Status.RUNNING)


@requires(Can.VIEW_RESULTS, Can.RUN_WEBCHECKS)
@require_GET
def websites(request: HttpRequest, code: str) -> HttpResponse:
    """The cycle's websites with their latest state; htmx polls the run panel."""
    cycle = access.get_cycle_for_webchecks(request.user, code)
    context = {
        "cycle": cycle,
        "job": jobs.latest_job(KIND, cycle),
        "may_run": access.may_run_webchecks(request.user, cycle),
    }
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "webcheck/websites.html#run-panel", context)
    else:
        context["rows"] = overview.website_rows(cycle)
        response = render(request, "webcheck/websites.html", context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@requires(Can.RUN_WEBCHECKS)
@require_POST
def run(request: HttpRequest, code: str) -> HttpResponse:
    cycle = access.get_cycle_for_webchecks(request.user, code)
    if not access.may_run_webchecks(request.user, cycle):
        raise PermissionDenied
    if Job.objects.filter(kind=KIND, cycle=cycle, status__in=ACTIVE).exists():
        messages.info(request, gettext("The websites of this cycle are being checked already."))
        return redirect("webcheck_websites", code=cycle.code)
    job = start_webcheck(cycle, request.user)
    return report_or_follow(request, job, redirect("webcheck_websites", code=cycle.code))


def _website_page(request, cycle, website, forms=None, status=200) -> HttpResponse:
    language = get_language()
    checks = overview.history(cycle, website)
    latest = checks[0] if checks else None
    may_override = access.may_override_answers(request.user, cycle)
    answers = overview.automatic_answers(cycle, website, latest, language)
    indicators = {indicator.code: indicator for indicator in automatic_indicators(cycle)}
    for row in answers:
        if may_override and row.may_override:
            row.form = (forms or {}).get(row.code) or OverrideForm(
                indicator=indicators[row.code],
                language=language,
                initial={"value": row.answer.value},
            )
    context = {
        "cycle": cycle,
        "website": website,
        "latest": latest,
        "state": overview.current_state(latest),
        "changes": overview.status_changes(checks),
        "chart": overview.pass_chart(checks, gettext("Checks passed per run, oldest first")),
        "answers": answers,
    }
    return render(request, "webcheck/website.html", context, status=status)


@requires(Can.VIEW_RESULTS, Can.RUN_WEBCHECKS)
@require_GET
def website(request: HttpRequest, code: str, provider: str, website: str) -> HttpResponse:
    cycle, website_obj = access.get_website_for_user(request.user, code, provider, website)
    return _website_page(request, cycle, website_obj)


@requires(Can.REVIEW)
@require_POST
def override(
    request: HttpRequest, code: str, provider: str, website: str, indicator: str
) -> HttpResponse:
    """A reviewer replaces an automatic answer, giving a reason."""
    cycle, website_obj = access.get_website_for_user(request.user, code, provider, website)
    if not access.may_override_answers(request.user, cycle):
        raise Http404("No such answer.")
    definition = {i.code: i for i in automatic_indicators(cycle)}.get(indicator)
    if definition is None:
        raise Http404("No such answer.")
    answer = get_object_or_404(
        Answer, cycle=cycle, level=Level.WEBSITE, website=website_obj, indicator=indicator
    )
    form = OverrideForm(request.POST, indicator=definition, language=get_language())
    if form.is_valid():
        try:
            override_answer(
                answer,
                definition,
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
                user=request.user,
            )
        except OverrideError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, gettext("%(code)s overridden.") % {"code": definition.code})
            return redirect("webcheck_website", code=cycle.code, provider=provider, website=website)
    return _website_page(request, cycle, website_obj, forms={indicator: form}, status=400)


@requires(Can.VIEW_RESULTS, Can.RUN_WEBCHECKS)
@require_GET
def screenshot(
    request: HttpRequest, code: str, provider: str, website: str, check: str
) -> FileResponse:
    cycle, website_obj = access.get_website_for_user(request.user, code, provider, website)
    row = get_object_or_404(WebsiteCheck, uuid=check, website=website_obj, run__cycle=cycle)
    if not row.screenshot:
        raise Http404("No such screenshot.")
    return FileResponse(row.screenshot.open("rb"), content_type="image/png")
