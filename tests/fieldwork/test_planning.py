"""Planning visits: who visits which unit, within data collection."""

import datetime as dt

import pytest

from patuh.audit.models import AuditEvent
from patuh.fieldwork.models import Assignment
from patuh.fieldwork.services import FieldworkError
from patuh.fieldwork.services.planning import assign, assign_many, collection_window
from patuh.registry.models import ServiceUnit
from tests import factories
from tests.fieldwork.conftest import today

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


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


def test_the_window_to_plan_in_is_data_collection_and_a_cycle_without_it_has_none(open_cycle):
    assert collection_window(open_cycle) == (
        today() - dt.timedelta(days=10),
        today() + dt.timedelta(days=30),
    )
    open_cycle.phases.all().delete()

    with pytest.raises(FieldworkError, match="no data collection phase"):
        collection_window(open_cycle)


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
