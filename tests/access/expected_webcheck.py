"""Who gets through the website-check pages: office staff of the cycle's office only."""

from django.core.files.base import ContentFile
from django.utils import timezone

from patuh.jobs.models import Job
from patuh.webcheck.models import WebcheckRun, WebsiteCheck
from tests.access.roles import RESULTS_STAFF

RUNNERS = frozenset({"reviewer", "coordinator", "admin_user"})

EXPECTED = {
    "webcheck_websites": RESULTS_STAFF,
    "webcheck_run": RUNNERS,
    "webcheck_website": RESULTS_STAFF,
    # Reviewing is what overrides an answer; coordinators review too.
    "webcheck_override": RUNNERS,
    "webcheck_screenshot": RESULTS_STAFF,
}

SAMPLES = {
    "website": lambda world: world["website"].code,
    "indicator": lambda world: "W03",
    "check": lambda world: world["website_check"].uuid,
}


def build(world: dict) -> None:
    cycle = world["cycle"]
    world["website"] = website = world["provider_a"].websites.get()
    # A run in progress: the walk's "check all" then starts no real checks.
    Job.objects.create(kind="webcheck", title="Check", cycle=cycle, status=Job.Status.RUNNING)
    now = timezone.now()
    run = WebcheckRun.objects.create(cycle=cycle, started_at=now, finished_at=now, site_count=1)
    check = WebsiteCheck(
        run=run, website=website, url=website.url, final_url=website.url, checked_at=now,
        duration_ms=10,
    )  # fmt: skip
    check.screenshot.save("shot.png", ContentFile(b"\x89PNG"), save=False)
    check.save()
    world["website_check"] = check
