"""Supporting evidence of a self-assessment (F-01): documents, images, links and cited surveys.

Every piece goes through the evidence core (patuh.evidence.services.store_upload), which vets
the content, stores the same upload sent twice once, and keeps the row and its files all or
nothing; a refusal raises EvaluationError with the reason and stores nothing. Kept here: the
phase must be open, the indicator the instrument's, and a cited survey the unit's.
"""

import uuid
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patuh.assessments.models import Cycle
from patuh.evidence.refusals import EvidenceRejected
from patuh.evidence.services import Destination, Kind, Upload, Vetted, store_upload
from patuh.instruments.definition import Indicator
from patuh.pekppp.models import Evidence
from patuh.pekppp.self_assessment import EvaluationError, check_open, draft, indicator_of
from patuh.registry.models import ServiceUnit
from patuh.satisfaction.models import Survey


@dataclass
class _ForIndicator(Destination[Evidence]):
    """Evidence for one indicator of the unit's self-assessment, while the phase is open."""

    model = Evidence
    cycle: Cycle
    unit: ServiceUnit
    indicator: str

    def owns(self, stored: Evidence) -> bool:
        owner = stored.self_assessment
        return (owner.cycle_id, owner.unit_id) == (self.cycle.pk, self.unit.pk)

    def prepare(self) -> Evidence:
        check_open(self.cycle)
        return self.evidence_for(indicator_of(self.cycle, self.indicator))

    def evidence_for(self, indicator: Indicator) -> Evidence:
        """The unsaved evidence for `indicator`; a kind with rules of its own checks them here."""
        return Evidence(indicator=indicator.code)

    def place(self, evidence: Evidence) -> str:
        evidence.self_assessment = assessment = draft(self.cycle, self.unit)
        return f"pekppp/{self.cycle.code}/{assessment.uuid}"


def _title(filename: str, fallback: str) -> str:
    name = PurePath(filename.replace("\\", "/")).name.strip()
    return (name or fallback)[:200]


@dataclass
class _Document(_ForIndicator):
    filename: str

    def describe(self, evidence: Evidence, vetted: Vetted) -> None:
        evidence.title = _title(self.filename, vetted.document.title or _("Document"))
        evidence.pages = vetted.document.pages


@dataclass
class _Image(_ForIndicator):
    filename: str

    def describe(self, evidence: Evidence, vetted: Vetted) -> None:
        evidence.title = _title(self.filename, _("Image"))


@dataclass
class _Link(_ForIndicator):
    title: str

    def describe(self, evidence: Evidence, vetted: Vetted) -> None:
        evidence.url = vetted.url
        evidence.title = (self.title.strip() or vetted.url)[:200]


@dataclass
class _Survey(_ForIndicator):
    survey: str

    def evidence_for(self, indicator: Indicator) -> Evidence:
        if indicator.evidence_from != "skm":
            raise EvaluationError(
                _("%(code)s does not take satisfaction survey results as evidence.")
                % {"code": indicator.code}
            )
        try:
            chosen = Survey.objects.filter(
                unit=self.unit, uuid=self.survey, opens_on__lte=timezone.localdate()
            ).first()
        except ValidationError:
            chosen = None
        if chosen is None:
            raise EvaluationError(_("Choose one of this unit's satisfaction surveys."))
        return Evidence(indicator=indicator.code, survey=chosen, title=chosen.title[:200])


def _store(
    destination: _ForIndicator, upload: Upload, user, client_id: uuid.UUID
) -> tuple[Evidence, bool]:
    try:
        return store_upload(destination, upload, client_id=client_id, user=user)
    except EvidenceRejected as exc:
        raise EvaluationError(str(exc)) from exc


def add_document(
    cycle: Cycle, unit: ServiceUnit, user, *, indicator: str, data: bytes, filename: str,
    client_id: uuid.UUID,
) -> tuple[Evidence, bool]:  # fmt: skip
    """Attach a PDF to an indicator; (evidence, created). A file that is not a readable PDF
    within the limits raises EvaluationError and stores nothing."""
    document = _Document(cycle, unit, indicator, filename)
    return _store(document, Upload(Kind.DOCUMENT, data), user, client_id)


def add_image(
    cycle: Cycle, unit: ServiceUnit, user, *, indicator: str, data: bytes, filename: str,
    client_id: uuid.UUID,
) -> tuple[Evidence, bool]:  # fmt: skip
    """Attach an image; (evidence, created). Checked as evidence photos are (size, format,
    pixels before decoding, damage); a refused file raises EvaluationError, storing nothing."""
    image = _Image(cycle, unit, indicator, filename)
    return _store(image, Upload(Kind.IMAGE, data), user, client_id)


def add_link(
    cycle: Cycle, unit: ServiceUnit, user, *, indicator: str, address: str, title: str,
    client_id: uuid.UUID,
) -> tuple[Evidence, bool]:  # fmt: skip
    """Attach a web link (http or https only); (evidence, created)."""
    link = _Link(cycle, unit, indicator, title)
    return _store(link, Upload(Kind.LINK, address=address), user, client_id)


def add_survey(
    cycle: Cycle, unit: ServiceUnit, user, *, indicator: str, survey: str, client_id: uuid.UUID
) -> tuple[Evidence, bool]:
    """Cite one of the unit's satisfaction surveys for an indicator about SKM results."""
    cited = _Survey(cycle, unit, indicator, survey)
    return _store(cited, Upload(Kind.SURVEY), user, client_id)


def remove_evidence(cycle: Cycle, unit: ServiceUnit, evidence: uuid.UUID) -> str:
    """Take evidence off the draft and delete its files once the deletion is committed; returns
    its indicator's code ("" when there was no such evidence: removed already)."""
    check_open(cycle)
    with transaction.atomic():
        found = draft(cycle, unit).evidence.filter(uuid=evidence).first()
        if found is None:
            return ""
        names = found.stored_files
        found.delete()
        transaction.on_commit(lambda: [default_storage.delete(name) for name in names])
    return found.indicator
