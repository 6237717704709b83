"""The gap planner: the fewest answer changes that bring a subject into a target band.

Pure Python (no Django), beside the engine it follows rule by rule.

Steps of `plan_to`:
1. The candidate fixes are the answered indicators beneath the subject (its own and its
   descendants') that earned less than full points, each raised to the value that earns the most.
   N/A answers stay N/A and missing answers stay missing: a subject with a missing answer has no
   score, so no plan can reach a band.
2. If even every candidate together does not reach the target (re-scored by the engine), the
   target is unreachable, and the plan says what the best score would be.
3. Otherwise, for each number k of fixes, the largest score reachable with k fixes follows from
   the instrument's aggregation rules. Between two roundings a score is linear in the points
   earned, so there the best k fixes are the k largest gains; quantities rounded apart (a child's
   published score, a weighted dimension) are combined by a knapsack over the counts, so rounding
   at band edges is exact. Values are exact fractions, rounded as the instrument rounds.
4. The smallest k that reaches the target is the plan, verified by re-scoring with the engine;
   its projected score is the engine's. Dropping any fix misses the target, since no smaller set
   reaches it.
"""

from collections.abc import Hashable
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from fractions import Fraction

from patuh.instruments.definition import Band, Indicator, Instrument
from patuh.scoring.engine import ScoreReport, Subject, SubjectScore, Tally, score_tallies

# Enough digits that every terminating fraction the planner rounds is represented exactly.
EXACT_DIGITS = 60


class PlanError(ValueError):
    """A plan cannot be asked for (e.g. a band the instrument lacks)."""


@dataclass(frozen=True)
class Fix:
    """Raise one answer of one subject to the value that earns the most."""

    subject: Subject
    indicator: str
    # The new answer, spelled as an answers file spells it.
    value: str
    dimension: str
    # Point units the new answer earns beyond the old one.
    points: int


@dataclass
class Plan:
    target: str
    reachable: bool
    projected_score: Decimal | None = None
    projected_band: str | None = None
    # Each fix with the score it adds on its own (exact, before rounding), largest first.
    fixes: list[tuple[Fix, Fraction]] = field(default_factory=list)
    # Why the target cannot be reached; empty when it can.
    reason: str = ""


def target_band(instrument: Instrument, code: str) -> Band:
    """The band `code` of the instrument, or PlanError naming the bands it has."""
    for band in instrument.bands:
        if band.code.lower() == code.strip().lower():
            return band
    codes = ", ".join(band.code for band in instrument.bands)
    if not codes:
        raise PlanError(f"{instrument.id} has no bands to plan for")
    raise PlanError(f"{instrument.id} has no band {code!r}; its bands are {codes}")


