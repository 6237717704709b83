from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from patuh.access import signed_in
from patuh.access.jobs import get_job_for_user

# The query that asks the job's page to start the download by itself once the file is made.
AUTO_DOWNLOAD = "download=auto"


@signed_in
@require_GET
def job_detail(request: HttpRequest, job: str) -> HttpResponse:
    """The job's page; htmx polls it for the progress fragment until the job finishes.

    Opened with ?download=auto (after a download button), the page's script fetches the file
    once it is made; the link stays for a second copy.
    """
    job_obj = get_job_for_user(request.user, job)
    template = "jobs/job.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#job-status"
    context = {"job": job_obj, "auto_download": request.GET.get("download") == "auto"}
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@signed_in
@require_GET
def job_download(request: HttpRequest, job: str) -> FileResponse:
    job_obj = get_job_for_user(request.user, job)
    if not job_obj.result_file:
        raise Http404("This job has no file.")
    name = job_obj.result_name or job_obj.result_file.name.rsplit("/", 1)[-1]
    return FileResponse(job_obj.result_file.open("rb"), as_attachment=True, filename=name)
