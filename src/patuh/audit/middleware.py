"""Attribute audit events recorded during a request to the signed-in user and their address."""

from patuh.audit.services import acting_as
from patuh.lib.client import client_address


class AuditActorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting_as(request.user, "web", client_address(request) or None):
            return self.get_response(request)
