from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstrumentsConfig(AppConfig):
    name = "patuh.instruments"
    label = "instruments"
    verbose_name = _("Instruments")

    def ready(self) -> None:
        from patuh.audit.services import track
        from patuh.instruments.models import Instrument, InstrumentVersion

        track(Instrument)
        track(InstrumentVersion)
