from django.urls import path

from patuh.assessments import views

urlpatterns = [
    # Before the results' cycles/<slug:code>/, which would take "new" as a code.
    path("cycles/new/", views.cycle_new, name="cycle_new"),
]
