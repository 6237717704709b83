import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from patuh.followup.models import Product
from patuh.registry.models import Government, Provider


class ReportForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    evidence = forms.FileField(
        label=_("Photo or document (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}),
    )
    # Generated when the form is shown, so sending it twice stores the evidence once.
    client_id = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("verify", _("Verify as done")), ("send_back", _("Send back"))],
        widget=forms.RadioSelect,
        label=_("Decision"),
    )
    reason = forms.CharField(
        label=_("Reason (to send it back)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
    )


class ProductForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Product.Kind.choices)
    number = forms.CharField(label=_("Product number"), max_length=100)
    issued_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        help_text=_("Empty for a recommendation: 60 days after its date (UU 37/2008)."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    owner = forms.ChoiceField(label=_("Addressed to"))
    items = forms.CharField(
        label=_("Items"),
        help_text=_("One item per line."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        providers = cycle.providers.select_related("government").order_by("name")
        governments = {p.government for p in providers}
        self.owners = {f"provider:{p.pk}": p for p in providers} | {
            f"government:{g.pk}": g for g in sorted(governments, key=lambda g: g.name)
        }
        self.fields["owner"].choices = [
            (
                _("Providers"),
                [(k, str(v)) for k, v in self.owners.items() if isinstance(v, Provider)],
            ),
            (
                _("Governments"),
                [(k, str(v)) for k, v in self.owners.items() if isinstance(v, Government)],
            ),
        ]

    def owner_object(self) -> Provider | Government:
        return self.owners[self.cleaned_data["owner"]]
