from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClarificationConfig(AppConfig):
    name = "patuh.clarification"
    label = "clarification"
    verbose_name = _("Clarification (objections)")

    def ready(self) -> None:
        # Imported here, not at the top: these modules load models, which Django allows only
        # once every app is loaded.
        from patuh.audit.services import track
        from patuh.clarification.models import Objection, ObjectionEvidence

        track(Objection)
        track(ObjectionEvidence)
