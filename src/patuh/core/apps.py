from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "patuh.core"
    label = "core"

    def ready(self) -> None:
        # Importing the module registers its system checks: done once Django has loaded every
        # app, as Django advises, not whenever apps.py is imported.
        from patuh.core import checks  # noqa: F401
