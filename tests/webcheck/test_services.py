"""Checking a cycle: the run is stored with every check, and the automatic answers follow it."""

import pytest
from django.utils import timezone

from patuh.assessments.models import Answer, AnswerSource
from patuh.audit.models import AuditEvent
from patuh.instruments.definition import Instrument
from patuh.jobs import tasks as jobs
from patuh.jobs.models import Job
from patuh.webcheck.checker import CHECK_IDS
from patuh.webcheck.models import CheckOutcome, WebcheckRun, WebsiteCheck
from patuh.webcheck.services import OverrideError, check_cycle, override_answer
from tests.webcheck.servers import Reply

pytestmark = pytest.mark.django_db


def answers(cycle) -> dict[str, tuple[str, str]]:
    rows = Answer.objects.filter(cycle=cycle, level="website")
    return {a.indicator: (a.value, a.source) for a in rows}


def indicator(cycle, code: str):
    instrument: Instrument = cycle.instrument_version.parsed
    return instrument.indicators[code]


def test_checking_a_cycle_stores_the_run_with_every_check(checked_cycle, provider_a, coordinator):
    run, results = check_cycle(checked_cycle, user=coordinator)
    assert WebcheckRun.objects.get() == run
    assert (run.site_count, run.started_by) == (1, coordinator)
    assert (run.settings["allow_private"], run.settings["allowed_networks"]) == (
        False,
        ["127.0.0.1/32"],
    )
    stored = WebsiteCheck.objects.get(run=run)
    assert stored.website == provider_a.websites.get()
    assert stored.final_url == results[0].final_url
    assert len(stored.html_sha256) == 64
    outcomes = CheckOutcome.objects.filter(website_check=stored)
    assert sorted(outcomes.values_list("check_id", flat=True)) == sorted(CHECK_IDS)
    requirements = outcomes.get(check_id="standard_requirements")
    assert requirements.status == "pass"
    assert requirements.evidence["page"].endswith("/layanan/ktp-el")
    assert stored.passed + stored.failed + stored.errors + 1 == len(CHECK_IDS)  # + screenshot na
    event = AuditEvent.objects.get(action="webcheck")
    assert event.after == {"websites": 1, "answers": 5}
    assert event.cycle_id == checked_cycle.pk


def test_results_become_automatic_answers_to_the_website_indicators(checked_cycle):
    check_cycle(checked_cycle)
    assert answers(checked_cycle) == {
        # The loopback site is not under go.id.
        "W01": ("no", AnswerSource.AUTOMATIC),
        "W02": ("baik", AnswerSource.AUTOMATIC),
        "W03": ("yes", AnswerSource.AUTOMATIC),
        "W04": ("yes", AnswerSource.AUTOMATIC),
        "W05": ("yes", AnswerSource.AUTOMATIC),
    }
    note = Answer.objects.get(indicator="W03").note
    assert note.startswith("Website check ") and note.endswith("maklumat pass")


def test_a_new_run_updates_automatic_answers_but_never_manual_or_overridden_ones(
    checked_cycle, agency_site, reviewer
):
    check_cycle(checked_cycle)
    Answer.objects.filter(indicator="W04").update(value="no", source=AnswerSource.MANUAL)
    Answer.objects.filter(indicator="W05").update(value="no", source=AnswerSource.FIELDWORK)
    w02 = Answer.objects.get(indicator="W02")
    override_answer(
        w02, indicator(checked_cycle, "W02"), value="kurang", reason="PDF only", user=reviewer
    )
    del agency_site.routes["/maklumat"]
    run, _ = check_cycle(checked_cycle)
    assert run.answers_written == 1
    assert answers(checked_cycle) == {
        "W01": ("no", AnswerSource.AUTOMATIC),
        "W02": ("kurang", AnswerSource.OVERRIDE),
        "W03": ("no", AnswerSource.AUTOMATIC),
        "W04": ("no", AnswerSource.MANUAL),
        "W05": ("no", AnswerSource.FIELDWORK),
    }
    change = AuditEvent.objects.filter(action="update", object_type="assessments.answer").latest(
        "pk"
    )
    assert (change.before["value"], change.after["value"]) == ("yes", "no")


def test_an_automatic_answer_a_later_run_cannot_decide_is_removed_and_audited(
    checked_cycle, agency_site, reviewer
):
    check_cycle(checked_cycle)
    w02 = Answer.objects.get(indicator="W02")
    override_answer(
        w02, indicator(checked_cycle, "W02"), value="kurang", reason="PDF only", user=reviewer
    )
    # The next run may read the home page only: what the other pages show is unknown.
    agency_site.routes["/robots.txt"] = Reply("User-agent: *\nDisallow: /\n")
    run, _ = check_cycle(checked_cycle)
    assert run.answers_written == 2
    assert answers(checked_cycle) == {
        "W01": ("no", AnswerSource.AUTOMATIC),
        "W02": ("kurang", AnswerSource.OVERRIDE),
        # A telephone number on the home page is enough.
        "W04": ("yes", AnswerSource.AUTOMATIC),
    }
    removed = AuditEvent.objects.filter(action="delete", object_type="assessments.answer")
    assert sorted((e.before["indicator"], e.before["value"]) for e in removed) == [
        ("W03", "yes"),
        ("W05", "yes"),
    ]
    assert {event.cycle_id for event in removed} == {checked_cycle.pk}


