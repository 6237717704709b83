from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "patuh.followup"
    label = "followup"
    verbose_name = _("Follow-up")

    def ready(self) -> None:
        # Imported here, not at the top: these modules load models, which Django allows only
        # once every app is loaded.
        from patuh.audit.services import track
        from patuh.followup.models import Finding, FindingEvidence, FollowupPeriod, Product

        # Every state change of a finding or product item is an update of a tracked row.
        for model in (Finding, FindingEvidence, FollowupPeriod, Product):
            track(model)
