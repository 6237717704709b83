"""The evidence core: every upload vetted, refused with one translated message per code, stored
once under its client id, in a folder per owner, all or nothing."""

import io
import uuid
from dataclasses import dataclass, field

import pytest
from django.utils import translation
from PIL import Image
from pypdf import PdfWriter

from patuh.evidence.refusals import MESSAGES, EvidenceRejected
from patuh.evidence.services import (
    Destination,
    Kind,
    Upload,
    Vetted,
    check_request_size,
    store_upload,
)
from patuh.lib.documents import DocumentRejected
from patuh.lib.images import ImageRejected
from patuh.pekppp.models import Evidence, SelfAssessment
from tests import factories, photos
from tests.documents import ACTIVE_PDFS, pdf, text_named_pdf
from tests.storage import stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def limits(settings):
    """Limits the refusals below name: 2 MB files, 20 million pixels, 10 pages."""
    settings.PATUH_EVIDENCE_MAX_BYTES = settings.PATUH_DOCUMENT_MAX_BYTES = 2_000_000
    settings.PATUH_EVIDENCE_MAX_PIXELS = 20_000_000
    settings.PATUH_DOCUMENT_MAX_PAGES = 10


@dataclass
class IntoSelfAssessment(Destination[Evidence]):
    """An owner with no rules of its own: the core's steps alone."""

    model = Evidence
    assessment: SelfAssessment
    attached: list[Evidence] = field(default_factory=list)

    def owns(self, stored: Evidence) -> bool:
        return stored.self_assessment_id == self.assessment.pk

    def prepare(self) -> Evidence:
        return Evidence(indicator="1.a.Ak", title="Bukti")

    def describe(self, evidence: Evidence, vetted: Vetted) -> None:
        evidence.url = vetted.url
        evidence.pages = vetted.document.pages if vetted.document else None

    def place(self, evidence: Evidence) -> str:
        evidence.self_assessment = self.assessment
        return f"tests/{self.assessment.uuid}"

    def attach(self, evidence: Evidence) -> None:
        self.attached.append(evidence)


class FailingToAttach(IntoSelfAssessment):
    """Fails at the last step, when the files and the row are already written."""

    def attach(self, evidence: Evidence) -> None:
        raise RuntimeError("the link to what it is evidence for failed")


def assessment_of(provider) -> SelfAssessment:
    cycle = factories.cycle([provider], code=f"pekppp-{provider.code}", instrument="pekppp-2022")
    return SelfAssessment.objects.create(cycle=cycle, unit=provider.units.get())


@pytest.fixture
def assessment(provider_a) -> SelfAssessment:
    return assessment_of(provider_a)


def store(destination, upload, user, client_id=None):
    return store_upload(destination, upload, client_id=client_id or uuid.uuid4(), user=user)


def gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, "GIF")
    return out.getvalue()


def pdf_without_pages() -> bytes:
    out = io.BytesIO()
    PdfWriter().write(out)
    return out.getvalue()


def pdf_with_a_password() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("rahasia")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def active_pdf(what: str) -> bytes:
    return next(data for kind, data, _ in ACTIVE_PDFS if kind == what)


