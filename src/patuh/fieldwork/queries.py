"""Read-side helpers: assignments with their progress, in a bounded number of queries."""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from patuh.fieldwork.models import Assignment, Submission, SubmittedAnswer
from patuh.fieldwork.services import checklist_size


def with_progress(assignments: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Annotate each assignment with its latest version's number, status and answered count,
    and its unit's number of products: one query however many assignments."""
    latest = Submission.objects.filter(assignment=OuterRef("pk")).order_by("-version")
    answered = (
        SubmittedAnswer.objects.filter(submission=OuterRef("latest_id"))
        .exclude(value="")
        .order_by()
        .values("submission")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return assignments.annotate(
        latest_id=Subquery(latest.values("pk")[:1]),
        latest_version=Subquery(latest.values("version")[:1]),
        latest_status=Subquery(latest.values("status")[:1]),
        product_count=Count("unit__products", distinct=True),
    ).annotate(
        answered=Coalesce(Subquery(answered, output_field=IntegerField()), Value(0)),
    )


@dataclass
class Progress:
    answered: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0


def progress_of(assignment: Assignment) -> Progress:
    """Progress of an assignment annotated by with_progress()."""
    instrument = assignment.cycle.instrument_version.parsed
    return Progress(assignment.answered, checklist_size(instrument, assignment.product_count))


def status_filter(status: str) -> Q:
    if status == "not_started":
        return Q(latest_status__isnull=True)
    return Q(latest_status=status)
