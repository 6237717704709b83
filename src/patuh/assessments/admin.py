from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from patuh.assessments.models import Answer, Cycle, Phase
from patuh.instruments.models import InstrumentVersion


class PhaseInline(admin.TabularInline):
    model = Phase
    fields = ("kind", "starts_on", "ends_on")
    extra = 0


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "year", "instrument_version", "provider_count")
    list_filter = ("year", "instrument_version__instrument")
    search_fields = ("code", "name")
    list_select_related = ("instrument_version__instrument",)
    filter_horizontal = ("providers",)
    inlines = (PhaseInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(provider_count=Count("providers"))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "instrument_version":
            # Survey instruments (SKM) score respondents, not a cycle's subjects.
            kwargs["queryset"] = InstrumentVersion.objects.select_related("instrument").exclude(
                definition__workflow="survey"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("providers in scope"), ordering="provider_count")
    def provider_count(self, obj: Cycle) -> int:
        return obj.provider_count


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    """Answers, read-only: they are entered in the field and change only through that workflow."""

    list_display = ("cycle", "level", "subject", "indicator", "value", "answered_by", "answered_at")
    list_filter = ("cycle", "level")
    search_fields = (
        "indicator",
        "value",
        "note",
        "provider__name",
        "unit__name",
        "product__name",
        "website__url",
    )
    list_select_related = (
        "cycle",
        "product",
        "unit__provider",
        "website",
        "provider",
        "answered_by",
    )
    date_hierarchy = "answered_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("subject"))
    def subject(self, obj: Answer) -> str:
        return str(obj.subject)
