from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from patuh.instruments.indicator_checks import register_automatic_source
from patuh.webcheck.ids import CHECK_IDS


class WebcheckConfig(AppConfig):
    name = "patuh.webcheck"
    label = "webcheck"
    verbose_name = _("Website checks")

    def ready(self) -> None:
        # Imported here, not at the top: these modules load models, which Django allows only
        # once every app is loaded.
        from patuh.audit.services import track
        from patuh.webcheck import checks, jobs
        from patuh.webcheck.models import WebcheckRun

        checks.register()
        jobs.register_all()
        # Instrument files answer website indicators from these checks, and may name only them.
        register_automatic_source("webcheck", CHECK_IDS)
        # A run's creation is the event; its per-site rows are written in bulk with it and
        # summarised in one event (services.store_run). The answers it writes are tracked.
        track(WebcheckRun)
