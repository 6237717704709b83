"""The enumerator's side: their open visits, and the checklist form that works offline.

The form's script saves answers as they are entered (autosave) and keeps them, and photos, on
the phone while the network is down; every endpoint it calls is idempotent, so re-sending after
a dropped connection never duplicates anything.
"""

import json
import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from patuh.access import Can, requires
from patuh.access.fieldwork import get_assignment_to_fill, open_assignments
from patuh.evidence.refusals import EvidenceRejected
from patuh.evidence.services import check_request_size, image_limits
from patuh.fieldwork.forms import ReasonForm
from patuh.fieldwork.models import Evidence, Submission
from patuh.fieldwork.queries import progress_of, with_progress
from patuh.fieldwork.services import FieldworkError, SubmissionIncomplete, collecting, photos


@requires(Can.FILL_ASSIGNMENTS)
@require_GET
def my_visits(request: HttpRequest) -> HttpResponse:
    visits = list(
        with_progress(
            open_assignments(request.user).select_related(
                "unit__provider__region", "cycle__instrument_version"
            )
        ).order_by("starts_on", "unit__provider__name")
    )
    for visit in visits:
        visit.progress = progress_of(visit)
    return render(
        request, "fieldwork/my_visits.html", {"visits": visits, "today": timezone.localdate()}
    )


def _form_context(assignment, submission):
    sections = collecting.checklist(assignment, submission, get_language())
    instrument = assignment.cycle.instrument_version.parsed
    total = sum(len(section.items) for section in sections)
    editable = submission is None or submission.status == Submission.Status.DRAFT
    return {
        "assignment": assignment,
        "submission": submission,
        "sections": sections,
        "answered": sum(section.answered for section in sections),
        "total": total,
        "editable": editable,
        "readonly": not editable,
        "max_photo_bytes": image_limits().max_bytes,
        "reason_form": ReasonForm(),
        "instrument": instrument,
    }


@requires(Can.FILL_ASSIGNMENTS)
@require_GET
def visit_form(request: HttpRequest, assignment: str) -> HttpResponse:
    obj = get_assignment_to_fill(request.user, assignment)
    latest = collecting.latest_submission(obj)
    context = _form_context(obj, latest)
    context["reviews"] = list(latest.reviews.order_by("-decided_at")) if latest else []
    return render(request, "fieldwork/visit_form.html", context)


@requires(Can.FILL_ASSIGNMENTS)
@require_GET
def offline_worker(request: HttpRequest) -> HttpResponse:
    """The service worker that keeps checklist pages on the phone. Served from the visits'
    folder, not /static/, because a worker may only look after pages below its own URL."""
    response = render(request, "offline.js", content_type="text/javascript")
    # Phones check for a new version whenever a page registers the worker.
    response["Cache-Control"] = "no-cache"
    return response


