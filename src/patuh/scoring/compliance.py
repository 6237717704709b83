"""The compliance level an opinion instrument (opini-2025) joins with each score: per regional
government or provider, from the follow-up tracker unless the office overrides it with a reason.

Keys are the engine's subject keys: ("region", region id) and ("provider", provider id).
"""

import datetime as dt
from collections.abc import Hashable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patuh.assessments.models import Cycle
from patuh.followup.levels import cycle_levels
from patuh.instruments.definition import AnswerError, Opinion
from patuh.registry.models import Provider, Region
from patuh.scoring.models import ComplianceOverride


class ComplianceError(ValueError):
    """A compliance level that cannot be set; the message says why."""


def cycle_compliance(cycle: Cycle, cutoff: dt.date | None = None) -> dict[Hashable, str]:
    """Each regional government's and provider's compliance level in the cycle: the office's
    overrides on top of the follow-up tracker's levels (items verified done by `cutoff`,
    today by default). Nothing for an instrument that gives no opinion."""
    if cycle.instrument_version.parsed.opinion is None:
        return {}
    levels = cycle_levels(cycle, cutoff or timezone.localdate())
    for region_id, provider_id, level in cycle.compliance_overrides.values_list(
        "region_id", "provider_id", "level"
    ):
        key = ("region", region_id) if region_id is not None else ("provider", provider_id)
        levels[key] = level
    return levels


def _opinion_of(cycle: Cycle) -> Opinion:
    opinion = cycle.instrument_version.parsed.opinion
    if opinion is None:
        raise ComplianceError(
            _("%(cycle)s's instrument gives no opinion, so it takes no compliance level.")
            % {"cycle": cycle.code}
        )
    return opinion


@transaction.atomic
def override_compliance(
    cycle: Cycle, subject: Region | Provider, level: str, reason: str, user
) -> ComplianceOverride:
    """Set the office's compliance level for a regional government or provider of the cycle;
    the change is audited with its reason. ComplianceError when it cannot be set."""
    opinion = _opinion_of(cycle)
    try:
        code = opinion.compliance_code(level)
    except AnswerError:
        raise ComplianceError(
            _("The compliance level must be one of %(levels)s, not “%(level)s”.")
            % {"levels": ", ".join(opinion.compliance), "level": level}
        ) from None
    if not reason.strip():
        raise ComplianceError(_("Give the reason for overriding the compliance level."))
    field = _subject_field(cycle, subject)
    override, _created = ComplianceOverride.objects.update_or_create(
        cycle=cycle,
        **{field: subject},
        defaults={"level": code, "reason": reason.strip(), "set_by": user},
    )
    return override


@transaction.atomic
def clear_override(cycle: Cycle, subject: Region | Provider) -> bool:
    """Go back to the follow-up tracker's level; whether there was an override (audited)."""
    field = _subject_field(cycle, subject)
    deleted = 0
    for override in ComplianceOverride.objects.filter(cycle=cycle, **{field: subject}):
        override.delete()
        deleted += 1
    return bool(deleted)


def _subject_field(cycle: Cycle, subject: Region | Provider) -> str:
    """ "region" or "provider"; ComplianceError for a subject outside the cycle's scope."""
    if isinstance(subject, Region):
        in_scope = cycle.providers.filter(government__region=subject).exists()
        field = "region"
    else:
        in_scope = cycle.providers.filter(pk=subject.pk).exists()
        field = "provider"
    if not in_scope:
        raise ComplianceError(
            _("%(subject)s is not assessed in %(cycle)s.")
            % {"subject": subject, "cycle": cycle.code}
        )
    return field
