from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from patuh.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Role and providers"), {"fields": ("role", "providers")}),
    )
    list_display = ("username", "email", "role", "is_active")
    list_filter = ("role", "is_active")
    filter_horizontal = ("providers",)
