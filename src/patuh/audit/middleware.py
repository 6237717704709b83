"""Attribute audit events recorded during a request to the signed-in user and their address."""

from patuh.audit.services import acting_as


class AuditActorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting_as(request.user, "web", request.META.get("REMOTE_ADDR") or None):
            return self.get_response(request)