def truncated_photo() -> bytes:
    data = photos.jpeg(size=(1200, 900))
    return data[: len(data) // 2]


# (code, what was sent, the refusal as an Indonesian user reads it)
REFUSALS = [
    (
        "image_too_large",
        Upload(Kind.IMAGE, b"\xff" * 2_100_000),
        "Berkas berukuran 2.1 MB; foto paling besar 2.0 MB.",
    ),
    (
        "not_image",
        Upload(Kind.IMAGE, photos.text_named_jpg()),
        "Berkas ini bukan gambar (foto JPEG, PNG atau WebP).",
    ),
    (
        "image_format",
        Upload(Kind.IMAGE, gif()),
        "Gambar GIF tidak diterima; kirim foto JPEG, PNG atau WebP.",
    ),
    (
        "too_many_pixels",
        Upload(Kind.IMAGE, photos.decompression_bomb()),
        "Gambar menyatakan 8000×8000 piksel, melebihi batas 20,000,000.",
    ),
    (
        "far_too_many_pixels",
        Upload(Kind.IMAGE, photos.giant_png_header()),
        "Gambar menyatakan jauh lebih banyak piksel daripada batas 20,000,000.",
    ),
    (
        "image_damaged",
        Upload(Kind.IMAGE, truncated_photo()),
        "Gambar rusak atau tidak lengkap dan tidak dapat dibaca.",
    ),
    (
        "document_too_large",
        Upload(Kind.DOCUMENT, b"%PDF-" + b"\x00" * 2_099_995),
        "Berkas ini berukuran 2.1 MB; dokumen paling besar 2.0 MB.",
    ),
    (
        "not_pdf",
        Upload(Kind.DOCUMENT, text_named_pdf()),
        "Berkas ini bukan dokumen PDF. Unggah dokumen dalam bentuk PDF.",
    ),
    (
        "document_damaged",
        Upload(Kind.DOCUMENT, pdf("SK")[:300]),
        "PDF ini rusak atau tidak lengkap sehingga tidak dapat dibaca.",
    ),
    (
        "encrypted",
        Upload(Kind.DOCUMENT, pdf_with_a_password()),
        "PDF ini dilindungi kata sandi; unggah tanpa kata sandi.",
    ),
    (
        "too_many_pages",
        Upload(Kind.DOCUMENT, pdf("SK", pages=11)),
        "PDF ini 11 halaman, lebih dari batas 10 halaman.",
    ),
    ("no_pages", Upload(Kind.DOCUMENT, pdf_without_pages()), "PDF ini tidak memiliki halaman."),
    (
        "pdf_javascript",
        Upload(Kind.DOCUMENT, active_pdf("document-level script")),
        "PDF ini berisi JavaScript yang dapat berjalan di komputer yang membukanya. Cetak atau "
        "simpan ulang sebagai PDF biasa, lalu unggah hasilnya.",
    ),
    (
        "pdf_action",
        Upload(Kind.DOCUMENT, active_pdf("link that launches a program")),
        "PDF ini memuat tindakan (Launch) yang berjalan sendiri, misalnya membuka program, berkas "
        "atau halaman web. Cetak atau simpan ulang sebagai PDF biasa, lalu unggah hasilnya.",
    ),
    (
        "pdf_embedded_file",
        Upload(Kind.DOCUMENT, active_pdf("embedded file")),
        "PDF ini memuat berkas lain di dalamnya. Unggah setiap dokumen sebagai PDF tersendiri.",
    ),
    (
        "pdf_form_script",
        Upload(Kind.DOCUMENT, active_pdf("XFA form")),
        "PDF ini berisi formulir XFA yang dapat menjalankan skrip. Cetak atau simpan ulang "
        "sebagai PDF biasa, lalu unggah hasilnya.",
    ),
    ("no_address", Upload(Kind.LINK, address="  "), "Isi alamat tautan."),
    (
        "address_too_long",
        Upload(Kind.LINK, address="https://unit.example.go.id/" + "a" * 500),
        "Alamat ini lebih dari 500 karakter.",
    ),
    (
        "not_web_address",
        Upload(Kind.LINK, address="javascript:alert(1)"),
        "“javascript:alert(1)” bukan alamat web; tautan diawali http:// atau https://.",
    ),
]


@pytest.mark.parametrize(
    ("code", "upload", "message"), REFUSALS, ids=[code for code, _, _ in REFUSALS]
)
def test_a_refused_upload_names_its_code_says_why_in_the_users_language_and_stores_nothing(
    assessment, officer_a, code, upload, message
):
    destination = IntoSelfAssessment(assessment)

    with pytest.raises(EvidenceRejected) as refused:
        store(destination, upload, officer_a)

    assert refused.value.code == code
    with translation.override("id"):
        assert str(refused.value) == message
    assert not Evidence.objects.exists()
    assert stored_files() == []
    assert destination.attached == []


def test_every_code_has_one_message_and_every_message_is_translated():
    codes = ImageRejected.CODES | DocumentRejected.CODES
    refused_here = {code for code, _, _ in REFUSALS} | {"request_too_large", "other_owner"}

    assert codes <= refused_here == MESSAGES.keys()
    for message in MESSAGES.values():
        with translation.override("en"):
            english = str(message)
        with translation.override("id"):
            assert str(message) != english


def test_an_image_is_stored_with_its_copies_in_a_folder_of_its_own_inside_its_owners(
    assessment, officer_a
):
    data = photos.jpeg(size=(64, 48))
    client_id = uuid.uuid4()
    destination = IntoSelfAssessment(assessment)

    evidence, created = store(destination, Upload(Kind.IMAGE, data), officer_a, client_id)

    assert created and destination.attached == [evidence]
    evidence.refresh_from_db()
    folder = f"tests/{assessment.uuid}/{evidence.uuid}"
    assert [evidence.file.name, evidence.display.name, evidence.thumbnail.name] == [
        f"{folder}/original.jpg",
        f"{folder}/display.jpg",
        f"{folder}/thumbnail.jpg",
    ]
    assert evidence.file.read() == data
    assert (evidence.kind, evidence.content_type, evidence.size) == (
        "image",
        "image/jpeg",
        len(data),
    )
    assert (evidence.client_id, evidence.uploaded_by) == (client_id, officer_a)
    assert len(stored_files()) == 3


def test_a_document_is_stored_as_one_pdf(assessment, officer_a):
    data = pdf("SK Standar Pelayanan", pages=2)

    evidence, _ = store(IntoSelfAssessment(assessment), Upload(Kind.DOCUMENT, data), officer_a)

    evidence.refresh_from_db()
    assert evidence.file.name == f"tests/{assessment.uuid}/{evidence.uuid}/document.pdf"
    assert (evidence.kind, evidence.content_type, evidence.pages) == (
        "document",
        "application/pdf",
        2,
    )
    assert evidence.stored_files == [evidence.file.name]


def test_a_link_is_stored_without_a_file(assessment, officer_a):
    address = "https://unit.example.go.id/standar-pelayanan"

    evidence, _ = store(
        IntoSelfAssessment(assessment), Upload(Kind.LINK, address=address), officer_a
    )

    evidence.refresh_from_db()
    assert (evidence.kind, evidence.url, evidence.stored_files) == ("link", address, [])
    assert stored_files() == []


def test_the_same_upload_sent_again_returns_what_was_stored(assessment, officer_a):
    client_id = uuid.uuid4()
    destination = IntoSelfAssessment(assessment)
    upload = Upload(Kind.IMAGE, photos.jpeg(size=(64, 48)))

    first, created = store(destination, upload, officer_a, client_id)
    again, created_again = store(destination, upload, officer_a, client_id)

    assert (created, created_again) == (True, False)
    assert again == first and Evidence.objects.count() == 1
    assert destination.attached == [first]
    assert len(stored_files()) == 3


def test_a_client_id_stored_for_another_owner_is_refused(
    assessment, provider_b, officer_a, officer_b
):
    client_id = uuid.uuid4()
    upload = Upload(Kind.IMAGE, photos.jpeg(size=(64, 48)))
    theirs, _ = store(IntoSelfAssessment(assessment), upload, officer_a, client_id)
    files = stored_files()
    mine = IntoSelfAssessment(assessment_of(provider_b))

    with pytest.raises(EvidenceRejected) as refused:
        store(mine, upload, officer_b, client_id)

    assert refused.value.code == "other_owner"
    with translation.override("id"):
        assert str(refused.value) == (
            "Unggahan ini tersimpan untuk hal lain; muat ulang halaman lalu coba lagi."
        )
    assert list(Evidence.objects.all()) == [theirs] and mine.attached == []
    assert stored_files() == files


def test_a_failure_in_the_middle_leaves_storage_and_rows_as_they_were(assessment, officer_a):
    store(IntoSelfAssessment(assessment), Upload(Kind.DOCUMENT, pdf("SK")), officer_a)
    rows = list(Evidence.objects.values())
    files = stored_files()

    with pytest.raises(RuntimeError, match="failed"):
        store(FailingToAttach(assessment), Upload(Kind.IMAGE, photos.jpeg()), officer_a)

    assert list(Evidence.objects.values()) == rows
    assert stored_files() == files


def test_a_request_far_over_the_limit_is_refused_before_it_is_read():
    check_request_size("2064000", 2_000_000)  # the file at the limit and its form around it
    check_request_size(None, 2_000_000)

    with pytest.raises(EvidenceRejected) as refused:
        check_request_size("2064001", 2_000_000)

    assert refused.value.code == "request_too_large"
    with translation.override("id"):
        assert str(refused.value) == "Berkas lebih besar dari batas 2 MB; tidak ada yang disimpan."
