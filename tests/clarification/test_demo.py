"""The demo's running cycle shows klarifikasi at work: one objection accepted, one rejected."""

from django.urls import reverse

from patuh.clarification.models import Objection
from patuh.demo import seed


def test_the_demo_has_one_objection_accepted_and_one_rejected(demo, client):
    objections = Objection.objects.filter(cycle__code=seed.LIVE_CYCLE["code"])

    assert sorted(objections.values_list("status", flat=True)) == ["accepted", "rejected"]
    accepted = objections.get(status="accepted")
    assert accepted.correction.status == "approved"
    officer = accepted.filed_by
    client.force_login(officer)
    response = client.get(reverse("clarification:findings", args=[seed.LIVE_CYCLE["code"]]))
    assert response.status_code == 200
    assert "Diterima" in response.text and "Ditolak" in response.text
    assert "Ajukan keberatan" in response.text
