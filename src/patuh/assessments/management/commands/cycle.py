"""`patuh cycle list|show CYCLE [--format json]`."""

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Count
from django.utils import timezone

from patuh.assessments.cli import get_cycle
from patuh.assessments.models import Cycle
from patuh.lib.output import write_json


class Command(BaseCommand):
    help = "List assessment cycles or show one with its phases and scope."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="Every cycle with its instrument and current phase.")
        listing.add_argument("--format", choices=["text", "json"], default="text")
        show = sub.add_parser("show", help="One cycle: phases, scope and answer count.")
        show.add_argument("cycle", help="The cycle's code.")
        show.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, action: str, format: str, **options) -> None:
        today = timezone.localdate()
        if action == "list":
            cycles = [
                describe_cycle(c, today)
                for c in Cycle.objects.select_related("instrument_version__instrument", "office")
                .prefetch_related("phases")
                .annotate(provider_count=Count("providers"))
            ]
            if format == "json":
                write_json(self.stdout, cycles)
                return
            for cycle in cycles:
                self.stdout.write(
                    f"{cycle['code']}  {cycle['year']}  {cycle['instrument']}"
                    f"  phase: {cycle['current_phase'] or '-'}"
                    f"  providers: {cycle['providers']}  {cycle['name']}"
                )
            return
        cycle = get_cycle(options["cycle"])
        data = describe_cycle(cycle, today, detail=True)
        if format == "json":
            write_json(self.stdout, data)
            return
        self.stdout.write(f"{data['name']} ({data['code']}, {data['year']})")
        self.stdout.write(f"Office: {data['office'] or '-'}")
        self.stdout.write(f"Instrument: {data['instrument']}")
        self.stdout.write(f"Current phase ({today}): {data['current_phase'] or '-'}")
        for phase in data["phases"]:
            self.stdout.write(f"  {phase['kind']:<17} {phase['starts_on']} – {phase['ends_on']}")
        self.stdout.write(f"Providers in scope: {data['providers']}")
        for provider in data["scope"]:
            self.stdout.write(f"  {provider['path']}  {provider['name']}")
        self.stdout.write(f"Answers: {data['answers']}")


def describe_cycle(cycle: Cycle, today, detail: bool = False) -> dict:
    phase = cycle.current_phase(today)
    data = {
        "code": cycle.code,
        "name": cycle.name,
        "year": cycle.year,
        "office": cycle.office.name if cycle.office else "",
        "instrument": str(cycle.instrument_version),
        "current_phase": phase.kind if phase else None,
        "phases": [
            {"kind": p.kind, "starts_on": p.starts_on, "ends_on": p.ends_on}
            for p in cycle.phases.all()
        ],
        "providers": cycle.provider_count,
    }
    if detail:
        data["scope"] = [
            {"path": p.path, "name": p.name}
            for p in cycle.providers.select_related("region").order_by("region__code", "code")
        ]
        data["answers"] = cycle.answers.count()
    return data
