"""Following findings and product items up: opening them, the one state machine they share,
and registering the Ombudsman's supervision products.

    open ─┬─> in progress ─> reported done ─┬─> verified
          └────────────────────^            └─> sent back ─> (in progress, reported done)

The agency moves an item forward and reports it done with a note and evidence; the office
verifies it or sends it back with a reason. Every change is a save of a tracked row (audited).
"""

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patuh.assessments.models import Cycle
from patuh.audit.services import Action, record
from patuh.evidence.services import Destination, Upload, store_upload
from patuh.followup.models import Finding, FindingEvidence, FollowupPeriod, Product
from patuh.registry.models import Government, Provider

State = Finding.State


class FollowupError(Exception):
    """A change that cannot be made; the message says why, for the person who tried."""


# action → (states it starts from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "start": (frozenset({State.OPEN, State.SENT_BACK}), State.IN_PROGRESS),
    "report": (frozenset({State.OPEN, State.IN_PROGRESS, State.SENT_BACK}), State.REPORTED),
    "verify": (frozenset({State.REPORTED}), State.VERIFIED),
    "send_back": (frozenset({State.REPORTED}), State.SENT_BACK),
}


def allowed(finding: Finding, action: str) -> bool:
    return finding.state in TRANSITIONS[action][0]


def _check(finding: Finding, action: str) -> None:
    """FollowupError if `finding`'s state does not allow `action`."""
    if not allowed(finding, action):
        raise FollowupError(
            _("This item is %(state)s; it cannot be changed that way now.")
            % {"state": finding.get_state_display().lower()}
        )


def period_days(cycle: Cycle) -> int:
    """The days the cycle gives to follow up a release's findings."""
    period = FollowupPeriod.objects.filter(cycle=cycle).first()
    return period.days if period else settings.PATUH_FOLLOWUP_DAYS


@dataclass(frozen=True)
class Shortfall:
    """A failed indicator of a released report card, as the snapshot scored it."""

    provider_id: int
    level: str
    subject_id: int
    path: str
    name: str
    indicator: str
    answer: str


@transaction.atomic
def open_findings(
    cycle: Cycle,
    snapshot_id: int,
    instrument_version_id: int,
    shortfalls: Iterable[Shortfall],
    released_on: dt.date,
) -> list[Finding]:
    """Open a finding, due after the cycle's follow-up period, for every shortfall that has
    none yet in the cycle (a correction released later adds only the new ones); the findings
    opened. One audit event sums them up (a bulk insert sends no signals)."""
    due = released_on + dt.timedelta(days=period_days(cycle))
    existing = set(
        Finding.objects.filter(cycle=cycle, product__isnull=True).values_list(
            "level", "subject_id", "indicator"
        )
    )
    new = [
        Finding(
            cycle=cycle,
            kind=Finding.FINDING,
            provider_id=item.provider_id,
            snapshot_id=snapshot_id,
            instrument_version_id=instrument_version_id,
            level=item.level,
            subject_id=item.subject_id,
            subject_path=item.path,
            subject_name=item.name,
            indicator=item.indicator,
            answer=item.answer,
            due=due,
        )
        for item in shortfalls
        if (item.level, item.subject_id, item.indicator) not in existing
    ]
    Finding.objects.bulk_create(new, batch_size=500)
    if new:
        record(
            Action.CREATE,
            object_type="followup.finding",
            object_repr=f"{len(new)} findings of {cycle.code}",
            cycle_id=cycle.pk,
            after={"findings": len(new), "snapshot": snapshot_id, "due": due.isoformat()},
            note=f"findings of the release of snapshot {snapshot_id}",
        )
    return new


def _move(finding: Finding, action: str, **fields) -> Finding:
    """Move `finding` by `action` with `fields`; FollowupError if its state does not allow it.
    The row is read again under a lock, so two people cannot both move it."""
    with transaction.atomic():
        current = Finding.objects.select_for_update().get(pk=finding.pk)
        _check(current, action)
        current.state = TRANSITIONS[action][1]
        for name, value in fields.items():
            setattr(current, name, value)
        current.save()
    return current


def start(finding: Finding, user) -> Finding:
    """The agency has started working on the item."""
    return _move(finding, "start")


class _FindingEvidence(Destination[FindingEvidence]):
    model = FindingEvidence

    def __init__(self, finding: Finding):
        self.finding = finding

    def owns(self, stored: FindingEvidence) -> bool:
        return stored.finding_id == self.finding.pk

    def prepare(self) -> FindingEvidence:
        return FindingEvidence(finding=self.finding)

    def place(self, evidence: FindingEvidence) -> str:
        Finding.objects.select_for_update().filter(pk=self.finding.pk).first()
        return f"followup/{self.finding.cycle_id}/{self.finding.uuid}"


