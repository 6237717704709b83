"""Who gets through the core URLs: sign-in, cycles, results, audit log, jobs.

Each tests/access/expected_<area>.py module defines EXPECTED (URL name → roles that get
through), SAMPLES (URL parameter → value from the sample world) and may define build(world),
which adds that area's sample objects to the world dict (it already holds "cycle",
"provider_a", "provider_b", "snapshot" and "users", role → user).
"""

from django.core.files.base import ContentFile

from patuh.jobs.models import Job
from tests.access.roles import ADMIN, EVERYONE, RESULTS_STAFF, SIGNED_IN

EXPECTED = {
    "login": EVERYONE,
    "logout": EVERYONE,
    "switch_language": EVERYONE,
    "password_change": SIGNED_IN,
    "password_change_done": SIGNED_IN,
    # Signed in: the cycles; anyone else: the public results.
    "home": EVERYONE,
    "cycle_detail": RESULTS_STAFF,
    "provider_detail": RESULTS_STAFF,
    "recompute": frozenset({"coordinator", "admin_user"}),
    "audit_log": ADMIN,
    "audit_export": ADMIN,
    # The sample job was started by the coordinator.
    "job_detail": frozenset({"coordinator", "admin_user"}),
    "job_download": frozenset({"coordinator", "admin_user"}),
}

SAMPLES = {
    "code": lambda world: world["cycle"].code,
    "provider": lambda world: world["provider_a"].code,
    "job": lambda world: world["job"].uuid,
    "fmt": lambda world: "csv",
}


def build(world: dict) -> None:
    job = Job.objects.create(
        kind="sample",
        title="Sample",
        created_by=world["users"]["coordinator"],
        cycle=world["cycle"],
    )
    job.result_file.save("sample.csv", ContentFile(b"a,b\n"))
    world["job"] = job
