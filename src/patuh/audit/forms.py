from django import forms
from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from patuh.assessments.models import Cycle
from patuh.audit.models import AuditEvent


class AuditFilterForm(forms.Form):
    """Filters of the audit log; every field is optional and narrows the list."""

    actor = forms.CharField(label=_("Actor"), required=False, max_length=150)
    action = forms.CharField(label=_("Action"), required=False, max_length=30)
    # Chosen by name; the choices are the types present in the log (see __init__).
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    cycle = forms.ModelChoiceField(
        label=_("Cycle"),
        queryset=Cycle.objects.order_by("-year", "name"),
        to_field_name="code",
        required=False,
        empty_label=_("Every cycle"),
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The actions in the log, suggested in the action field.
        self.actions, types = event_choices()
        self.fields["object_type"].choices = [("", _("Every type"))] + [
            (name, type_label(name)) for name in types
        ]

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            raise forms.ValidationError(_("'Until' must not be before 'From'."))
        return data

    def filter(self, events):
        """`events` narrowed by the valid filters; with errors, nothing."""
        if not self.is_bound:
            return events
        if not self.is_valid():
            return events.none()
        data = self.cleaned_data
        if data["actor"]:
            events = events.filter(actor_name=data["actor"])
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["object_type"]:
            events = events.filter(object_type=data["object_type"])
        if data["object_id"]:
            events = events.filter(object_id=data["object_id"])
        if data["cycle"]:
            events = events.filter(cycle_id=data["cycle"].pk)
        if data["since"]:
            events = events.filter(at__date__gte=data["since"])
        if data["until"]:
            events = events.filter(at__date__lte=data["until"])
        return events


def type_label(object_type: str) -> str:
    """An object type ("app.model") as people read it: the model's name, else as stored."""
    try:
        return capfirst(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


def event_choices():
    """Actions and object types present in the log, for the filter's suggestions."""
    actions = AuditEvent.objects.order_by().values_list("action", flat=True).distinct()
    types = (
        AuditEvent.objects.exclude(object_type="")
        .order_by()
        .values_list("object_type", flat=True)
        .distinct()
    )
    return sorted(actions), sorted(types)
