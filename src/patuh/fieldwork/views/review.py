"""The reviewer's side: the queue of submissions, one submission with its photos, decisions,
corrections as new versions, and the comparison of two versions."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from patuh.access import Can, requires
from patuh.access.fieldwork import get_cycle_to_review, get_submission_to_review
from patuh.assessments.models import Level
from patuh.fieldwork.forms import DecisionForm, ReasonForm
from patuh.fieldwork.jobs import start_preliminary
from patuh.fieldwork.models import Review, Submission
from patuh.fieldwork.services import FieldworkError, collecting, reviewing
from patuh.jobs.models import Job
from patuh.jobs.shortcuts import report_or_follow
from patuh.scoring.engine import Subject, score_subjects
from patuh.scoring.jobs import start_recompute
from patuh.scoring.models import ScoreSnapshot
from patuh.scoring.services import latest_snapshot

QUEUE_STATUSES = (
    Submission.Status.RECEIVED,
    Submission.Status.HAS_ISSUES,
    Submission.Status.APPROVED,
    Submission.Status.REJECTED,
)


@requires(Can.REVIEW)
@require_GET
def queue(request: HttpRequest, code: str) -> HttpResponse:
    cycle = get_cycle_to_review(request.user, code)
    status = request.GET.get("status") or Submission.Status.RECEIVED
    if status not in QUEUE_STATUSES:
        status = Submission.Status.RECEIVED
    submissions = (
        Submission.objects.filter(assignment__cycle=cycle, status=status)
        .select_related("assignment__unit__provider", "assignment__enumerator", "created_by")
        .annotate(
            flagged=Count(
                "answers__evidence", filter=Q(answers__evidence__attention=True), distinct=True
            )
        )
        .order_by("submitted_at", "pk")
    )
    counts = dict(
        Submission.objects.filter(assignment__cycle=cycle)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return render(
        request,
        "fieldwork/review_queue.html",
        {
            "cycle": cycle,
            "submissions": submissions,
            "status": status,
            "tabs": [(s, Submission.Status(s).label, counts.get(s, 0)) for s in QUEUE_STATUSES],
            "preliminary": latest_snapshot(cycle, ScoreSnapshot.Kind.PRELIMINARY),
        },
    )


def _unit_scores(submission: Submission):
    """The unit and its products scored from this version alone: what approving it would give.

    Unanswered indicators leave a subject incomplete rather than scored as zero."""
    assignment = submission.assignment
    instrument = assignment.cycle.instrument_version.parsed
    unit = Subject(
        Level.UNIT, (Level.UNIT, assignment.unit_id), assignment.unit.code, str(assignment.unit)
    )
    subjects = [unit] + [
        Subject(Level.PRODUCT, (Level.PRODUCT, product.pk), product.code, product.name, unit)
        for product in assignment.unit.products.all()
    ]
    answers = [
        (
            (Level.PRODUCT, answer.product_id)
            if answer.product_id
            else (Level.UNIT, assignment.unit_id),
            answer.indicator,
            answer.value,
        )
        for answer in submission.answers.exclude(value="")
    ]
    report = score_subjects(instrument, subjects, answers)
    return {
        result.subject.key: result for results in report.by_level.values() for result in results
    }


@requires(Can.REVIEW)
@require_GET
def submission_detail(request: HttpRequest, submission: str) -> HttpResponse:
    return _submission_page(request, get_submission_to_review(request.user, submission))


def _submission_page(
    request: HttpRequest, obj: Submission, decision_form: DecisionForm | None = None, status=200
) -> HttpResponse:
    """The submission's page; after a refused decision, with the reviewer's choice kept."""
    assignment = obj.assignment
    sections = collecting.checklist(assignment, obj, get_language())
    scores = _unit_scores(obj)
    for section in sections:
        key = (
            (Level.PRODUCT, section.product.pk)
            if section.product
            else (Level.UNIT, assignment.unit_id)
        )
        section.score = scores.get(key)
    versions = list(assignment.submissions.select_related("created_by").order_by("-version"))
    correctable = versions[0].pk == obj.pk and obj.status in (
        Submission.Status.RECEIVED,
        Submission.Status.HAS_ISSUES,
        Submission.Status.APPROVED,
    )
    return render(
        request,
        "fieldwork/submission.html",
        {
            "submission": obj,
            "assignment": assignment,
            "cycle": assignment.cycle,
            "sections": sections,
            "versions": versions,
            "reviews": list(obj.reviews.select_related("reviewer")),
            "decision_form": decision_form or DecisionForm(),
            "reason_form": ReasonForm(),
            "is_latest": versions[0].pk == obj.pk,
            "correctable": correctable,
            "readonly": not correctable,
        },
        status=status,
    )


@requires(Can.REVIEW)
@require_POST
def decide(request: HttpRequest, submission: str) -> HttpResponse:
    obj = get_submission_to_review(request.user, submission)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return _submission_page(request, obj, form, status=400)
    try:
        review = reviewing.decide(obj, request.user, **form.cleaned_data)
    except FieldworkError as exc:
        # The page again with what the reviewer chose and wrote, not an empty form.
        messages.error(request, str(exc))
        return _submission_page(request, obj, form, status=400)
    messages.success(
        request,
        _("Decision recorded: %(decision)s.") % {"decision": review.get_decision_display().lower()},
    )
    if review.decision == Review.Decision.APPROVED:
        job = start_recompute(obj.assignment.cycle, request.user, changes_only=True)
        if job.status == Job.Status.FAILED:
            messages.error(request, job.error)
        elif job.status != Job.Status.SUCCEEDED:
            messages.info(request, _("Official scores are being recomputed."))
    return redirect("fieldwork:queue", code=obj.assignment.cycle.code)


def _correction_inputs(post) -> list[collecting.AnswerInput]:
    """The answers a reviewer changed: fields value:<product>:<code> that differ from the
    version shown (sent as was:<product>:<code>)."""
    inputs = []
    for key in post:
        if not key.startswith("value:"):
            continue
        _prefix, product, code = key.split(":", 2)
        value, note = post.get(key, ""), post.get(f"note:{product}:{code}", "")
        was = (post.get(f"was:{product}:{code}", ""), post.get(f"wasnote:{product}:{code}", ""))
        if (value.strip(), note.strip()) != (was[0].strip(), was[1].strip()):
            inputs.append(collecting.AnswerInput(product, code, value, note))
    return inputs


@requires(Can.REVIEW)
@require_POST
def correct(request: HttpRequest, submission: str) -> HttpResponse:
    obj = get_submission_to_review(request.user, submission)
    try:
        copy = reviewing.correct(
            obj, request.user, request.POST.get("reason", ""), _correction_inputs(request.POST)
        )
    except FieldworkError as exc:
        messages.error(request, str(exc))
        return redirect("fieldwork:submission", submission=obj.uuid)
    messages.success(request, _("Version %(n)d made with your corrections.") % {"n": copy.version})
    return redirect("fieldwork:submission", submission=copy.uuid)


@requires(Can.REVIEW)
@require_GET
def compare(request: HttpRequest, submission: str) -> HttpResponse:
    newer = get_submission_to_review(request.user, submission)
    try:
        version = int(request.GET.get("with", newer.version - 1))
    except ValueError:
        raise Http404("No such version.") from None
    older = get_object_or_404(newer.assignment.submissions, version=version)
    if older.version > newer.version:
        older, newer = newer, older
    return render(
        request,
        "fieldwork/compare.html",
        {
            "older": older,
            "newer": newer,
            "assignment": newer.assignment,
            "differences": reviewing.compare(older, newer),
            "versions": newer.assignment.submissions.order_by("version"),
        },
    )


@requires(Can.REVIEW)
@require_POST
def preliminary(request: HttpRequest, code: str) -> HttpResponse:
    cycle = get_cycle_to_review(request.user, code)
    job = start_preliminary(cycle, request.user)
    return report_or_follow(request, job, redirect("fieldwork:queue", code=cycle.code))
