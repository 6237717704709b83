"""The demo: the Disdukcapil officer's self-check in the running cycle, made during its
improvement window, with a gap plan to the next band."""

from django.urls import reverse

from patuh.assessments.models import Cycle
from patuh.demo import seed
from patuh.demo.selfcheck import PROVIDER
from patuh.registry.models import Provider
from patuh.selfcheck.models import SelfCheck
from patuh.selfcheck.services import project


def test_the_demo_has_a_self_check_with_a_gap_plan(demo, client):
    cycle = Cycle.objects.get(code=seed.LIVE_CYCLE["code"])
    provider = Provider.objects.get(code=PROVIDER)
    self_check = SelfCheck.objects.get(cycle=cycle)
    unit = self_check.unit

    projection = project(cycle, provider).units[unit.pk]

    assert unit.provider == provider
    assert projection.result.score is not None
    assert projection.plan.reachable and projection.steps
    client.force_login(provider.officers.get())
    page = client.get(reverse("selfcheck:unit", args=[cycle.code, provider.code, unit.code]))
    assert "data-plan" in page.content.decode()
