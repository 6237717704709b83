"""Rendering a ScoreReport as JSON-ready data, a text table or CSV rows (CLI and exports)."""

from collections.abc import Iterator
from decimal import Decimal

from patuh.instruments.definition import Instrument
from patuh.scoring.engine import ScoreReport, SubjectScore

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


def _number(value: Decimal | None) -> float | None:
    # Scores are already rounded to the instrument's places; a float prints them exactly so.
    return None if value is None else float(value)


def _rounded(values: dict[str, Decimal], instrument: Instrument) -> dict[str, float]:
    return {code: float(instrument.quantize(value)) for code, value in values.items()}


def subject_entry(result: SubjectScore, instrument: Instrument) -> dict:
    return {
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


def report_as_dict(report: ScoreReport, extra: dict | None = None) -> dict:
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
        data[LIST_NAMES[level]] = [
            subject_entry(r, instrument) for r in report.by_level.get(level, [])
        ]
    return data


def report_rows(report: ScoreReport) -> Iterator[tuple]:
    """One row per subject, for CSV: columns CSV_COLUMNS."""
    for level in OUTPUT_ORDER:
        for result in report.by_level.get(level, []):
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
                band = bands.get(result.band, "")
            path = f"{result.subject.path:<{width}}"
            lines.append(f"{rank:>4}. {path}  {score}  {band}  {result.subject.name}".rstrip())
        lines.append("")
    return "\n".join(lines)
