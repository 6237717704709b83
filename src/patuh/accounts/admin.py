from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from patuh.accounts.models import Office, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Role, office and providers"), {"fields": ("role", "office", "providers")}),
    )
    list_display = ("username", "email", "role", "office", "is_active")
    list_filter = ("role", "office", "is_active")
    list_select_related = ("office",)
    filter_horizontal = ("providers",)


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "region")
    search_fields = ("code", "name")
    list_select_related = ("region",)
