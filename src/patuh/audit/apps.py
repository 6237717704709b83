from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "patuh.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        # Imported here, not at the top: these modules load models, which Django allows only
        # once every app is loaded.
        from django.db.backends.signals import connection_created

        from patuh.audit import checks, signals
        from patuh.audit.database import register_sqlite_function

        signals.connect()
        checks.register()
        connection_created.connect(register_sqlite_function)
