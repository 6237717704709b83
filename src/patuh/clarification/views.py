"""Klarifikasi pages: the agency's findings and objections (phone first), the office's queue,
one objection with its decision, the report, and the files behind them."""

import uuid

from django.contrib import messages
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from patuh.access import Can, requires, signed_in
from patuh.access.clarification import (
    get_cycle_to_object,
    get_finding_photo_for_user,
    get_objection_evidence_for_user,
    get_objection_to_decide,
    get_provider_to_object,
    own_providers,
)
from patuh.access.cycles import get_cycle_for_user
from patuh.access.fieldwork import get_cycle_to_review
from patuh.audit.services import Action, record
from patuh.clarification import services
from patuh.clarification.exports import ObjectionReport
from patuh.clarification.forms import DecisionForm, ObjectionForm
from patuh.clarification.models import Objection
from patuh.fieldwork.services.collecting import answer_options
from patuh.lib.exports import export_response
from patuh.results.queries import answer_label


def _findings_page(request: HttpRequest, cycle, *, error=None, status: int = 200):
    """The officer's page; `error` is (finding key, message, the form's data) of a refused
    objection, shown at its finding."""
    today = timezone.localdate()
    providers = list(own_providers(request.user, cycle))
    started = services.has_started(cycle, today)
    listed = services.findings(cycle, providers, get_language()) if started else []
    objections = (
        Objection.objects.filter(cycle=cycle, provider__in=providers)
        .select_related("provider", "unit", "product")
        .prefetch_related("evidence")
    )
    instrument = cycle.instrument_version.parsed
    language = get_language()
    for objection in objections:
        indicator = instrument.indicators.get(objection.indicator)
        objection.question = indicator.text.get(language) if indicator else ""
        objection.answer_label = answer_label(indicator, objection.answer, language)
        objection.corrected_label = (
            answer_label(indicator, objection.corrected_value, language)
            if objection.corrected_value
            else ""
        )
    return render(
        request,
        "clarification/findings.html",
        {
            "cycle": cycle,
            "phase": services.window(cycle),
            "started": started,
            "open": services.is_open(cycle, today),
            "findings": listed,
            "objections": objections,
            "error": error,
            # Called by the template once per form: each form sends its own upload id.
            "new_client_id": uuid.uuid4,
        },
        status=status,
    )


@requires(Can.VIEW_OWN_RESULTS)
@require_GET
def findings_page(request: HttpRequest, code: str) -> HttpResponse:
    return _findings_page(request, get_cycle_to_object(request.user, code))


@requires(Can.VIEW_OWN_RESULTS)
@require_POST
def file_objection(request: HttpRequest, code: str) -> HttpResponse:
    cycle = get_cycle_to_object(request.user, code)
    form = ObjectionForm(request.POST, request.FILES)
    key = tuple(request.POST.get(name, "") for name in ("unit", "product", "indicator"))
    if not form.is_valid():
        problems = " ".join(
            f"{form.fields[name].label or name}: {' '.join(errors)}"
            for name, errors in form.errors.items()
        )
        return _findings_page(request, cycle, error=(key, problems, request.POST), status=400)
    data = form.cleaned_data
    provider = get_provider_to_object(request.user, cycle, data["provider"])
    try:
        services.file_objection(
            cycle,
            provider,
            request.user,
            unit_code=data["unit"],
            product_code=data["product"],
            indicator=data["indicator"],
            reason=data["reason"],
            data=data["evidence"].read(),
            client_id=data["client_id"],
        )
    except services.ClarificationError as exc:
        return _findings_page(request, cycle, error=(key, str(exc), request.POST), status=400)
    messages.success(request, _("Your objection was filed. The office will decide on it."))
    return redirect("clarification:findings", code=cycle.code)


