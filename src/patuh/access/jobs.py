"""Who may follow a background job: the person who started it, and administrators."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from patuh.jobs.models import Job


def get_job_for_user(user, public_id) -> Job:
    job = get_object_or_404(Job.objects.select_related("cycle"), uuid=public_id)
    if not (user.is_system_admin or job.created_by_id == user.pk):
        raise Http404("No such job.")
    return job
