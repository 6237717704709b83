from django.urls import path

from patuh.selfcheck import views

app_name = "selfcheck"

unit = "selfcheck/<slug:code>/<str:provider>/<str:unit>/"

urlpatterns = [
    path("selfcheck/", views.index, name="index"),
    # The service worker's folder is its scope: every self-check page lies below it.
    path("selfcheck/offline.js", views.offline_worker, name="offline_worker"),
    path(unit, views.unit_page, name="unit"),
    path(unit + "answers/", views.save, name="save"),
    path("cycles/<slug:code>/selfchecks/", views.office, name="office"),
]
