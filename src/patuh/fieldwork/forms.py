from django import forms
from django.utils.translation import gettext_lazy as _

from patuh.fieldwork.models import Review, Submission


class DateInput(forms.DateInput):
    input_type = "date"


class WindowForm(forms.Form):
    """An enumerator and a visit window; choices are the office's enumerators."""

    enumerator = forms.ChoiceField(label=_("Enumerator"))
    starts_on = forms.DateField(label=_("Visit from"), widget=DateInput)
    ends_on = forms.DateField(label=_("Visit until"), widget=DateInput)

    def __init__(self, *args, enumerators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enumerator"].choices = [("", "—")] + [
            (user.username, user.get_full_name() or user.username) for user in enumerators
        ]

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The visit window ends before it starts."))
        return data


class AssignForm(WindowForm):
    unit = forms.ChoiceField(label=_("Service unit"))
    field_order = ["unit", "enumerator", "starts_on", "ends_on"]

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "—"), *units]


class BulkAssignForm(WindowForm):
    """Every unassigned unit of a regency (and optionally one agency kind) to one enumerator."""

    region = forms.ChoiceField(label=_("Regency/city"))
    kind = forms.ChoiceField(label=_("Agency kind"), required=False)
    field_order = ["region", "kind", "enumerator", "starts_on", "ends_on"]

    def __init__(self, *args, regions, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "—"), *regions]
        self.fields["kind"].choices = [("", _("All kinds")), *kinds]


class PlanFilterForm(forms.Form):
    region = forms.ChoiceField(label=_("Regency/city"), required=False)
    enumerator = forms.ChoiceField(label=_("Enumerator"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    NOT_STARTED = "not_started"

    def __init__(self, *args, regions, enumerators, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["region"].choices = everything + regions
        self.fields["enumerator"].choices = everything + [
            (user.username, user.get_full_name() or user.username) for user in enumerators
        ]
        self.fields["status"].choices = [
            *everything,
            (self.NOT_STARTED, _("Not started")),
            *list(Submission.Status.choices),
        ]

    def filters(self) -> dict[str, str]:
        if not self.is_bound or not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Review.Decision.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("Required when sending back or rejecting."),
    )
