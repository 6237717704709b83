"""django-tasks-db's worker, which first recovers the jobs of workers that died."""

from django_tasks_db.management.commands import db_worker

from patuh.jobs.tasks import recover_orphans


class Command(db_worker.Command):
    help = (
        "Run queued background jobs until stopped. Jobs left running by a worker that died are "
        "queued again (or failed) when a worker starts and after each job."
    )

    def handle(self, **options) -> None:
        recover_orphans()
        super().handle(**options)
