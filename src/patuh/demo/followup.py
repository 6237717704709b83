"""The follow-up of the released 2021 Belitung cycle: the findings of its report cards in every
state, and two Ombudsman supervision products with their items.

The release opened a finding per failed indicator, due 60 days later (February 2022), so what
nobody reported done is overdue. The demo officer's agency (Disdukcapil Belitung) has one item
in each state, one of them sent back; the other agencies followed up a varying share, so the
tracker's rates and levels differ. Reports carry a photo of the notice board, vetted like any
upload. Texts are illustrative.
"""

import datetime as dt
import uuid

from django.utils import timezone

from patuh.accounts.models import Role
from patuh.demo.photos import notice_board
from patuh.evidence.services import Kind, Upload
from patuh.followup import services
from patuh.followup.models import Finding, Product
from patuh.registry.models import Government, Provider
from patuh.results.services import shortfalls

OFFICER_PROVIDER = "disdukcapil-belitung"
SENT_BACK_REASON = "Foto tidak menunjukkan maklumat pelayanan yang terpasang; mohon kirim ulang."
NOTE = "Sudah diperbaiki dan dipasang di ruang pelayanan."
PRODUCTS = (
    {
        "kind": Product.Kind.REKOMENDASI,
        "number": "0007/REK/0395.2022/BB/III/2022",
        "issued_on": dt.date(2022, 3, 14),
        "deadline": None,
        "government": "pemkab-belitung",
        "items": (
            "Menetapkan standar pelayanan di seluruh perangkat daerah penyelenggara pelayanan.",
            "Menyediakan sarana pengaduan yang terhubung dengan SP4N-LAPOR!.",
        ),
    },
    {
        "kind": Product.Kind.SARAN_PERBAIKAN,
        "number": "0012/SRN/0395.2022/BB/V/2022",
        "issued_on": dt.date(2022, 5, 9),
        "deadline": dt.date(2022, 7, 8),
        "provider": "dpmptsp-belitung",
        "items": (
            "Mempublikasikan maklumat pelayanan di ruang tunggu.",
            "Menyediakan ruang laktasi dan sarana bagi pengguna berkebutuhan khusus.",
        ),
    },
)


def load_followup(cycle, snapshot, users: dict) -> int:
    """Open the release's findings, move them along, register the products; how many items."""
    officer, coordinator = users[Role.AGENCY_OFFICER], users[Role.COORDINATOR]
    opened = services.open_findings(
        cycle,
        snapshot.pk,
        snapshot.instrument_version_id,
        shortfalls(snapshot),
        timezone.localdate(snapshot.released_at),
    )
    providers = sorted({finding.provider_id for finding in opened})
    for number, provider_id in enumerate(providers):
        items = sorted(
            (f for f in opened if f.provider_id == provider_id), key=lambda f: f.subject_path
        )
        if Provider.objects.get(pk=provider_id).code == OFFICER_PROVIDER:
            _every_state(items, officer, coordinator)
        else:
            # 0, 1, 2 or 3 of every four items verified: rates from none to most.
            for finding in items[: len(items) * (number % 4) // 4]:
                verified(finding, officer, coordinator)
    for spec in PRODUCTS:
        _product(cycle, spec, officer, coordinator)
    return Finding.objects.filter(cycle=cycle).count()


def _report(finding: Finding, officer) -> Finding:
    photo = Upload(Kind.IMAGE, notice_board(caption="MAKLUMAT PELAYANAN"))
    return services.report_done(finding, officer, NOTE, [(photo, uuid.uuid4())])


def verified(finding: Finding, officer, coordinator) -> Finding:
    """`finding` reported done by `officer` with a photo, and verified by `coordinator`."""
    return services.verify(_report(finding, officer), coordinator)


def _every_state(items: list[Finding], officer, coordinator) -> None:
    """Verified, verified, sent back, reported (awaiting the office), in progress; the rest
    stay open, overdue."""
    steps = [
        lambda f: verified(f, officer, coordinator),
        lambda f: verified(f, officer, coordinator),
        lambda f: services.send_back(_report(f, officer), coordinator, SENT_BACK_REASON),
        lambda f: _report(f, officer),
        lambda f: services.start(f, officer),
    ]
    for step, finding in zip(steps, items, strict=False):
        step(finding)


def register(cycle, spec: dict, coordinator):
    """The product of `spec` (seed shape: kind, number, issued_on, deadline, government or
    provider code, items) registered in `cycle`'s tracker."""
    if "government" in spec:
        owner = Government.objects.get(code=spec["government"])
    else:
        owner = Provider.objects.get(code=spec["provider"])
    return services.register_product(
        cycle,
        services.ProductSpec(
            kind=spec["kind"],
            number=spec["number"],
            issued_on=spec["issued_on"],
            deadline=spec["deadline"],
            owner=owner,
            items=list(spec["items"]),
        ),
        coordinator,
    )


def _product(cycle, spec: dict, officer, coordinator) -> None:
    product = register(cycle, spec, coordinator)
    # The first item of each was followed up; the second is still open.
    verified(product.items.order_by("pk").first(), officer, coordinator)
