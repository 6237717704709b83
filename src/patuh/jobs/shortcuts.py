"""What a view does after starting a job: report it if it is done, else show its progress."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from patuh.jobs.models import Job
from patuh.jobs.views import AUTO_DOWNLOAD


def report_or_follow(request: HttpRequest, job: Job, then: HttpResponse) -> HttpResponse:
    """A job that already ended (the immediate backend runs it inline) becomes a message and
    `then`; one still queued or running sends the user to its page, which shows progress."""
    if job.status == Job.Status.SUCCEEDED:
        messages.success(request, job.message)
    elif job.status == Job.Status.FAILED:
        messages.error(request, job.error)
    else:
        return redirect("job_detail", job=job.uuid)
    return then


def follow_download(job: Job) -> HttpResponse:
    """The job's page, which downloads the job's file by itself once it is made."""
    return redirect(reverse("job_detail", args=[job.uuid]) + "?" + AUTO_DOWNLOAD)
