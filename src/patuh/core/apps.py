from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "patuh.core"
    label = "core"

    def ready(self) -> None:
        from patuh.core import checks  # noqa: F401  (registers the system checks)
