"""Follow-up pages: the agency officer's list of items to follow up and their report, the
office's tracker per cycle with its decisions, product registration and exports."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from patuh.access import Can, requires
from patuh.access import cycles as cycle_access
from patuh.access import followup as access
from patuh.audit.services import Action, record
from patuh.evidence.refusals import EvidenceRejected
from patuh.evidence.services import Kind, Upload, check_request_size
from patuh.followup import notices, services
from patuh.followup.exports import FindingsExport, RatesExport
from patuh.followup.forms import DecisionForm, ProductForm, ReportForm
from patuh.followup.levels import cycle_rates
from patuh.followup.models import Finding, FindingEvidence
from patuh.followup.tracker import tracker_context
from patuh.lib.exports import FORMATS, export_response


@requires(Can.VIEW_OWN_RESULTS)
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """The agency officer's items still to follow up, the earliest due first."""
    today = timezone.localdate()
    items = list(
        access.own_findings(request.user)
        .exclude(state=Finding.State.VERIFIED)
        .select_related("cycle", "product")
        .order_by("due", "subject_path", "pk")
    )
    for finding in items:
        finding.overdue = finding.is_overdue(today)
    return render(request, "followup/mine.html", {"items": items})


@requires(Can.VIEW_RESULTS, Can.VIEW_OWN_RESULTS)
@require_GET
def item(request: HttpRequest, finding: str) -> HttpResponse:
    obj = access.get_finding_for_user(request.user, finding)
    return render(request, "followup/item.html", _item_context(request, obj))


def _item_context(request, finding: Finding, **forms) -> dict:
    instrument = finding.instrument_version.parsed if finding.instrument_version else None
    indicator = instrument.indicators.get(finding.indicator) if instrument else None
    mine = access.own_findings(request.user).filter(pk=finding.pk).exists()
    may_decide = cycle_access.may_manage_results(request.user, finding.cycle)
    language = request.LANGUAGE_CODE
    return {
        "finding": finding,
        "question": indicator.text.get(language) if indicator else "",
        "fix": indicator.fix.get(language) if indicator and indicator.fix else "",
        "evidence": finding.evidence.all(),
        "overdue": finding.is_overdue(timezone.localdate()),
        "may_report": mine and services.allowed(finding, "report"),
        "may_start": mine and services.allowed(finding, "start"),
        "may_decide": may_decide and services.allowed(finding, "verify"),
        "report_form": forms.get("report_form") or ReportForm(),
        "decision_form": forms.get("decision_form") or DecisionForm(),
    }


@requires(Can.VIEW_OWN_RESULTS)
@require_POST
def start(request: HttpRequest, finding: str) -> HttpResponse:
    obj = access.get_finding_to_report(request.user, finding)
    try:
        services.start(obj, request.user)
    except services.FollowupError as exc:
        messages.error(request, str(exc))
    return redirect("followup:item", finding=obj.uuid)


def _upload(data: bytes, name: str, content_type: str) -> Upload:
    """A PDF is a document, anything else is vetted as an image."""
    is_pdf = content_type == "application/pdf" or name.lower().endswith(".pdf")
    return Upload(Kind.DOCUMENT if is_pdf else Kind.IMAGE, data)


@requires(Can.VIEW_OWN_RESULTS)
@require_POST
def report(request: HttpRequest, finding: str) -> HttpResponse:
    """The agency reports the item done with a note and a photo or document."""
    obj = access.get_finding_to_report(request.user, finding)
    try:
        check_request_size(request.META.get("CONTENT_LENGTH"), _upload_limit())
    except EvidenceRejected as exc:
        messages.error(request, str(exc))
        return redirect("followup:item", finding=obj.uuid)
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        sent = form.cleaned_data["evidence"]
        uploads = []
        if sent is not None:
            upload = _upload(sent.read(), sent.name, sent.content_type)
            uploads.append((upload, form.cleaned_data["client_id"]))
        try:
            obj = services.report_done(obj, request.user, form.cleaned_data["note"], uploads)
        except (services.FollowupError, EvidenceRejected) as exc:
            form.add_error(None, str(exc))
        else:
            notices.reported(obj)
            messages.success(request, gettext("Reported done; the office will verify it."))
            return redirect("followup:mine")
    context = _item_context(request, obj, report_form=form)
    return render(request, "followup/item.html", context, status=400)


