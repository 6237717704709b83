"""Photos are streamed from storage only to those who may see them (see access.fieldwork)."""

from django.http import FileResponse, HttpRequest
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from patuh.access import signed_in
from patuh.access.fieldwork import get_evidence_for_user


@signed_in
@require_GET
@cache_control(private=True, max_age=3600)
def evidence_file(request: HttpRequest, evidence: str, variant: str) -> FileResponse:
    obj = get_evidence_for_user(request.user, evidence, variant)
    if variant == "original":
        stored, content_type = obj.file, obj.content_type
    else:
        stored, content_type = getattr(obj, variant), "image/jpeg"
    response = FileResponse(stored.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
