from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "patuh.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        # Imported here: they load models, which Django allows only once every app is loaded.
        from django.tasks.signals import task_finished
        from django_tasks_db.backend import DatabaseBackend

        from patuh.jobs.tasks import recover_orphans

        # A worker that finishes a job looks for jobs other workers left behind when they died
        # (the worker's start does too: patuh.jobs.management.commands.db_worker).
        task_finished.connect(
            lambda **kwargs: recover_orphans(),
            sender=DatabaseBackend,
            weak=False,
            dispatch_uid="patuh.jobs.recover_orphans",
        )
