"""Fieldwork rules: planning, drafts, photos with flags, idempotent submits, review, versions."""

import datetime as dt
import hashlib
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from PIL import Image

from patuh.assessments.models import Answer, AnswerSource
from patuh.audit.models import AuditEvent
from patuh.fieldwork.models import Assignment, Evidence, Submission, SubmittedAnswer
from patuh.fieldwork.scoring import compute_preliminary_snapshot
from patuh.fieldwork.services import FieldworkError, SubmissionIncomplete
from patuh.fieldwork.services.collecting import AnswerInput, open_draft, save_answers, submit
from patuh.fieldwork.services.photos import add_photo, remove_photo
from patuh.fieldwork.services.planning import assign, assign_many
from patuh.fieldwork.services.reviewing import compare, correct, decide
from patuh.registry.models import ServiceUnit
from patuh.scoring.services import compute_snapshot
from tests import factories, photos
from tests.fieldwork.conftest import (
    fill,
    items,
    photo_here,
    submitted,
    today,
    upload,
)
from tests.storage import stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    """Messages are asserted in English here; pages test the Indonesian ones."""
    with translation.override("en"):
        yield


# Planning


def test_a_unit_is_planned_within_data_collection(open_cycle, provider_a, enumerator, coordinator):
    unit = provider_a.units.get()

    assignment = assign(
        open_cycle, unit, enumerator, today(), today() + dt.timedelta(days=3), by=coordinator
    )

    assert (assignment.unit, assignment.enumerator, assignment.created_by) == (
        unit,
        enumerator,
        coordinator,
    )
    assert AuditEvent.objects.filter(
        object_type="fieldwork.assignment", action="create", actor=None
    ).exists()


def test_a_window_outside_data_collection_is_refused(open_cycle, provider_a, enumerator):
    late = today() + dt.timedelta(days=40)

    with pytest.raises(FieldworkError, match="must lie within data collection"):
        assign(open_cycle, provider_a.units.get(), enumerator, late, late, by=None)
    assert not Assignment.objects.exists()


def test_an_enumerator_of_another_office_cannot_be_planned(open_cycle, provider_a, enumerator):
    enumerator.office = factories.office("ombudsman-sumsel", "Perwakilan Sumsel")
    enumerator.save()

    with pytest.raises(FieldworkError, match="does not work for the office"):
        assign(open_cycle, provider_a.units.get(), enumerator, today(), today(), by=None)


def test_a_unit_outside_the_scope_cannot_be_planned(open_cycle, enumerator):
    stranger = factories.provider("not-in-scope").units.get()

    with pytest.raises(FieldworkError, match="not in this cycle's scope"):
        assign(open_cycle, stranger, enumerator, today(), today(), by=None)


def test_a_whole_regency_is_planned_at_once_leaving_planned_units_as_they_were(
    open_cycle, provider_a, provider_b, enumerator, visit
):
    units = ServiceUnit.objects.filter(provider__region__code="19.02")

    plan = assign_many(open_cycle, units, enumerator, today(), today(), by=None)

    assert (plan.created, plan.kept) == (1, 1)
    assert Assignment.objects.get(unit__provider=provider_b).starts_on == today()
    visit.refresh_from_db()
    assert visit.starts_on == today() - dt.timedelta(days=1)


def test_planning_many_with_a_bad_window_plans_nothing(open_cycle, enumerator):
    with pytest.raises(FieldworkError, match="ends before it starts"):
        assign_many(
            open_cycle,
            ServiceUnit.objects.all(),
            enumerator,
            today(),
            today() - dt.timedelta(days=1),
            by=None,
        )
    assert not Assignment.objects.exists()


# Drafts and photos


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

    [(refused, reason)] = saved.refused
    assert refused == bad
    assert "P01 takes one of tidak-ada, kurang, baik" in reason
    assert sorted(SubmittedAnswer.objects.values_list("indicator", "value", "note")) == [
        ("P02", "baik", "Papan lengkap"),
        ("U01", "yes", ""),
    ]


