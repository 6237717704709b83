"""The unit's self-assessment (F-01), filled by its agency officers on a phone or a desk.

Each indicator is saved on its own (htmx swaps the indicator in place; without script the form
posts and the page comes back at that indicator). Uploads post the whole page. Every endpoint is
idempotent: uploads and the submission carry a key generated when the page was drawn, so a
request sent twice stores nothing twice.
"""

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from patuh.access import Can, requires
from patuh.access.pekppp import get_unit_to_self_assess
from patuh.access.results import released_snapshot
from patuh.assessments.models import Phase
from patuh.evidence.refusals import EvidenceRejected
from patuh.evidence.services import check_request_size, document_limits, image_limits
from patuh.pekppp import evidence
from patuh.pekppp import self_assessment as services
from patuh.pekppp.models import Evidence
from patuh.pekppp.self_assessment import EvaluationError, SelfAssessmentIncomplete
from patuh.pekppp.views.common import form_url, save_indicator


def page_url(cycle, unit, indicator: str = "") -> str:
    return form_url("pekppp:self_assessment", cycle, unit, indicator)


def _context(cycle, unit, assessment) -> dict:
    editable = services.self_assessment_open(cycle) and not (
        assessment is not None and assessment.submitted
    )
    documents = document_limits()
    return {
        "cycle": cycle,
        "unit": unit,
        "assessment": assessment,
        "editable": editable,
        "readonly": not editable,
        "phase": cycle.phase(Phase.Kind.PENILAIAN_MANDIRI),
        "document_mb": documents.max_bytes // 10**6,
        "document_pages": documents.max_pages,
        "image_mb": image_limits().max_bytes // 10**6,
    }


@requires(Can.SELF_ASSESS)
@require_GET
def self_assessment(request: HttpRequest, evaluation: str, provider: str, unit: str):
    cycle, unit_obj = get_unit_to_self_assess(request.user, evaluation, provider, unit)
    language = get_language()
    assessment = services.self_assessment_of(cycle, unit_obj)
    items = services.items(cycle, unit_obj, assessment, language)
    context = _context(cycle, unit_obj, assessment)
    context |= {
        "sections": services.sections(cycle.instrument_version.parsed, language, items),
        "scored": sum(item.scored for item in items.values()),
        "total": len(items),
        "open": request.GET.get("open", ""),
        "submit_key": uuid.uuid4(),
        "released": released_snapshot(cycle) is not None,
    }
    return render(request, "pekppp/self_assessment.html", context)


def _indicator_fragment(request, cycle, unit, code: str, *, saved: str = "", error: str = ""):
    """One indicator's block as it stands now, for htmx to swap in."""
    language = get_language()
    assessment = services.self_assessment_of(cycle, unit)
    item = services.items(cycle, unit, assessment, language).get(code)
    if item is None:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    context = _context(cycle, unit, assessment) | {
        "item": item,
        "open": code,
        "saved": saved,
        "error": error,
    }
    return render(request, "pekppp/self_assessment.html#indicator", context)


@requires(Can.SELF_ASSESS)
@require_POST
def save_self_score(request: HttpRequest, evaluation: str, provider: str, unit: str):
    cycle, unit_obj = get_unit_to_self_assess(request.user, evaluation, provider, unit)
    code = request.POST.get("indicator", "")
    return save_indicator(
        request,
        lambda: services.save_self_score(
            cycle,
            unit_obj,
            request.user,
            indicator=code,
            score=request.POST.get("score", ""),
            explanation=request.POST.get("explanation", ""),
        ),
        lambda **state: _indicator_fragment(request, cycle, unit_obj, code, **state),
        lambda indicator: page_url(cycle, unit_obj, indicator),
    )


def _client_id(raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except (TypeError, ValueError):
        raise EvaluationError(
            _("The form is out of date; reload the page and try again.")
        ) from None


def _add(request: HttpRequest, cycle, unit) -> Evidence:
    """Store what the upload form sent, by its kind; EvaluationError with what is wrong."""
    kind = request.POST.get("kind", "")
    common = {
        "indicator": request.POST.get("indicator", ""),
        "client_id": _client_id(request.POST.get("client_id", "")),
    }
    if kind == Evidence.Kind.LINK:
        address, title = request.POST.get("address", ""), request.POST.get("title", "")
        added = evidence.add_link(cycle, unit, request.user, address=address, title=title, **common)
    elif kind == Evidence.Kind.SURVEY:
        survey = request.POST.get("survey", "")
        added = evidence.add_survey(cycle, unit, request.user, survey=survey, **common)
    elif kind in (Evidence.Kind.DOCUMENT, Evidence.Kind.IMAGE):
        upload = request.FILES.get("file")
        if upload is None:
            raise EvaluationError(_("Choose a file to upload."))
        add = evidence.add_document if kind == Evidence.Kind.DOCUMENT else evidence.add_image
        # Read whole: add_evidence refused anything far over the limits before reading the body.
        data, name = upload.read(), upload.name or ""
        added = add(cycle, unit, request.user, data=data, filename=name, **common)
    else:
        raise EvaluationError(_("Choose a document, an image or a link to add."))
    return added[0]


@requires(Can.SELF_ASSESS)
@require_POST
def add_evidence(request: HttpRequest, evaluation: str, provider: str, unit: str):
    cycle, unit_obj = get_unit_to_self_assess(request.user, evaluation, provider, unit)
    limit = max(document_limits().max_bytes, image_limits().max_bytes)
    try:
        check_request_size(request.META.get("CONTENT_LENGTH"), limit)
    except EvidenceRejected as exc:
        messages.error(request, str(exc))
        return redirect(page_url(cycle, unit_obj))
    try:
        added = _add(request, cycle, unit_obj)
    except EvaluationError as exc:
        messages.error(request, _("Not stored: %(problem)s") % {"problem": exc})
        return redirect(page_url(cycle, unit_obj))
    messages.success(
        request,
        _("%(code)s: “%(title)s” added.") % {"code": added.indicator, "title": added.title},
    )
    return redirect(page_url(cycle, unit_obj, added.indicator))


@requires(Can.SELF_ASSESS)
@require_POST
def remove_evidence(request: HttpRequest, evaluation: str, provider: str, unit: str):
    cycle, unit_obj = get_unit_to_self_assess(request.user, evaluation, provider, unit)
    try:
        code = evidence.remove_evidence(
            cycle, unit_obj, _client_id(request.POST.get("evidence", ""))
        )
    except EvaluationError as exc:
        messages.error(request, str(exc))
        return redirect(page_url(cycle, unit_obj))
    return redirect(page_url(cycle, unit_obj, code))


@requires(Can.SELF_ASSESS)
@require_POST
def submit(request: HttpRequest, evaluation: str, provider: str, unit: str):
    cycle, unit_obj = get_unit_to_self_assess(request.user, evaluation, provider, unit)
    try:
        _assessment, created = services.submit(
            cycle, unit_obj, request.user, _client_id(request.POST.get("key", ""))
        )
    except SelfAssessmentIncomplete as exc:
        messages.error(request, str(exc))
        for problem in exc.problems:
            messages.error(request, problem)
    except EvaluationError as exc:
        messages.error(request, str(exc))
    else:
        if created:
            messages.success(request, _("The self-assessment was submitted to the evaluators."))
        else:
            messages.info(request, _("The self-assessment had already been submitted."))
    return redirect(page_url(cycle, unit_obj))
