"""Rendering a ScoreReport as JSON-ready data, a text table or CSV rows (CLI and exports)."""

from collections.abc import Iterator
from decimal import Decimal

from patuh.instruments.definition import Instrument
from patuh.scoring.engine import ScoreReport, SubjectScore
from patuh.scoring.planner import Plan

# JSON list names per level, as documented in docs/formats.md.
LIST_NAMES = {
    "region": "regions",
    "provider": "providers",
    "unit": "units",
    "product": "products",
    "website": "websites",
}
OUTPUT_ORDER = ("region", "provider", "unit", "product", "website")
CSV_COLUMNS = ("level", "path", "name", "score", "band", "zone", "complete", "products", "missing")
# Added to CSV_COLUMNS for instruments that give an opinion (opini-2025).
OPINION_COLUMNS = ("compliance", "opinion", "opinion_en")
# Added to CSV_COLUMNS when plans are asked for (`patuh compute --plan-to`).
PLAN_COLUMNS = ("plan_target", "plan_reachable", "plan_projected_score", "plan_fixes")


def csv_columns(report: ScoreReport, plans: dict | None = None) -> tuple[str, ...]:
    """The header of report_rows' rows for this report."""
    opinion = OPINION_COLUMNS if report.instrument.opinion is not None else ()
    return CSV_COLUMNS + opinion + (PLAN_COLUMNS if plans is not None else ())


def _number(value: Decimal | None) -> float | None:
    # Scores are already rounded to the instrument's places; a float prints them exactly so.
    return None if value is None else float(value)


def _rounded(values: dict[str, Decimal], instrument: Instrument) -> dict[str, float]:
    return {code: float(instrument.quantize(value)) for code, value in values.items()}


def subject_entry(result: SubjectScore, instrument: Instrument) -> dict:
    entry = {
        "path": result.subject.path,
        "name": result.subject.name or None,
        "score": _number(result.score),
        "band": result.band,
        "zone": result.zone,
        "complete": result.complete,
        "products": result.products,
        "answered": result.answered,
        "not_applicable": result.not_applicable,
        "missing": result.missing,
        "incomplete_children": result.incomplete_children,
        "dimensions": _rounded(result.dimensions, instrument),
        "weighted_dimensions": _rounded(result.weighted, instrument),
    }
    if instrument.opinion is not None:
        entry |= _opinion_fields(result)
    return entry


def _opinion_fields(result: SubjectScore) -> dict:
    opinion = result.opinion
    return {
        "compliance": result.compliance,
        "opinion": opinion.id if opinion else None,
        "opinion_en": opinion.en if opinion else None,
    }


def plan_entry(plan: Plan, instrument: Instrument) -> dict:
    """A plan as JSON: each fix's gain to two more places than scores, as it is often small."""
    places = Decimal(1).scaleb(-(instrument.rounding_places + 2))
    return {
        "target": plan.target,
        "reachable": plan.reachable,
        "projected_score": _number(plan.projected_score),
        "projected_band": plan.projected_band,
        "reason": plan.reason or None,
        "fixes": [
            {
                "level": fix.subject.level,
                "path": fix.subject.path,
                "indicator": fix.indicator,
                "value": fix.value,
                "gain": float((Decimal(gain.numerator) / gain.denominator).quantize(places)),
            }
            for fix, gain in plan.fixes
        ],
    }


def report_as_dict(
    report: ScoreReport, extra: dict | None = None, plans: dict | None = None
) -> dict:
    """The report as JSON-ready data; with `plans` (by subject key), each planned subject's entry
    carries its plan."""
    instrument = report.instrument
    data: dict = {
        "instrument": {
            "id": instrument.id,
            "version": instrument.version,
            "title": instrument.title.id,
        },
        **(extra or {}),
    }
    for level in OUTPUT_ORDER:
        entries = data[LIST_NAMES[level]] = []
        for result in report.by_level.get(level, []):
            entry = subject_entry(result, instrument)
            plan = (plans or {}).get(result.subject.key)
            if plan is not None:
                entry["plan"] = plan_entry(plan, instrument)
            entries.append(entry)
    return data


def _fixes_text(plan: Plan) -> str:
    return "; ".join(f"{f.subject.path} {f.indicator}={f.value}" for f, _gain in plan.fixes)


def _plan_cells(plan: Plan | None) -> tuple:
    if plan is None:
        return ("", "", "", "")
    score = "" if plan.projected_score is None else str(plan.projected_score)
    return (plan.target, "yes" if plan.reachable else "no", score, _fixes_text(plan))


def report_rows(report: ScoreReport, plans: dict | None = None) -> Iterator[tuple]:
    """One row per subject, for CSV, under csv_columns(report, plans)."""
    with_opinion = report.instrument.opinion is not None
    for level in OUTPUT_ORDER:
        for result in report.by_level.get(level, []):
            plan = _plan_cells(plans.get(result.subject.key)) if plans is not None else ()
            opinion = tuple(_opinion_fields(result).values()) if with_opinion else ()
            yield (
                level,
                result.subject.path,
                result.subject.name,
                "" if result.score is None else str(result.score),
                result.band or "",
                result.zone or "",
                "yes" if result.complete else "no",
                result.products,
                " ".join(result.missing),
                *("" if cell is None else cell for cell in opinion),
                *plan,
            )


def report_table(report: ScoreReport, language: str = "id") -> str:
    """A readable table of regions and providers, best first; incomplete ones last."""
    bands = {band.code: band.label.get(language) for band in report.instrument.bands}
    lines = []
    for level in ("region", "provider"):
        results = sorted(
            report.by_level.get(level, []),
            key=lambda r: (r.score is None, -(r.score or 0), r.subject.path),
        )
        if not results:
            continue
        lines.append(f"{LIST_NAMES[level].upper()} ({len(results)})")
        width = max(len(r.subject.path) for r in results)
        for rank, result in enumerate(results, 1):
            if result.score is None:
                score = "incomplete"
                band = (
                    f"{len(result.missing)} missing, {result.incomplete_children} incomplete below"
                )
            else:
                score = f"{result.score:>6}"
                opinion = result.opinion
                band = opinion.get(language) if opinion else bands.get(result.band, "")
            path = f"{result.subject.path:<{width}}"
            lines.append(f"{rank:>4}. {path}  {score}  {band}  {result.subject.name}".rstrip())
        lines.append("")
    return "\n".join(lines)


def plans_table(report: ScoreReport, plans: dict, language: str = "id") -> str:
    """What each subject below the target needs, region first: the fixes or why none will do."""
    bands = {band.code: band.label.get(language) for band in report.instrument.bands}
    lines = []
    for level in ("region", "provider", "unit"):
        for result in report.by_level.get(level, []):
            plan = plans.get(result.subject.key)
            if plan is None or (plan.reachable and not plan.fixes):
                continue
            if not lines:
                lines.append(f"PLANS TO {bands[plan.target].upper()}")
            current = "incomplete" if result.score is None else str(result.score)
            if not plan.reachable:
                lines.append(f"  {result.subject.path}  {current}: unreachable, {plan.reason}")
                continue
            lines.append(
                f"  {result.subject.path}  {current} → {plan.projected_score}"
                f" ({bands[plan.projected_band]}) with {len(plan.fixes)} fix(es):"
            )
            lines.extend(f"      {f.subject.path} {f.indicator} = {f.value}" for f, _ in plan.fixes)
    return "\n".join(lines)
