from django.urls import path

from patuh.selfcheck import views

app_name = "selfcheck"

unit = "selfcheck/<slug:code>/<str:provider>/<str:unit>/"

urlpatterns = [
    path("selfcheck/", views.index, name="index"),
    # The service worker's folder is its scope: every self-check page lies below it.
    path("selfcheck/offline.js", views.offline_worker, name="offline_worker"),
    # Before the unit's pages, whose <slug:code> would take "photos".
    path("selfcheck/photos/<uuid:own_photo>/<slug:variant>/", views.photo, name="photo"),
    path(unit, views.unit_page, name="unit"),
    path(unit + "answers/", views.save, name="save"),
    path(unit + "photos/", views.add_photo, name="add_photo"),
    path(unit + "photos/<uuid:own_photo>/remove/", views.remove_photo, name="remove_photo"),
    path("cycles/<slug:code>/selfchecks/", views.office, name="office"),
]
