"""How checks, statuses and error kinds read on pages (the ids are in docs/webcheck.md)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from patuh.webcheck.errors import ErrorKind

CHECK_LABELS = {
    "dns": _("Name resolves (DNS)"),
    "reachable": _("Home page loads"),
    "https": _("Reachable over HTTPS"),
    "tls_certificate": _("Valid certificate"),
    "http_redirects_to_https": _("HTTP redirects to HTTPS"),
    "hsts": _("HSTS header"),
    "official_domain": _("Official domain"),
    "response_time": _("Response time"),
    "page_title": _("Page title"),
    "page_lang": _("Page language"),
    "viewport": _("Made for phones (viewport)"),
    "standard_requirements": _("Requirements"),
    "standard_procedure": _("Procedure or flow"),
    "standard_time": _("Completion time"),
    "standard_cost": _("Cost or tariff"),
    "standard_product": _("Service products"),
    "complaints_info": _("Complaint handling"),
    "maklumat": _("Service declaration (maklumat)"),
    "skm_results": _("Satisfaction survey (SKM) results"),
    "complaint_lapor": _("SP4N-LAPOR! link"),
    "complaint_email": _("Complaint e-mail"),
    "complaint_whatsapp": _("Complaint WhatsApp"),
    "complaint_phone": _("Complaint telephone"),
    "contact_address": _("Office address"),
    "screenshot": _("Screenshot"),
}

ERROR_LABELS = {
    ErrorKind.DNS: _("name does not resolve"),
    ErrorKind.CONNECT: _("cannot connect"),
    ErrorKind.TIMEOUT: _("timed out"),
    ErrorKind.TLS: _("TLS failed"),
    ErrorKind.PROTOCOL: _("malformed answer"),
    ErrorKind.HTTP: _("error page"),
    ErrorKind.BLOCKED: _("checker blocked"),
    ErrorKind.TOO_MANY_REDIRECTS: _("too many redirects"),
    ErrorKind.BAD_REDIRECT: _("redirect to a non-web address"),
    ErrorKind.TOO_LARGE: _("page too large"),
    ErrorKind.NOT_HTML: _("not an HTML page"),
    ErrorKind.PRIVATE_ADDRESS: _("private address refused"),
    ErrorKind.CHECKER: _("checker fault"),
}


def check_label(check_id: str) -> str:
    return str(CHECK_LABELS.get(check_id, check_id))


def error_label(kind: str) -> str:
    return str(ERROR_LABELS.get(kind, kind))


def describe(detail: str, params: dict) -> str:
    """A check's detail in the current language; the English one if a translation is off."""
    for template in (gettext(detail), detail):
        try:
            return template % params
        except (KeyError, TypeError, ValueError):
            continue
    return detail
