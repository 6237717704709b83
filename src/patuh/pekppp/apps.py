from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PekpppConfig(AppConfig):
    name = "patuh.pekppp"
    label = "pekppp"
    verbose_name = _("Performance evaluation (PEKPPP)")

    def ready(self) -> None:
        # Imported here, not at the top: these modules load models, which Django allows only
        # once every app is loaded.
        from patuh.audit.services import track
        from patuh.pekppp.models import (
            Evaluation,
            Evidence,
            SelfAssessment,
            SelfScore,
            Verification,
        )

        for model in (SelfAssessment, SelfScore, Evidence, Evaluation, Verification):
            track(model)
