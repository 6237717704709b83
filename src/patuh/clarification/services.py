"""Klarifikasi: an agency's preliminary findings, its objections, and the office's decisions.

The findings are what the cycle's latest preliminary snapshot counts with less than full points
at the agency's units and products (SubjectScore.shortfalls), with the metadata-free photos of
the visit version those scores counted. Objections are filed only while the cycle's klarifikasi
phase runs. Accepting one corrects the answer as a new version of the visit through the
fieldwork review service (approved at once when the version it corrects was approved, so the
official answers and every later official score count it) and recomputes the preliminary
scores; rejecting one needs a reason. Every change is audited (the models are tracked, and
decisions are recorded as reviews).
"""

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from patuh.access import ROLE_CAPABILITIES, Can
from patuh.accounts.models import User
from patuh.assessments.models import Cycle, Level, Phase
from patuh.audit.services import Action, record
from patuh.clarification.models import Objection, ObjectionEvidence
from patuh.evidence.refusals import EvidenceRejected
from patuh.evidence.services import Destination, Kind, Upload, store_upload
from patuh.fieldwork.models import Assignment, Evidence, Review, Submission, SubmittedAnswer
from patuh.fieldwork.queries import photos_by_subject
from patuh.fieldwork.scoring import COUNTED, compute_preliminary_snapshot
from patuh.fieldwork.services import FieldworkError
from patuh.fieldwork.services.collecting import AnswerInput, latest_submission
from patuh.fieldwork.services.reviewing import correct, decide
from patuh.notifications.services import notify
from patuh.registry.models import Provider, ServiceProduct, ServiceUnit
from patuh.results.queries import answer_label
from patuh.scoring.models import ScoreSnapshot, SubjectScore
from patuh.scoring.services import latest_snapshot

REASON_MAX = 2000


class ClarificationError(Exception):
    """The action cannot be done; the message says why, for the person acting."""


# The window


def window(cycle: Cycle) -> Phase | None:
    """The cycle's klarifikasi phase, if it has one."""
    return cycle.phase(Phase.Kind.KLARIFIKASI)


def is_open(cycle: Cycle, today: dt.date) -> bool:
    phase = window(cycle)
    return phase is not None and phase.runs_on(today)


def has_started(cycle: Cycle, today: dt.date) -> bool:
    """Whether agencies may see their preliminary findings: from the first day of klarifikasi
    on (after it, with the decisions on their objections)."""
    phase = window(cycle)
    return phase is not None and phase.starts_on <= today


def check_open(cycle: Cycle, today: dt.date) -> None:
    """ClarificationError unless objections may be filed in `cycle` on `today`."""
    phase = window(cycle)
    if phase is None:
        raise ClarificationError(_("This cycle has no clarification phase."))
    if today < phase.starts_on:
        raise ClarificationError(
            _("Objections can be filed from %(date)s.") % {"date": f"{phase.starts_on:%d-%m-%Y}"}
        )
    if today > phase.ends_on:
        raise ClarificationError(
            _("The clarification phase closed on %(date)s; objections can no longer be filed.")
            % {"date": f"{phase.ends_on:%d-%m-%Y}"}
        )


# Findings


@dataclass
class Finding:
    """A failed indicator of one of the agency's units or products, as the preliminary scores
    count it, with the photos behind it and the objection to it, if any."""

    provider: Provider
    unit: ServiceUnit
    product: ServiceProduct | None
    indicator: str
    value: str
    question: str = ""
    component: str = ""
    answer: str = ""
    fix: str = ""
    photos: list[Evidence] = field(default_factory=list)
    objection: Objection | None = None

    @property
    def level(self) -> str:
        return Level.PRODUCT if self.product else Level.UNIT

    @property
    def key(self) -> tuple[str, int, str]:
        subject = self.product or self.unit
        return (str(self.level), subject.pk, self.indicator)


