from django.urls import reverse

from patuh.audit.models import AuditEvent
from patuh.notifications.models import Preference


def test_officer_switches_reminders_off_and_the_change_is_audited(client, officer_a):
    client.force_login(officer_a)
    url = reverse("notification_settings")

    page = client.get(url)
    assert page.status_code == 200
    assert 'id="id_reminders" checked' in page.content.decode()

    response = client.post(url, {"language": "en"})

    assert response.status_code == 302
    preference = Preference.objects.get(user=officer_a)
    assert (preference.reminders, preference.language) == (False, "en")
    event = AuditEvent.objects.get(object_type="notifications.preference")
    assert event.actor == officer_a
    assert event.after["reminders"] is False


def test_a_bad_language_is_refused_and_nothing_is_stored(client, officer_a):
    client.force_login(officer_a)

    response = client.post(reverse("notification_settings"), {"language": "xx"})

    assert response.status_code == 200
    assert "xx" in response.content.decode()
    assert not Preference.objects.exists()


def test_the_header_links_to_the_settings(client, coordinator):
    client.force_login(coordinator)

    page = client.get(reverse("home")).content.decode()

    assert reverse("notification_settings") in page
