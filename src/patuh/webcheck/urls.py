from django.urls import path

from patuh.webcheck import views

WEBSITE = "cycles/<slug:code>/websites/<str:provider>/<str:website>/"

urlpatterns = [
    path("cycles/<slug:code>/websites/", views.websites, name="webcheck_websites"),
    path("cycles/<slug:code>/websites/check/", views.run, name="webcheck_run"),
    path(WEBSITE, views.website, name="webcheck_website"),
    path(
        WEBSITE + "answers/<str:indicator>/override/",
        views.override,
        name="webcheck_override",
    ),
    path(WEBSITE + "screenshots/<uuid:check>/", views.screenshot, name="webcheck_screenshot"),
]
