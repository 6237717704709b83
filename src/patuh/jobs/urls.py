from django.urls import path

from patuh.jobs import views

urlpatterns = [
    path("<uuid:job>/", views.job_detail, name="job_detail"),
    path("<uuid:job>/download/", views.job_download, name="job_download"),
]