@requires(Can.VIEW_OWN_RESULTS)
@require_GET
@cache_control(private=True, max_age=3600)
def finding_photo(request: HttpRequest, visit_photo: str, variant: str) -> FileResponse:
    photo = get_finding_photo_for_user(request.user, visit_photo, variant)
    response = FileResponse(getattr(photo, variant).open("rb"), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@signed_in
@require_GET
@cache_control(private=True, max_age=3600)
def objection_file(request: HttpRequest, objection_file: str, variant: str) -> FileResponse:
    evidence = get_objection_evidence_for_user(request.user, objection_file, variant)
    if evidence.kind == evidence.Kind.DOCUMENT:
        response = FileResponse(evidence.file.open("rb"), content_type=evidence.content_type)
    else:
        response = FileResponse(getattr(evidence, variant).open("rb"), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@requires(Can.REVIEW)
@require_GET
def queue(request: HttpRequest, code: str) -> HttpResponse:
    cycle = get_cycle_to_review(request.user, code)
    status = request.GET.get("status") or Objection.Status.FILED
    if status not in Objection.Status.values:
        status = Objection.Status.FILED
    counts = dict(
        Objection.objects.filter(cycle=cycle).values_list("status").annotate(n=Count("pk"))
    )
    objections = (
        Objection.objects.filter(cycle=cycle, status=status)
        .select_related("provider", "unit", "product", "filed_by")
        .order_by("filed_at", "pk")
    )
    return render(
        request,
        "clarification/queue.html",
        {
            "cycle": cycle,
            "objections": objections,
            "status": status,
            "phase": services.window(cycle),
            "tabs": [(s, Objection.Status(s).label, counts.get(s, 0)) for s in Objection.Status],
        },
    )


@requires(Can.REVIEW)
@require_GET
def objection_detail(request: HttpRequest, objection: str) -> HttpResponse:
    obj = get_objection_to_decide(request.user, objection)
    language = get_language()
    indicator = obj.cycle.instrument_version.parsed.indicators.get(obj.indicator)
    photos = services.counted_photos(obj.cycle, [obj.unit_id]).get(
        (obj.level, obj.subject_id, obj.indicator), []
    )
    return render(
        request,
        "clarification/objection.html",
        {
            "objection": obj,
            "cycle": obj.cycle,
            "indicator": indicator,
            "question": indicator.text.get(language) if indicator else obj.indicator,
            "answer": answer_label(indicator, obj.answer, language) if indicator else obj.answer,
            "corrected": answer_label(indicator, obj.corrected_value, language)
            if indicator and obj.corrected_value
            else "",
            "options": answer_options(indicator, language) if indicator else [],
            "photos": photos,
        },
    )


@requires(Can.REVIEW)
@require_POST
def decide(request: HttpRequest, objection: str) -> HttpResponse:
    obj = get_objection_to_decide(request.user, objection)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to accept or to reject the objection."))
        return redirect("clarification:objection", objection=obj.uuid)
    data = form.cleaned_data
    try:
        if data["decision"] == "accept":
            if not data["value"]:
                raise services.ClarificationError(_("Choose the corrected answer."))
            services.accept(obj, request.user, data["value"], data["note"])
            messages.success(request, _("Objection accepted; the answer was corrected."))
        else:
            services.reject(obj, request.user, data["note"])
            messages.success(request, _("Objection rejected."))
    except services.ClarificationError as exc:
        messages.error(request, str(exc))
        return redirect("clarification:objection", objection=obj.uuid)
    return redirect("clarification:queue", code=obj.cycle.code)


@requires(Can.VIEW_RESULTS)
@require_GET
def report(request: HttpRequest, code: str) -> HttpResponse:
    cycle = get_cycle_for_user(request.user, code)
    tallies = services.report(cycle)
    totals = {
        name: sum(getattr(t, name) for t in tallies)
        for name in ("filed", "accepted", "rejected", "pending")
    }
    return render(
        request,
        "clarification/report.html",
        {"cycle": cycle, "tallies": tallies, "totals": totals},
    )


@requires(Can.VIEW_RESULTS)
@require_GET
def report_csv(request: HttpRequest, code: str) -> HttpResponse:
    cycle = get_cycle_for_user(request.user, code)
    record(Action.EXPORT, cycle, note="objections report format=csv")
    return export_response(ObjectionReport(cycle), "csv")
