from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "patuh.registry"
    label = "registry"
