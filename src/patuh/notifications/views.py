from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from patuh.access import signed_in
from patuh.notifications.forms import PreferenceForm
from patuh.notifications.services import preferences


@signed_in
@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    """One's own e-mail choices: reminders on or off, and the language of e-mails."""
    preference = preferences([request.user])[request.user.pk]
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, gettext("Your notification settings are saved."))
        return redirect("notification_settings")
    return render(
        request,
        "notifications/settings.html",
        {"form": form, "has_email": bool(request.user.email)},
    )
