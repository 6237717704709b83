from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from patuh.access import public, signed_in
from patuh.accounts.forms import LoginForm

admin.site.site_header = _("Patuh administration")
admin.site.site_title = _("Patuh administration")

urlpatterns = [
    path("admin/", admin.site.urls),
    path(
        "accounts/login/",
        public(auth_views.LoginView.as_view(authentication_form=LoginForm)),
        name="login",
    ),
    path("accounts/logout/", public(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "accounts/password/",
        signed_in(auth_views.PasswordChangeView.as_view()),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        signed_in(auth_views.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
    path("audit/", include("patuh.audit.urls")),
    path("jobs/", include("patuh.jobs.urls")),
    path("", include("patuh.notifications.urls")),
    path("", include("patuh.followup.urls")),
    path("", include("patuh.fieldwork.urls")),
    path("", include("patuh.clarification.urls")),
    path("", include("patuh.satisfaction.urls")),
    path("", include("patuh.pekppp.urls")),
    path("", include("patuh.selfcheck.urls")),
    path("", include("patuh.webcheck.urls")),
    path("", include("patuh.web.urls")),
    path("", include("patuh.assessments.urls")),
    path("", include("patuh.results.urls")),
]
