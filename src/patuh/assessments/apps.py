from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "patuh.assessments"
    label = "assessments"
    verbose_name = _("Assessments")

    def ready(self) -> None:
        # Imported here, not at the top: these modules load models, which Django allows only
        # once every app is loaded.
        from patuh.assessments.models import Answer, Cycle, Phase
        from patuh.audit.services import track

        track(Cycle)
        track(Phase)
        track(Answer)
