"""Report cards as PDF: the numbers are in the text, regenerating gives the same text, the
command writes one file per provider with a progress bar, and the job makes a zip."""

import io
import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageFile
from pypdf import PdfReader

from patuh.assessments.models import Answer
from patuh.audit.models import AuditEvent
from patuh.jobs.models import Job
from patuh.results.pdf import pdf_problem, report_card_pdf, write_report_pdfs
from patuh.scoring.models import ScoreSnapshot
from tests.results.helpers import indonesian, pdf_text, provider_score


def test_pdfs_can_be_made_on_this_machine():
    assert pdf_problem() is None


def test_making_a_pdf_leaves_pillows_truncated_image_check_on(scored_cycle, provider_a):
    # WeasyPrint turns it off for the whole process when imported; evidence checks need it.
    report_card_pdf(scored_cycle.snapshots.get(), provider_a.pk)

    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_pdf_holds_the_scores_rank_findings_and_letterhead(scored_cycle, provider_b, settings):
    settings.PATUH_OFFICE_NAME = "Ombudsman RI Perwakilan Kepulauan Bangka Belitung"
    settings.PATUH_OFFICE_ADDRESS = "Jl. Pulau Bangka No. 1, Pangkalpinang"
    snapshot = scored_cycle.snapshots.get()

    data = report_card_pdf(snapshot, provider_b.pk)

    assert data.startswith(b"%PDF")
    text = " ".join(pdf_text(data).split())
    assert "Ombudsman RI Perwakilan Kepulauan Bangka Belitung" in text
    assert "Jl. Pulau Bangka No. 1, Pangkalpinang" in text
    assert "Rapor: Provider dpmptsp-b" in text
    assert indonesian(provider_score(provider_b)) in text
    product_score = snapshot.scores.get(
        level="product", path__endswith="dpmptsp-b/unit-1/product-1"
    )
    assert indonesian(product_score.score) in text
    assert "Zona kuning – kepatuhan sedang" in text or "Zona hijau – kepatuhan tinggi" in text
    assert "2 dari 2" in text
    assert "P01" in text and "2. persyaratan" in text
    fix = scored_cycle.instrument_version.parsed.indicators["P01"].fix.id
    assert fix in text
    # Nothing that belongs to the web page only: no internal ids, no table toggle.
    assert "snapshot" not in text.lower()
    assert "Angkanya dalam tabel" not in text
    # The chart's labels are whole, a website named by its host.
    assert "…" not in text
    assert "Situs web: dpmptsp-b.example.go.id" in text


def test_pdf_lists_each_subjects_shortfalls_and_explains_each_indicator_once(
    scored_cycle, provider_b
):
    snapshot = scored_cycle.snapshots.get()
    p01 = scored_cycle.instrument_version.parsed.indicators["P01"]

    text = " ".join(pdf_text(report_card_pdf(snapshot, provider_b.pk)).split())

    # Each product's line: its score, then what was found and the code of the indicator.
    for product in ("product-1", "product-2"):
        score = snapshot.scores.get(level="product", path__endswith=f"dpmptsp-b/unit-1/{product}")
        assert f"{score.name} · {indonesian(score.score)}" in text
        assert f"{p01.options[0].label.id}: P01" in text
    assert text.count(f"{p01.options[0].label.id}: P01") == 2
    # The indicator's question, component and fix are written once, not on every product.
    assert text.count(p01.text.id) == 1
    assert text.count(p01.fix.id) == 1
    assert f"Komponen: {p01.component}" in text


def test_regenerating_from_the_same_snapshot_gives_the_same_text(scored_cycle, provider_b):
    snapshot = scored_cycle.snapshots.get()
    first = pdf_text(report_card_pdf(snapshot, provider_b.pk))

    # Today's answers change; the report still comes from the stored snapshot.
    Answer.objects.filter(cycle=scored_cycle).update(value="tidak-ada")
    second = pdf_text(report_card_pdf(ScoreSnapshot.objects.get(pk=snapshot.pk), provider_b.pk))

    assert second == first


def test_logo_from_the_settings_is_embedded(scored_cycle, provider_a, settings, tmp_path):
    logo = tmp_path / "logo.png"
    Image.new("RGB", (40, 40), "navy").save(logo)
    settings.PATUH_REPORT_LOGO = str(logo)

    data = report_card_pdf(scored_cycle.snapshots.get(), provider_a.pk)

    images = [image for page in PdfReader(io.BytesIO(data)).pages for image in page.images]
    assert images and len({image.name for image in images}) == 1


