"""The running cycle's klarifikasi: the Disdukcapil officer objects to two preliminary findings
of the unit's approved visit, with a photo each; the reviewer accepts one and rejects the other.

Everything goes through the clarification services, so the corrected version, the recomputed
preliminary scores, the audit log and the e-mails are what real use produces.
"""

import uuid

from django.utils import timezone

from patuh.accounts.models import Role
from patuh.assessments.models import Cycle
from patuh.audit.services import acting_as
from patuh.clarification.services import accept, file_objection, findings, reject
from patuh.demo.photos import notice_board
from patuh.fieldwork.scoring import compute_preliminary_snapshot
from patuh.registry.models import Provider
from patuh.scoring.planner import best_value

PROVIDER = "disdukcapil-belitung"
REASONS = (
    "Informasi ini sudah dipajang di papan pengumuman dekat loket; foto terlampir.",
    "Kami sudah menyediakannya sejak awal tahun; mohon diperiksa kembali.",
)
REJECTION = "Foto tidak menunjukkan ruang pelayanan unit ini; temuan tetap."
ACCEPTANCE = "Foto dari instansi menunjukkan informasi lengkap di ruang pelayanan."


def load_objections(cycle: Cycle, users: dict) -> int:
    """File and decide the demo's objections in `cycle`; returns how many were filed."""
    compute_preliminary_snapshot(cycle, users[Role.COORDINATOR])
    provider = Provider.objects.get(code=PROVIDER)
    officer = provider.officers.get()
    reviewer = users[Role.REVIEWER]
    instrument = cycle.instrument_version.parsed
    chosen = findings(cycle, [provider], "id")[:2]
    if len(chosen) < 2:
        raise ValueError(f"The demo needs two findings of {PROVIDER}; it has {len(chosen)}.")
    filed = []
    taken = timezone.localtime().replace(tzinfo=None, microsecond=0)
    with acting_as(officer, "cli"):
        for number, (finding, reason) in enumerate(zip(chosen, REASONS, strict=True)):
            objection, _ = file_objection(
                cycle,
                provider,
                officer,
                unit_code=finding.unit.code,
                product_code=finding.product.code if finding.product else "",
                indicator=finding.indicator,
                reason=reason,
                data=notice_board(size=(320, 240), taken_at=taken, caption=finding.indicator),
                client_id=uuid.UUID(int=number + 1),
            )
            filed.append(objection)
    with acting_as(reviewer, "cli"):
        better = best_value(instrument.indicators[filed[0].indicator])
        accept(filed[0], reviewer, better, ACCEPTANCE)
        reject(filed[1], reviewer, REJECTION)
    return len(filed)
