"""Storing evidence: every upload, whatever it is evidence of, goes through store_upload.

The caller (fieldwork's visit photos, PEKPPP's self-assessment evidence) says where the evidence
belongs and keeps its own rules in a Destination; store_upload does what every upload needs:
the same upload sent again is stored once, the content is vetted within the PATUH_* limits,
the files go in a folder per owner, and the row and its files are stored all or nothing.
"""

import uuid
from dataclasses import dataclass, field
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from patuh.evidence.models import EvidenceFile
from patuh.evidence.refusals import EvidenceRejected
from patuh.lib.documents import CONTENT_TYPE as PDF
from patuh.lib.documents import CheckedDocument, DocumentLimits, check_pdf
from patuh.lib.images import ImageLimits, ProcessedImage, process_image
from patuh.lib.rejected import Rejected
from patuh.lib.storage import files_kept_only_on_success

Kind = EvidenceFile.Kind
LINK_MAX = 500
# An upload request carries a little more than its file: the form's other fields and the
# multipart frame.
MULTIPART_ALLOWANCE = 64_000


def image_limits() -> ImageLimits:
    return ImageLimits(
        max_bytes=settings.PATUH_EVIDENCE_MAX_BYTES,
        max_pixels=settings.PATUH_EVIDENCE_MAX_PIXELS,
    )


def document_limits() -> DocumentLimits:
    return DocumentLimits(
        max_bytes=settings.PATUH_DOCUMENT_MAX_BYTES, max_pages=settings.PATUH_DOCUMENT_MAX_PAGES
    )


def check_request_size(content_length: str | None, limit: int) -> None:
    """Refuse a request declaring far more than a file of `limit` bytes, before its body is
    read: the disk is spared, and the sender learns at once."""
    if int(content_length or 0) > limit + MULTIPART_ALLOWANCE:
        raise EvidenceRejected("request_too_large", mb=limit // 10**6)


def check_link(address: str) -> str:
    """`address` if it is an http or https URL; EvidenceRejected saying what is wrong else."""
    address = address.strip()
    if not address:
        raise EvidenceRejected("no_address")
    if len(address) > LINK_MAX:
        raise EvidenceRejected("address_too_long", max=LINK_MAX)
    try:
        URLValidator(schemes=["http", "https"])(address)
    except ValidationError:
        raise EvidenceRejected("not_web_address", address=address[:80]) from None
    return address


@dataclass(frozen=True)
class Upload:
    """What was sent: a file's bytes (a document or an image), an address (a link), or nothing
    to vet (a cited survey, which its caller checks)."""

    kind: str
    data: bytes = b""
    address: str = ""


@dataclass(frozen=True)
class Vetted:
    """An upload proven acceptable: what it is, and the files to store as field → (file name,
    content)."""

    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    sha256: str = ""
    content_type: str = ""
    size: int | None = None
    image: ProcessedImage | None = None
    document: CheckedDocument | None = None
    url: str = ""


def vet(upload: Upload) -> Vetted:
    """Prove the content acceptable for its kind; EvidenceRejected with the code else."""
    try:
        match upload.kind:
            case Kind.IMAGE:
                return _image(process_image(upload.data, image_limits()), upload.data)
            case Kind.DOCUMENT:
                return _document(check_pdf(upload.data, document_limits()), upload.data)
            case Kind.LINK:
                return Vetted(url=check_link(upload.address))
            case Kind.SURVEY:
                # A citation: nothing was sent to vet, and the caller checks the survey.
                return Vetted()
    except Rejected as exc:
        raise EvidenceRejected(exc.code, **exc.details) from exc
    raise ValueError(f"No evidence is of kind {upload.kind!r}.")


def _image(image: ProcessedImage, data: bytes) -> Vetted:
    files = {
        "file": (f"original.{image.extension}", data),
        "display": ("display.jpg", image.display),
        "thumbnail": ("thumbnail.jpg", image.thumbnail),
    }
    return Vetted(files, image.sha256, image.content_type, image.size, image=image)


def _document(document: CheckedDocument, data: bytes) -> Vetted:
    files = {"file": ("document.pdf", data)}
    return Vetted(files, document.sha256, PDF, document.size, document=document)


class Destination[E: EvidenceFile]:
    """Where an upload goes, and the caller's own rules around store_upload's steps."""

    model: ClassVar[type[EvidenceFile]]

    def owns(self, stored: E) -> bool:
        """Whether evidence stored under the same client id is this destination's (a re-send)."""
        raise NotImplementedError

    def prepare(self) -> E:
        """The caller's rules, checked before the content is; the unsaved evidence with the
        caller's fields."""
        raise NotImplementedError

    def describe(self, evidence: E, vetted: Vetted) -> None:
        """Fill the caller's fields that come from the content (a title, a photo's flags)."""

    def place(self, evidence: E) -> str:
        """In the transaction: take turns with other requests for the owner, set the owner on
        `evidence`, and return the owner's folder in storage."""
        raise NotImplementedError

    def attach(self, evidence: E) -> None:
        """In the transaction, once `evidence` is saved: link it to what it is evidence for."""


def store_upload[E: EvidenceFile](
    destination: Destination[E], upload: Upload, *, client_id: uuid.UUID, user
) -> tuple[E, bool]:
    """Vet `upload` and store it as evidence for `destination`; (evidence, created).

    Steps:
    1. Evidence already stored under `client_id` is returned as it is: the same upload sent
       again. If another owner's, EvidenceRejected.
    2. The destination's own rules (prepare), then the content, vetted within the limits: a
       refusal raises (EvidenceRejected, or the destination's own error) and stores nothing.
    3. In one transaction, the files written in it deleted again if it fails: the destination
       places the evidence, taking turns with other requests for the same owner; a re-send that
       got there first is returned instead; then the files, in a folder per evidence inside the
       owner's, the row, and the destination's link to it.
    """
    stored = _stored(destination, client_id)
    if stored is not None:
        return stored, False
    evidence = destination.prepare()
    vetted = vet(upload)
    evidence.kind, evidence.client_id, evidence.uploaded_by = upload.kind, client_id, user
    evidence.sha256, evidence.content_type = vetted.sha256, vetted.content_type
    evidence.size = vetted.size
    destination.describe(evidence, vetted)
    with files_kept_only_on_success() as save, transaction.atomic():
        folder = destination.place(evidence)
        stored = _stored(destination, client_id)
        if stored is not None:
            return stored, False
        for name, (filename, content) in vetted.files.items():
            setattr(evidence, name, save(f"{folder}/{evidence.uuid}/{filename}", content))
        evidence.save()
        destination.attach(evidence)
    return evidence, True


def _stored[E: EvidenceFile](destination: Destination[E], client_id: uuid.UUID) -> E | None:
    stored = destination.model.objects.filter(client_id=client_id).first()
    if stored is not None and not destination.owns(stored):
        raise EvidenceRejected("other_owner")
    return stored