def test_report_command_writes_one_pdf_per_provider_with_progress(
    scored_cycle, provider_a, provider_b, tmp_path
):
    out, err = StringIO(), StringIO()

    call_command(
        "report", scored_cycle.code, "--out", str(tmp_path / "rapor"), stdout=out, stderr=err
    )

    files = sorted(path.name for path in (tmp_path / "rapor").iterdir())
    assert files == ["disdukcapil-a.pdf", "dpmptsp-b.pdf"]
    assert "2 report cards" in out.getvalue()
    assert "Report cards" in err.getvalue() and "2/2" in err.getvalue()
    text = pdf_text((tmp_path / "rapor" / "dpmptsp-b.pdf").read_bytes())
    assert indonesian(provider_score(provider_b)) in text


def test_report_command_refuses_a_cycle_without_official_scores(cycle, tmp_path):
    with pytest.raises(CommandError, match="no official scores"):
        call_command("report", cycle.code, "--out", str(tmp_path), stdout=StringIO())
    with pytest.raises(CommandError, match="No cycle 'nope'"):
        call_command("report", "nope", "--out", str(tmp_path), stdout=StringIO())


def test_report_command_takes_a_snapshot_of_the_cycle_only(scored_cycle, tmp_path):
    with pytest.raises(CommandError, match="no snapshot 999"):
        call_command(
            "report",
            scored_cycle.code,
            "--out",
            str(tmp_path),
            "--snapshot",
            "999",
            stdout=StringIO(),
        )


def test_report_button_makes_a_zip_of_every_report_card(client, reviewer, scored_cycle):
    client.force_login(reviewer)

    response = client.post(reverse("report_cards", args=[scored_cycle.code]))

    job = Job.objects.get(kind="report_cards")
    assert response.url == reverse("job_detail", args=[job.uuid]) + "?download=auto"
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.message == "2 rapor dibuat."
    download = client.get(reverse("job_download", args=[job.uuid]))
    assert download["Content-Disposition"].startswith(
        'attachment; filename="kepatuhan-2021-report-cards-official-'
    )
    assert download["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert sorted(archive.namelist()) == ["disdukcapil-a.pdf", "dpmptsp-b.pdf"]


def test_a_second_report_click_reuses_the_zip_of_the_same_snapshot(client, reviewer, scored_cycle):
    client.force_login(reviewer)
    url = reverse("report_cards", args=[scored_cycle.code])

    assert client.post(url).url == client.post(url).url
    assert Job.objects.filter(kind="report_cards").count() == 1


def test_web_pdf_is_an_inline_a4_document(client, reviewer, scored_cycle, provider_a):
    client.force_login(reviewer)

    response = client.get(reverse("provider_pdf", args=[scored_cycle.code, provider_a.code]))

    assert response["Content-Type"] == "application/pdf"
    stamp = timezone.localtime(scored_cycle.snapshots.get().computed_at).strftime("%Y%m%d-%H%M")
    assert (
        f'filename="rapor-kepatuhan-2021-disdukcapil-a-official-{stamp}.pdf"'
        in response["Content-Disposition"]
    )
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    # A4 is 595 × 842 points.
    assert (round(page.mediabox.width), round(page.mediabox.height)) == (595, 842)
    [event] = AuditEvent.objects.filter(action="export", actor=reviewer)
    assert event.note.startswith("report card of disdukcapil-a format=pdf snapshot=")


def test_cards_laid_out_in_parallel_read_as_those_laid_out_in_one_process(scored_cycle, tmp_path):
    snapshot = scored_cycle.snapshots.get()

    alone = write_report_pdfs(snapshot, tmp_path / "alone", workers=1)
    pooled = write_report_pdfs(snapshot, tmp_path / "pooled", workers=2)

    assert [path.name for path in pooled] == [path.name for path in alone]
    assert len(alone) == 2
    for one, other in zip(alone, pooled, strict=True):
        assert pdf_text(other.read_bytes()) == pdf_text(one.read_bytes())
        assert "Rapor: Provider" in pdf_text(other.read_bytes())


def test_report_command_refuses_fewer_than_one_worker(scored_cycle, tmp_path):
    with pytest.raises(CommandError, match="--workers 0: give at least 1"):
        call_command(
            "report", scored_cycle.code, "--out", str(tmp_path), "--workers", "0", stdout=StringIO()
        )
