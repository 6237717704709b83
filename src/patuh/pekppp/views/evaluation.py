"""The evaluators' side (F-02): the cycle's units with their progress, and one unit's form with
the rubric, the unit's self-assessment and evidence, and the evaluator's score, comment and
field-verification mark per indicator."""

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from patuh.access import Can, requires
from patuh.access.pekppp import get_cycle_to_evaluate, get_unit_to_evaluate
from patuh.jobs.shortcuts import report_or_follow
from patuh.pekppp import evaluation as services
from patuh.pekppp.queries import UnitProgress, unit_progress
from patuh.pekppp.self_assessment import EvaluationError, sections, self_assessment_of
from patuh.pekppp.views.common import form_url, save_indicator
from patuh.scoring.jobs import start_recompute
from patuh.scoring.services import latest_snapshot


@requires(Can.EVALUATE)
@require_GET
def units(request: HttpRequest, evaluation: str) -> HttpResponse:
    cycle = get_cycle_to_evaluate(request.user, evaluation)
    return render(
        request,
        "pekppp/evaluation_units.html",
        {
            "cycle": cycle,
            "units": unit_progress(cycle, latest_snapshot(cycle), get_language()),
        },
    )


def unit_url(cycle, unit, indicator: str = "") -> str:
    return form_url("pekppp:evaluate", cycle, unit, indicator)


def _context(cycle, unit, entries: dict) -> dict:
    """What the unit's page and its fragments share; `progress` is the row the units list shows,
    so both say the same about the self-assessment and the evaluation."""
    evaluation = services.evaluation_of(cycle, unit)
    assessment = self_assessment_of(cycle, unit)
    submitted = assessment is not None and assessment.submitted
    progress = UnitProgress(
        unit,
        assessment,
        evaluation,
        sum(entry.scored for entry in entries.values()),
        len(entries),
    )
    # Evaluators score only a submitted self-assessment, and not once the unit is complete.
    editable = submitted and not progress.evaluation_complete
    return {
        "cycle": cycle,
        "unit": unit,
        "evaluation": evaluation,
        "progress": progress,
        "self_assessment": assessment if submitted else None,
        "editable": editable,
        "readonly": not editable,
        "today": timezone.localdate(),
    }


@requires(Can.EVALUATE)
@require_GET
def evaluate(request: HttpRequest, evaluation: str, provider: str, unit: str) -> HttpResponse:
    cycle, unit_obj = get_unit_to_evaluate(request.user, evaluation, provider, unit)
    language = get_language()
    entries = services.evaluation_items(cycle, unit_obj, language)
    context = _context(cycle, unit_obj, entries) | {
        "sections": sections(cycle.instrument_version.parsed, language, entries),
        "open": request.GET.get("open", ""),
    }
    return render(request, "pekppp/evaluate.html", context)


def _fragment(request, cycle, unit, code: str, *, saved: str = "", error: str = ""):
    entries = services.evaluation_items(cycle, unit, get_language())
    entry = entries.get(code)
    if entry is None:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    context = _context(cycle, unit, entries) | {"entry": entry, "open": code, "saved": saved}
    context["error"] = error
    return render(request, "pekppp/evaluate.html#entry", context)


def _date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        raise EvaluationError(
            _("“%(value)s” is not a date (year-month-day).") % {"value": raw[:20]}
        ) from None


@requires(Can.EVALUATE)
@require_POST
def score(request: HttpRequest, evaluation: str, provider: str, unit: str) -> HttpResponse:
    cycle, unit_obj = get_unit_to_evaluate(request.user, evaluation, provider, unit)
    code = request.POST.get("indicator", "")

    def save():
        services.save_score(
            cycle,
            unit_obj,
            request.user,
            indicator=code,
            score=request.POST.get("score", ""),
            comment=request.POST.get("comment", ""),
            verified=request.POST.get("verified") == "yes",
            verified_on=_date(request.POST.get("verified_on", "")),
        )

    return save_indicator(
        request,
        save,
        lambda **state: _fragment(request, cycle, unit_obj, code, **state),
        lambda indicator: unit_url(cycle, unit_obj, indicator),
    )


@requires(Can.EVALUATE)
@require_POST
def complete(request: HttpRequest, evaluation: str, provider: str, unit: str) -> HttpResponse:
    """Complete the unit's evaluation and recompute the cycle's official scores."""
    cycle, unit_obj = get_unit_to_evaluate(request.user, evaluation, provider, unit)
    try:
        _evaluation, newly = services.complete(cycle, unit_obj, request.user)
    except EvaluationError as exc:
        messages.error(request, str(exc))
        return redirect(unit_url(cycle, unit_obj))
    if not newly:
        messages.info(request, _("The evaluation of this unit was already complete."))
        return redirect(unit_url(cycle, unit_obj))
    messages.success(request, _("The evaluation of %(unit)s is complete.") % {"unit": unit_obj})
    job = start_recompute(cycle, request.user)
    return report_or_follow(request, job, redirect(unit_url(cycle, unit_obj)))


@requires(Can.EVALUATE)
@require_POST
def reopen(request: HttpRequest, evaluation: str, provider: str, unit: str) -> HttpResponse:
    cycle, unit_obj = get_unit_to_evaluate(request.user, evaluation, provider, unit)
    try:
        services.reopen(cycle, unit_obj, request.user, request.POST.get("reason", ""))
    except EvaluationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The evaluation is open again for corrections."))
    return redirect(unit_url(cycle, unit_obj))
