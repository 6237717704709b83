from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstrumentsConfig(AppConfig):
    name = "patuh.instruments"
    label = "instruments"
    verbose_name = _("Instruments")

    def ready(self) -> None:
        # Imported here, not at the top: these modules load models, which Django allows only
        # once every app is loaded.
        from patuh.audit.services import track
        from patuh.instruments.models import Instrument, InstrumentVersion

        track(Instrument)
        track(InstrumentVersion)
