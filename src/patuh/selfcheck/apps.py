from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfcheckConfig(AppConfig):
    name = "patuh.selfcheck"
    label = "selfcheck"
    verbose_name = _("Self-check")

    def ready(self) -> None:
        # Imported here, not at the top: these modules load models, which Django allows only
        # once every app is loaded.
        from patuh.audit.services import track
        from patuh.selfcheck.models import SelfCheck, SelfCheckAnswer, SelfCheckPhoto

        for model in (SelfCheck, SelfCheckAnswer, SelfCheckPhoto):
            track(model)
