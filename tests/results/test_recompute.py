import pytest
from django.urls import reverse

from patuh.assessments.models import Answer
from patuh.scoring.models import ScoreSnapshot
from patuh.scoring.services import latest_snapshot


def url(cycle):
    return reverse("recompute", args=[cycle.code])


@pytest.mark.parametrize("who", ["coordinator", "admin_user"])
def test_coordinator_and_admin_recompute_scores(client, request, who, scored_cycle, provider_b):
    user = request.getfixturevalue(who)
    Answer.objects.filter(cycle=scored_cycle, product__unit__provider=provider_b).update(
        value="baik"
    )
    client.force_login(user)

    response = client.post(url(scored_cycle), follow=True)

    assert response.redirect_chain == [(reverse("cycle_detail", args=[scored_cycle.code]), 302)]
    snapshot = latest_snapshot(scored_cycle)
    assert ScoreSnapshot.objects.filter(cycle=scored_cycle).count() == 2
    assert snapshot.computed_by == user
    assert "Nilai dihitung ulang dari" in response.text
    scores = [row.score.score for row in response.context["ranking"].rows]
    assert scores == [100, 100]


def test_first_computation_works_from_a_cycle_without_scores(client, coordinator, cycle):
    client.force_login(coordinator)

    response = client.post(url(cycle), follow=True)

    assert response.status_code == 200
    assert latest_snapshot(cycle).answer_count == 0
    assert [row.score.complete for row in response.context["ranking"].rows] == [False, False]


@pytest.mark.parametrize("who", ["enumerator", "reviewer", "officer_a", "outsider"])
def test_users_without_the_right_to_recompute_are_refused(client, request, who, scored_cycle):
    client.force_login(request.getfixturevalue(who))

    response = client.post(url(scored_cycle))

    assert response.status_code == 403
    assert ScoreSnapshot.objects.filter(cycle=scored_cycle).count() == 1


@pytest.mark.parametrize("who", ["coordinator_elsewhere"])
def test_users_who_cannot_see_the_cycle_get_404(client, request, who, scored_cycle):
    client.force_login(request.getfixturevalue(who))

    response = client.post(url(scored_cycle))

    assert response.status_code == 404
    assert ScoreSnapshot.objects.filter(cycle=scored_cycle).count() == 1


def test_anonymous_user_is_sent_to_login(client, scored_cycle):
    response = client.post(url(scored_cycle))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert ScoreSnapshot.objects.filter(cycle=scored_cycle).count() == 1


def test_recompute_needs_a_post(client, coordinator, scored_cycle):
    client.force_login(coordinator)

    response = client.get(url(scored_cycle))

    assert response.status_code == 405
    assert ScoreSnapshot.objects.filter(cycle=scored_cycle).count() == 1
