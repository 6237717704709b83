"""The visit plan: coordinators assign units to enumerators, as a list and as a calendar."""

import calendar
import datetime as dt
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from patuh.access import Can, requires
from patuh.access.fieldwork import get_assignment_to_plan, get_cycle_to_plan
from patuh.accounts.models import Role
from patuh.fieldwork.forms import AssignForm, BulkAssignForm, PlanFilterForm
from patuh.fieldwork.models import Assignment
from patuh.fieldwork.queries import progress_of, status_filter, with_progress
from patuh.fieldwork.services import FieldworkError, planning
from patuh.registry.models import AgencyKind, Region, ServiceUnit


def _enumerators(cycle):
    return list(
        get_user_model()
        .objects.filter(role=Role.ENUMERATOR, office=cycle.office, is_active=True)
        .order_by("first_name", "username")
    )


def _regions(cycle) -> list[tuple[str, str]]:
    regions = Region.objects.filter(providers__cycles=cycle).distinct().order_by("name")
    return [(region.code, region.name) for region in regions]


def _unit_choices(cycle) -> list[tuple[str, str]]:
    units = (
        ServiceUnit.objects.filter(provider__cycles=cycle)
        .exclude(assignments__cycle=cycle)
        .select_related("provider")
        .order_by("provider__name", "name")
    )
    return [(f"{unit.provider.code}/{unit.code}", str(unit)) for unit in units]


def _forms(cycle, data=None, which=None):
    enumerators = _enumerators(cycle)
    kinds = AgencyKind.objects.filter(provider__cycles=cycle).distinct().order_by("name")
    return (
        AssignForm(
            data if which == "one" else None,
            units=_unit_choices(cycle),
            enumerators=enumerators,
            prefix="one",
        ),
        BulkAssignForm(
            data if which == "bulk" else None,
            regions=_regions(cycle),
            kinds=[(kind.code, kind.name) for kind in kinds],
            enumerators=enumerators,
            prefix="bulk",
        ),
    )


def _plan_rows(cycle, filters: dict[str, str]):
    assignments = with_progress(
        Assignment.objects.filter(cycle=cycle).select_related(
            "unit__provider__region", "enumerator", "cycle__instrument_version"
        )
    )
    if "region" in filters:
        assignments = assignments.filter(unit__provider__region__code=filters["region"])
    if "enumerator" in filters:
        assignments = assignments.filter(enumerator__username=filters["enumerator"])
    if "status" in filters:
        assignments = assignments.filter(status_filter(filters["status"]))
    rows = list(assignments.order_by("starts_on", "unit__provider__name", "unit__name"))
    for row in rows:
        row.progress = progress_of(row)
    return rows


def _summary(cycle, rows) -> dict[str, int]:
    statuses = defaultdict(int)
    for row in rows:
        statuses[row.latest_status or "not_started"] += 1
    return {
        "units": ServiceUnit.objects.filter(provider__cycles=cycle).count(),
        "assigned": len(rows),
        **statuses,
    }


def _render_plan(request, cycle, assign_form=None, bulk_form=None, status=200):
    filter_form = PlanFilterForm(
        request.GET or None, regions=_regions(cycle), enumerators=_enumerators(cycle)
    )
    filters = filter_form.filters()
    everything = _plan_rows(cycle, {})
    rows = _plan_rows(cycle, filters) if filters else everything
    default_one, default_bulk = _forms(cycle)
    try:
        window = planning.collection_window(cycle)
    except FieldworkError:
        window = None
    return render(
        request,
        "fieldwork/plan.html",
        {
            "cycle": cycle,
            "rows": rows,
            "summary": _summary(cycle, everything),
            "filter_form": filter_form,
            "assign_form": assign_form or default_one,
            "bulk_form": bulk_form or default_bulk,
            "window": window,
        },
        status=status,
    )


@requires(Can.PLAN_VISITS)
@require_GET
def plan(request: HttpRequest, code: str) -> HttpResponse:
    cycle = get_cycle_to_plan(request.user, code)
    return _render_plan(request, cycle)