def report_done(
    finding: Finding,
    user,
    note: str,
    uploads: Iterable[tuple[Upload, uuid.UUID]] = (),
) -> Finding:
    """The agency reports the item done, with a note and its evidence (photos or documents).

    Steps: the state and the note are checked first; then each piece of evidence is vetted
    and stored (a refusal raises EvidenceRejected and the item stays as it was); the item is
    reported done only with at least one piece of evidence, sent now or before.
    """
    note = note.strip()
    _check(finding, "report")
    if not note:
        raise FollowupError(_("Say in a note what was done."))
    for upload, client_id in uploads:
        store_upload(_FindingEvidence(finding), upload, client_id=client_id, user=user)
    if not finding.evidence.exists():
        raise FollowupError(_("Add a photo or a document that shows it done."))
    return _move(
        finding, "report", note=note, reason="", reported_at=timezone.now(), reported_by=user
    )


def verify(finding: Finding, user) -> Finding:
    """The office checked the evidence: the item is done."""
    return _move(finding, "verify", decided_at=timezone.now(), decided_by=user)


def send_back(finding: Finding, user, reason: str) -> Finding:
    """The office is not satisfied: the agency must do more, as the reason says."""
    reason = reason.strip()
    if not reason:
        raise FollowupError(_("Give the reason for sending it back."))
    return _move(finding, "send_back", reason=reason, decided_at=timezone.now(), decided_by=user)


@dataclass(frozen=True)
class ProductSpec:
    """A supervision product as an office enters or imports it, before it is checked."""

    kind: str
    number: str
    issued_on: dt.date
    deadline: dt.date | None
    owner: Provider | Government
    items: list[str]


def check_product(cycle: Cycle, spec: ProductSpec) -> list[str]:
    """What is wrong with `spec` for `cycle`, in words; empty when it can be registered."""
    errors = []
    if spec.kind not in Product.Kind.values:
        errors.append(
            _("The kind must be one of %(kinds)s, not “%(kind)s”.")
            % {"kinds": ", ".join(Product.Kind.values), "kind": spec.kind}
        )
    if not spec.number.strip():
        errors.append(_("The product needs its number."))
    elif Product.objects.filter(cycle=cycle, number=spec.number.strip()).exists():
        errors.append(
            _("Product %(number)s is already registered in this cycle.")
            % {"number": spec.number.strip()}
        )
    if spec.deadline is None and spec.kind != Product.Kind.REKOMENDASI:
        errors.append(_("Give the deadline (only a recommendation has one by default)."))
    if spec.deadline is not None and spec.deadline < spec.issued_on:
        errors.append(
            _("The deadline %(deadline)s is before the product's date %(date)s.")
            % {"deadline": spec.deadline.isoformat(), "date": spec.issued_on.isoformat()}
        )
    if not [item for item in spec.items if item.strip()]:
        errors.append(_("List at least one item the agency must follow up."))
    if not _in_scope(cycle, spec.owner):
        errors.append(
            _("%(owner)s has no provider in %(cycle)s.")
            % {"owner": spec.owner, "cycle": cycle.code}
        )
    return errors


def _in_scope(cycle: Cycle, owner: Provider | Government) -> bool:
    if isinstance(owner, Provider):
        return cycle.providers.filter(pk=owner.pk).exists()
    return cycle.providers.filter(government=owner).exists()


def register_product(cycle: Cycle, spec: ProductSpec, user) -> Product:
    """Register a product and open its items; FollowupError listing what is wrong else."""
    errors = check_product(cycle, spec)
    if errors:
        raise FollowupError(" ".join(errors))
    return _create_product(cycle, spec, user)


@transaction.atomic
def _create_product(cycle: Cycle, spec: ProductSpec, user) -> Product:
    deadline = spec.deadline or Product.default_deadline(spec.kind, spec.issued_on)
    owner = {"government": spec.owner} if isinstance(spec.owner, Government) else {}
    owner = owner or {"provider": spec.owner}
    product = Product.objects.create(
        cycle=cycle,
        kind=spec.kind,
        number=spec.number.strip(),
        issued_on=spec.issued_on,
        deadline=deadline,
        registered_by=user,
        **owner,
    )
    path = spec.owner.path if isinstance(spec.owner, Provider) else spec.owner.code
    for text in (item.strip() for item in spec.items):
        if text:
            Finding.objects.create(
                cycle=cycle,
                kind=spec.kind,
                product=product,
                subject_path=path,
                subject_name=str(spec.owner),
                text=text,
                due=deadline,
                **owner,
            )
    return product


def register_products(cycle: Cycle, specs: list[ProductSpec], user) -> list[Product]:
    """Register several products at once, all or none (the caller checked each)."""
    with transaction.atomic():
        return [_create_product(cycle, spec, user) for spec in specs]
