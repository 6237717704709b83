"""Made-up answers for the demo: in order with a provider's propensity, shifted by dimension."""

import random

from patuh.demo import seed
from patuh.instruments.definition import Indicator


def answer_value(indicator: Indicator, propensity: float, rng: random.Random) -> str:
    """A raw answer that is "in order" with chance `propensity`, shifted by dimension.

    Graded answers (choice, scale, number thresholds) take as many steps up from the worst as
    successes in one draw per step, so their expected share of the points is the propensity too.
    """
    if indicator.na_allowed and rng.random() < seed.NOT_APPLICABLE_RATE:
        return "na"
    chance = min(0.99, max(0.01, propensity + seed.DIMENSION_BIAS.get(indicator.dimension, 0)))
    if indicator.answer_type == "yes_no":
        return "yes" if rng.random() < chance else "no"
    if indicator.answer_type == "choice":
        ranked = sorted(indicator.options, key=lambda option: option.points)
        return ranked[_steps(rng, chance, len(ranked) - 1)].code
    if indicator.answer_type == "scale":
        span = indicator.scale_max - indicator.scale_min
        return str(indicator.scale_min + _steps(rng, chance, span))
    reached = _steps(rng, chance, len(indicator.thresholds))
    return str(indicator.thresholds[reached - 1][0]) if reached else "0"


def _steps(rng: random.Random, chance: float, steps: int) -> int:
    return sum(rng.random() < chance for _ in range(steps))
