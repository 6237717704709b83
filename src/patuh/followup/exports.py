"""The tracker's items as rows: the office's CSV/XLSX/JSON downloads and `patuh followup list`
read the same export, so the two never disagree."""

import datetime as dt
from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from patuh.followup.levels import Rates
from patuh.followup.models import Finding
from patuh.lib.exports import Column, Export


def findings_of(cycle):
    """The cycle's items in the order every list shows them: by due date, then path."""
    return (
        Finding.objects.filter(cycle=cycle)
        .select_related("product")
        .order_by("due", "subject_path", "indicator", "pk")
    )


class FindingsExport(Export):
    """One row per finding or product item of a cycle."""

    sheet_title = "findings"
    columns = (
        Column("path", _("The owner's path: region/provider, or the government's code.")),
        Column("subject", _("The unit, product, website or provider the finding is about.")),
        Column("indicator", _("The failed indicator's code, or the product item's text.")),
        Column("kind", _("temuan (a report card's finding) or the supervision product's kind.")),
        Column("product", _("The supervision product's number.")),
        Column("state", _("open, in_progress, reported, verified or sent_back.")),
        Column("due", _("The due date.")),
        Column("overdue", _("Past its due date with nothing reported.")),
        Column("reported_at", _("When the agency reported it done.")),
        Column("decided_at", _("When the office verified it or sent it back.")),
        Column("note", _("The agency's note.")),
        Column("reason", _("The office's reason for sending it back.")),
    )

    def __init__(self, cycle, today: dt.date):
        self.cycle, self.today = cycle, today
        self.name = f"{cycle.code}-followup"

    def count(self) -> int:
        return findings_of(self.cycle).count()

    def rows(self) -> Iterator[tuple]:
        for finding in findings_of(self.cycle).iterator(chunk_size=2000):
            yield (
                _owner_path(finding),
                finding.subject_path,
                finding.indicator or finding.text,
                finding.kind,
                finding.product.number if finding.product else "",
                finding.state,
                finding.due,
                finding.is_overdue(self.today),
                finding.reported_at,
                finding.decided_at,
                finding.note,
                finding.reason,
            )


def _owner_path(finding: Finding) -> str:
    """A provider's path is the first two parts of its subjects'; a government's, its code."""
    if finding.provider_id:
        return "/".join(finding.subject_path.split("/")[:2])
    return finding.subject_path


class RatesExport(Export):
    """One row per provider and regional government: its follow-up rate and level."""

    sheet_title = "rates"
    columns = (
        Column("level", _("provider or region (a regional government).")),
        Column("path", _("The provider's path or the region's code.")),
        Column("name", _("Its name.")),
        Column("items", _("Items to follow up.")),
        Column("verified", _("Items verified done by the cut-off date.")),
        Column("rate", _("Percentage verified done.")),
        Column("overdue", _("Items overdue.")),
        Column("followup_level", _("tinggi, sedang or rendah.")),
    )

    def __init__(self, cycle, rates: Rates):
        self.rates = rates
        self.name = f"{cycle.code}-followup-rates"

    def rows(self) -> Iterator[tuple]:
        for rate in self.rates.providers + self.rates.regions:
            yield (
                rate.key[0],
                rate.code,
                rate.name,
                rate.total,
                rate.verified,
                rate.share,
                rate.overdue,
                rate.level or "",
            )
