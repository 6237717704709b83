"""Deployment checks of the website-check settings, so a missing contact shows before a run."""

from django.core.checks import Warning
from django.core.checks import register as register_check

from patuh.webcheck.services import contact_problem


def contact_url(app_configs=None, **kwargs) -> list[Warning]:
    problem = contact_problem()
    if problem is None:
        return []
    return [
        Warning(
            problem,
            hint="Website checks refuse to run until this is fixed; see docs/configuration.md.",
            id="patuh.W020",
        )
    ]


def register() -> None:
    register_check(contact_url, deploy=True)
