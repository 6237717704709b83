from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from patuh.accounts.models import Office, User
from patuh.accounts.throttling import unlock


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
    actions = ["unlock_sign_in"]

    @admin.action(description=_("Unlock signing in after failed attempts"))
    def unlock_sign_in(self, request, queryset):
        for user in queryset:
            unlock(username=user.get_username(), user=request.user)
        self.message_user(
            request,
            _("Signing in is unlocked for %(count)d users.") % {"count": len(queryset)},
            messages.SUCCESS,
        )


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "region")
    search_fields = ("code", "name")
    list_select_related = ("region",)
