from django.contrib import admin

from patuh.followup.models import FollowupPeriod


@admin.register(FollowupPeriod)
class FollowupPeriodAdmin(admin.ModelAdmin):
    """A cycle's own follow-up period; findings and products change only through their pages,
    so that every state change goes through the state machine."""

    list_display = ("cycle", "days")
    list_select_related = ("cycle",)
    autocomplete_fields = ("cycle",)
