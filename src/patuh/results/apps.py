from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "patuh.results"
    label = "results"
    verbose_name = _("Results")

    def ready(self) -> None:
        from patuh.results import checks, jobs

        checks.register()
        jobs.register_all()
