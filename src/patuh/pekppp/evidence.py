"""Supporting evidence of a self-assessment (F-01): documents, images, links and cited surveys.

Every upload is checked before anything is stored (patuh.lib.documents for PDFs,
patuh.lib.images for images, Django's URL validator for links); a refusal raises
EvaluationError with the reason and stores nothing. Files go through Django storage, and an
upload whose client id is already stored returns what was stored (the same upload sent twice).
"""

import uuid
from collections.abc import Callable
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patuh.assessments.models import Cycle
from patuh.fieldwork.services.photos import image_limits, image_problem
from patuh.instruments.definition import Indicator
from patuh.lib.documents import CONTENT_TYPE as PDF
from patuh.lib.documents import DocumentLimits, DocumentRejected, check_pdf
from patuh.lib.images import ImageRejected, process_image
from patuh.lib.storage import files_kept_only_on_success
from patuh.pekppp.models import Evidence
from patuh.pekppp.self_assessment import EvaluationError, check_open, draft, indicator_of
from patuh.registry.models import ServiceUnit
from patuh.satisfaction.models import Survey

LINK_MAX = 500

# What an upload makes of the indicator it is for: the evidence row (without its owner) and the
# files to store with it, attribute → (file name, content).
Builder = Callable[[Indicator], tuple[Evidence, dict[str, tuple[str, bytes]]]]


def document_limits() -> DocumentLimits:
    return DocumentLimits(
        max_bytes=settings.PATUH_DOCUMENT_MAX_BYTES, max_pages=settings.PATUH_DOCUMENT_MAX_PAGES
    )


def document_problem(exc: DocumentRejected) -> str:
    """Why a document was refused, in the user's language."""
    messages = {
        "too_large": _("The file is %(size)s; documents may be at most %(limit)s."),
        "not_pdf": _("The file is not a PDF document. Upload documents as PDF."),
        "damaged": _("The PDF is damaged or incomplete and cannot be read."),
        "encrypted": _("The PDF is protected by a password; upload it without one."),
        "too_many_pages": _("The PDF has %(pages)s pages, more than the %(limit)s allowed."),
        "no_pages": _("The PDF has no pages."),
    }
    return messages[exc.reason] % exc.details


def _add(
    cycle: Cycle, unit: ServiceUnit, user, *, indicator: str, client_id: uuid.UUID, build: Builder
) -> tuple[Evidence, bool]:
    """Store what `build` makes for `indicator` in the unit's draft; (evidence, created).

    Steps: the same client id again returns the stored evidence; the phase must be open and the
    indicator the instrument's; `build` checks the content (raising EvaluationError); then the
    row and its files are stored all or nothing: files already written are deleted again when
    anything fails.
    """
    stored = Evidence.objects.filter(client_id=client_id).select_related("self_assessment").first()
    if stored is not None:
        owner = stored.self_assessment
        if (owner.cycle_id, owner.unit_id) != (cycle.pk, unit.pk):
            raise EvaluationError(_("This evidence belongs to another self-assessment."))
        return stored, False
    check_open(cycle)
    found = indicator_of(cycle, indicator)
    evidence, files = build(found)
    evidence.client_id, evidence.indicator, evidence.uploaded_by = client_id, found.code, user
    with files_kept_only_on_success() as save, transaction.atomic():
        evidence.self_assessment = assessment = draft(cycle, unit)
        folder = f"pekppp/{cycle.code}/{assessment.uuid}/{evidence.uuid}"
        for attribute, (filename, content) in files.items():
            setattr(evidence, attribute, save(f"{folder}/{filename}", content))
        evidence.save()
    return evidence, True


def _title(filename: str, fallback: str) -> str:
    name = PurePath(filename.replace("\\", "/")).name.strip()
    return (name or fallback)[:200]


