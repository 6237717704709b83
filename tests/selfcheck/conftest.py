"""A cycle whose improvement window (perbaikan) runs today, and ways to fill a unit's self-check."""

import datetime as dt
import json

import pytest
from django.utils import timezone, translation

from patuh.assessments.models import Phase
from patuh.fieldwork.services.collecting import AnswerInput
from patuh.selfcheck.services import checklist, save_answers
from tests import factories


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def in_english():
    """For the services' tests, which assert messages in English; pages test the Indonesian."""
    with translation.override("en"):
        yield


def preparing_cycle(providers, code: str = "kepatuhan-2021"):
    """A cycle of `providers` in its improvement window (from ten days ago to a week ahead),
    its data collection after that."""
    cycle = factories.cycle(providers, code=code)
    Phase.objects.filter(cycle=cycle).update(
        starts_on=today() + dt.timedelta(days=8), ends_on=today() + dt.timedelta(days=40)
    )
    Phase.objects.create(
        cycle=cycle,
        kind=Phase.Kind.PERBAIKAN,
        starts_on=today() - dt.timedelta(days=10),
        ends_on=today() + dt.timedelta(days=7),
    )
    return cycle


@pytest.fixture
def open_cycle(provider_a, provider_b, office):
    return preparing_cycle([provider_a, provider_b])


def items(cycle, unit, value_for=None) -> list[AnswerInput]:
    """AnswerInputs for every item of the unit's self-check; `value_for(indicator)` gives the
    value (the best one by default)."""
    value_for = value_for or factories.best_value
    return [
        AnswerInput(
            item.product.code if item.product else "",
            item.indicator.code,
            value_for(item.indicator),
        )
        for section in checklist(cycle, unit, None, "id")
        for item in section.items
    ]


def fill(cycle, unit, user, value_for=None):
    saved = save_answers(cycle, unit, user, items(cycle, unit, value_for))
    assert saved.refused == []
    return saved.self_check


# Enough items answered worst that a unit of two products falls below the top band.
WEAK = frozenset({"P01", "P02", "P03", "U01", "U02", "U03", "U04", "U05", "U06", "U07"})


def worst_for(codes):
    """A value_for that gives the worst answer to `codes` and the best to everything else."""

    def value_for(indicator):
        if indicator.code not in codes:
            return factories.best_value(indicator)
        if indicator.answer_type == "choice":
            return min(indicator.options, key=lambda option: option.points).code
        if indicator.answer_type == "yes_no":
            return "no"
        return "0"

    return value_for


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")
