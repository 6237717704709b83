import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from patuh.instruments.definition import SKM, SURVEY_KINDS, Instrument
from patuh.registry.models import ServiceProduct
from patuh.satisfaction import skm
from patuh.satisfaction.models import AgeBand, Education, Occupation, Sex, Survey

# The honeypot: hidden from people (CSS and aria-hidden), filled in by form-filling robots.
HONEYPOT = "website"
NOT_SAID = [("", _("Prefer not to say"))]


class ResponseForm(forms.Form):
    """A respondent's answers: the product used, one radio group per element (its own wording
    for each value, from the instrument file), the profile and a suggestion."""

    product = forms.ChoiceField(label=_("Which service did you use?"))
    age_band = forms.ChoiceField(label=_("Age"), choices=NOT_SAID + AgeBand.choices, required=False)
    sex = forms.ChoiceField(
        label=_("Sex"),
        choices=NOT_SAID + Sex.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    education = forms.ChoiceField(
        label=_("Education"), choices=NOT_SAID + Education.choices, required=False
    )
    occupation = forms.ChoiceField(
        label=_("Occupation"), choices=NOT_SAID + Occupation.choices, required=False
    )
    suggestion = forms.CharField(
        label=_("Suggestions for this unit"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(
        self,
        data=None,
        *,
        instrument: Instrument,
        products: list[ServiceProduct],
        language: str,
        **kwargs,
    ) -> None:
        super().__init__(data, **kwargs)
        self.products = {product.code: product for product in products}
        if products:
            self.fields["product"].choices = [("", "—")] + [(p.code, p.name) for p in products]
            if instrument.respondents == "public":
                # An open survey: anyone may answer, whether they used a service or not.
                self.fields["product"].required = False
                self.fields["product"].label = _("Which service did you use, if any?")
        else:
            del self.fields["product"]
        if instrument.asks_date_of_use:
            self.fields["used_on"] = forms.DateField(
                label=_("On which day did you use the service?"),
                widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            )
        self.element_codes = []
        for element in instrument.indicators.values():
            self.element_codes.append(element.code)
            self.fields[element.code] = forms.TypedChoiceField(
                label=element.text.get(language),
                choices=[
                    (value, element.rubric[value].get(language) if element.rubric else value)
                    for value in range(element.scale_min, element.scale_max + 1)
                ],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Please choose an answer.")},
            )
        # Elements first, as the questionnaire asks them, then the profile.
        order = ["product", "used_on", *self.element_codes]
        self.order_fields([name for name in order if name in self.fields])

    def is_robot(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())

    def element_fields(self):
        return [self[code] for code in self.element_codes]

    def profile_fields(self):
        return [self[name] for name in ("age_band", "sex", "education", "occupation")]

    def answers(self) -> dict[str, int]:
        return {code: self.cleaned_data[code] for code in self.element_codes}

    def chosen_product(self) -> ServiceProduct | None:
        return self.products.get(self.cleaned_data.get("product", ""))

    def clean_used_on(self) -> dt.date:
        used_on = self.cleaned_data["used_on"]
        if used_on > timezone.localdate():
            raise forms.ValidationError(_("The day you used the service cannot be in the future."))
        return used_on

    def profile(self) -> dict:
        """What the respondent said of themselves (and, where asked, when they were served)."""
        names = ("age_band", "sex", "education", "occupation", "used_on")
        return {name: self.cleaned_data[name] for name in names if name in self.fields}


# What each survey kind (SURVEY_KINDS) is called where a survey is created.
SURVEY_KIND_LABELS = {
    SKM: _("Citizen satisfaction survey (SKM)"),
    "persepsi-maladministrasi": _("Maladministration-perception survey (Ombudsman's opinion)"),
    "kepercayaan-masyarakat": _("Public-trust survey (Ombudsman's opinion)"),
}


class SurveyForm(forms.ModelForm):
    """The kind (when creating), period, title and population of a unit's survey."""

    kind = forms.ChoiceField(
        label=_("Survey"),
        choices=[(kind, SURVEY_KIND_LABELS[kind]) for kind in SURVEY_KINDS],
        initial=SKM,
        required=False,
    )

    class Meta:
        model = Survey
        fields = ["title", "opens_on", "closes_on", "population", "kiosk"]
        widgets = {
            # A date input takes ISO dates whatever the language of the page.
            "opens_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "closes_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A survey keeps its kind: its responses answer that questionnaire.
            del self.fields["kind"]

    def clean_kind(self) -> str:
        return self.cleaned_data["kind"] or SKM

    def survey_kind(self) -> str:
        if self.instance.pk:
            return self.instance.instrument_version.parsed.survey_kind
        return self.cleaned_data.get("kind", SKM)

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The survey must close on or after its opening day."))
        if opens:
            kind = self.survey_kind()
            try:
                skm.instrument_for_date(opens, kind=kind)
            except skm.SurveyError:
                first = next(i for i in skm.builtin_survey_instruments() if i.survey_kind == kind)
                self.add_error(
                    "opens_on",
                    _(
                        "No regulation for this survey applies on this date; the earliest"
                        " starts on %(date)s (%(title)s)."
                    )
                    % {
                        "date": date_format(first.valid_from, "DATE_FORMAT"),
                        "title": first.title.get(get_language()),
                    },
                )
        return cleaned
