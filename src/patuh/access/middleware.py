"""Refuse any view that does not declare its access rule (deny by default)."""

import logging

from django.http import HttpResponseForbidden

logger = logging.getLogger(__name__)

# Django's admin checks staff status and model permissions itself.
SELF_GUARDED_NAMESPACES = frozenset({"admin"})


class DeclaredAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "access_rule", None) is not None:
            return None
        match = request.resolver_match
        if match is not None and SELF_GUARDED_NAMESPACES.intersection(match.namespaces):
            return None
        logger.error("View %s declares no access rule; refused.", match.view_name if match else "?")
        return HttpResponseForbidden("This page declares no access rule.")
