from django import forms
from django.utils.translation import gettext_lazy as _


class RankingFilterForm(forms.Form):
    """Filters of a cycle's ranking; choices are the regions and kinds present in its scope."""

    region = forms.ChoiceField(label=_("Regency/city"), required=False)
    kind = forms.ChoiceField(label=_("Agency kind"), required=False)

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
