from django.urls import path

from patuh.results import download_views, public_views, views

cycle = "cycles/<slug:code>/"
card = cycle + "providers/<str:provider>/"
portal = "public/<slug:cycle>/"
portal_card = portal + "providers/<str:provider>/"

urlpatterns = [
    path(cycle, views.cycle_detail, name="cycle_detail"),
    path(cycle + "recompute/", views.recompute, name="recompute"),
    path(cycle + "release/", views.release, name="release"),
    path(cycle + "release/withdraw/", views.withdraw, name="withdraw_release"),
    path(cycle + "announce/", views.announce, name="announce"),
    path(cycle + "report-cards/", views.report_cards, name="report_cards"),
    path(cycle + "regions/", views.regions, name="regions"),
    path(cycle + "exports/", download_views.cycle_exports, name="cycle_exports"),
    path(cycle + "exports/scores.<slug:fmt>", download_views.export_scores, name="export_scores"),
    path(
        cycle + "exports/answers.<slug:fmt>", download_views.export_answers, name="export_answers"
    ),
    path(card, views.provider_detail, name="provider_detail"),
    path(card + "rapor.pdf", views.provider_pdf, name="provider_pdf"),
    path(
        card + "scores.<slug:fmt>",
        download_views.provider_scores_export,
        name="provider_scores_export",
    ),
    path("photos/<uuid:photo>/<slug:variant>/", views.card_photo, name="card_photo"),
    path("trends/providers/<str:provider>/", views.provider_trend, name="provider_trend"),
    path("trends/regions/<str:region>/", views.region_trend, name="region_trend"),
    path("public/", public_views.public_index, name="public_index"),
    # Before the cycle pages, whose <slug:cycle> would take "trends" and "agencies".
    path("public/agencies/<str:provider>/", public_views.public_agency, name="public_agency"),
    path(
        "public/trends/providers/<str:provider>/",
        public_views.public_provider_trend,
        name="public_provider_trend",
    ),
    path(
        "public/trends/regions/<str:region>/",
        public_views.public_region_trend,
        name="public_region_trend",
    ),
    path(portal, public_views.public_cycle, name="public_cycle"),
    path(portal + "regions/", public_views.public_regions, name="public_regions"),
    path(portal + "data/", public_views.public_data, name="public_data"),
    path(
        portal + "data/scores.<slug:fmt>",
        public_views.public_scores_export,
        name="public_scores_export",
    ),
    path(
        portal + "providers/<str:provider>/", public_views.public_provider, name="public_provider"
    ),
    path(
        portal + "providers/<str:provider>/rapor.pdf",
        public_views.public_provider_pdf,
        name="public_provider_pdf",
    ),
]
