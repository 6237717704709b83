"""The checklist of a visit: its items, answers saved to a draft, versions, submitting."""

import uuid

import pytest
from django.db import connection

from patuh.audit.models import AuditEvent
from patuh.fieldwork.models import Submission, SubmittedAnswer
from patuh.fieldwork.services import FieldworkError, SubmissionIncomplete
from patuh.fieldwork.services.collecting import AnswerInput, open_draft, save_answers, submit
from patuh.fieldwork.services.reviewing import compare, decide
from tests.fieldwork.conftest import fill, items, submitted

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def test_items_cover_the_unit_and_every_product(visit):
    codes = [(item.product, item.indicator) for item in items(visit)]
    assert len(codes) == 21 + 2 * 6


def test_answers_are_saved_to_a_draft_and_saving_again_changes_nothing(visit, enumerator):
    answer = [AnswerInput("", "U01", "yes", "Papan di pintu masuk")]

    saved = save_answers(visit, enumerator, answer)
    again = save_answers(visit, enumerator, answer)

    assert saved.draft == again.draft and saved.draft.status == Submission.Status.DRAFT
    assert saved.refused == again.refused == []
    assert list(SubmittedAnswer.objects.values_list("indicator", "value", "note")) == [
        ("U01", "yes", "Papan di pintu masuk")
    ]
    assert AuditEvent.objects.filter(object_type="fieldwork.submittedanswer").count() == 1


def test_a_changed_answer_is_audited_with_its_value_before_in_a_short_transaction(
    visit, enumerator, django_assert_num_queries
):
    save_answers(visit, enumerator, [AnswerInput("", "U01", "yes")])
    changed = [AnswerInput("", "U01", "no", "Papan dilepas")]

    # The instrument's check before the transaction; in it (a savepoint here, in the test's
    # transaction): the draft, the answer read once, its update and its audit event, and on
    # PostgreSQL the visit's row lock. On SQLite every other writer waits while it runs.
    with django_assert_num_queries(6 if connection.vendor == "sqlite" else 7):
        save_answers(visit, enumerator, changed)

    event = AuditEvent.objects.filter(object_type="fieldwork.submittedanswer").latest("pk")
    assert event.action == "update"
    assert (event.before["value"], event.before["note"]) == ("yes", "")
    assert (event.after["value"], event.after["note"]) == ("no", "Papan dilepas")


def test_a_value_the_indicator_cannot_take_is_refused_with_its_reason_and_the_rest_saved(
    visit, enumerator
):
    bad = AnswerInput("product-1", "P01", "lumayan")
    inputs = [
        AnswerInput("", "U01", "yes"),
        bad,
        AnswerInput("product-1", "P02", "baik", "Papan lengkap"),
    ]

    saved = save_answers(visit, enumerator, inputs)

    assert saved.refused == [(bad, "P01 takes one of tidak-ada, kurang, baik, not 'lumayan'")]
    assert sorted(SubmittedAnswer.objects.values_list("indicator", "value", "note")) == [
        ("P02", "baik", "Papan lengkap"),
        ("U01", "yes", ""),
    ]


@pytest.mark.parametrize(
    ("product", "code", "message"),
    [
        ("", "P01", "P01 is not a service unit indicator of this instrument."),
        ("product-1", "U01", "U01 is not a service product indicator of this instrument."),
        ("product-9", "P01", "Provider disdukcapil-a – Unit 1 has no product product-9."),
        ("", "X99", "X99 is not a service unit indicator of this instrument."),
    ],
)
def test_an_indicator_or_product_that_does_not_belong_is_refused(
    visit, enumerator, product, code, message
):
    sent = AnswerInput(product, code, "")

    saved = save_answers(visit, enumerator, [sent])

    assert saved.refused == [(sent, message)]
    assert not SubmittedAnswer.objects.exists()


def test_submitting_names_every_unanswered_indicator_and_missing_photo(visit, enumerator):
    fill(visit, enumerator, with_photos=False)
    SubmittedAnswer.objects.filter(indicator="U02").update(value="")

    with pytest.raises(SubmissionIncomplete) as refused:
        submit(visit, enumerator, uuid.uuid4())

    problems = refused.value.problems
    assert "Unit, U02: not answered." in problems
    assert "Product 1, P01: a photo is required." in problems
    assert len(problems) == 33
    assert Submission.objects.get().status == Submission.Status.DRAFT


def test_a_not_applicable_answer_needs_no_photo(visit, enumerator):
    fill(visit, enumerator)
    SubmittedAnswer.objects.get(indicator="U06").evidence.clear()
    SubmittedAnswer.objects.filter(indicator="U06").update(value="na")

    submission, created = submit(visit, enumerator, uuid.uuid4())

    assert created and submission.status == Submission.Status.RECEIVED


def test_the_same_submission_sent_twice_is_stored_once(visit, enumerator):
    fill(visit, enumerator)
    client_id = uuid.uuid4()

    first, created = submit(visit, enumerator, client_id)
    again, created_again = submit(visit, enumerator, client_id)

    assert (created, created_again) == (True, False)
    assert first == again
    assert Submission.objects.count() == 1
    assert first.status == Submission.Status.RECEIVED and first.submitted_at is not None
    assert SubmittedAnswer.objects.count() == 21 + 2 * 6


def test_nothing_can_be_changed_while_a_version_waits_for_review(visit, enumerator):
    submitted(visit, enumerator)

    with pytest.raises(FieldworkError, match="Version 1 is received"):
        save_answers(visit, enumerator, [AnswerInput("", "U01", "no")])


def test_an_enumerators_correction_is_a_new_version_with_a_reason(visit, enumerator, reviewer):
    first = submitted(visit, enumerator)
    decide(first, reviewer, "has_issues", "P01 photo of product 2 is blurred")

    with pytest.raises(FieldworkError, match="Say why"):
        open_draft(visit, enumerator, "")
    draft = open_draft(visit, enumerator, "Retook the blurred photo")
    save_answers(visit, enumerator, [AnswerInput("product-2", "P01", "kurang")])

    assert (draft.version, draft.reason) == (2, "Retook the blurred photo")
    first.refresh_from_db()
    assert first.status == Submission.Status.HAS_ISSUES
    assert first.answers.get(product__code="product-2", indicator="P01").value == "baik"
    assert draft.answers.count() == first.answers.count()
    carried = draft.answers.get(product__code="product-2", indicator="P01").evidence.count()
    assert carried == 1
    [change] = compare(first, draft)
    assert (change.indicator, change.before, change.after) == ("P01", "baik", "kurang")
