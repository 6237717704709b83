from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from patuh.access import Can, requires
from patuh.audit.exports import AuditLogExport
from patuh.audit.forms import AuditFilterForm
from patuh.audit.models import AuditEvent
from patuh.audit.services import Action, record
from patuh.lib.exports import FORMATS, export_response

PAGE_SIZE = 100


def _filtered(request: HttpRequest):
    form = AuditFilterForm(request.GET or None)
    return form, form.filter(AuditEvent.objects.all())


@requires(Can.VIEW_AUDIT)
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    form, events = _filtered(request)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/log.html",
        {
            "form": form,
            "page": page,
            "actions": form.actions,
            "query": query.urlencode(),
            "formats": FORMATS,
        },
    )


@requires(Can.VIEW_AUDIT)
@require_GET
def audit_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("No such format.")
    _, events = _filtered(request)
    record(
        Action.EXPORT,
        object_type="audit.auditevent",
        object_repr="audit log",
        note=f"format={fmt} filters={request.GET.urlencode()}",
    )
    return export_response(AuditLogExport(events), fmt)
