from django.urls import path

from patuh.notifications import views

urlpatterns = [
    path("notifications/", views.notification_settings, name="notification_settings"),
]
