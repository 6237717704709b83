"""Reviewing a visit's submission: decisions, official answers and scores, corrections."""

from decimal import Decimal

import pytest

from patuh.assessments.models import Answer, AnswerSource
from patuh.audit.models import AuditEvent
from patuh.fieldwork.models import Submission
from patuh.fieldwork.scoring import compute_preliminary_snapshot
from patuh.fieldwork.services import FieldworkError
from patuh.fieldwork.services.collecting import AnswerInput
from patuh.fieldwork.services.reviewing import compare, correct, decide
from patuh.scoring.services import compute_snapshot
from tests.fieldwork.conftest import submitted

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def test_approval_makes_the_answers_official_and_changes_the_official_score(
    visit, enumerator, reviewer, open_cycle, provider_a
):
    before = compute_snapshot(open_cycle)[1].get("provider", ("provider", provider_a.pk))
    submission = submitted(visit, enumerator)

    decide(submission, reviewer, "approved")

    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED
    official = Answer.objects.filter(cycle=open_cycle, unit=visit.unit)
    assert official.count() == 21
    assert set(official.values_list("source", flat=True)) == {AnswerSource.FIELDWORK}
    assert official.first().answered_by == enumerator
    assert Answer.objects.filter(product__unit=visit.unit).count() == 12
    after = compute_snapshot(open_cycle)[1].get("unit", ("unit", visit.unit_id))
    assert before.complete is False
    assert after.score == Decimal("100.00")
    assert AuditEvent.objects.filter(action="review", object_id=str(submission.pk)).exists()


def test_official_scores_ignore_submissions_not_yet_approved(visit, enumerator, open_cycle):
    submitted(visit, enumerator)

    report = compute_snapshot(open_cycle)[1]
    preliminary, preliminary_report = compute_preliminary_snapshot(open_cycle)

    assert report.get("unit", ("unit", visit.unit_id)).answered == 0
    assert preliminary.kind == "preliminary"
    assert preliminary_report.get("unit", ("unit", visit.unit_id)).score == Decimal("100.00")


def test_a_preliminary_count_is_of_distinct_answers_used(visit, enumerator, reviewer, open_cycle):
    decide(submitted(visit, enumerator), reviewer, "approved")
    official = Answer.objects.filter(cycle=open_cycle).count()

    # The approved version's answers are official answers too: each is counted once.
    preliminary, _ = compute_preliminary_snapshot(open_cycle)

    assert preliminary.answer_count == official == 33


@pytest.mark.parametrize("decision", ["has_issues", "rejected"])
def test_sending_back_or_rejecting_needs_a_comment(visit, enumerator, reviewer, decision):
    submission = submitted(visit, enumerator)

    with pytest.raises(FieldworkError, match="Say what is wrong"):
        decide(submission, reviewer, decision, "  ")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.RECEIVED


def test_a_decided_submission_cannot_be_decided_again(visit, enumerator, reviewer):
    submission = submitted(visit, enumerator)
    decide(submission, reviewer, "approved")

    with pytest.raises(FieldworkError, match="this one is approved"):
        decide(submission, reviewer, "rejected", "No")


def test_a_reviewers_correction_makes_a_received_version_and_retires_the_old(
    visit, enumerator, reviewer
):
    first = submitted(visit, enumerator)

    second = correct(
        first,
        reviewer,
        "U03 is clearly absent in the photo",
        [AnswerInput("", "U03", "no", "Tidak terlihat")],
    )

    first.refresh_from_db()
    assert first.status == Submission.Status.HAS_ISSUES
    assert (second.version, second.status, second.created_by) == (2, "received", reviewer)
    assert second.answers.get(indicator="U03").value == "no"
    assert first.answers.get(indicator="U03").value == "yes"
    [change] = compare(first, second)
    assert (change.before, change.after, change.note_after) == ("yes", "no", "Tidak terlihat")


def test_a_correction_needs_a_reason_and_a_change(visit, enumerator, reviewer):
    first = submitted(visit, enumerator)

    with pytest.raises(FieldworkError, match="Say why"):
        correct(first, reviewer, "", [AnswerInput("", "U03", "no")])
    with pytest.raises(FieldworkError, match="Change at least one answer"):
        correct(first, reviewer, "typo", [])
    assert Submission.objects.count() == 1


def test_an_approved_visit_is_corrected_by_a_new_version_that_needs_approval_in_turn(
    visit, enumerator, reviewer, open_cycle
):
    approved = submitted(visit, enumerator)
    decide(approved, reviewer, "approved")

    correction = correct(
        approved,
        reviewer,
        "The agency showed the board was there",
        [AnswerInput("", "U02", "no")],
    )

    approved.refresh_from_db()
    assert approved.status == Submission.Status.APPROVED
    assert (correction.version, correction.status) == (2, Submission.Status.RECEIVED)
    assert Answer.objects.get(cycle=open_cycle, unit=visit.unit, indicator="U02").value == "yes"
    decide(correction, reviewer, "approved")
    assert Answer.objects.get(cycle=open_cycle, unit=visit.unit, indicator="U02").value == "no"
