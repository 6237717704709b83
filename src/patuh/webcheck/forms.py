from django import forms
from django.utils.translation import gettext_lazy as _

from patuh.instruments.definition import Indicator


def answer_choices(indicator: Indicator, language: str) -> list[tuple[str, str]]:
    """The answers `indicator` takes, labelled in `language`."""
    if indicator.answer_type == "choice":
        choices = [(option.code, option.label.get(language)) for option in indicator.options]
    elif indicator.answer_type == "scale":
        span = range(indicator.scale_min, indicator.scale_max + 1)
        choices = [(str(value), str(value)) for value in span]
    else:
        choices = [("yes", _("Yes")), ("no", _("No"))]
    if indicator.na_allowed:
        choices.append(("na", _("Not applicable")))
    return choices


class OverrideForm(forms.Form):
    value = forms.ChoiceField(label=_("Answer"))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Why the automatic answer is wrong; kept with the answer and in the audit log."
        ),
    )

    def __init__(self, *args, indicator: Indicator, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].choices = answer_choices(indicator, language)
        self.prefix = f"override-{indicator.code}"
