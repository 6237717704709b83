"""A job runs its function once committed, keeps progress and result on its row, and fails
with the function's message rather than a traceback."""

from pathlib import Path

import pytest
from django.urls import reverse

from patuh.audit.models import AuditEvent
from patuh.jobs import services, tasks
from patuh.jobs.models import Job
from patuh.jobs.services import JobError, JobOutcome
from patuh.registry.models import Region
from tests import factories
from tests.html import parse

pytestmark = pytest.mark.django_db


@services.register("tests-count")
def count_to(*, progress, upto: int, tmp: str) -> JobOutcome:
    for number in range(1, upto + 1):
        progress(number, upto, f"at {number}")
    path = Path(tmp) / "numbers.txt"
    path.write_text(",".join(str(n) for n in range(1, upto + 1)))
    Region.objects.create(code="99", name="Made by the job", level="province")
    return JobOutcome(summary={"counted": upto}, file=path, message="counted")


@services.register("tests-refuse")
def refuse(*, progress) -> JobOutcome:
    raise JobError("The cycle has no websites to check.")


@services.register("tests-crash")
def crash(*, progress) -> JobOutcome:
    raise ZeroDivisionError("division by zero")


def test_a_job_runs_inline_with_the_immediate_backend_and_keeps_its_result(coordinator, tmp_path):
    job = tasks.start("tests-count", user=coordinator, title="Count", upto=3, tmp=str(tmp_path))

    assert job.status == Job.Status.SUCCEEDED
    assert (job.done, job.total, job.percent) == (3, 3, 100)
    assert job.result == {"counted": 3}
    assert job.message == "counted"
    assert job.result_file.read() == b"1,2,3"
    assert job.started_at <= job.finished_at
    # What the job changed is attributed to whoever started it, made by a task.
    event = AuditEvent.objects.get(
        object_type="registry.region", object_id=str(Region.objects.get(code="99").pk)
    )
    assert (event.actor, event.via) == (coordinator, "task")


def test_a_refusal_is_shown_as_the_jobs_error(coordinator):
    job = tasks.start("tests-refuse", user=coordinator, title="Refuse")

    assert job.status == Job.Status.FAILED
    assert job.error == "The cycle has no websites to check."


def test_an_unexpected_failure_is_recorded_not_raised(coordinator):
    job = tasks.start("tests-crash", user=coordinator, title="Crash")

    assert job.status == Job.Status.FAILED
    assert job.error == "Unexpected error: ZeroDivisionError: division by zero"


def test_an_unknown_kind_is_refused(coordinator):
    with pytest.raises(JobError, match="Unknown job kind 'nope'"):
        tasks.start("nope", user=coordinator, title="Nope")
    assert not Job.objects.exists()


def test_the_job_page_polls_while_running_and_stops_when_done(client, coordinator):
    job = Job.objects.create(
        kind="tests-count",
        title="Count",
        created_by=coordinator,
        done=2,
        total=8,
        status=Job.Status.RUNNING,
    )
    client.force_login(coordinator)

    running = client.get(reverse("job_detail", args=[job.uuid]), headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in running.text
    assert "<!doctype html>" not in running.text
    assert 'value="2"' in running.text and "25%" in running.text

    Job.objects.filter(pk=job.pk).update(status=Job.Status.SUCCEEDED, done=8)
    done = client.get(reverse("job_detail", args=[job.uuid]), headers={"HX-Request": "true"})
    assert "every 1s" not in done.text


def test_someone_elses_job_is_404(client, coordinator, reviewer):
    job = Job.objects.create(kind="tests-count", title="Count", created_by=coordinator)
    client.force_login(reviewer)

    assert client.get(reverse("job_detail", args=[job.uuid])).status_code == 404


def test_the_job_page_links_back_to_its_cycle_and_shows_no_internal_ids(
    client, coordinator, provider_a
):
    cycle = factories.cycle([provider_a])
    job = Job.objects.create(
        kind="tests-count",
        title="Hitung ulang",
        created_by=coordinator,
        cycle=cycle,
        status=Job.Status.SUCCEEDED,
        result={"snapshot": 8},
        message="Nilai dihitung ulang dari 12 jawaban.",
    )
    client.force_login(coordinator)

    page = parse(client.get(reverse("job_detail", args=[job.uuid])).text)

    link = page.one("a", **{"data-cycle-link": ""})
    assert link.attrs["href"] == reverse("cycle_detail", args=[cycle.code])
    assert link.text == cycle.name
    text = page.one("main").text
    assert "Nilai dihitung ulang dari 12 jawaban." in text
    assert "snapshot" not in text and not page.find_all("dl")
