"""The self-check's services: its window, saving, apartness from official work, projection."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from patuh.assessments.models import Answer, Phase
from patuh.audit.models import AuditEvent
from patuh.fieldwork.models import Assignment, Submission, SubmittedAnswer
from patuh.fieldwork.scoring import preliminary_answers
from patuh.fieldwork.services.collecting import AnswerInput
from patuh.scoring.services import compute_snapshot
from patuh.selfcheck.models import SelfCheck, SelfCheckAnswer
from patuh.selfcheck.services import (
    SelfCheckError,
    activity,
    project,
    save_answers,
    window,
)
from tests import factories
from tests.selfcheck.conftest import WEAK, fill, items, preparing_cycle, today, worst_for

pytestmark = pytest.mark.usefixtures("in_english")


def test_the_window_is_open_while_a_preparation_phase_runs(open_cycle):
    assert window(open_cycle, today()).open
    assert window(open_cycle, today()).ends_on == today() + dt.timedelta(days=7)


def test_before_the_window_it_says_when_it_opens(open_cycle):
    found = window(open_cycle, today() - dt.timedelta(days=11))
    assert (found.open, found.opens_on) == (False, today() - dt.timedelta(days=10))


def test_nothing_is_saved_outside_the_window_and_the_error_says_when_it_opens(
    open_cycle, provider_a, officer_a
):
    Phase.objects.filter(cycle=open_cycle, kind=Phase.Kind.PERBAIKAN).update(
        starts_on=today() + dt.timedelta(days=2)
    )
    unit = provider_a.units.get()

    with pytest.raises(SelfCheckError, match="The self-check opens on"):
        save_answers(open_cycle, unit, officer_a, [AnswerInput("", "U01", "yes")])

    assert not SelfCheck.objects.exists()
    assert not SelfCheckAnswer.objects.exists()


def test_after_the_window_the_error_says_it_closed(open_cycle, provider_a, officer_a):
    Phase.objects.filter(cycle=open_cycle, kind=Phase.Kind.PERBAIKAN).update(
        ends_on=today() - dt.timedelta(days=1)
    )
    with pytest.raises(SelfCheckError, match="The self-check closed on"):
        save_answers(open_cycle, provider_a.units.get(), officer_a, [AnswerInput("", "U01", "x")])


def test_bad_answers_are_refused_one_by_one_and_the_rest_is_stored(
    open_cycle, provider_a, officer_a
):
    unit = provider_a.units.get()
    saved = save_answers(
        open_cycle,
        unit,
        officer_a,
        [
            AnswerInput("", "U01", "perhaps"),
            AnswerInput("product-9", "P01", "baik"),
            AnswerInput("", "W01", "yes"),
            AnswerInput("product-1", "P01", "baik", " papan di loket 1 "),
        ],
    )

    reasons = [reason for _item, reason in saved.refused]
    assert len(reasons) == 3
    assert "perhaps" in reasons[0]
    assert "product-9" in reasons[1]
    assert "W01" in reasons[2]
    stored = SelfCheckAnswer.objects.get()
    assert (stored.product.code, stored.indicator, stored.value, stored.note) == (
        "product-1",
        "P01",
        "baik",
        "papan di loket 1",
    )


def test_only_bad_answers_store_nothing_at_all(open_cycle, provider_a, officer_a):
    saved = save_answers(
        open_cycle, provider_a.units.get(), officer_a, [AnswerInput("", "U01", "perhaps")]
    )
    assert saved.self_check is None
    assert not SelfCheck.objects.exists()


def test_saving_the_same_answers_twice_changes_nothing(open_cycle, provider_a, officer_a):
    unit = provider_a.units.get()
    first = fill(open_cycle, unit, officer_a)
    saved_at = first.updated_at
    rows = list(SelfCheckAnswer.objects.order_by("pk").values())

    again = save_answers(open_cycle, unit, officer_a, items(open_cycle, unit), now=timezone.now())

    again.self_check.refresh_from_db()
    assert again.self_check.updated_at == saved_at
    assert list(SelfCheckAnswer.objects.order_by("pk").values()) == rows


def test_saving_is_audited(open_cycle, provider_a, officer_a):
    save_answers(open_cycle, provider_a.units.get(), officer_a, [AnswerInput("", "U01", "yes")])
    assert AuditEvent.objects.filter(object_type="selfcheck.selfcheckanswer").count() == 1
    assert AuditEvent.objects.filter(object_type="selfcheck.selfcheck").exists()


def test_a_changed_answer_is_audited_with_its_value_before(open_cycle, provider_a, officer_a):
    unit = provider_a.units.get()
    save_answers(open_cycle, unit, officer_a, [AnswerInput("", "U01", "yes")])
    save_answers(open_cycle, unit, officer_a, [AnswerInput("", "U01", "no", "Papan dilepas")])

    event = AuditEvent.objects.filter(object_type="selfcheck.selfcheckanswer").latest("pk")
    assert event.action == "update"
    assert (event.before["value"], event.before["note"]) == ("yes", "")
    assert (event.after["value"], event.after["note"]) == ("no", "Papan dilepas")


def test_a_self_check_leaves_official_scores_and_the_visit_plan_unchanged(
    open_cycle, provider_a, officer_a, enumerator, coordinator
):
    factories.answer_everything(open_cycle)
    _snapshot, before = compute_snapshot(open_cycle)
    unit = provider_a.units.get()
    visit = Assignment.objects.create(
        cycle=open_cycle,
        unit=unit,
        enumerator=enumerator,
        starts_on=today() + dt.timedelta(days=9),
        ends_on=today() + dt.timedelta(days=12),
        created_by=coordinator,
    )
    official = list(Answer.objects.order_by("pk").values())
    preliminary = preliminary_answers(open_cycle)

    fill(open_cycle, unit, officer_a, worst_for(WEAK))

    _snapshot, after = compute_snapshot(open_cycle)
    assert [(r.subject.key, r.score) for level in after.by_level.values() for r in level] == [
        (r.subject.key, r.score) for level in before.by_level.values() for r in level
    ]
    assert list(Answer.objects.order_by("pk").values()) == official
    assert preliminary_answers(open_cycle) == preliminary
    assert list(Assignment.objects.values_list("pk", flat=True)) == [visit.pk]
    assert not Submission.objects.exists()
    assert not SubmittedAnswer.objects.exists()


def test_the_projection_equals_official_scoring_of_the_same_answers(officer_a, office):
    """The self-check's answers written as official answers of a cycle and scored as official
    scores are give the projection's scores, unit and provider (a provider without a website,
    since the self-check leaves websites to the office)."""
    provider = factories.provider("tanpa-situs", website=False, units=2)
    officer_a.providers.add(provider)
    cycle = preparing_cycle([provider])
    for unit in provider.units.order_by("pk"):
        fill(cycle, unit, officer_a, worst_for(WEAK if unit.code == "unit-1" else {"U09"}))
    projection = project(cycle, provider)
    now = timezone.now()
    Answer.objects.bulk_create(
        Answer(
            cycle=cycle,
            level="product" if answer.product_id else "unit",
            product=answer.product,
            unit=None if answer.product_id else answer.self_check.unit,
            indicator=answer.indicator,
            value=answer.value,
            answered_at=now,
        )
        for answer in SelfCheckAnswer.objects.select_related("self_check__unit", "product")
    )

    _snapshot, official = compute_snapshot(cycle)

    for unit in provider.units.all():
        assert (
            official.get("unit", ("unit", unit.pk)).score == projection.units[unit.pk].result.score
        )
    assert official.get("provider", ("provider", provider.pk)).score == (
        projection.provider.result.score
    )
    assert projection.units[provider.units.get(code="unit-1").pk].result.score < Decimal(100)


def test_the_gap_plan_reaches_the_next_band_when_its_fixes_are_made(
    open_cycle, provider_a, officer_a
):
    unit = provider_a.units.get()
    fill(open_cycle, unit, officer_a, worst_for(WEAK))
    before = project(open_cycle, provider_a).units[unit.pk]
    plan = before.plan
    assert before.band is not None and before.next_band is not None
    assert plan.reachable and plan.fixes
    assert before.target == before.next_band.label.id
    assert [step.indicator.code for step in before.steps] == [f.indicator for f, _ in plan.fixes]
    assert all(step.indicator.fix is not None for step in before.steps)

    # Re-scored after making every fix: exactly the plan's projected score, in the target band.
    made = [
        AnswerInput(
            fix.subject.path.rsplit("/", 1)[1] if fix.subject.level == "product" else "",
            fix.indicator,
            fix.value,
        )
        for fix, _gain in plan.fixes
    ]
    save_answers(open_cycle, unit, officer_a, made)
    after = project(open_cycle, provider_a).units[unit.pk]
    assert after.result.score == plan.projected_score
    assert after.result.score >= before.next_band.lower

    # Without any one of the fixes, the target is missed.
    for left_out in made:
        fill(open_cycle, unit, officer_a, worst_for(WEAK))
        save_answers(open_cycle, unit, officer_a, [m for m in made if m is not left_out])
        assert project(open_cycle, provider_a).units[unit.pk].result.score < before.next_band.lower


def test_a_complete_top_band_unit_has_no_plan(open_cycle, provider_a, officer_a):
    unit = provider_a.units.get()
    fill(open_cycle, unit, officer_a)
    projection = project(open_cycle, provider_a).units[unit.pk]
    assert projection.result.score == Decimal(100)
    assert (projection.next_band, projection.plan) == (None, None)


def test_an_unfinished_self_check_counts_what_is_missing(open_cycle, provider_a, officer_a):
    unit = provider_a.units.get()
    save_answers(open_cycle, unit, officer_a, items(open_cycle, unit)[:5])
    projection = project(open_cycle, provider_a).units[unit.pk]
    assert projection.result.score is None
    assert projection.missing == len(items(open_cycle, unit)) - 5


def test_the_office_sees_who_self_checked_with_counts_and_last_activity(
    open_cycle, provider_a, provider_b, officer_a
):
    unit = provider_a.units.get()
    moment = timezone.now() - dt.timedelta(hours=2)
    save_answers(open_cycle, unit, officer_a, items(open_cycle, unit)[:4], now=moment)

    rows = activity(open_cycle)

    assert [(r.provider, r.units, r.units_checked, r.answers, r.last_activity) for r in rows] == [
        (provider_a, 1, 1, 4, moment),
        (provider_b, 1, 0, 0, None),
    ]


def test_the_offices_list_takes_two_queries_however_many_agencies(
    open_cycle, provider_a, officer_a, django_assert_num_queries
):
    open_cycle.providers.add(*(factories.provider() for _ in range(3)))
    fill(open_cycle, provider_a.units.get(), officer_a)
    with django_assert_num_queries(2):
        rows = activity(open_cycle)
        names = [row.provider.name for row in rows]
    assert len(names) == 5
