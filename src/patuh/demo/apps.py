from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "patuh.demo"
    label = "demo"