def findings(cycle: Cycle, providers, language: str) -> list[Finding]:
    """The findings of `providers` in `cycle`'s latest preliminary snapshot, by provider, unit,
    product (the unit's own first) and the instrument's order of indicators.

    Steps:
    1. the units and products of the providers, and the snapshot's rows about them;
    2. each row's shortfalls, labelled from the instrument;
    3. the photos of the counted visit versions, and the objections filed.
    """
    snapshot = latest_snapshot(cycle, ScoreSnapshot.Kind.PRELIMINARY)
    if snapshot is None:
        return []
    units = {
        u.pk: u
        for u in ServiceUnit.objects.filter(
            provider__in=providers, provider__cycles=cycle
        ).select_related("provider")
    }
    products = {
        p.pk: p for p in ServiceProduct.objects.filter(unit_id__in=units).select_related("unit")
    }
    rows = SubjectScore.objects.filter(snapshot=snapshot).filter(
        Q(level=Level.UNIT, subject_id__in=units) | Q(level=Level.PRODUCT, subject_id__in=products)
    )
    instrument = cycle.instrument_version.parsed
    order = {code: number for number, code in enumerate(instrument.indicators)}
    found = []
    for row in rows:
        if row.level == Level.UNIT:
            unit, product = units[row.subject_id], None
        else:
            product = products[row.subject_id]
            unit = units[product.unit_id]
        for code, value in row.shortfalls.items():
            finding = Finding(unit.provider, unit, product, code, value)
            indicator = instrument.indicators.get(code)
            if indicator is not None:
                finding.question = indicator.text.get(language)
                finding.component = indicator.component
                finding.answer = answer_label(indicator, value, language)
                finding.fix = indicator.fix.get(language) if indicator.fix else ""
            else:
                finding.answer = value
            found.append(finding)
    photos = counted_photos(cycle, units)
    objections = {o.key: o for o in _objections(cycle, units)}
    for finding in found:
        finding.photos = photos.get(finding.key, [])
        finding.objection = objections.get(finding.key)
    found.sort(
        key=lambda f: (
            f.provider.name,
            f.unit.name,
            f.unit.pk,
            f.product is not None,
            f.product.name if f.product else "",
            order.get(f.indicator, len(order)),
            f.indicator,
        )
    )
    return found


def _objections(cycle: Cycle, unit_ids) -> list[Objection]:
    objections = list(
        Objection.objects.filter(cycle=cycle, unit_id__in=unit_ids).prefetch_related("evidence")
    )
    for objection in objections:
        objection.key = (objection.level, objection.subject_id, objection.indicator)
    return objections


def counted_photos(cycle: Cycle, unit_ids) -> dict[tuple[str, int, str], list[Evidence]]:
    """The photos of the answers that preliminary scores count (the latest counted version of
    each visit to the units `unit_ids`), by (level, subject id, indicator)."""
    latest = list(
        Submission.objects.filter(
            assignment__cycle=cycle, assignment__unit_id__in=unit_ids, status__in=COUNTED
        )
        .values_list("assignment_id")
        .annotate(version=Max("version"))
    )
    if not latest:
        return {}
    wanted = Q()
    for assignment_id, version in latest:
        wanted |= Q(submission__assignment_id=assignment_id, submission__version=version)
    return photos_by_subject(SubmittedAnswer.objects.filter(wanted))


def find(
    cycle: Cycle, provider: Provider, unit_code: str, product_code: str, indicator: str
) -> Finding:
    """The provider's finding at unit `unit_code` (and product `product_code`, "" for the
    unit itself) about `indicator`; ClarificationError when there is none."""
    for finding in findings(cycle, [provider], "id"):
        if (
            finding.unit.code == unit_code
            and (finding.product.code if finding.product else "") == product_code
            and finding.indicator == indicator
        ):
            return finding
    raise ClarificationError(
        _("There is no finding about %(indicator)s there; reload the page.")
        % {"indicator": indicator}
    )


# Filing


