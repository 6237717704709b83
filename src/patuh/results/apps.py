from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "patuh.results"
    label = "results"
    verbose_name = _("Results")

    def ready(self) -> None:
        # Imported here, not at the top: these modules load models, which Django allows only
        # once every app is loaded.
        from patuh.results import checks, jobs

        checks.register()
        jobs.register_all()
