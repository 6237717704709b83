"""Made-up answers for the demo: in order with a provider's propensity, shifted by dimension."""

import datetime as dt
import random
from decimal import Decimal

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
    if indicator.number_range is not None:
        return _ranged_value(indicator, chance, rng)
    reached = _steps(rng, chance, len(indicator.thresholds))
    return str(indicator.thresholds[reached - 1][0]) if reached else "0"


def _steps(rng: random.Random, chance: float, steps: int) -> int:
    return sum(rng.random() < chance for _ in range(steps))


def _ranged_value(indicator: Indicator, chance: float, rng: random.Random) -> str:
    """A number within the indicator's range around `chance` of the way to its top."""
    low, high = indicator.number_range
    share = Decimal(str(min(1.0, max(0.0, rng.gauss(chance, 0.06)))))
    step = Decimal(1).scaleb(-indicator.number_places)
    return str((low + (high - low) * share).quantize(step))


def working_time(rng: random.Random, first: dt.date, last: dt.date, tz) -> dt.datetime:
    """A weekday between `first` and `last`, starting in office hours (08:00 to 11:55)."""
    days = [
        first + dt.timedelta(days=n)
        for n in range((last - first).days + 1)
        if (first + dt.timedelta(days=n)).weekday() < 5
    ]
    day = rng.choice(days)
    start = dt.time(8 + rng.randrange(4), rng.randrange(0, 60, 5))
    return dt.datetime.combine(day, start, tzinfo=tz)