def json_body(request: HttpRequest) -> dict:
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise FieldworkError(_("The request is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise FieldworkError(_("The request is not valid JSON."))
    return data


def answer_inputs(data: dict) -> list[collecting.AnswerInput]:
    items = data.get("answers")
    if not isinstance(items, list):
        raise FieldworkError(_("Send the answers as a list."))
    inputs = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("indicator"), str):
            raise FieldworkError(_("Each answer needs an indicator code."))
        inputs.append(
            collecting.AnswerInput(
                product=str(item.get("product") or ""),
                indicator=item["indicator"],
                value=str(item.get("value") or ""),
                note=str(item.get("note") or "")[:4000],
            )
        )
    return inputs


def form_inputs(post) -> list[collecting.AnswerInput]:
    """Answers from the plain form (no script): fields value:<product>:<code>, note:…"""
    inputs = []
    for key in post:
        if key.startswith("value:"):
            _prefix, product, code = key.split(":", 2)
            inputs.append(
                collecting.AnswerInput(
                    product, code, post.get(key, ""), post.get(f"note:{product}:{code}", "")
                )
            )
    return inputs


@requires(Can.FILL_ASSIGNMENTS)
@require_POST
def save_answers(request: HttpRequest, assignment: str) -> HttpResponse:
    """Autosave (JSON from the script) or the plain form's Save button.

    The JSON reply lists each refused answer with the reason ("refused"), and is a 400 when
    there is one; a 400 without that list refused the request as a whole and stored nothing.
    """
    obj = get_assignment_to_fill(request.user, assignment)
    as_json = request.content_type == "application/json"
    try:
        inputs = answer_inputs(json_body(request)) if as_json else form_inputs(request.POST)
        saved = collecting.save_answers(obj, request.user, inputs)
    except FieldworkError as exc:
        if as_json:
            return JsonResponse({"error": str(exc)}, status=400)
        messages.error(request, str(exc))
        return redirect("fieldwork:visit", assignment=obj.uuid)
    answered = saved.draft.answers.exclude(value="").count()
    return saved_reply(request, inputs, saved.refused, answered, as_json) or redirect(
        "fieldwork:visit", assignment=obj.uuid
    )


def saved_reply(
    request: HttpRequest,
    inputs: list[collecting.AnswerInput],
    refused: list[tuple[collecting.AnswerInput, str]],
    answered: int,
    as_json: bool,
) -> JsonResponse | None:
    """What a checklist's save says (the agency's self-check's too): the JSON reply to the
    script, or None after queuing messages for the plain form, which redirects to its page."""
    if as_json:
        reply = {
            "saved": len(inputs) - len(refused),
            "answered": answered,
            "refused": [
                {"product": item.product, "indicator": item.indicator, "error": reason}
                for item, reason in refused
            ],
        }
        if not refused:
            return JsonResponse(reply)
        reply["error"] = ngettext(
            "%(count)d answer was not saved; its question says why.",
            "%(count)d answers were not saved; each question says why.",
            len(refused),
        ) % {"count": len(refused)}
        return JsonResponse(reply, status=400)
    for _item, reason in refused:
        messages.error(request, reason)
    if len(refused) < len(inputs):
        messages.success(request, _("Answers saved."))
    return None


def client_uuid(raw) -> uuid.UUID:
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        raise FieldworkError(_("A photo needs a valid client id.")) from None


def photo_json(evidence: Evidence) -> dict:
    return {
        "id": str(evidence.uuid),
        "thumbnail": reverse("fieldwork:evidence", args=[evidence.uuid, "thumbnail"]),
        "display": reverse("fieldwork:evidence", args=[evidence.uuid, "display"]),
        "flags": evidence.flag_labels(),
    }


def uploaded_photo(request: HttpRequest) -> bytes | JsonResponse:
    """The photo a checklist sent (read up to the size limit and one byte more, so the vetting
    can tell it is too large), or the refusal to answer with: too large a request, no photo."""
    limit = image_limits().max_bytes
    try:
        check_request_size(request.META.get("CONTENT_LENGTH"), limit)
    except EvidenceRejected as exc:
        return JsonResponse({"error": str(exc)}, status=413)
    upload = request.FILES.get("photo")
    if upload is None:
        return JsonResponse({"error": _("No photo was sent.")}, status=400)
    return upload.read(limit + 1)


@requires(Can.FILL_ASSIGNMENTS)
@require_POST
def add_photo(request: HttpRequest, assignment: str) -> JsonResponse:
    obj = get_assignment_to_fill(request.user, assignment)
    data = uploaded_photo(request)
    if isinstance(data, JsonResponse):
        return data
    try:
        evidence, created = photos.add_photo(
            obj,
            request.user,
            product_code=request.POST.get("product", ""),
            indicator_code=request.POST.get("indicator", ""),
            data=data,
            client_id=client_uuid(request.POST.get("client_id")),
        )
    except FieldworkError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse(photo_json(evidence), status=201 if created else 200)


@requires(Can.FILL_ASSIGNMENTS)
@require_POST
def remove_photo(request: HttpRequest, assignment: str, evidence: str) -> JsonResponse:
    obj = get_assignment_to_fill(request.user, assignment)
    try:
        photos.remove_photo(obj, request.user, client_uuid(evidence))
    except FieldworkError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse({"removed": evidence})


@requires(Can.FILL_ASSIGNMENTS)
@require_POST
def submit(request: HttpRequest, assignment: str) -> HttpResponse:
    obj = get_assignment_to_fill(request.user, assignment)
    as_json = request.content_type == "application/json"
    try:
        data = json_body(request) if as_json else request.POST
        submission, _created = collecting.submit(
            obj, request.user, client_uuid(data.get("client_id"))
        )
    except SubmissionIncomplete as exc:
        if as_json:
            items = [vars(item) for item in exc.items]
            return JsonResponse(
                {"error": str(exc), "problems": exc.problems, "items": items}, status=422
            )
        for problem in exc.problems:
            messages.error(request, problem)
        return redirect("fieldwork:visit", assignment=obj.uuid)
    except FieldworkError as exc:
        if as_json:
            return JsonResponse({"error": str(exc)}, status=400)
        messages.error(request, str(exc))
        return redirect("fieldwork:visit", assignment=obj.uuid)
    # The phone reloads the page after a JSON submission: the message is on it then.
    messages.success(request, _("Submitted for review."))
    if as_json:
        return JsonResponse(
            {
                "submission": str(submission.uuid),
                "version": submission.version,
                "status": submission.status,
            }
        )
    return redirect("fieldwork:visit", assignment=obj.uuid)


@requires(Can.FILL_ASSIGNMENTS)
@require_POST
def start_correction(request: HttpRequest, assignment: str) -> HttpResponse:
    obj = get_assignment_to_fill(request.user, assignment)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise FieldworkError(_("Say why this correction is made."))
        collecting.open_draft(obj, request.user, form.cleaned_data["reason"])
    except FieldworkError as exc:
        messages.error(request, str(exc))
    return redirect("fieldwork:visit", assignment=obj.uuid)
