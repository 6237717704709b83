from django import forms
from django.utils.translation import gettext_lazy as _

from patuh.assessments.models import Level


class RankingFilterForm(forms.Form):
    """Filters and order of a cycle's ranking; choices are the regions and kinds it ranks."""

    region = forms.ChoiceField(label=_("Regency/city"), required=False)
    kind = forms.ChoiceField(label=_("Agency kind"), required=False)
    sort = forms.ChoiceField(
        label=_("Order by"),
        required=False,
        choices=[
            ("", _("Rank")),
            ("name", _("Provider")),
            ("kind", _("Agency kind")),
            ("region", _("Regency/city")),
        ],
    )
    # Worst first, for a coordinator following up the lowest scores.
    desc = forms.BooleanField(label=_("Reverse order"), required=False)

    def __init__(
        self, data, *, regions: list[tuple[str, str]], kinds: list[tuple[str, str]], **kwargs
    ) -> None:
        super().__init__(data, **kwargs)
        everything = [("", _("All"))]
        self.fields["region"].choices = everything + regions
        self.fields["kind"].choices = everything + kinds

    def filters(self) -> dict[str, str]:
        """The valid filters: a value outside the choices is left out (and shown as an error)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return self.cleaned_data


class ReleaseForm(forms.Form):
    """A release; while data collection is open it needs the reason for overriding."""

    override_reason = forms.CharField(
        label=_("Reason for releasing while data collection is open"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawing the release"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AnnouncementForm(forms.Form):
    """When the cycle's results become public, in the office's time zone. `confirm` is set by
    the confirmation page of a moment that needed a warning."""

    announce_at = forms.DateTimeField(
        label=_("Public announcement"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("From this moment the public portal shows the released results."),
        error_messages={
            "required": _("Choose the moment of the announcement."),
            "invalid": _("The announcement moment is not a valid date and time."),
        },
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


def level_label(level: str) -> str:
    """A scored level's name in the user's language."""
    if level == "region":
        return str(_("Regional government"))
    return str(Level(level).label)


class ScoresDownloadForm(forms.Form):
    """What to download of the scores: every level or one (the file's format is the button)."""

    level = forms.ChoiceField(label=_("Level"), required=False)

    def __init__(self, data=None, *, levels: list[str], **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.fields["level"].choices = [("", _("All levels"))] + [
            (level, level_label(level)) for level in levels
        ]
