from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "patuh.assessments"
    label = "assessments"
