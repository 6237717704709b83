from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "patuh.scoring"
    label = "scoring"
    verbose_name = _("Scoring")

    def ready(self) -> None:
        # Imported here, not at the top: these modules load models, which Django allows only
        # once every app is loaded.
        from patuh.audit.services import track
        from patuh.scoring import jobs
        from patuh.scoring.models import ComplianceOverride, ScoreSnapshot

        jobs.register_all()
        # Scores themselves are derived rows; a snapshot's creation and release are the events.
        track(ScoreSnapshot)
        track(ComplianceOverride)
