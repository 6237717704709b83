from django.urls import path

from patuh.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.start, name="start"),
    path("agency/", views.agency, name="agency"),
    path("language/", views.switch_language, name="switch_language"),
]