def _enumerator(cycle, username):
    return next(user for user in _enumerators(cycle) if user.username == username)


@requires(Can.PLAN_VISITS)
@require_POST
def assign_one(request: HttpRequest, code: str) -> HttpResponse:
    cycle = get_cycle_to_plan(request.user, code)
    form, _bulk = _forms(cycle, request.POST, "one")
    if form.is_valid():
        provider_code, unit_code = form.cleaned_data["unit"].split("/", 1)
        unit = ServiceUnit.objects.get(provider__code=provider_code, code=unit_code)
        try:
            planning.assign(
                cycle,
                unit,
                _enumerator(cycle, form.cleaned_data["enumerator"]),
                form.cleaned_data["starts_on"],
                form.cleaned_data["ends_on"],
                by=request.user,
            )
        except FieldworkError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(unit)s is planned.") % {"unit": unit})
            return redirect("fieldwork:plan", code=cycle.code)
    return _render_plan(request, cycle, assign_form=form, status=400)


@requires(Can.PLAN_VISITS)
@require_POST
def assign_bulk(request: HttpRequest, code: str) -> HttpResponse:
    cycle = get_cycle_to_plan(request.user, code)
    _one, form = _forms(cycle, request.POST, "bulk")
    if form.is_valid():
        units = ServiceUnit.objects.filter(provider__region__code=form.cleaned_data["region"])
        if form.cleaned_data["kind"]:
            units = units.filter(provider__kind__code=form.cleaned_data["kind"])
        try:
            result = planning.assign_many(
                cycle,
                units,
                _enumerator(cycle, form.cleaned_data["enumerator"]),
                form.cleaned_data["starts_on"],
                form.cleaned_data["ends_on"],
                by=request.user,
            )
        except FieldworkError as exc:
            form.add_error(None, str(exc))
        else:
            text = ngettext(
                "%(created)d unit planned", "%(created)d units planned", result.created
            ) % {"created": result.created}
            if result.kept:
                text += "; " + ngettext(
                    "%(kept)d already planned was left as it was.",
                    "%(kept)d already planned were left as they were.",
                    result.kept,
                ) % {"kept": result.kept}
            messages.success(request, text)
            return redirect("fieldwork:plan", code=cycle.code)
    return _render_plan(request, cycle, bulk_form=form, status=400)


@requires(Can.PLAN_VISITS)
@require_POST
def unassign(request: HttpRequest, assignment: str) -> HttpResponse:
    obj = get_assignment_to_plan(request.user, assignment)
    try:
        planning.unassign(obj)
    except FieldworkError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(unit)s was taken off the plan.") % {"unit": obj.unit})
    return redirect("fieldwork:plan", code=obj.cycle.code)


@requires(Can.PLAN_VISITS)
@require_GET
def plan_calendar(request: HttpRequest, code: str) -> HttpResponse:
    """A month of the plan: each day lists the visits whose window includes it."""
    cycle = get_cycle_to_plan(request.user, code)
    rows = _plan_rows(cycle, {})
    month = _month(request.GET.get("month"), rows)
    first = month.replace(day=1)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    by_day = defaultdict(list)
    for row in rows:
        day = max(row.starts_on, weeks[0][0])
        while day <= min(row.ends_on, weeks[-1][-1]):
            by_day[day].append(row)
            day += dt.timedelta(days=1)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "fieldwork/calendar.html",
        {
            "cycle": cycle,
            "month": first,
            "weeks": [
                [(day, by_day.get(day, []), day.month == first.month) for day in week]
                for week in weeks
            ],
            "previous": previous,
            "following": following,
            "today": timezone.localdate(),
        },
    )


def _month(raw: str | None, rows) -> dt.date:
    """The month asked for (YYYY-MM), else the first planned visit's, else this month."""
    if raw:
        try:
            return dt.datetime.strptime(raw, "%Y-%m").date()  # noqa: DTZ007 - a calendar month
        except ValueError:
            pass
    if rows:
        return min(row.starts_on for row in rows)
    return timezone.localdate()