def _upload_limit() -> int:
    return max(settings.PATUH_EVIDENCE_MAX_BYTES, settings.PATUH_DOCUMENT_MAX_BYTES)


@requires(Can.MANAGE_RESULTS)
@require_POST
def decide(request: HttpRequest, finding: str) -> HttpResponse:
    """The office verifies a reported item or sends it back with a reason."""
    obj = access.get_finding_to_decide(request.user, finding)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == "verify":
                obj = services.verify(obj, request.user)
            else:
                obj = services.send_back(obj, request.user, form.cleaned_data["reason"])
        except services.FollowupError as exc:
            form.add_error(None, str(exc))
        else:
            notices.decided(obj)
            messages.success(request, gettext("Decision saved."))
            return redirect("followup:tracker", code=obj.cycle.code)
    context = _item_context(request, obj, decision_form=form)
    return render(request, "followup/item.html", context, status=400)


@requires(Can.VIEW_RESULTS, Can.VIEW_OWN_RESULTS)
@require_GET
def evidence(request: HttpRequest, piece: str, variant: str) -> FileResponse:
    """A photo's display copy or thumbnail, or a document, for whoever may see its item."""
    if variant not in ("display", "thumbnail", "file"):
        raise Http404("No such variant.")
    stored = get_object_or_404(FindingEvidence, uuid=piece)
    access.get_finding_for_user(request.user, stored.finding.uuid)
    if variant == "file" and stored.kind != Kind.DOCUMENT:
        # An image's original keeps its metadata (where and when): the copies carry none.
        raise Http404("No such variant.")
    chosen = getattr(stored, variant)
    if not chosen:
        raise Http404("No such file.")
    content_type = stored.content_type if variant == "file" else "image/jpeg"
    response = FileResponse(chosen.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _cutoff(request: HttpRequest) -> dt.date:
    return parse_date(request.GET.get("cutoff", "") or "") or timezone.localdate()


@requires(Can.VIEW_RESULTS)
@require_GET
def tracker(request: HttpRequest, code: str) -> HttpResponse:
    """The office's tracker of a cycle: rates per provider and region, the overdue items, the
    reports awaiting a decision, and a chart."""
    cycle = cycle_access.get_cycle_for_user(request.user, code)
    context = tracker_context(cycle, _cutoff(request), timezone.localdate())
    context["may_manage"] = cycle_access.may_manage_results(request.user, cycle)
    return render(request, "followup/tracker.html", context)


@requires(Can.MANAGE_RESULTS)
def new_product(request: HttpRequest, code: str) -> HttpResponse:
    """Register a supervision product addressed to a provider or a government, with its items."""
    cycle = cycle_access.get_cycle_to_manage(request.user, code)
    form = ProductForm(request.POST or None, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        spec = services.ProductSpec(
            kind=data["kind"],
            number=data["number"],
            issued_on=data["issued_on"],
            deadline=data["deadline"],
            owner=form.owner_object(),
            items=data["items"].splitlines(),
        )
        try:
            product = services.register_product(cycle, spec, request.user)
        except services.FollowupError as exc:
            form.add_error(None, str(exc))
        else:
            notices.assigned(cycle, product.items.all())
            messages.success(request, gettext("%(product)s registered.") % {"product": product})
            return redirect("followup:tracker", code=cycle.code)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "followup/product_form.html", {"cycle": cycle, "form": form}, status=status
    )


@requires(Can.VIEW_RESULTS)
@require_GET
def export(request: HttpRequest, code: str, what: str, fmt: str):
    """The cycle's items, or its rates, as CSV, XLSX or JSON."""
    if fmt not in FORMATS or what not in ("findings", "rates"):
        raise Http404("No such export.")
    cycle = cycle_access.get_cycle_for_user(request.user, code)
    today = timezone.localdate()
    if what == "findings":
        download = FindingsExport(cycle, today)
    else:
        download = RatesExport(cycle, cycle_rates(cycle, _cutoff(request), today))
    record(Action.EXPORT, cycle, note=f"follow-up {what} format={fmt}")
    return export_response(download, fmt)
