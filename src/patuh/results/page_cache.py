"""Whole portal pages of a published snapshot, kept in the cache for anonymous visitors.

A published snapshot never changes, so a portal page of it is the same for every anonymous
visitor but for the CSRF token of the language switcher: the page is stored with a placeholder
where the token was, and each visitor gets their own token in its place. The key holds the
snapshot's id and the page's full address, and the view finds the published snapshot afresh on
every request, so a withdrawn announcement or a newer publication takes effect at once; the
registry's names a page shows may lag by PAGE_CACHE_SECONDS.

Signed-in visitors, pages with messages waiting and anything but a 200 are never cached.

On announcement day everyone looks at once, so the background worker renders every page of the
published snapshot ahead, when the announcement moment comes (schedule_warming).
"""

import hashlib
import io
import logging
import re
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from patuh.access.results import published_snapshot
from patuh.assessments.models import Cycle
from patuh.jobs.tasks import without_worker
from patuh.registry.models import Provider

logger = logging.getLogger(__name__)

# What Django's {% csrf_token %} renders, the token being the part that differs per visitor.
_TOKEN_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_PLACEHOLDER = b"\x00csrf-token\x00"
# Headers of the view's response that the cached copy keeps (the middleware adds the rest).
_KEPT_HEADERS = ("Content-Type", "Vary")
# How long a page is kept: a published snapshot does not change, the registry's names on it
# rarely do.
PAGE_CACHE_SECONDS = 3600


def cacheable(request: HttpRequest) -> bool:
    """Whether the page this request gets may come from, and go to, the cache."""
    return (
        request.method == "GET"
        and not request.user.is_authenticated
        # len() reads the waiting messages without marking them shown.
        and not len(get_messages(request))
    )


def page_key(request: HttpRequest, snapshot_id: int) -> str:
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    # htmx asks the same address for the ranking table alone, except to restore its history.
    htmx = [request.headers.get(name, "") for name in ("HX-Request", "HX-History-Restore-Request")]
    return f"patuh:page:{snapshot_id}:{get_language()}:{':'.join(htmx)}:{address}"


def cached_page(
    request: HttpRequest, snapshot_id: int | None, render: Callable[[], HttpResponse]
) -> HttpResponse:
    """The page `render()` makes of the published snapshot `snapshot_id` (None: nothing is
    published, and render() says so), from the cache when it may be."""
    if snapshot_id is None or not cacheable(request):
        return render()
    key = page_key(request, snapshot_id)
    found = caches["pages"].get(key)
    if found is not None:
        content, headers = found
        response = HttpResponse(content.replace(_PLACEHOLDER, get_token(request).encode()))
        for name, value in headers.items():
            response[name] = value
        return response
    response = render()
    if response.status_code == 200 and not response.streaming:
        content = _TOKEN_FIELD.sub(rb"\g<1>" + _PLACEHOLDER + rb"\g<2>", response.content)
        headers = {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)}
        caches["pages"].set(key, (content, headers), PAGE_CACHE_SECONDS)
    return response


def schedule_warming(cycle: Cycle) -> None:
    """Have the background worker render the cycle's public pages when its announcement comes.

    Not with the immediate backend (no worker): a coordinator's request must not render a
    thousand report cards, so the first visitors fill the cache instead.
    """
    if without_worker() or not cycle.announce_at:
        return
    when = max(cycle.announce_at, timezone.now())
    transaction.on_commit(lambda: warm_published_pages.using(run_after=when).enqueue(cycle.pk))


@task
def warm_published_pages(cycle_id: int) -> None:
    cycle = Cycle.objects.filter(pk=cycle_id).first()
    pages = warm(cycle) if cycle is not None else 0
    logger.info("Rendered %d public pages of cycle %s", pages, cycle_id)


def warm(cycle: Cycle) -> int:
    """Render the portal's pages of the cycle's published snapshot into the page cache, in
    every language, as an anonymous visitor gets them: the ranking, the regions and every
    report card. The number of pages rendered; 0 when nothing is published (any more)."""
    snapshot = published_snapshot(cycle)
    if snapshot is None:
        return 0
    scored = snapshot.scores.filter(level="provider").values("subject_id")
    providers = Provider.objects.filter(pk__in=scored).order_by("code")
    paths = [
        reverse("public_cycle", args=[cycle.code]),
        reverse("public_regions", args=[cycle.code]),
        *(
            reverse("public_provider", args=[cycle.code, code])
            for code in providers.values_list("code", flat=True)
        ),
    ]
    handler = BaseHandler()
    handler.load_middleware()
    rendered = 0
    for language, _name in settings.LANGUAGES:
        for path in paths:
            response = handler.get_response(_visitor_request(path, language))
            if response.status_code >= 500:
                # The same fault would fail every page (static files not collected, say):
                # visitors' requests draw them once it is put right.
                logger.error("Stopped rendering public pages at %s", path)
                return rendered
            rendered += response.status_code == 200
    return rendered


def _visitor_request(path: str, language: str) -> WSGIRequest:
    """What an anonymous visitor's browser sends for `path` over HTTPS with `language` chosen."""
    host = _allowed_host()
    return WSGIRequest(
        {
            "REQUEST_METHOD": "GET",
            "SCRIPT_NAME": "",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": host,
            "SERVER_PORT": "443",
            "HTTP_HOST": host,
            "HTTP_COOKIE": f"{settings.LANGUAGE_COOKIE_NAME}={language}",
            "wsgi.url_scheme": "https",
            "wsgi.input": io.BytesIO(),
        }
    )


def _allowed_host() -> str:
    """A host name the site answers to (ALLOWED_HOSTS), for the requests that warm the cache."""
    for host in settings.ALLOWED_HOSTS:
        if "*" not in host:
            return host.lstrip(".")
    return "localhost"
