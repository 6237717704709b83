"""The audit log records every tracked change with before and after, and cannot be rewritten."""

import pytest

from patuh.assessments.models import Answer
from patuh.audit.models import AuditEvent, AuditLogIsAppendOnly
from patuh.audit.services import Action, acting_as, field_values, record, save_as_read
from tests import factories

pytestmark = pytest.mark.django_db


def events(after: int = 0, **filters):
    """Recorded events matching `filters`, oldest first, from after event id `after`."""
    return list(AuditEvent.objects.filter(pk__gt=after, **filters).order_by("pk"))


def last_event_id() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_answer_update_records_actor_before_and_after(coordinator, provider_a):
    cycle = factories.cycle([provider_a])
    factories.answer_everything(cycle)
    answer = Answer.objects.filter(cycle=cycle, indicator="P01").first()

    with acting_as(coordinator, "web", "10.0.0.7"):
        answer.value = "kurang"
        answer.note = "Papan informasi pudar"
        answer.save()

    [event] = events(object_type="assessments.answer", action=Action.UPDATE)
    assert event.actor == coordinator
    assert event.actor_name == "coordinator"
    assert (event.via, event.ip) == ("web", "10.0.0.7")
    assert event.object_id == str(answer.pk)
    assert event.cycle_id == cycle.pk
    assert event.before == {"value": "baik", "note": ""}
    assert event.after == {"value": "kurang", "note": "Papan informasi pudar"}


def test_a_row_saved_as_read_records_its_values_as_read_without_reading_it_again(
    provider_a, django_assert_num_queries
):
    cycle = factories.cycle([provider_a])
    factories.answer_everything(cycle)
    answer = Answer.objects.filter(cycle=cycle, indicator="P01").first()
    before = field_values(answer)
    answer.value = "kurang"

    with django_assert_num_queries(2):  # the UPDATE and the event; no SELECT of the row
        save_as_read(answer, before)

    [event] = events(object_type="assessments.answer", action=Action.UPDATE)
    assert (event.before, event.after) == ({"value": "baik"}, {"value": "kurang"})
    # The next save reads the row again, as any other does.
    answer.value = "baik"
    with django_assert_num_queries(3):
        answer.save()
    assert events(object_type="assessments.answer", action=Action.UPDATE)[-1].before == {
        "value": "kurang"
    }


def test_saving_without_a_change_records_nothing(provider_a):
    cycle = factories.cycle([provider_a])
    before = AuditEvent.objects.count()

    cycle.save()

    assert AuditEvent.objects.count() == before


def test_create_and_delete_record_the_whole_object(provider_a):
    cycle = factories.cycle([provider_a])
    phase = cycle.phases.get()

    phase.delete()

    [created] = events(object_type="assessments.phase", action=Action.CREATE)
    [deleted] = events(object_type="assessments.phase", action=Action.DELETE)
    assert created.after["kind"] == "pengambilan_data"
    assert deleted.before["starts_on"] == "2021-06-07"
    assert created.cycle_id == deleted.cycle_id == cycle.pk
    assert deleted.actor is None and deleted.actor_name == "system"


def test_role_and_provider_changes_are_recorded_as_permission_changes(officer_a, provider_b):
    mark = last_event_id()
    officer_a.role = "reviewer"
    officer_a.save()
    officer_a.providers.add(provider_b)

    role_change, provider_change = events(
        mark, object_type="accounts.user", object_id=str(officer_a.pk), action=Action.UPDATE
    )
    assert (role_change.before, role_change.after) == (
        {"role": "agency_officer"},
        {"role": "reviewer"},
    )
    assert provider_change.after["providers"] == sorted(
        officer_a.providers.values_list("pk", flat=True)
    )
    assert len(provider_change.before["providers"]) == 1


def test_password_changes_are_recorded_without_the_hash(officer_a):
    mark = last_event_id()
    old_hash = officer_a.password
    officer_a.set_password("a-new-long-passphrase")
    officer_a.save()

    [event] = events(mark, object_type="accounts.user", action=Action.UPDATE)
    assert set(event.after) == {"password"}
    assert event.before["password"] != event.after["password"]
    assert old_hash not in str(event.before) and officer_a.password not in str(event.after)


def test_events_cannot_be_changed_or_deleted_through_the_orm():
    event = record(Action.EXPORT, object_type="x.y", object_repr="thing")

    event.note = "rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(note="rewritten")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()
    event.refresh_from_db()
    assert event.note == ""
