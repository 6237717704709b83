"""The report of objections per cycle as a download."""

from collections.abc import Iterator

from patuh.assessments.models import Cycle
from patuh.clarification.services import report
from patuh.lib.exports import Column, Export


class ObjectionReport(Export):
    """One row per provider that filed objections in the cycle."""

    sheet_title = "objections"
    columns = (
        Column("provider_code", "The provider's registry code."),
        Column("provider", "The provider's name."),
        Column("filed", "Objections the provider filed."),
        Column("accepted", "Of those, accepted: the answer was corrected."),
        Column("rejected", "Of those, rejected with a reason."),
        Column("pending", "Of those, not decided yet."),
    )

    def __init__(self, cycle: Cycle):
        self.cycle = cycle
        self.name = f"objections-{cycle.code}"

    def rows(self) -> Iterator[list]:
        for tally in report(self.cycle):
            yield [
                tally.provider.code,
                tally.provider.name,
                tally.filed,
                tally.accepted,
                tally.rejected,
                tally.pending,
            ]
