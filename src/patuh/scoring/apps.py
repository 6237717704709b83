from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "patuh.scoring"
    label = "scoring"
