"""Who gets through the follow-up URLs.

build() adds a cycle of providers A and B whose (empty) scores were released, with one finding
of provider A carrying a photo: officer A follows it up, the office's staff see it, and the
coordinators decide. Officers of B, other offices and the public reach none of it.
"""

import datetime as dt
import uuid

from django.utils import timezone

from patuh.followup import services
from patuh.followup.models import Finding
from patuh.scoring.models import ScoreSnapshot
from tests import factories
from tests.access.roles import RESULTS_STAFF
from tests.followup.conftest import photo

COORDINATORS = frozenset({"coordinator", "admin_user"})
STAFF_AND_OWNER = RESULTS_STAFF | {"officer_a"}

EXPECTED = {
    # Every officer has a list (B's is empty); administrators may act as officers.
    "followup:mine": frozenset({"officer_a", "officer_b", "admin_user"}),
    "followup:item": STAFF_AND_OWNER,
    "followup:evidence": STAFF_AND_OWNER,
    "followup:start": frozenset({"officer_a"}),
    "followup:report": frozenset({"officer_a"}),
    "followup:decide": COORDINATORS,
    "followup:tracker": RESULTS_STAFF,
    "followup:export": RESULTS_STAFF,
    "followup:new_product": COORDINATORS,
}

NOT_FOUND = {
    "officer_b": frozenset({"followup:item", "followup:evidence", "followup:report"}),
    "coordinator_elsewhere": frozenset({"followup:item", "followup:decide", "followup:tracker"}),
}

SAMPLES = {
    "finding": lambda world: world["finding"].uuid,
    "piece": lambda world: world["finding_evidence"].uuid,
    "what": lambda world: "findings",
}


def build(world: dict) -> None:
    sample = world["cycle"]
    cycle = factories.cycle([world["provider_a"], world["provider_b"]], code="followup-2020")
    snapshot = ScoreSnapshot.objects.create(
        cycle=cycle,
        instrument_version=sample.instrument_version,
        computed_at=timezone.now(),
        answer_count=0,
        released_at=timezone.now(),
    )
    unit = world["provider_a"].units.get()
    finding = Finding.objects.create(
        cycle=cycle,
        kind=Finding.FINDING,
        provider=world["provider_a"],
        snapshot=snapshot,
        instrument_version=sample.instrument_version,
        indicator="U01",
        level="unit",
        subject_id=unit.pk,
        subject_path=f"{world['provider_a'].path}/{unit.code}",
        subject_name=unit.name,
        due=timezone.localdate() + dt.timedelta(days=30),
    )
    services.report_done(finding, world["users"]["officer_a"], "Sudah", [(photo(), uuid.uuid4())])
    world["finding"] = Finding.objects.get(pk=finding.pk)
    world["finding_evidence"] = finding.evidence.get()