@pytest.mark.parametrize(
    ("product", "code", "message"),
    [
        ("", "P01", "P01 is not a service unit indicator"),
        ("product-1", "U01", "U01 is not a service product indicator"),
        ("product-9", "P01", "has no product product-9"),
        ("", "X99", "X99 is not a service unit indicator"),
    ],
)
def test_an_indicator_or_product_that_does_not_belong_is_refused(
    visit, enumerator, product, code, message
):
    saved = save_answers(visit, enumerator, [AnswerInput(product, code, "")])

    [(_, reason)] = saved.refused
    assert message in reason
    assert not SubmittedAnswer.objects.exists()


def test_a_photo_keeps_its_capture_time_position_distance_and_a_clean_copy(visit, enumerator):
    taken = timezone.localtime().replace(microsecond=0)
    data = photos.jpeg(taken_at=taken.replace(tzinfo=None), position=photos.TANJUNG_PANDAN)

    evidence, created = add_photo(
        visit,
        enumerator,
        product_code="product-1",
        indicator_code="P01",
        data=data,
        client_id=uuid.uuid4(),
    )

    assert created
    assert evidence.taken_at == taken
    assert (evidence.latitude, evidence.longitude) == (Decimal("-2.741800"), Decimal("107.634100"))
    assert evidence.distance_m == 0
    assert evidence.flags == [] and not evidence.attention
    assert evidence.file.read() == data
    assert b"Exif" not in evidence.display.read()[:200]
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    answer = SubmittedAnswer.objects.get(product__code="product-1", indicator="P01")
    assert list(answer.evidence.all()) == [evidence] and answer.value == ""


def test_the_stored_copies_of_a_photo_telling_its_place_everywhere_tell_nothing(visit, enumerator):
    data = photos.jpeg_telling_everything()

    evidence, _ = upload(visit, enumerator, data)

    assert evidence.file.read() == data
    for copy in (evidence.display, evidence.thumbnail):
        stored = copy.read()
        markers = photos.jpeg_markers(stored)
        assert {photos.APP1, photos.APP13, photos.COM}.isdisjoint(markers)
        assert photos.WHERE not in stored


def test_a_multi_picture_phone_photo_is_stored_as_uploaded_and_shown_as_its_first_picture(
    visit, enumerator
):
    data = photos.multi_picture_jpeg()

    evidence, created = upload(visit, enumerator, data)

    assert created
    assert evidence.file.name.endswith("/original.jpg")
    assert evidence.file.read() == data
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    assert (evidence.content_type, evidence.width, evidence.height) == ("image/jpeg", 800, 600)
    assert evidence.latitude == Decimal("-2.741800")
    assert Image.open(evidence.display).format == "JPEG"


def test_a_photo_from_outside_the_window_and_far_away_is_flagged(visit, enumerator):
    jakarta = (-6.1754, 106.8272)
    long_ago = dt.datetime.combine(today() - dt.timedelta(days=30), dt.time(10))

    evidence, _ = upload(visit, enumerator, photos.jpeg(taken_at=long_ago, position=jakarta))

    assert evidence.flags == ["outside_window", "too_far"]
    assert evidence.attention
    assert 380_000 < evidence.distance_m < 400_000  # Jakarta to Tanjung Pandan


def test_the_distance_limit_is_a_setting(visit, enumerator, settings):
    nearby = (-2.7418, 107.6441)  # about 1.1 km east
    settings.PATUH_EVIDENCE_MAX_DISTANCE_M = 2000

    evidence, _ = upload(
        visit,
        enumerator,
        photos.jpeg(taken_at=timezone.localtime().replace(tzinfo=None), position=nearby),
    )

    assert 1000 < evidence.distance_m < 1200
    assert evidence.flags == []


def test_a_photo_without_exif_is_flagged_for_the_reviewers_attention(visit, enumerator):
    evidence, _ = upload(visit, enumerator, photos.jpeg())

    assert evidence.flags == ["no_time", "no_position"]
    assert evidence.attention
    assert evidence.flag_labels() == ["No capture time in the photo", "No location in the photo"]


