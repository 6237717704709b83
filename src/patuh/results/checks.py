"""System checks of the report settings, so a bad logo path shows at start-up, not in a report."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error
from django.core.checks import register as register_check


def report_logo(app_configs=None, **kwargs) -> list[Error]:
    logo = settings.PATUH_REPORT_LOGO
    if logo and not Path(logo).is_file():
        return [
            Error(
                f"PATUH_REPORT_LOGO={logo} is not a readable file.",
                hint="Point it at a PNG, JPEG or SVG file, or leave it empty for no logo.",
                id="patuh.E010",
            )
        ]
    return []


def register() -> None:
    register_check(report_logo)
