"""Creating a cycle in the app, for coordinators: a form, a preview, then the cycle."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from patuh.access import Can, requires
from patuh.assessments.forms import CycleForm
from patuh.assessments.models import Phase
from patuh.assessments.services import PHASE_AUDIENCE, CycleError, create_cycle, scope_counts


@requires(Can.MANAGE_RESULTS)
@require_http_methods(["GET", "POST"])
def cycle_new(request: HttpRequest) -> HttpResponse:
    """The new cycle's form; "preview" shows its scope and who sees what when, "create" makes
    it for the coordinator's office."""
    form = CycleForm(request.POST if request.method == "POST" else None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        if "create" in request.POST:
            data = form.cleaned_data
            try:
                cycle = create_cycle(
                    code=data["code"],
                    name=data["name"],
                    year=data["year"],
                    office=request.user.office,
                    version=data["instrument_version"],
                    providers=form.providers,
                    phases=form.phases,
                )
            except CycleError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, gettext("Cycle %(name)s created.") % {"name": cycle.name})
                return redirect("cycle_detail", code=cycle.code)
        else:
            context["counts"] = scope_counts(form.providers)
            context["phases"] = [
                (Phase.Kind(phase.kind).label, phase, PHASE_AUDIENCE[phase.kind])
                for phase in form.phases
            ]
    return render(request, "assessments/cycle_form.html", context)