def best_value(indicator: Indicator) -> str | None:
    """The answer that earns the most for `indicator`, spelled as an answers file spells it
    (a ranged number's top); None for a number that earns nothing whatever it is."""
    if indicator.answer_type == "yes_no":
        return "yes"
    if indicator.answer_type == "scale":
        return str(indicator.scale_max)
    if indicator.answer_type == "choice":
        return max(indicator.options, key=lambda option: option.points).code
    if indicator.thresholds:
        # The lowest number that earns the largest share.
        best, _share = max(indicator.thresholds, key=lambda pair: (pair[1], -pair[0]))
    elif indicator.number_range is not None:
        best = indicator.number_range[1]
    else:
        return None
    text = format(best, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def candidate_fixes(
    instrument: Instrument, subjects: list[Subject], tallies: dict[Hashable, Tally]
) -> dict[Hashable, list[Fix]]:
    """Each subject's own fixes: its shortfalls raised to their best value."""
    fixes: dict[Hashable, list[Fix]] = {}
    for subject in subjects:
        tally = tallies.get(subject.key)
        if tally is None:
            continue
        for code, raw in tally.shortfalls.items():
            indicator = instrument.indicators[code]
            value = best_value(indicator)
            if value is None:
                continue
            earned, _possible = instrument.points_for(indicator, raw)
            best, _possible = instrument.points_for(indicator, value)
            if best > earned:
                fix = Fix(subject, code, value, indicator.dimension, best - earned)
                fixes.setdefault(subject.key, []).append(fix)
    return fixes


def plan_to(
    report: ScoreReport,
    tallies: dict[Hashable, Tally],
    result: SubjectScore,
    band: Band,
    fixes: dict[Hashable, list[Fix]] | None = None,
) -> Plan:
    """The smallest set of fixes that brings `result`'s subject into `band` or above (see the
    module's steps). `fixes` may be passed when planning many subjects of one report."""
    instrument = report.instrument
    if fixes is None:
        subjects = [s.subject for level in report.by_level.values() for s in level]
        fixes = candidate_fixes(instrument, subjects, tallies)
    plan = Plan(band.code, False)
    if result.score is not None and result.score >= band.lower:
        plan.reachable, plan.projected_score, plan.projected_band = True, result.score, result.band
        return plan
    if not result.complete:
        plan.reason = _incomplete_reason(result)
        return plan
    if result.score is None:
        plan.reason = "the subject has no score: nothing applicable was answered"
        return plan
    subtree = _subtree(result)
    everything = tuple(fix for s in subtree for fix in fixes.get(s.subject.key, []))
    best = _rescore(instrument, subtree, tallies, everything, result.subject.key)
    if best.score is None or best.score < band.lower:
        plan.projected_score, plan.projected_band = best.score, best.band
        plan.reason = (
            f"even with every answered indicator at its best value the score is {best.score}"
            f" ({best.band}); N/A and missing answers are not changed"
        )
        return plan
    curves = _Curves(instrument, tallies, fixes)
    cap = 8
    while True:
        for value, chosen in curves.exact(result, cap):
            if instrument.quantize(_decimal(value)) < band.lower:
                continue
            scored = _rescore(instrument, subtree, tallies, chosen, result.subject.key)
            if scored.score is not None and scored.score >= band.lower:
                return _found(plan, instrument, tallies, result, scored, chosen)
        if cap >= len(everything):
            # The curves and the engine disagree only where a rounding sits on a knife edge
            # that the engine's 28-digit decimals miss; every fix together reaches the target.
            return _found(plan, instrument, tallies, result, best, everything)
        cap = min(cap * 2, len(everything))


PLANNED_LEVELS = ("unit", "provider", "region")


def plan_report(
    report: ScoreReport, tallies: dict[Hashable, Tally], band: Band
) -> dict[Hashable, Plan]:
    """A plan to `band` for every unit, provider and region of the report, by subject key."""
    subjects = [s.subject for level in report.by_level.values() for s in level]
    fixes = candidate_fixes(report.instrument, subjects, tallies)
    return {
        result.subject.key: plan_to(report, tallies, result, band, fixes)
        for level in PLANNED_LEVELS
        for result in report.by_level.get(level, [])
    }


def _found(plan: Plan, instrument, tallies, result, scored: SubjectScore, chosen) -> Plan:
    plan.reachable = True
    plan.projected_score, plan.projected_band = scored.score, scored.band
    gains = [(fix, _alone(instrument, tallies, result, fix)) for fix in chosen]
    plan.fixes = sorted(gains, key=lambda pair: (-pair[1], pair[0].subject.path, pair[0].indicator))
    return plan


def _alone(instrument, tallies, result: SubjectScore, fix: Fix) -> Fraction:
    """What `fix` adds to the subject's unrounded score on its own, rounding inside the
    aggregation aside (which can hide a small gain or magnify it at an edge)."""
    curves = _Curves(instrument, tallies, {fix.subject.key: [fix]}, rounded=False)
    curve = curves.exact(result, 1)
    return curve[-1][0] - curve[0][0]


def _incomplete_reason(result: SubjectScore) -> str:
    parts = []
    if result.missing:
        parts.append("missing answers: " + ", ".join(result.missing))
    if result.incomplete_children:
        parts.append(f"{result.incomplete_children} incomplete part(s) beneath it")
    return "the score is incomplete (" + "; ".join(parts) + ")"


def _subtree(result: SubjectScore) -> list[SubjectScore]:
    found, pending = [], [result]
    while pending:
        current = pending.pop()
        found.append(current)
        pending.extend(current.children)
    return found


def _rescore(
    instrument: Instrument,
    subtree: list[SubjectScore],
    tallies: dict[Hashable, Tally],
    chosen: tuple[Fix, ...] | list[Fix],
    key: Hashable,
) -> SubjectScore:
    """The subject's score by the engine, with `chosen` applied to copies of the tallies."""
    changed = {s.subject.key: tallies[s.subject.key] for s in subtree if s.subject.key in tallies}
    copied = set()
    for fix in chosen:
        if fix.subject.key not in copied:
            original = changed[fix.subject.key]
            changed[fix.subject.key] = Tally(
                points={code: list(sums) for code, sums in original.points.items()},
                answered=original.answered,
                not_applicable=original.not_applicable,
                codes=original.codes,
                shortfalls=dict(original.shortfalls),
            )
            copied.add(fix.subject.key)
        tally = changed[fix.subject.key]
        tally.points[fix.dimension][0] += fix.points
        tally.shortfalls.pop(fix.indicator, None)
    report = score_tallies(instrument, [s.subject for s in subtree], changed)
    return next(r for level in report.by_level.values() for r in level if r.subject.key == key)


def _decimal(value: Fraction) -> Decimal:
    with localcontext() as context:
        context.prec = EXACT_DIGITS
        return Decimal(value.numerator) / Decimal(value.denominator)


# A curve: for k = 0, 1, … the largest value reachable with k fixes, and a set of k fixes that
# reaches it. Values never fall as k grows.
Curve = list[tuple[Fraction, tuple[Fix, ...]]]


def _linear(base: Fraction, gains: list[tuple[Fix, Fraction]], cap: int) -> Curve:
    """Inside one linear quantity the best k fixes are the k largest gains."""
    ranked = sorted((g for g in gains if g[1] > 0), key=lambda pair: -pair[1])[:cap]
    curve: Curve = [(base, ())]
    for fix, gain in ranked:
        value, chosen = curve[-1]
        curve.append((value + gain, (*chosen, fix)))
    return curve


def _combine(curves: list[Curve], cap: int) -> Curve:
    """The best sum of one value from each curve, per total count (a knapsack over counts)."""
    total: Curve = [(Fraction(0), ())]
    for curve in curves:
        merged: Curve = []
        for count in range(min(cap, len(total) - 1 + len(curve) - 1) + 1):
            options = (
                (total[count - k][0] + curve[k][0], total[count - k][1] + curve[k][1])
                for k in range(max(0, count - len(total) + 1), min(count, len(curve) - 1) + 1)
            )
            merged.append(max(options, key=lambda option: option[0]))
        total = merged
    return total


def _scaled(curve: Curve, factor: Fraction) -> Curve:
    return [(factor * value, chosen) for value, chosen in curve]


class _Curves:
    """Each subject's curves, following the engine's aggregation rules (patuh.scoring.engine)."""

    def __init__(
        self,
        instrument: Instrument,
        tallies: dict[Hashable, Tally],
        fixes: dict[Hashable, list[Fix]],
        *,
        rounded: bool = True,
    ):
        self.instrument = instrument
        # Without rounding the curves are linear: what each fix adds on its own.
        self.rounded = rounded
        self.tallies = tallies
        self.fixes = fixes
        self.scale = Fraction(instrument.scale_max)
        self.memo: dict[tuple[int, int], Curve] = {}

    def exact(self, result: SubjectScore, cap: int) -> Curve:
        """The subject's unrounded score (the engine's `exact`), per number of fixes."""
        key = (id(result), cap)
        if key not in self.memo:
            rule = self.instrument.aggregation[result.subject.level]
            self.memo[key] = getattr(self, f"_{rule.rule}")(result, rule, cap)
        return self.memo[key]

    def published(self, result: SubjectScore, cap: int) -> Curve:
        """The score that parents aggregate: rounded or exact, as the instrument says."""
        curve = self.exact(result, cap)
        if not (self.rounded and self.instrument.aggregate_rounded):
            return curve
        return [(self._round(value), chosen) for value, chosen in curve]

    def _round(self, value: Fraction) -> Fraction:
        return Fraction(self.instrument.quantize(_decimal(value)))

    def _own(self, result: SubjectScore) -> tuple[Fraction, list[tuple[Fix, Fraction]]] | None:
        """The own-indicator score and each own fix's gain in it, or None without one."""
        tally = self.tallies.get(result.subject.key)
        if tally is None:
            return None
        possible = sum(p for _, p in tally.points.values())
        if not possible:
            return None
        earned = sum(e for e, _ in tally.points.values())
        unit = self.scale / possible
        gains = [(fix, unit * fix.points) for fix in self.fixes.get(result.subject.key, [])]
        return unit * earned, gains

    def _points(self, result: SubjectScore, rule, cap: int) -> Curve:
        base, gains = self._own(result)
        return _linear(base, gains, cap)

    def _child_weight(self, rule, child: SubjectScore) -> Fraction | None:
        weight = rule.children.get(child.subject.level)
        if weight is None:
            return None
        return Fraction(child.products) if weight == "products" else Fraction(weight)

    def _mean(self, result: SubjectScore, rule, cap: int) -> Curve:
        parts, weights = [], Fraction(0)
        for child in result.children:
            weight = self._child_weight(rule, child)
            if weight is None or child.score is None:
                continue
            parts.append(_scaled(self.published(child, cap), weight))
            weights += weight
        own = self._own(result)
        if own is not None:
            own_weight = weights if rule.own_weight == "children" else Fraction(rule.own_weight)
            if own_weight:
                parts.append(_scaled(_linear(*own, cap), own_weight))
                weights += own_weight
        return _scaled(_combine(parts, cap), 1 / weights)

    def _descendant_mean(self, result: SubjectScore, rule, cap: int) -> Curve:
        parts = [
            self.published(s, cap)
            for s in _subtree(result)[1:]
            if s.subject.level == rule.of and s.score is not None
        ]
        return _scaled(_combine(parts, cap), Fraction(1, len(parts)))

    def _dimensions(self, result: SubjectScore, rule, cap: int) -> Curve:
        shares = self.shares(result)
        weights = {
            code: Fraction(dimension.weight)
            for code, dimension in self.instrument.dimensions.items()
            if code in shares and dimension.weight
        }
        total = sum(weights.values())
        parts = []
        for code, weight in weights.items():
            base, gains = shares[code]
            factor = self.scale * weight / total
            curve = _linear(factor * base, [(fix, factor * g) for fix, g in gains], cap)
            if self.rounded and self.instrument.aggregate_rounded:
                curve = [(self._round(value), chosen) for value, chosen in curve]
            parts.append(curve)
        return _combine(parts, cap)

    def shares(self, result: SubjectScore) -> dict[str, tuple[Fraction, list]]:
        """The subject's share earned per dimension (the engine's `dimensions` / scale) and each
        fix's gain in it: from its own tally, and under the dimensions rule from its children."""
        rule = self.instrument.aggregation.get(result.subject.level)
        members: dict[str, list[tuple[Fraction, Fraction, list]]] = {}
        tally = self.tallies.get(result.subject.key)
        if tally is not None:
            own = self.fixes.get(result.subject.key, [])
            for code, (earned, possible) in tally.points.items():
                if possible:
                    gains = [(f, Fraction(f.points, possible)) for f in own if f.dimension == code]
                    members.setdefault(code, []).append(
                        (Fraction(1), Fraction(earned, possible), gains)
                    )
        if rule is not None and rule.rule == "dimensions":
            for child in result.children:
                weight = self._child_weight(rule, child)
                if weight is None:
                    continue
                for code, (share, gains) in self.shares(child).items():
                    members.setdefault(code, []).append((weight, share, gains))
        combined = {}
        for code, parts in members.items():
            weights = sum(w for w, _, _ in parts)
            if weights:
                base = sum(w * share for w, share, _ in parts) / weights
                gains = [(fix, w * g / weights) for w, _, gs in parts for fix, g in gs]
                combined[code] = (base, gains)
        return combined
