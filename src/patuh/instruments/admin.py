from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from patuh.instruments.definition import InstrumentError
from patuh.instruments.loading import build_instrument, parse_yaml
from patuh.instruments.models import Instrument, InstrumentVersion
from patuh.instruments.services import save_instrument_source


class InstrumentVersionInline(admin.TabularInline):
    """The versions of an instrument, listed read-only: they change through their own form."""

    model = InstrumentVersion
    fields = ("number", "created_at", "created_by", "sha256")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ("-number",)

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "version_count")
    search_fields = ("code", "title")
    # Code and title come from the YAML definition: an instrument is added by adding a version.
    readonly_fields = ("code", "title")
    inlines = (InstrumentVersionInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(version_count=Count("versions"))

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=_("versions"), ordering="version_count")
    def version_count(self, obj: Instrument) -> int:
        return obj.version_count


class InstrumentVersionForm(forms.ModelForm):
    """Edits the YAML source; clean() reports every problem the instrument validator finds."""

    class Meta:
        model = InstrumentVersion
        fields = ("source",)
        widgets = {
            "source": forms.Textarea(
                attrs={
                    "rows": 40,
                    "cols": 110,
                    "spellcheck": "false",
                    "style": "font-family: monospace; width: 100%;",
                }
            )
        }

    def clean_source(self) -> str:
        source = self.cleaned_data["source"]
        origin = str(self.instance) if self.instance.pk else "YAML"
        try:
            definition = build_instrument(parse_yaml(source, origin), origin)
        except InstrumentError as exc:
            raise ValidationError(exc.problems) from exc
        if self.instance.pk and definition.id != self.instance.instrument.code:
            raise ValidationError(
                _(
                    "The id must stay %(code)s: a version belongs to its instrument. "
                    "To start another instrument, add a new version with its own id."
                ),
                params={"code": self.instance.instrument.code},
            )
        return source


@admin.register(InstrumentVersion)
class InstrumentVersionAdmin(admin.ModelAdmin):
    form = InstrumentVersionForm
    list_display = ("__str__", "instrument", "number", "cycle_count", "created_at", "created_by")
    list_filter = ("instrument",)
    list_select_related = ("instrument", "created_by")
    search_fields = ("instrument__code", "instrument__title")
    readonly_fields = ("instrument", "number", "cycle_count", "created_at", "created_by", "sha256")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(cycle_count=Count("cycles"))

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("source",)
        return (*self.readonly_fields, "source")

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else ()

    @admin.display(description=_("used by cycles"), ordering="cycle_count")
    def cycle_count(self, obj: InstrumentVersion) -> int:
        return obj.cycle_count

    def save_model(self, request, obj, form, change) -> None:
        """Store through the instrument service instead of saving `obj`.

        A version that a cycle uses must not change under its results, so the service stores the
        edit as a new version then; `obj` takes the stored version's values so that the log entry
        and the redirect name what was actually saved.
        """
        version = save_instrument_source(
            form.cleaned_data["source"], origin=str(obj) if change else "YAML", user=request.user
        )
        if change and version.pk != obj.pk:
            self.message_user(
                request,
                _("%(old)s is unchanged; the edit was stored as version %(number)s.")
                % {"old": obj, "number": version.number},
                messages.WARNING,
            )
        for model_field in version._meta.concrete_fields:
            setattr(obj, model_field.attname, getattr(version, model_field.attname))
        obj._state.adding = False
        obj.__dict__.pop("parsed", None)