@dataclass
class _ObjectionFile(Destination[ObjectionEvidence]):
    """A photo or PDF sent with one objection."""

    model = ObjectionEvidence
    objection: Objection

    def owns(self, stored: ObjectionEvidence) -> bool:
        return stored.objection_id == self.objection.pk

    def prepare(self) -> ObjectionEvidence:
        return ObjectionEvidence(objection=self.objection)

    def place(self, evidence: ObjectionEvidence) -> str:
        # The objection is new, made in this very transaction: no other request can hold it.
        return f"objections/{self.objection.cycle.code}/{self.objection.uuid}"


def upload_of(data: bytes) -> Upload:
    """A PDF (by its signature) or else an image: the vetting says what is wrong with either."""
    return Upload(Kind.DOCUMENT if data.startswith(b"%PDF-") else Kind.IMAGE, data)


def file_objection(
    cycle: Cycle,
    provider: Provider,
    user: User,
    *,
    unit_code: str,
    product_code: str,
    indicator: str,
    reason: str,
    data: bytes,
    client_id: uuid.UUID,
    today: dt.date | None = None,
) -> tuple[Objection, bool]:
    """Object to one of `provider`'s findings with a reason and a photo or PDF; (objection,
    created).

    Steps:
    1. the window must be open and the reason given;
    2. the finding must be one of the provider's; one objected to already is returned as it
       is when this is the same upload sent again, and refused otherwise;
    3. in one transaction the objection and its evidence (store_upload): evidence that fails
       the vetting stores neither;
    4. the office's reviewers and coordinators are told.
    """
    check_open(cycle, today or timezone.localdate())
    reason = reason.strip()
    if not reason:
        raise ClarificationError(_("Say why the finding is wrong."))
    if len(reason) > REASON_MAX:
        raise ClarificationError(
            _("The reason is longer than %(max)d characters.") % {"max": REASON_MAX}
        )
    finding = find(cycle, provider, unit_code, product_code, indicator)
    if finding.objection is not None:
        if finding.objection.evidence.filter(client_id=client_id).exists():
            return finding.objection, False
        raise ClarificationError(_("This finding has been objected to already."))
    if not data:
        raise ClarificationError(_("Add a photo or a PDF that shows the finding is wrong."))
    try:
        with transaction.atomic():
            objection = Objection.objects.create(
                cycle=cycle,
                provider=provider,
                unit=finding.unit,
                product=finding.product,
                indicator=finding.indicator,
                answer=finding.value,
                reason=reason,
                filed_by=user,
            )
            store_upload(_ObjectionFile(objection), upload_of(data), client_id=client_id, user=user)
    except EvidenceRejected as exc:
        raise ClarificationError(str(exc)) from exc
    except IntegrityError:
        # Another request filed an objection to the same finding first.
        raise ClarificationError(_("This finding has been objected to already.")) from None
    notify(
        office_reviewers(cycle),
        "objection_filed",
        {"objection": objection, "cycle": cycle},
        cycle=cycle,
    )
    return objection, True


def office_reviewers(cycle: Cycle):
    """The staff of the cycle's office who decide objections."""
    roles = [role for role, granted in ROLE_CAPABILITIES.items() if Can.REVIEW in granted]
    return User.objects.filter(office_id=cycle.office_id, role__in=roles, is_active=True)


# Deciding


def _undecided(objection: Objection) -> Objection:
    # Lock the objection's row only: PostgreSQL refuses FOR UPDATE on the nullable side of the
    # outer joins select_related makes for the optional unit, product and provider.
    objection = (
        Objection.objects.select_for_update(of=("self",))
        .select_related("cycle__instrument_version", "unit", "product", "provider")
        .get(pk=objection.pk)
    )
    if objection.status != Objection.Status.FILED:
        raise ClarificationError(
            _("This objection has been decided already (%(status)s).")
            % {"status": objection.get_status_display().lower()}
        )
    return objection


