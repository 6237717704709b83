"""What the two forms' views share: the page of a unit's form, and saving one indicator."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from patuh.pekppp.self_assessment import EvaluationError


def form_url(name: str, cycle, unit, indicator: str = "") -> str:
    """The URL of the form `name` of `unit`, opened at `indicator` when given."""
    url = reverse(name, args=[cycle.code, unit.provider.code, unit.code])
    if indicator:
        url += f"?open={indicator}#i-{indicator.replace('.', '-')}"
    return url


def save_indicator(
    request: HttpRequest,
    save: Callable[[], object],
    fragment: Callable[..., HttpResponse],
    page: Callable[[str], str],
) -> HttpResponse:
    """Run `save()` for the indicator the form posted, then answer: htmx gets the indicator's
    block back (`fragment(saved=…)` or `fragment(error=…)`), a plain form a message and the page
    (`page(indicator)`, at the indicator when saved, at the top where the message is when not)."""
    code = request.POST.get("indicator", "")
    try:
        save()
    except EvaluationError as exc:
        if request.htmx:
            return fragment(error=str(exc))
        messages.error(request, str(exc))
        return redirect(page(""))
    saved = _("Saved at %(time)s.") % {"time": timezone.localtime().strftime("%H:%M")}
    if request.htmx:
        return fragment(saved=saved)
    messages.success(request, f"{code}: {saved}")
    return redirect(page(code))
