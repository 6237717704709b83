from django import forms
from django.utils.translation import gettext_lazy as _

from patuh.assessments.models import Phase
from patuh.assessments.services import (
    CycleError,
    PhaseDates,
    check_code,
    check_phases,
    check_scope,
    scope_providers,
    workflow_of,
)
from patuh.instruments.models import InstrumentVersion
from patuh.registry.models import AgencyKind, Region


class CycleForm(forms.Form):
    """A new cycle: names, instrument version, scope (regions × agency kinds) and phase dates.

    Once valid, `providers` is the scope and `phases` the phases in the order they run.
    """

    code = forms.SlugField(
        label=_("Code"),
        max_length=80,
        help_text=_("In addresses and file names, e.g. kepatuhan-2026-belitung."),
    )
    name = forms.CharField(label=_("Name"), max_length=250)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    instrument_version = forms.ModelChoiceField(
        label=_("Instrument version"),
        queryset=InstrumentVersion.objects.select_related("instrument"),
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"),
        queryset=Region.objects.order_by("code"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Providers located in these regions, or in a region below one of them."),
    )
    kinds = forms.ModelMultipleChoiceField(
        label=_("Agency kinds"),
        queryset=AgencyKind.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.phase_rows = []
        for kind, label in Phase.Kind.choices:
            for end in ("starts", "ends"):
                self.fields[f"{kind}_{end}"] = forms.DateField(
                    label=_("%(phase)s: %(end)s")
                    % {"phase": label, "end": _("first day") if end == "starts" else _("last day")},
                    required=False,
                    widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                )
            self.phase_rows.append((label, self[f"{kind}_starts"], self[f"{kind}_ends"]))

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        try:
            check_code(code)
        except CycleError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return code

    def clean(self) -> dict:
        data = super().clean()
        phases = []
        for kind, _label in Phase.Kind.choices:
            starts, ends = data.get(f"{kind}_starts"), data.get(f"{kind}_ends")
            if bool(starts) != bool(ends):
                self.add_error(f"{kind}_starts", _("Give both dates of the phase, or neither."))
            elif starts:
                phases.append(PhaseDates(kind, starts, ends))
        version = data.get("instrument_version")
        if version is not None:
            try:
                self.phases = check_phases(workflow_of(version), phases)
            except CycleError as exc:
                self.add_error(None, str(exc))
        if data.get("regions") is not None and data.get("kinds") is not None:
            self.providers = scope_providers(data["regions"], data["kinds"])
            try:
                check_scope(self.providers)
            except CycleError as exc:
                self.add_error(None, str(exc))
        return data