def accept(objection: Objection, reviewer: User, value: str, note: str = "") -> Objection:
    """Accept the objection: the answer becomes `value` in a new version of the visit, the
    preliminary scores are recomputed, and the agency is told."""
    objection = _accept(objection, reviewer, value, note.strip())
    compute_preliminary_snapshot(objection.cycle, user=reviewer)
    _tell_agency(objection)
    return objection


@transaction.atomic
def _accept(objection: Objection, reviewer: User, value: str, note: str) -> Objection:
    objection = _undecided(objection)
    assignment = Assignment.objects.filter(cycle=objection.cycle, unit=objection.unit).first()
    latest = latest_submission(assignment) if assignment else None
    if latest is None or latest.status in (Submission.Status.DRAFT, Submission.Status.REJECTED):
        raise ClarificationError(
            _("The visit has no submitted version to correct; finish its review first.")
        )
    current = latest.answers.filter(
        product=objection.product, indicator=objection.indicator
    ).first()
    if current is not None and current.value == value.strip():
        raise ClarificationError(_("Choose an answer other than the current one."))
    reason = _("Objection accepted: %(reason)s") % {"reason": note or objection.reason}
    item = AnswerInput(
        objection.product.code if objection.product else "",
        objection.indicator,
        value,
        current.note if current else "",
    )
    try:
        corrected = correct(latest, reviewer, reason, [item])
        if latest.status == Submission.Status.APPROVED:
            decide(corrected, reviewer, Review.Decision.APPROVED)
    except FieldworkError as exc:
        raise ClarificationError(str(exc)) from exc
    objection.status = Objection.Status.ACCEPTED
    objection.decided_by, objection.decided_at = reviewer, timezone.now()
    objection.decision_note = note
    objection.corrected_value = corrected.answers.get(
        product=objection.product, indicator=objection.indicator
    ).value
    objection.correction = corrected
    objection.save()
    record(Action.REVIEW, objection, after={"decision": "accepted"}, note=note)
    return objection


def reject(objection: Objection, reviewer: User, reason: str) -> Objection:
    """Reject the objection with a reason, which the agency sees; the answer stays."""
    reason = reason.strip()
    if not reason:
        raise ClarificationError(_("Say why the objection is rejected; the agency will read it."))
    with transaction.atomic():
        objection = _undecided(objection)
        objection.status = Objection.Status.REJECTED
        objection.decided_by, objection.decided_at = reviewer, timezone.now()
        objection.decision_note = reason
        objection.save()
        record(Action.REVIEW, objection, after={"decision": "rejected"}, note=reason)
    _tell_agency(objection)
    return objection


def _tell_agency(objection: Objection) -> None:
    # No cycle for notify's release check: the officers saw these findings during
    # klarifikasi, before any release, and the decision tells them nothing more.
    notify(
        objection.provider.officers.filter(is_active=True),
        "objection_decided",
        {"objection": objection, "cycle": objection.cycle},
    )


# The report


@dataclass
class Tally:
    provider: Provider
    filed: int
    accepted: int
    rejected: int

    @property
    def pending(self) -> int:
        return self.filed - self.accepted - self.rejected


def report(cycle: Cycle) -> list[Tally]:
    """Objections filed, accepted and rejected per provider that filed any, by name: two
    queries."""
    counts = (
        Objection.objects.filter(cycle=cycle)
        .values("provider_id")
        .annotate(
            filed=Count("pk"),
            accepted=Count("pk", filter=Q(status=Objection.Status.ACCEPTED)),
            rejected=Count("pk", filter=Q(status=Objection.Status.REJECTED)),
        )
    )
    by_provider = {row["provider_id"]: row for row in counts}
    providers = Provider.objects.filter(pk__in=by_provider).order_by("name", "code")
    return [
        Tally(
            provider,
            by_provider[provider.pk]["filed"],
            by_provider[provider.pk]["accepted"],
            by_provider[provider.pk]["rejected"],
        )
        for provider in providers
    ]
