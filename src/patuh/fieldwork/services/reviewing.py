"""Reviewing submissions: decisions, official answers, corrections and comparing versions."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from patuh.assessments.models import Answer, AnswerSource
from patuh.audit.services import Action, record
from patuh.fieldwork.models import Review, Submission, SubmittedAnswer
from patuh.fieldwork.services import FieldworkError
from patuh.fieldwork.services.collecting import (
    AnswerInput,
    checked_value,
    copy_version,
    latest_submission,
    subject_of,
)


@transaction.atomic
def decide(submission: Submission, reviewer, decision: str, comment: str = "") -> Review:
    """Approve, send back or reject a received submission.

    Approval makes its answers the official ones of the unit and its products (source
    "fieldwork"); a send-back or rejection must say why.
    """
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status != Submission.Status.RECEIVED:
        raise FieldworkError(
            _("Only a received submission can be reviewed; this one is %(status)s.")
            % {"status": submission.get_status_display().lower()}
        )
    if decision not in Review.Decision.values:
        raise FieldworkError(_("Unknown decision %(decision)r.") % {"decision": decision})
    comment = comment.strip()
    if decision != Review.Decision.APPROVED and not comment:
        raise FieldworkError(_("Say what is wrong, so the enumerator can put it right."))
    review = Review.objects.create(
        submission=submission, reviewer=reviewer, decision=decision, comment=comment
    )
    submission.status = decision
    submission.save()
    if decision == Review.Decision.APPROVED:
        _make_official(submission)
    record(Action.REVIEW, submission, after={"decision": decision}, note=comment)
    return review


def _make_official(submission: Submission) -> None:
    """Write the approved answers into the cycle's official answers."""
    assignment = submission.assignment
    for answer in submission.answers.all():
        subject = (
            {"product_id": answer.product_id}
            if answer.product_id
            else {"unit_id": assignment.unit_id}
        )
        official, created = Answer.objects.get_or_create(
            cycle_id=assignment.cycle_id,
            level=answer.level,
            indicator=answer.indicator,
            **subject,
            defaults={
                "value": answer.value,
                "note": answer.note,
                "source": AnswerSource.FIELDWORK,
                "answered_by": submission.assignment.enumerator,
                "answered_at": submission.submitted_at,
            },
        )
        if not created and (official.value, official.note, official.source) != (
            answer.value,
            answer.note,
            AnswerSource.FIELDWORK,
        ):
            official.value, official.note = answer.value, answer.note
            official.source = AnswerSource.FIELDWORK
            official.answered_by = submission.assignment.enumerator
            official.answered_at = submission.submitted_at
            official.save()


@transaction.atomic
def correct(
    submission: Submission, reviewer, reason: str, inputs: Iterable[AnswerInput]
) -> Submission:
    """A reviewer's correction: a new received version with the changed answers and a reason.

    An approved version stays approved (its answers stay official) until the correction is
    approved in turn, e.g. after an agency's objection.
    """
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status in (Submission.Status.REJECTED, Submission.Status.DRAFT):
        raise FieldworkError(_("Only a submitted, not rejected, submission can be corrected."))
    if latest_submission(submission.assignment).pk != submission.pk:
        raise FieldworkError(_("Correct the latest version only."))
    if not reason.strip():
        raise FieldworkError(_("Say why this correction is made."))
    assignment = submission.assignment
    instrument = assignment.cycle.instrument_version.parsed
    checked = []
    for item in inputs:
        product, indicator = subject_of(assignment, instrument, item.product, item.indicator)
        checked.append((product, indicator, checked_value(indicator, item.value), item.note))
    if not checked:
        raise FieldworkError(_("Change at least one answer."))
    if submission.status == Submission.Status.RECEIVED:
        # The version it replaces will not be reviewed any more.
        submission.status = Submission.Status.HAS_ISSUES
        submission.save()
    copy = copy_version(submission, reviewer, reason.strip(), Submission.Status.RECEIVED)
    for product, indicator, value, note in checked:
        answer, _created = SubmittedAnswer.objects.get_or_create(
            submission=copy, product=product, indicator=indicator.code
        )
        answer.value, answer.note = value, note.strip()
        answer.save()
    return copy


@dataclass
class Difference:
    where: str
    indicator: str
    before: str
    after: str
    note_before: str
    note_after: str
    photos_added: int
    photos_removed: int


def compare(older: Submission, newer: Submission) -> list[Difference]:
    """What changed between two versions of an assignment's checklist, in checklist order."""

    def answers(submission):
        return {
            (answer.product_id, answer.indicator): answer
            for answer in submission.answers.prefetch_related("evidence")
        }

    before, after = answers(older), answers(newer)
    names = dict(older.assignment.unit.products.values_list("pk", "name"))
    differences = []
    for key in sorted(before.keys() | after.keys(), key=lambda k: (k[0] or 0, k[1])):
        old, new = before.get(key), after.get(key)
        old_photos = {e.pk for e in old.evidence.all()} if old else set()
        new_photos = {e.pk for e in new.evidence.all()} if new else set()
        values = (old.value if old else "", new.value if new else "")
        notes = (old.note if old else "", new.note if new else "")
        if values[0] == values[1] and notes[0] == notes[1] and old_photos == new_photos:
            continue
        differences.append(
            Difference(
                where=names.get(key[0], _("Unit")),
                indicator=key[1],
                before=values[0],
                after=values[1],
                note_before=notes[0],
                note_after=notes[1],
                photos_added=len(new_photos - old_photos),
                photos_removed=len(old_photos - new_photos),
            )
        )
    return differences
