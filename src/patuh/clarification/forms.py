from django import forms
from django.utils.translation import gettext_lazy as _

from patuh.clarification.services import REASON_MAX

ACCEPTED = "image/jpeg,image/png,image/webp,application/pdf"


class ObjectionForm(forms.Form):
    """An objection to one finding: which (provider, unit, product, indicator), why, and a
    photo or PDF; the client id makes a re-sent form a no-op."""

    provider = forms.CharField(max_length=80)
    unit = forms.CharField(max_length=80)
    product = forms.CharField(max_length=80, required=False)
    indicator = forms.CharField(max_length=32)
    client_id = forms.UUIDField()
    reason = forms.CharField(
        label=_("Why is this finding wrong?"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence = forms.FileField(
        label=_("Photo or PDF that shows it"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}
        ),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "accept"), ("reject", "reject")])
    value = forms.CharField(max_length=64, required=False)
    note = forms.CharField(max_length=REASON_MAX, required=False)
