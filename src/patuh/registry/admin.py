from django.contrib import admin

from patuh.registry.models import (
    AgencyKind,
    Government,
    Provider,
    Region,
    ServiceProduct,
    ServiceUnit,
    Website,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)


@admin.register(AgencyKind)
class AgencyKindAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en")
    search_fields = ("code", "name", "name_en")


@admin.register(Government)
class GovernmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "region")
    list_filter = ("kind",)
    search_fields = ("code", "name", "region__name")
    list_select_related = ("region",)
    autocomplete_fields = ("region",)


class ServiceUnitInline(admin.TabularInline):
    model = ServiceUnit
    fields = ("code", "name", "address")
    extra = 0
    show_change_link = True


class WebsiteInline(admin.TabularInline):
    model = Website
    fields = ("url", "code")
    extra = 0


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "region", "government")
    list_filter = ("kind", "government__kind", "region")
    search_fields = ("code", "name", "region__name", "government__name")
    list_select_related = ("kind", "region", "government")
    autocomplete_fields = ("kind", "region", "government")
    inlines = (ServiceUnitInline, WebsiteInline)


class ServiceProductInline(admin.TabularInline):
    model = ServiceProduct
    fields = ("code", "name")
    extra = 0


@admin.register(ServiceUnit)
class ServiceUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "provider")
    list_filter = ("provider__kind", "provider__region")
    search_fields = ("code", "name", "provider__name", "provider__code")
    list_select_related = ("provider",)
    autocomplete_fields = ("provider",)
    inlines = (ServiceProductInline,)


@admin.register(ServiceProduct)
class ServiceProductAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit")
    list_filter = ("unit__provider__kind",)
    search_fields = ("code", "name", "unit__name", "unit__provider__name")
    list_select_related = ("unit__provider",)
    autocomplete_fields = ("unit",)


@admin.register(Website)
class WebsiteAdmin(admin.ModelAdmin):
    list_display = ("url", "code", "provider")
    list_filter = ("provider__kind",)
    search_fields = ("url", "code", "provider__name")
    list_select_related = ("provider",)
    autocomplete_fields = ("provider",)
