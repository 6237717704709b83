"""Read-side helpers: assignments with their progress, in a bounded number of queries."""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from patuh.assessments.models import Level
from patuh.fieldwork.models import Assignment, Evidence, Review, Submission, SubmittedAnswer
from patuh.fieldwork.services.collecting import checklist_size


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


def card_photos(snapshot, provider_id: int) -> dict[tuple[str, int, str], list[Evidence]]:
    """The photos behind the answers of the provider `provider_id` as `snapshot` counted them,
    by (level, subject id, indicator): those of the latest version of each visit approved by
    the snapshot's time.

    Three queries: the approvals, the approved answers, their photos.
    """
    approvals = Review.objects.filter(
        decision=Review.Decision.APPROVED,
        decided_at__lte=snapshot.computed_at,
        submission__assignment__cycle_id=snapshot.cycle_id,
        submission__assignment__unit__provider_id=provider_id,
    ).values_list("submission__assignment_id", "submission__version", "submission_id")
    latest: dict[int, tuple[int, int]] = {}
    for assignment_id, version, submission_id in approvals:
        if version > latest.get(assignment_id, (0, 0))[0]:
            latest[assignment_id] = (version, submission_id)
    return photos_by_subject(
        SubmittedAnswer.objects.filter(submission_id__in=[pk for _, pk in latest.values()])
    )


def photos_by_subject(
    answers: QuerySet[SubmittedAnswer],
) -> dict[tuple[str, int, str], list[Evidence]]:
    """The photos of `answers` by (level, subject id, indicator), those without any left out:
    two queries."""
    answers = answers.select_related("submission__assignment").prefetch_related("evidence")
    photos = {}
    for answer in answers:
        evidence = list(answer.evidence.all())
        if not evidence:
            continue
        if answer.product_id:
            key = (Level.PRODUCT.value, answer.product_id, answer.indicator)
        else:
            key = (Level.UNIT.value, answer.submission.assignment.unit_id, answer.indicator)
        photos[key] = evidence
    return photos
