from django.urls import path

from patuh.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("language/", views.switch_language, name="switch_language"),
    path("cycles/<slug:code>/", views.cycle_detail, name="cycle_detail"),
    path("cycles/<slug:code>/recompute/", views.recompute, name="recompute"),
    path(
        "cycles/<slug:code>/providers/<str:provider>/",
        views.provider_detail,
        name="provider_detail",
    ),
]
