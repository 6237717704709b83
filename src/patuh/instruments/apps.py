from django.apps import AppConfig


class InstrumentsConfig(AppConfig):
    name = "patuh.instruments"
    label = "instruments"
