"""The one task of the tasks framework: run a stored job by id."""

from django.tasks import task

from patuh.jobs.services import execute


@task
def run_job(job_id: int) -> None:
    execute(job_id)