def add_document(
    cycle: Cycle, unit: ServiceUnit, user, *, indicator: str, data: bytes, filename: str,
    client_id: uuid.UUID,
) -> tuple[Evidence, bool]:  # fmt: skip
    """Attach a PDF to an indicator; (evidence, created). A file that is not a readable PDF
    within the limits raises EvaluationError and stores nothing."""

    def build(_indicator: Indicator):
        try:
            document = check_pdf(data, document_limits())
        except DocumentRejected as exc:
            raise EvaluationError(document_problem(exc)) from exc
        evidence = Evidence(
            kind=Evidence.Kind.DOCUMENT,
            title=_title(filename, document.title or _("Document")),
            content_type=PDF,
            size=document.size,
            pages=document.pages,
            sha256=document.sha256,
        )
        return evidence, {"file": ("document.pdf", data)}

    return _add(cycle, unit, user, indicator=indicator, client_id=client_id, build=build)


def add_image(
    cycle: Cycle, unit: ServiceUnit, user, *, indicator: str, data: bytes, filename: str,
    client_id: uuid.UUID,
) -> tuple[Evidence, bool]:  # fmt: skip
    """Attach an image; (evidence, created). Checked as evidence photos are (size, format,
    pixels before decoding, damage); a refused file raises EvaluationError, storing nothing."""

    def build(_indicator: Indicator):
        try:
            image = process_image(data, image_limits())
        except ImageRejected as exc:
            raise EvaluationError(image_problem(exc)) from exc
        evidence = Evidence(
            kind=Evidence.Kind.IMAGE,
            title=_title(filename, _("Image")),
            content_type=image.content_type,
            size=image.size,
            sha256=image.sha256,
        )
        return evidence, {
            "file": (f"original.{image.extension}", data),
            "display": ("display.jpg", image.display),
            "thumbnail": ("thumbnail.jpg", image.thumbnail),
        }

    return _add(cycle, unit, user, indicator=indicator, client_id=client_id, build=build)


def check_link(address: str) -> str:
    """`address` if it is an http or https URL; EvaluationError saying what is wrong else."""
    address = address.strip()
    if not address:
        raise EvaluationError(_("Enter the link's address."))
    if len(address) > LINK_MAX:
        raise EvaluationError(
            _("The address is longer than %(max)d characters.") % {"max": LINK_MAX}
        )
    try:
        URLValidator(schemes=["http", "https"])(address)
    except ValidationError:
        raise EvaluationError(
            _("“%(address)s” is not a web address; links start with http:// or https://.")
            % {"address": address[:80]}
        ) from None
    return address


def add_link(
    cycle: Cycle, unit: ServiceUnit, user, *, indicator: str, address: str, title: str,
    client_id: uuid.UUID,
) -> tuple[Evidence, bool]:  # fmt: skip
    """Attach a web link (http or https only); (evidence, created)."""

    def build(_indicator: Indicator):
        checked = check_link(address)
        evidence = Evidence(kind=Evidence.Kind.LINK, title=(title.strip() or checked)[:200])
        evidence.url = checked
        return evidence, {}

    return _add(cycle, unit, user, indicator=indicator, client_id=client_id, build=build)


def add_survey(
    cycle: Cycle, unit: ServiceUnit, user, *, indicator: str, survey: str, client_id: uuid.UUID
) -> tuple[Evidence, bool]:
    """Cite one of the unit's satisfaction surveys for an indicator about SKM results."""

    def build(found: Indicator):
        if found.evidence_from != "skm":
            raise EvaluationError(
                _("%(code)s does not take satisfaction survey results as evidence.")
                % {"code": found.code}
            )
        try:
            chosen = Survey.objects.filter(
                unit=unit, uuid=survey, opens_on__lte=timezone.localdate()
            ).first()
        except ValidationError:
            chosen = None
        if chosen is None:
            raise EvaluationError(_("Choose one of this unit's satisfaction surveys."))
        return Evidence(kind=Evidence.Kind.SURVEY, title=chosen.title[:200], survey=chosen), {}

    return _add(cycle, unit, user, indicator=indicator, client_id=client_id, build=build)


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
