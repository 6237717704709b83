from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SatisfactionConfig(AppConfig):
    name = "patuh.satisfaction"
    label = "satisfaction"
    verbose_name = _("Satisfaction surveys")

    def ready(self) -> None:
        # Imported here, not at the top: these modules load models, which Django allows only
        # once every app is loaded.
        from patuh.audit.services import track
        from patuh.satisfaction.models import Response, Survey

        # Submissions (the rate limit's short-lived marks) are not assessment data.
        track(Survey)
        track(Response)