def test_a_blocked_checker_leaves_the_content_indicators_for_a_person(checked_cycle, agency_site):
    agency_site.routes["/"] = Reply("<title>Forbidden</title>", status=403)
    check_cycle(checked_cycle)
    # Not on go.id decides W01 whatever else; nothing could be read to decide the rest.
    assert answers(checked_cycle) == {"W01": ("no", AnswerSource.AUTOMATIC)}


def test_a_dead_site_counts_as_publishing_nothing(checked_cycle, agency_site, settings):
    agency_site.__exit__()
    check_cycle(checked_cycle)
    assert answers(checked_cycle) == {
        "W01": ("no", AnswerSource.AUTOMATIC),
        "W02": ("tidak-ada", AnswerSource.AUTOMATIC),
        "W03": ("no", AnswerSource.AUTOMATIC),
        "W04": ("no", AnswerSource.AUTOMATIC),
        "W05": ("no", AnswerSource.AUTOMATIC),
    }


def test_an_override_keeps_the_reason_and_is_audited(checked_cycle, reviewer):
    check_cycle(checked_cycle)
    answer = Answer.objects.get(indicator="W03")
    override_answer(
        answer,
        indicator(checked_cycle, "W03"),
        value="no",
        reason="The maklumat page is empty.",
        user=reviewer,
    )
    answer.refresh_from_db()
    assert (answer.value, answer.source, answer.note) == (
        "no",
        AnswerSource.OVERRIDE,
        "The maklumat page is empty.",
    )
    assert answer.answered_by == reviewer
    event = AuditEvent.objects.get(action="override")
    assert event.actor == reviewer
    assert event.note == "The maklumat page is empty."
    assert event.before["value"] == "yes" and event.before["source"] == "automatic"
    assert event.after == {
        "value": "no",
        "source": "override",
        "note": "The maklumat page is empty.",
    }
    assert AuditEvent.objects.filter(
        action="update", object_type="assessments.answer", object_id=str(answer.pk)
    ).exists()


@pytest.mark.parametrize(
    ("source", "value", "reason", "problem"),
    [
        (AnswerSource.AUTOMATIC, "no", "  ", "Jelaskan mengapa"),
        (AnswerSource.AUTOMATIC, "maybe", "why", "takes yes or no"),
        (AnswerSource.MANUAL, "no", "why", "Hanya jawaban otomatis"),
        (AnswerSource.FIELDWORK, "no", "why", "Hanya jawaban otomatis"),
    ],
)
def test_an_override_that_cannot_be_made_changes_nothing(
    checked_cycle, reviewer, source, value, reason, problem
):
    answer = Answer.objects.create(
        cycle=checked_cycle,
        level="website",
        website=checked_cycle.providers.get().websites.get(),
        indicator="W03",
        value="yes",
        source=source,
        answered_at=timezone.now(),
    )
    with pytest.raises(OverrideError, match=problem):
        override_answer(
            answer, indicator(checked_cycle, "W03"), value=value, reason=reason, user=reviewer
        )
    answer.refresh_from_db()
    assert (answer.value, answer.source) == ("yes", source)
    assert not AuditEvent.objects.filter(action="override").exists()


def test_the_job_checks_the_cycle_with_progress(checked_cycle, coordinator):
    job = jobs.start(
        "webcheck",
        user=coordinator,
        title="Check",
        cycle=checked_cycle,
        cycle_id=checked_cycle.pk,
    )
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert (job.done, job.total) == (1, 1)
    assert job.result == {"websites": 1, "answers": 5}
    assert job.message == "1 situs web diperiksa; 5 jawaban otomatis ditulis."
    assert WebcheckRun.objects.get().started_by == coordinator


@pytest.mark.parametrize(
    ("setting", "value", "reason"),
    [
        (
            "PATUH_WEBCHECK_KEYWORDS",
            "/nowhere/keywords.yaml",
            "/nowhere/keywords.yaml: cannot be read",
        ),
        ("PATUH_CONTACT_URL", "", "PATUH_CONTACT_URL is not set"),
    ],
)
def test_a_job_with_bad_settings_fails_saying_why(
    checked_cycle, coordinator, settings, setting, value, reason
):
    setattr(settings, setting, value)
    job = jobs.start(
        "webcheck", user=coordinator, title="Check", cycle=checked_cycle, cycle_id=checked_cycle.pk
    )
    assert job.status == Job.Status.FAILED
    assert job.error.startswith(f"Situs web tidak diperiksa: {reason}")
    assert not WebcheckRun.objects.exists()


@pytest.mark.browser
def test_a_screenshot_is_stored_as_evidence(checked_cycle, settings):
    settings.PATUH_WEBCHECK_SCREENSHOTS = True
    run, _ = check_cycle(checked_cycle)
    stored = WebsiteCheck.objects.get(run=run)
    assert stored.screenshot.name.startswith("webcheck/")
    with stored.screenshot.open("rb") as handle:
        assert handle.read(4) == b"\x89PNG"
    assert stored.outcomes.get(check_id="screenshot").status == "pass"
