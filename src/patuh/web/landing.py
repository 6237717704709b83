"""Where each role starts after signing in, and what an agency officer's own page lists.

Each role lands on its work: the enumerator on their visits, the reviewer on
the review queue, the evaluator on the evaluation queue, the agency officer on their agency's
page, the coordinator (and anyone else) on the cycles.
"""

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone

from patuh.access import pekppp as pekppp_access
from patuh.access.cycles import cycles_for_user, with_workflow
from patuh.access.results import own_released_providers
from patuh.access.selfcheck import self_check_cycles
from patuh.accounts.models import Role
from patuh.assessments.models import Cycle
from patuh.clarification import services as clarification
from patuh.pekppp.queries import UnitProgress, unit_progress
from patuh.pekppp.self_assessment import self_assessment_open
from patuh.registry.models import Provider, ServiceUnit


def _latest(cycles: QuerySet[Cycle]) -> Cycle | None:
    return cycles.order_by("-year", "-pk").first()


def landing_url(user) -> str:
    """The page `user` starts on after signing in."""
    if user.is_superuser:
        return reverse("home")
    if user.role == Role.ENUMERATOR:
        return reverse("fieldwork:my_visits")
    if user.role == Role.AGENCY_OFFICER:
        return reverse("agency")
    if user.role == Role.REVIEWER:
        cycle = _latest(with_workflow(cycles_for_user(user), "fieldwork"))
        if cycle is not None:
            return reverse("fieldwork:queue", args=[cycle.code])
    if user.role == Role.EVALUATOR:
        cycle = _latest(pekppp_access.evaluation_cycles(user))
        return (
            reverse("pekppp:evaluation_units", args=[cycle.code])
            if cycle is not None
            else reverse("pekppp:index")
        )
    return reverse("home")


@dataclass
class SelfAssessmentCycle:
    """A PEKPPP cycle in which the officer's units assess themselves (or did)."""

    cycle: Cycle
    open: bool
    units: list[UnitProgress]


@dataclass
class AgencyPage:
    """What an agency officer works on, over every provider they speak for."""

    providers: list[Provider]
    # (cycle, provider) of every released report card, newest cycle first.
    report_cards: list[tuple[Cycle, Provider]] = field(default_factory=list)
    self_assessments: list[SelfAssessmentCycle] = field(default_factory=list)
    survey_units: list[ServiceUnit] = field(default_factory=list)
    # Compliance cycles whose klarifikasi has begun: preliminary findings to read or object to.
    clarification_cycles: list[Cycle] = field(default_factory=list)
    # Compliance cycles in which the officer may self-check their units.
    self_check: bool = False


def agency_page(user, language: str) -> AgencyPage:
    """The officer's providers with their released report cards, their units' self-assessments
    (cycles open for it, or where one was started), their units' satisfaction surveys, and the
    improvement loop: follow-up, self-checks and the klarifikasi of compliance cycles."""
    today = timezone.localdate()
    page = AgencyPage(providers=list(user.providers.order_by("name")))
    cycles = list(
        cycles_for_user(user).select_related("instrument_version").order_by("-year", "name")
    )
    released = own_released_providers(user, cycles)
    page.report_cards = [
        (cycle, provider) for cycle in cycles for provider in released.get(cycle.pk, [])
    ]
    units = ServiceUnit.objects.filter(provider__officers=user)
    for cycle in pekppp_access.evaluation_cycles(user).order_by("-year", "name"):
        progress = unit_progress(cycle, None, language, units)
        is_open = self_assessment_open(cycle, today)
        if is_open or any(row.self_assessment for row in progress):
            page.self_assessments.append(SelfAssessmentCycle(cycle, is_open, progress))
    page.clarification_cycles = [
        cycle
        for cycle in with_workflow(cycles_for_user(user), "fieldwork").prefetch_related("phases")
        if clarification.has_started(cycle, today)
    ]
    page.self_check = self_check_cycles(user).exists()
    page.survey_units = list(
        units.select_related("provider")
        .annotate(survey_count=Count("surveys", distinct=True))
        .order_by("provider__name", "name", "pk")
    )
    return page
