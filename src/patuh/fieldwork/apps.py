from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldworkConfig(AppConfig):
    name = "patuh.fieldwork"
    label = "fieldwork"
    verbose_name = _("Fieldwork")

    def ready(self) -> None:
        # Imported here, not at the top: these modules load models, which Django allows only
        # once every app is loaded.
        from patuh.audit.services import track
        from patuh.fieldwork import jobs
        from patuh.fieldwork.models import Assignment, Evidence, Review, Submission, SubmittedAnswer

        jobs.register_all()
        for model in (Assignment, Submission, SubmittedAnswer, Evidence, Review):
            track(model)