@pytest.mark.parametrize(
    ("taken_at", "position", "flags"),
    [
        (None, photos.TANJUNG_PANDAN, ["no_time"]),
        (timezone.localtime().replace(tzinfo=None), None, ["no_position"]),
    ],
    ids=["no-time", "no-position"],
)
def test_a_photo_missing_either_its_time_or_its_place_needs_attention(
    visit, enumerator, taken_at, position, flags
):
    evidence, _ = upload(visit, enumerator, photos.jpeg(taken_at=taken_at, position=position))

    assert evidence.flags == flags
    assert evidence.attention


def test_missing_metadata_can_be_flagged_without_asking_for_attention(visit, enumerator, settings):
    settings.PATUH_EVIDENCE_FLAG_MISSING_METADATA = False

    evidence, _ = upload(visit, enumerator, photos.jpeg())

    assert evidence.flags == ["no_time", "no_position"]
    assert not evidence.attention


def test_a_photo_of_a_unit_without_a_registered_position_is_flagged_as_unchecked(visit, enumerator):
    ServiceUnit.objects.filter(pk=visit.unit_id).update(latitude=None, longitude=None)
    visit.unit.refresh_from_db()
    far_away = (-6.1754, 106.8272)  # Jakarta: no way to tell without the unit's position

    evidence, _ = upload(
        visit,
        enumerator,
        photos.jpeg(taken_at=timezone.localtime().replace(tzinfo=None), position=far_away),
    )

    assert evidence.flags == ["no_unit_position"]
    assert evidence.distance_m is None
    assert evidence.attention
    assert evidence.flag_labels() == ["The unit has no location to compare with"]


def test_the_same_photo_upload_sent_twice_is_stored_once(visit, enumerator):
    client_id = uuid.uuid4()
    first, created = add_photo(
        visit,
        enumerator,
        product_code="",
        indicator_code="U01",
        data=photo_here(),
        client_id=client_id,
    )

    again, created_again = add_photo(
        visit,
        enumerator,
        product_code="",
        indicator_code="U01",
        data=photo_here(),
        client_id=client_id,
    )

    assert (created, created_again) == (True, False)
    assert first == again and Evidence.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (photos.text_named_jpg(), "not an image"),
        (photos.decompression_bomb(), "declares 8000×8000 pixels"),
    ],
    ids=["text-named-jpg", "decompression-bomb"],
)
def test_a_hostile_upload_is_refused_and_nothing_is_stored(visit, enumerator, data, message):
    with pytest.raises(FieldworkError, match=message):
        add_photo(
            visit,
            enumerator,
            product_code="",
            indicator_code="U01",
            data=data,
            client_id=uuid.uuid4(),
        )
    assert not Evidence.objects.exists()
    assert not Submission.objects.exists()
    assert stored_files() == []


def test_an_oversized_photo_is_refused_and_nothing_is_stored(visit, enumerator, settings):
    data = photos.jpeg(size=(2000, 1500))
    settings.PATUH_EVIDENCE_MAX_BYTES = len(data) - 1

    with pytest.raises(FieldworkError, match="photos may be at most"):
        add_photo(
            visit,
            enumerator,
            product_code="",
            indicator_code="U01",
            data=data,
            client_id=uuid.uuid4(),
        )
    assert not Evidence.objects.exists() and stored_files() == []


def test_a_removed_photo_leaves_the_draft_but_stays_in_storage(visit, enumerator):
    evidence, _ = upload(visit, enumerator, photo_here())

    remove_photo(visit, enumerator, evidence.uuid)

    assert not SubmittedAnswer.objects.get(indicator="U01").evidence.exists()
    assert Evidence.objects.filter(pk=evidence.pk).exists()


# Submitting


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


# Review


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


def test_items_cover_the_unit_and_every_product(visit):
    codes = [(item.product, item.indicator) for item in items(visit)]
    assert len(codes) == 21 + 2 * 6


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
