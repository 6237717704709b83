import datetime as dt
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from patuh.fieldwork.models import Assignment
from patuh.fieldwork.models import Evidence as Photo
from patuh.pekppp.models import Evidence as Attachment
from patuh.pekppp.models import SelfAssessment
from tests import factories


@pytest.mark.django_db
def test_models_and_migrations_agree():
    # Exits non-zero (SystemExit) when a model change lacks its migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


# Before and after fieldwork's photos and PEKPPP's evidence took the shared EvidenceFile fields.
BEFORE_SHARED_FIELDS = [
    ("fieldwork", "0002_flag_photos_that_cannot_be_checked"),
    ("pekppp", "0001_self_assessment_evidence_evaluation"),
]
SHARED_FIELDS = [
    ("fieldwork", "0003_evidence_shares_the_evidence_file_fields"),
    ("pekppp", "0002_evidence_shares_the_evidence_file_fields"),
]


def migrate_to(targets):
    """Migrate the test database to `targets`; the historical models there."""
    MigrationExecutor(connection).migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def saved(path: str, content: bytes) -> str:
    return default_storage.save(path, ContentFile(content))


def rows(model) -> list[dict]:
    return list(model.objects.order_by("pk").values())


@pytest.fixture
def before_shared_fields(transactional_db):
    """The evidence tables as they were before the shared fields; the latest again afterwards,
    as every other test expects."""
    yield migrate_to(BEFORE_SHARED_FIELDS)
    migrate_to(MigrationExecutor(connection).loader.graph.leaf_nodes())


def store_the_old_way(old, provider, enumerator, officer) -> None:
    """A visit's photo, and a self-assessment's PDF and link, as the old tables stored them."""
    unit = provider.units.get()
    day = dt.date(2025, 6, 10)
    visit = Assignment.objects.create(
        cycle=factories.cycle([provider]),
        unit=unit,
        enumerator=enumerator,
        starts_on=day,
        ends_on=day,
    )
    folder = f"evidence/c/{visit.uuid}/photo"
    old.get_model("fieldwork", "Evidence").objects.create(
        client_id=uuid.uuid4(),
        assignment_id=visit.pk,
        indicator="U01",
        original=saved(f"{folder}/original.jpg", b"the photo as taken"),
        display=saved(f"{folder}/display.jpg", b"the display copy"),
        thumbnail=saved(f"{folder}/thumbnail.jpg", b"the thumbnail"),
        sha256="a" * 64,
        content_type="image/jpeg",
        size=18,
        width=800,
        height=600,
        flags=["no_time"],
        attention=True,
        uploaded_by_id=enumerator.pk,
    )
    evaluation = factories.cycle([provider], code="pekppp-2025", instrument="pekppp-2022")
    assessment = SelfAssessment.objects.create(cycle=evaluation, unit=unit)
    attachments = old.get_model("pekppp", "Evidence").objects
    common = {
        "self_assessment_id": assessment.pk,
        "indicator": "1.a.Ak",
        "uploaded_by_id": officer.pk,
    }
    attachments.create(
        client_id=uuid.uuid4(),
        kind="document",
        title="SK.pdf",
        file=saved(f"pekppp/e/{assessment.uuid}/doc/document.pdf", b"%PDF-1.7 the decree"),
        content_type="application/pdf",
        size=19,
        pages=2,
        sha256="b" * 64,
        **common,
    )
    attachments.create(
        client_id=uuid.uuid4(),
        kind="link",
        title="SP",
        url="https://unit.example.go.id/sp",
        **common,
    )


def test_stored_evidence_keeps_every_row_and_file_through_the_shared_fields_and_back(
    before_shared_fields, provider_a, enumerator, officer_a
):
    old = before_shared_fields
    store_the_old_way(old, provider_a, enumerator, officer_a)
    photos_before = rows(old.get_model("fieldwork", "Evidence"))
    attachments_before = rows(old.get_model("pekppp", "Evidence"))

    migrate_to(SHARED_FIELDS)

    [photo] = rows(Photo)
    renamed = {k: v for k, v in photos_before[0].items() if k != "original"}
    assert photo == renamed | {"file": photos_before[0]["original"], "kind": "image"}
    assert Photo.objects.get().file.read() == b"the photo as taken"
    assert rows(Attachment) == [row | {"flags": []} for row in attachments_before]
    assert Attachment.objects.get(kind="document").file.read() == b"%PDF-1.7 the decree"

    back = migrate_to(BEFORE_SHARED_FIELDS)

    assert rows(back.get_model("fieldwork", "Evidence")) == photos_before
    assert rows(back.get_model("pekppp", "Evidence")) == attachments_before
