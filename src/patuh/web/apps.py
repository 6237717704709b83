from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "patuh.web"
    label = "web"
