from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "patuh.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Imported here, not at the top: these modules load models, which Django allows only
        # once every app is loaded.
        from patuh.audit.services import track
        from patuh.notifications.models import Preference

        # Outbox rows are themselves the record of what was sent; a preference is a choice
        # someone made, so who switched reminders off and when is kept.
        track(Preference)
