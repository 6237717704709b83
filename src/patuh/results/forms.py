from django import forms
from django.utils.translation import gettext_lazy as _


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


class AnnouncementForm(forms.Form):
    """When the cycle's results become public, in the office's time zone; empty: never."""

    announce_at = forms.DateTimeField(
        label=_("Public announcement"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("From this moment the public portal shows the released results."),
    )
