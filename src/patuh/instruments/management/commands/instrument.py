"""`patuh instrument list|show ID|validate FILE|sync`."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from patuh.instruments.cli import load_instrument
from patuh.instruments.definition import Instrument, InstrumentError
from patuh.instruments.loading import builtin_instrument_files, load_instrument_file
from patuh.instruments.models import InstrumentVersion
from patuh.instruments.services import sync_builtin_instruments
from patuh.lib.output import write_json


class Command(BaseCommand):
    help = "List, show, validate and store assessment instruments."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="Built-in instrument files and the versions stored.")
        show = sub.add_parser("show", help="Show an instrument's levels, indicators and bands.")
        show.add_argument("id", help="Instrument id, e.g. ombudsman-2021, or a YAML file path.")
        show.add_argument("--version", type=int, help="A stored version (default: the file).")
        show.add_argument("--format", choices=["text", "json"], default="text")
        validate = sub.add_parser("validate", help="Check an instrument file; lists every problem.")
        validate.add_argument("file")
        sub.add_parser("sync", help="Store the built-in instrument files as versions.")

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"handle_{action}")(**options)

    def handle_list(self, **options) -> None:
        stored: dict[str, list[InstrumentVersion]] = {}
        for version in InstrumentVersion.objects.select_related("instrument").order_by("number"):
            stored.setdefault(version.instrument.code, []).append(version)
        for code, path in sorted(builtin_instrument_files().items()):
            instrument = load_instrument_file(path)
            versions = ", ".join(f"v{v.number}" for v in stored.pop(code, [])) or "not stored"
            self.stdout.write(
                f"{code}  v{instrument.version}  {instrument.title.id}"
                f"  [{instrument.valid_from} – {instrument.valid_until or '…'}]  stored: {versions}"
            )
        for code, versions in sorted(stored.items()):
            numbers = ", ".join(f"v{v.number}" for v in versions)
            self.stdout.write(f"{code}  (stored only)  stored: {numbers}")

    def handle_show(self, id: str, version: int | None, format: str, **options) -> None:
        instrument = _resolve(id, version)
        if format == "json":
            write_json(self.stdout, describe(instrument))
            return
        self.stdout.write(f"{instrument.id} v{instrument.version}: {instrument.title.id}")
        self.stdout.write(f"  {instrument.title.en}")
        self.stdout.write(f"Valid: {instrument.valid_from} – {instrument.valid_until or '…'}")
        self.stdout.write("Legal basis: " + "; ".join(instrument.legal_basis))
        for assumption in instrument.assumptions:
            self.stdout.write(f"Assumption: {assumption.en}")
        for level in instrument.levels:
            rule = instrument.aggregation[level]
            self.stdout.write(f"\nLevel {level} (rule: {rule.summary()})")
            for ind in instrument.indicators_at(level):
                flags = "".join(
                    flag
                    for flag, on in (
                        ("N", ind.na_allowed),
                        ("E", ind.evidence_required),
                        ("!", ind.critical),
                        ("S", ind.evidence_from == "skm"),
                    )
                    if on
                )
                self.stdout.write(
                    f"  {ind.code:<8} w={ind.weight:<4} {ind.answer_type:<7} {flags:<3}"
                    f" {ind.text.en}"
                )
                for value, text in sorted(ind.rubric.items()):
                    self.stdout.write(f"  {'':<8}   {value}: {text.en}")
        for level, rule in instrument.aggregation.items():
            if level not in instrument.levels:
                self.stdout.write(f"\nLevel {level} (rule: {rule.summary()})")
        self.stdout.write("\nBands:")
        for band in instrument.bands:
            zone = band.zone or "-"
            self.stdout.write(
                f"  {band.code:<10} [{band.lower}, {band.upper})  {zone:<6} {band.label.en}"
            )
        self.stdout.write(
            "Flags: N = N/A allowed, E = evidence required, ! = critical,"
            " S = evidence from satisfaction surveys"
        )

    def handle_validate(self, file: str, **options) -> None:
        try:
            instrument = load_instrument_file(file)
        except InstrumentError as exc:
            raise CommandError(
                f"{len(exc.problems)} problem(s):\n" + "\n".join(exc.problems)
            ) from exc
        self.stdout.write(
            f"{file}: valid — {instrument.id} v{instrument.version},"
            f" {len(instrument.indicators)} indicators, {len(instrument.bands)} bands"
        )

    def handle_sync(self, **options) -> None:
        for code, version in sync_builtin_instruments().items():
            self.stdout.write(f"{code}: stored as v{version.number}")


def _resolve(id_or_path: str, version: int | None) -> Instrument:
    if version is not None:
        try:
            return InstrumentVersion.objects.get(instrument__code=id_or_path, number=version).parsed
        except InstrumentVersion.DoesNotExist:
            raise CommandError(
                f"No stored version {version} of instrument {id_or_path!r}."
            ) from None
    return load_instrument(id_or_path)


def describe(instrument: Instrument) -> dict:
    return {
        "id": instrument.id,
        "version": instrument.version,
        "title": vars(instrument.title),
        "legal_basis": list(instrument.legal_basis),
        "valid_from": instrument.valid_from,
        "valid_until": instrument.valid_until,
        "assumptions": [vars(a) for a in instrument.assumptions],
        "levels": list(instrument.levels),
        "dimensions": [
            {"code": d.code, "title": vars(d.title), "weight": float(d.weight)}
            for d in instrument.dimensions.values()
        ],
        "indicators": [
            {
                "code": i.code,
                "level": i.level,
                "dimension": i.dimension,
                "text": vars(i.text),
                "answer_type": i.answer_type,
                "weight": float(i.weight),
                "na_allowed": i.na_allowed,
                "evidence_required": i.evidence_required,
                "critical": i.critical,
                "component": i.component,
                "evidence_from": i.evidence_from or None,
                "scale": [i.scale_min, i.scale_max] if i.answer_type == "scale" else None,
                "rubric": {value: vars(text) for value, text in sorted(i.rubric.items())},
            }
            for i in instrument.indicators.values()
        ],
        "aggregation": {
            level: {
                "rule": rule.rule,
                "summary": rule.summary(),
                "own_weight": str(rule.own_weight),
                "children": {k: str(v) for k, v in rule.children.items()},
            }
            for level, rule in instrument.aggregation.items()
        },
        "bands": [
            {
                "code": b.code,
                "zone": b.zone,
                "from": float(b.lower),
                "to": float(b.upper),
                "label": vars(b.label),
            }
            for b in instrument.bands
        ],
    }
