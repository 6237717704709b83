"""The reviewer's pages: the queue, a submission with its scores, decisions, corrections."""

import datetime as dt

import pytest
from django.urls import reverse

from patuh.assessments.models import Answer
from patuh.fieldwork.models import Submission
from patuh.registry.models import Region
from patuh.scoring import incremental
from patuh.scoring.models import ScoreSnapshot
from patuh.scoring.services import compute_snapshot, latest_snapshot
from tests import factories
from tests.fieldwork.conftest import submitted
from tests.html import parse
from tests.scoring.test_incremental import rows

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_reviewer_approves_and_the_official_score_follows(
    client, reviewer, enumerator, visit, open_cycle
):
    submission = submitted(visit, enumerator)
    client.force_login(reviewer)
    queue = client.get(reverse("fieldwork:queue", args=[open_cycle.code]))
    assert [s.pk for s in queue.context["submissions"]] == [submission.pk]

    page = client.get(reverse("fieldwork:submission", args=[submission.uuid]))
    assert page.status_code == 200
    sections = parse(page.text).find_all("details", class_="section")
    # The unit, then each of its two products.
    assert [section.first("summary").first("span").text for section in sections] == [
        "nilai bila disetujui: 100,00"
    ] * 3

    response = client.post(
        reverse("fieldwork:decide", args=[submission.uuid]), {"decision": "approved"}, follow=True
    )

    assert messages_of(response) == ["Keputusan dicatat: setujui."]
    assert Answer.objects.filter(unit=visit.unit).count() == 21
    snapshot = ScoreSnapshot.objects.filter(cycle=open_cycle, kind="official").latest("pk")
    unit_score = snapshot.scores.get(level="unit", subject_id=visit.unit_id)
    assert str(unit_score.score) == "100.0000"


def test_an_approval_rescores_only_what_changed_and_gives_a_full_recompute(
    client, reviewer, enumerator, visit, open_cycle, monkeypatch
):
    # Set-up and approval fall within a second; see tests/scoring/test_incremental.py.
    monkeypatch.setattr(incremental, "POSTGRESQL_OVERLAP", dt.timedelta(0))
    factories.answer_everything(
        open_cycle,
        lambda i: min(i.options, key=lambda o: o.points).code if i.options else "no",
    )
    base, _ = compute_snapshot(open_cycle)
    before = rows(base)
    submission = submitted(visit, enumerator)
    client.force_login(reviewer)

    client.post(reverse("fieldwork:decide", args=[submission.uuid]), {"decision": "approved"})

    official = latest_snapshot(open_cycle, ScoreSnapshot.Kind.OFFICIAL)
    assert official.pk == base.pk
    assert rows(official) != before
    assert rows(official) == rows(compute_snapshot(open_cycle)[0])


def test_the_reviewer_corrects_an_answer_into_a_new_version_and_compares(
    client, reviewer, enumerator, visit
):
    submission = submitted(visit, enumerator)
    client.force_login(reviewer)

    response = client.post(
        reverse("fieldwork:correct", args=[submission.uuid]),
        {
            "reason": "Papan maklumat tidak ada di foto",
            "value::U02": "no",
            "was::U02": "yes",
            "note::U02": "",
            "wasnote::U02": "",
            "value::U03": "yes",
            "was::U03": "yes",
        },
        follow=True,
    )

    second = Submission.objects.get(version=2)
    assert response.redirect_chain[-1][0] == reverse("fieldwork:submission", args=[second.uuid])
    assert second.answers.get(indicator="U02").value == "no"
    compare = client.get(reverse("fieldwork:compare", args=[second.uuid]), {"with": 1})
    [change] = compare.context["differences"]
    assert (change.indicator, change.before, change.after) == ("U02", "yes", "no")


def test_preliminary_scores_are_computed_on_request_and_labelled(
    client, reviewer, enumerator, visit, open_cycle
):
    submitted(visit, enumerator)
    client.force_login(reviewer)

    response = client.post(reverse("fieldwork:preliminary", args=[open_cycle.code]), follow=True)

    assert messages_of(response) == ["Nilai sementara dihitung dari 33 jawaban."]
    snapshot = ScoreSnapshot.objects.get(cycle=open_cycle, kind="preliminary")
    assert snapshot.scores.get(level="unit", subject_id=visit.unit_id).score is not None
    assert not Region.objects.filter(code="00").exists()


def test_a_refused_decision_keeps_what_the_reviewer_chose_and_wrote(
    client, reviewer, enumerator, visit
):
    submission = submitted(visit, enumerator)
    client.force_login(reviewer)
    decide_url = reverse("fieldwork:decide", args=[submission.uuid])

    # Sending back needs a comment: the page comes back with "send back" still chosen.
    response = client.post(decide_url, {"decision": "has_issues", "comment": "  "})

    assert response.status_code == 400
    assert messages_of(response) == [
        "Sebutkan apa yang salah agar enumerator dapat memperbaikinya."
    ]
    chosen = [
        radio.attrs["value"]
        for radio in parse(response.text).find_all("input", name="decision")
        if "checked" in radio.attrs
    ]
    assert chosen == ["has_issues"]
    submission.refresh_from_db()
    assert submission.status == Submission.Status.RECEIVED


def test_a_sent_back_visit_reads_dikembalikan(client, reviewer, enumerator, visit):
    submission = submitted(visit, enumerator)
    client.force_login(reviewer)
    client.post(
        reverse("fieldwork:decide", args=[submission.uuid]),
        {"decision": "has_issues", "comment": "Foto buram"},
    )
    client.force_login(enumerator)

    page = parse(client.get(reverse("fieldwork:my_visits")).text)

    assert page.one("span", class_="status-issues").text == "! Dikembalikan"
