"""The demo's self-check: the Disdukcapil officer checked their unit during the running cycle's
improvement window (perbaikan), so the self-check page shows a projection and a gap plan."""

import datetime as dt
import random

from django.utils import timezone

from patuh.assessments.models import Cycle
from patuh.audit.services import acting_as
from patuh.demo.answers import answer_value
from patuh.fieldwork.services.collecting import AnswerInput
from patuh.registry.models import Provider
from patuh.selfcheck.services import OPEN_PHASES, save_answers

PROVIDER = "disdukcapil-belitung"
# Less in order than at the official visit later: the point of a self-check is what it finds.
PROPENSITY = 0.7
SEED = "patuh-demo-selfcheck"


def load_selfcheck(cycle: Cycle) -> None:
    """Answer every observable item of the provider's unit, as its officer, three days before
    the cycle's last preparation phase ended (or today, while one runs)."""
    provider = Provider.objects.get(code=PROVIDER)
    officer = provider.officers.order_by("pk").first()
    unit = provider.units.order_by("pk").first()
    last = max(p.ends_on for p in cycle.phases.all() if p.kind in OPEN_PHASES)
    day = min(timezone.localdate(), last - dt.timedelta(days=3))
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
    instrument = cycle.instrument_version.parsed
    rng = random.Random(SEED)
    inputs = [
        AnswerInput(
            product.code if product else "",
            indicator.code,
            answer_value(indicator, PROPENSITY, rng),
        )
        for product, level in [
            (None, "unit"),
            *((p, "product") for p in unit.products.order_by("pk")),
        ]
        for indicator in instrument.indicators_at(level)
    ]
    with acting_as(officer, "cli"):
        save_answers(cycle, unit, officer, inputs, now=moment)
