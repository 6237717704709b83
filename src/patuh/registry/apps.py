from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "patuh.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        # Imported here, not at the top: these modules load models, which Django allows only
        # once every app is loaded.
        from patuh.audit.services import track
        from patuh.registry.models import (
            AgencyKind,
            Government,
            Provider,
            Region,
            ServiceProduct,
            ServiceUnit,
            Website,
        )

        track(Region)
        track(AgencyKind)
        track(Government)
        track(Provider)
        track(ServiceUnit)
        track(ServiceProduct)
        track(Website)
