"""The agency officer's self-check of their units, and the office's list of who self-checked.

The form is the enumerator's checklist (patuh.fieldwork's templates and checklist.js): answers
are saved as they are entered and kept on the phone while the network is down.
"""

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from patuh.access import Can, requires
from patuh.access.cycles import get_cycle_for_user
from patuh.access.pekppp import own_units
from patuh.access.selfcheck import get_photo_for_user, get_unit_to_self_check, self_check_cycles
from patuh.evidence.services import image_limits
from patuh.fieldwork.services import FieldworkError
from patuh.fieldwork.views.collect import (
    answer_inputs,
    client_uuid,
    form_inputs,
    json_body,
    saved_reply,
    uploaded_photo,
)
from patuh.selfcheck import services
from patuh.selfcheck.models import SelfCheck, SelfCheckPhoto


@requires(Can.SELF_ASSESS)
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The officer's units per cycle with a self-check period, and where each stands."""
    today = timezone.localdate()
    cycles = []
    for cycle in self_check_cycles(request.user).order_by("-year", "name"):
        cycle.window = services.window(cycle, today)
        if not (cycle.window.open or cycle.window.opens_on or cycle.window.closed_on):
            continue
        cycle.own_units = list(
            own_units(request.user)
            .filter(provider__cycles=cycle)
            .select_related("provider")
            .order_by("provider__name", "name")
        )
        checks = services.answered_by_unit(cycle, cycle.own_units)
        for unit in cycle.own_units:
            unit.self_check = checks.get(unit.pk)
        cycles.append(cycle)
    return render(request, "selfcheck/index.html", {"cycles": cycles})


@requires(Can.SELF_ASSESS)
@require_GET
def unit_page(request: HttpRequest, code: str, provider: str, unit: str) -> HttpResponse:
    cycle, found = get_unit_to_self_check(request.user, code, provider, unit)
    language = get_language()
    self_check = (
        SelfCheck.objects.filter(cycle=cycle, unit=found)
        .prefetch_related("answers", "photos")
        .first()
    )
    sections = services.checklist(cycle, found, self_check, language)
    projection = services.project(cycle, found.provider, language)
    open_window = services.window(cycle, timezone.localdate())
    return render(
        request,
        "selfcheck/unit.html",
        {
            "cycle": cycle,
            "unit": found,
            "self_check": self_check,
            "sections": sections,
            "answered": sum(section.answered for section in sections),
            "total": sum(len(section.items) for section in sections),
            "window": open_window,
            "closed_message": None if open_window.open else services.closed_message(open_window),
            "editable": open_window.open,
            "readonly": not open_window.open,
            "projection": projection.units[found.pk],
            "provider_projection": projection.provider,
            "instrument": cycle.instrument_version.parsed,
            "max_photo_bytes": image_limits().max_bytes,
        },
    )


@requires(Can.SELF_ASSESS)
@require_POST
def save(request: HttpRequest, code: str, provider: str, unit: str) -> HttpResponse:
    """Autosave (JSON from checklist.js) or the plain form's Save button, answered as the
    enumerator's checklist answers (patuh.fieldwork.views.collect.saved_reply)."""
    cycle, found = get_unit_to_self_check(request.user, code, provider, unit)
    as_json = request.content_type == "application/json"
    page = redirect("selfcheck:unit", code=cycle.code, provider=provider, unit=unit)
    try:
        inputs = answer_inputs(json_body(request)) if as_json else form_inputs(request.POST)
        saved = services.save_answers(cycle, found, request.user, inputs)
    except (FieldworkError, services.SelfCheckError) as exc:
        if as_json:
            return JsonResponse({"error": str(exc)}, status=400)
        messages.error(request, str(exc))
        return page
    answered = services.answered_count(saved.self_check)
    return saved_reply(request, inputs, saved.refused, answered, as_json) or page


def photo_json(photo: SelfCheckPhoto) -> dict:
    return {
        "id": str(photo.uuid),
        "thumbnail": reverse("selfcheck:photo", args=[photo.uuid, "thumbnail"]),
        "display": reverse("selfcheck:photo", args=[photo.uuid, "display"]),
    }


@requires(Can.SELF_ASSESS)
@require_POST
def add_photo(request: HttpRequest, code: str, provider: str, unit: str) -> JsonResponse:
    """An optional photo for an item, sent by checklist.js as the enumerator's are."""
    cycle, found = get_unit_to_self_check(request.user, code, provider, unit)
    data = uploaded_photo(request)
    if isinstance(data, JsonResponse):
        return data
    try:
        photo, created = services.add_photo(
            cycle,
            found,
            request.user,
            product_code=request.POST.get("product", ""),
            indicator_code=request.POST.get("indicator", ""),
            data=data,
            client_id=client_uuid(request.POST.get("client_id")),
        )
    except (services.SelfCheckError, FieldworkError) as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse(photo_json(photo), status=201 if created else 200)


@requires(Can.SELF_ASSESS)
@require_POST
def remove_photo(
    request: HttpRequest, code: str, provider: str, unit: str, own_photo: str
) -> JsonResponse:
    cycle, found = get_unit_to_self_check(request.user, code, provider, unit)
    try:
        services.remove_photo(cycle, found, client_uuid(own_photo))
    except (services.SelfCheckError, FieldworkError) as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse({"removed": str(own_photo)})


@requires(Can.SELF_ASSESS)
@require_GET
@cache_control(private=True, max_age=3600)
def photo(request: HttpRequest, own_photo: str, variant: str) -> FileResponse:
    found = get_photo_for_user(request.user, own_photo, variant)
    response = FileResponse(getattr(found, variant).open("rb"), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@requires(Can.SELF_ASSESS)
@require_GET
def offline_worker(request: HttpRequest) -> HttpResponse:
    """The checklist's service worker (patuh.fieldwork), served from the self-check's folder so
    that it may keep the self-check pages on the phone."""
    response = render(request, "offline.js", content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response


@requires(Can.VIEW_RESULTS)
@require_GET
def office(request: HttpRequest, code: str) -> HttpResponse:
    """Which agencies of the cycle self-checked: counts and last activity, no scores."""
    cycle = get_cycle_for_user(request.user, code)
    rows = services.activity(cycle)
    return render(
        request,
        "selfcheck/office.html",
        {
            "cycle": cycle,
            "rows": rows,
            "checked": sum(1 for row in rows if row.units_checked),
        },
    )
