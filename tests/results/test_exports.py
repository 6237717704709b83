"""Result downloads: scores per level and raw answers as CSV, XLSX and JSON; streamed in a fixed
number of queries, formula-safe, audited, and each column in the data dictionary."""

import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal
from itertools import zip_longest
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from patuh.assessments.models import Answer
from patuh.audit.models import AuditEvent
from patuh.fieldwork.scoring import compute_preliminary_snapshot
from patuh.jobs.models import Job
from patuh.registry.models import Provider
from patuh.results.exports import (
    ANSWER_COLUMNS,
    DIMENSION_PREFIX,
    OPINION_COLUMNS,
    SCORE_COLUMNS,
    keep_export,
)
from patuh.results.models import StoredExport
from patuh.scoring.models import SubjectScore
from patuh.scoring.services import compute_snapshot
from tests import factories
from tests.html import parse
from tests.results.conftest import release

DOCS = Path(__file__).resolve().parents[2] / "docs/results-exports.md"


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body(response).decode("utf-8-sig"))))


def xlsx_rows(response) -> list[dict]:
    data = response if isinstance(response, bytes) else body(response)
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    header, *rows = sheet.iter_rows(values_only=True)
    # Read-only sheets leave out trailing empty cells.
    return [dict(zip_longest(header, row)) for row in rows]


@pytest.fixture
def staff(client, reviewer):
    client.force_login(reviewer)
    return client


def scores_url(cycle, fmt, level=""):
    url = reverse("export_scores", args=[cycle.code, fmt])
    return url + (f"?level={level}" if level else "")


def answers_url(cycle, fmt):
    return reverse("export_answers", args=[cycle.code, fmt])


def cell(value):
    """A read-back cell, comparable with the database: XLSX keeps no empty text, and numbers
    come back as floats."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    return value


def sheet(response) -> list[dict]:
    return [{name: cell(value) for name, value in row.items()} for row in xlsx_rows(response)]


# The scores' order: regions first, then down the levels.
LEVELS_DOWN = ("region", "provider", "website", "unit", "product")


def scores_in_database(snapshot) -> list[dict]:
    """Every score row of the snapshot as the scores export should show it, in Indonesian."""
    instrument = snapshot.instrument_version.parsed
    labels = {band.code: band.label.id for band in instrument.bands}
    scores = sorted(
        SubjectScore.objects.filter(snapshot=snapshot),
        key=lambda score: (LEVELS_DOWN.index(score.level), score.path),
    )
    rows = []
    for score in scores:
        parts = score.path.split("/")
        rows.append(
            {
                "cycle": snapshot.cycle.code,
                "snapshot": snapshot.pk,
                "snapshot_kind": snapshot.kind,
                "level": score.level,
                "path": score.path,
                "region_code": parts[0],
                "provider_code": parts[1] if len(parts) > 1 else "",
                "code": parts[-1],
                "name": score.name,
                "parent_path": score.parent_path,
                "score": "" if score.score is None else score.score,
                "scale_max": instrument.scale_max,
                "band": score.band,
                "band_label": labels.get(score.band, ""),
                "zone": score.zone,
                "complete": score.complete,
                "products": score.products,
                "answered": score.answered,
                "not_applicable": score.not_applicable,
                "missing": " ".join(score.missing),
                "failed": " ".join(sorted(score.shortfalls)),
            }
            | {
                DIMENSION_PREFIX + code: Decimal(score.dimensions[code])
                if code in score.dimensions
                else ""
                for code in instrument.dimensions
            }
        )
    return rows


def answers_in_database(cycle) -> list[dict]:
    """Every answer of the cycle as the raw answers export should show it."""
    answers = Answer.objects.filter(cycle=cycle).order_by("pk")
    answers = answers.select_related(
        "provider__region",
        "unit__provider__region",
        "product__unit__provider__region",
        "website__provider__region",
        "answered_by",
    )
    rows = []
    for answer in answers:
        unit = answer.product.unit if answer.product else answer.unit
        provider = answer.provider or (unit.provider if unit else answer.website.provider)
        codes = {
            "unit_code": unit.code if unit else "",
            "product_code": answer.product.code if answer.product else "",
            "website_code": answer.website.code if answer.website else "",
        }
        below = [code for code in codes.values() if code]
        rows.append(
            {
                "cycle": cycle.code,
                "level": answer.level,
                "path": "/".join([provider.region.code, provider.code, *below]),
                "region_code": provider.region.code,
                "provider_code": provider.code,
                **codes,
                "indicator": answer.indicator,
                "value": answer.value,
                "source": answer.source,
                # Excel keeps local wall-clock time, to the millisecond.
                "answered_at": timezone.localtime(answer.answered_at).replace(tzinfo=None),
                "answered_by": answer.answered_by.username if answer.answered_by else "",
                "note": answer.note,
            }
        )
    return rows


def test_scores_xlsx_reads_back_equal_to_the_snapshot_in_every_column(
    staff, scored_cycle, coordinator
):
    # An incomplete unit, so empty scores and missing codes are compared too.
    Answer.objects.filter(cycle=scored_cycle, level="unit", indicator="U01").first().delete()
    compute_snapshot(scored_cycle, user=coordinator)
    snapshot = scored_cycle.snapshots.latest()

    rows = sheet(staff.get(scores_url(scored_cycle, "xlsx")))

    assert rows == scores_in_database(snapshot)
    assert len(rows) == 1 + 2 + 2 + 2 + 4
    assert {row["score"] for row in rows if row["level"] == "region"} == {""}
    assert any(row["failed"] == "P01" for row in rows)
    assert any(row["missing"] == "U01" for row in rows)


def test_scores_csv_and_json_carry_the_same_rows(staff, scored_cycle):
    as_csv = csv_rows(staff.get(scores_url(scored_cycle, "csv", level="provider")))
    as_json = json.loads(body(staff.get(scores_url(scored_cycle, "json", level="provider"))))

    assert [row["path"] for row in as_csv] == [row["path"] for row in as_json]
    assert len(as_csv) == 2
    assert as_csv[0]["score"] == "100.00" == as_json[0]["score"]
    assert list(as_csv[0]) == [column.name for column in SCORE_COLUMNS] + [
        DIMENSION_PREFIX + code for code in scored_cycle.instrument_version.parsed.dimensions
    ]


def test_answers_xlsx_is_made_by_a_job_and_reads_back_equal_to_the_answers_in_every_column(
    staff, scored_cycle, enumerator
):
    answered = dt.datetime(2021, 7, 1, 2, 30, tzinfo=dt.UTC)
    for number, answer in enumerate(Answer.objects.filter(cycle=scored_cycle)):
        answer.answered_at = answered + dt.timedelta(minutes=number, milliseconds=number)
        answer.note = f"catatan {number}" if number % 2 else ""
        answer.answered_by = enumerator if number % 3 else None
        answer.save()

    response = staff.post(answers_url(scored_cycle, "xlsx"))

    job = Job.objects.get(kind="answers_export")
    assert response.url == reverse("job_detail", args=[job.uuid]) + "?download=auto"
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.done == job.total == Answer.objects.filter(cycle=scored_cycle).count()
    download = staff.get(reverse("job_download", args=[job.uuid]))
    assert re.fullmatch(
        r'attachment; filename="kepatuhan-2021-answers-\d{8}-\d{4}\.xlsx"',
        download["Content-Disposition"],
    )
    rows = sheet(download)
    assert rows == answers_in_database(scored_cycle)
    assert {row["level"] for row in rows} == {"product", "unit", "website"}


def test_answers_xlsx_is_never_started_by_a_get(staff, scored_cycle):
    response = staff.get(answers_url(scored_cycle, "xlsx"))

    assert response.status_code == 405
    assert not Job.objects.exists()


def test_a_second_click_reuses_the_answers_job_while_its_file_is_fresh(
    staff, scored_cycle, enumerator
):
    first = staff.post(answers_url(scored_cycle, "xlsx"))
    again = staff.post(answers_url(scored_cycle, "xlsx"))

    assert again.url == first.url
    assert Job.objects.filter(kind="answers_export").count() == 1

    answer = Answer.objects.filter(cycle=scored_cycle).first()
    answer.value, answer.answered_at = "no", timezone.now() + dt.timedelta(seconds=1)
    answer.save()
    changed = staff.post(answers_url(scored_cycle, "xlsx"))

    assert changed.url != first.url
    assert Job.objects.filter(kind="answers_export").count() == 2


def test_a_running_answers_job_is_reused_not_queued_again(staff, scored_cycle, reviewer):
    running = Job.objects.create(
        kind="answers_export",
        params={"cycle_id": scored_cycle.pk},
        title="running",
        cycle=scored_cycle,
        created_by=reviewer,
        status=Job.Status.RUNNING,
    )

    response = staff.post(answers_url(scored_cycle, "xlsx"))

    assert response.url == reverse("job_detail", args=[running.uuid]) + "?download=auto"
    assert Job.objects.count() == 1


def test_the_progress_page_offers_the_file_and_marks_it_to_start_by_itself(staff, scored_cycle):
    page = staff.get(staff.post(answers_url(scored_cycle, "xlsx")).url).content.decode()

    assert "data-auto-download" in page
    assert "jobs/job.js" in page
    assert reverse("cycle_detail", args=[scored_cycle.code]) in page
    assert "<script>" not in page


def test_score_files_are_named_after_cycle_snapshot_and_level(staff, scored_cycle):
    snapshot = scored_cycle.snapshots.get()
    stamp = timezone.localtime(snapshot.computed_at).strftime("%Y%m%d-%H%M")

    every = staff.get(scores_url(scored_cycle, "csv"))
    one = staff.get(scores_url(scored_cycle, "xlsx", level="provider"))

    assert every["Content-Disposition"] == (
        f'attachment; filename="kepatuhan-2021-scores-official-{stamp}.csv"'
    )
    assert one["Content-Disposition"] == (
        f'attachment; filename="kepatuhan-2021-scores-official-{stamp}-provider.xlsx"'
    )


def test_downloads_page_chooses_the_level_with_a_control(staff, scored_cycle):
    page = staff.get(reverse("cycle_exports", args=[scored_cycle.code])).content.decode()

    assert '<select name="level"' in page
    assert 'formaction="' + scores_url(scored_cycle, "xlsx") + '"' in page
    assert "?level=" not in page
    assert 'action="' + answers_url(scored_cycle, "xlsx") + '"' in page


def test_csv_escapes_text_a_spreadsheet_would_run(staff, scored_cycle, provider_a, coordinator):
    Provider.objects.filter(pk=provider_a.pk).update(name='=HYPERLINK("http://x")')
    Answer.objects.filter(cycle=scored_cycle).update(note="@SUM(A1)")
    compute_snapshot(scored_cycle, user=coordinator)

    scores = body(staff.get(scores_url(scored_cycle, "csv"))).decode("utf-8-sig")
    answers = body(staff.get(answers_url(scored_cycle, "csv"))).decode("utf-8-sig")

    assert "'=HYPERLINK" in scores and ",=HYPERLINK" not in scores
    assert "'@SUM(A1)" in answers and ",@SUM" not in answers


def test_exports_are_audited(staff, scored_cycle):
    staff.get(scores_url(scored_cycle, "csv"))
    staff.get(answers_url(scored_cycle, "json"))

    notes = list(AuditEvent.objects.filter(action="export").values_list("note", flat=True))
    assert any(note.startswith("scores format=csv") for note in notes)
    assert any(note.startswith("answers format=json") for note in notes)


def test_unknown_format_is_404(staff, scored_cycle):
    assert staff.get(scores_url(scored_cycle, "pdf")).status_code == 404
    assert staff.get(answers_url(scored_cycle, "exe")).status_code == 404


def export_queries(client, url, django_assert_num_queries, expected: int) -> None:
    with django_assert_num_queries(expected):
        response = client.get(url)
        body(response)
    assert response.status_code == 200


# Session, user, cycle, official snapshot, a newer preliminary one, the audit event, then the
# rows: scores in one query; answers after reading the cycle's providers, units, products and
# websites once.
SCORES_QUERIES = 7
ANSWERS_QUERIES = 11
# The first XLSX of a snapshot also looks for a kept file, then keeps its own (in a savepoint);
# later ones read the kept file's row instead of the rows.
FIRST_XLSX_QUERIES = SCORES_QUERIES + 4
STORED_XLSX_QUERIES = SCORES_QUERIES


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_export_queries_do_not_grow_with_rows(staff, coordinator, fmt, django_assert_num_queries):
    # Raw answers as XLSX come from a job (tested above); CSV and JSON stream.
    answers = fmt != "xlsx"
    scores = FIRST_XLSX_QUERIES if fmt == "xlsx" else SCORES_QUERIES
    small = factories.provider("small", units=1, products_per_unit=1)
    cycle = factories.cycle([small])
    factories.answer_everything(cycle)
    compute_snapshot(cycle, user=coordinator)
    export_queries(staff, scores_url(cycle, fmt), django_assert_num_queries, scores)
    if answers:
        export_queries(staff, answers_url(cycle, fmt), django_assert_num_queries, ANSWERS_QUERIES)

    cycle.providers.add(*(factories.provider(units=3, products_per_unit=4) for _ in range(4)))
    Answer.objects.filter(cycle=cycle).delete()
    rows = factories.answer_everything(cycle)
    compute_snapshot(cycle, user=coordinator)
    export_queries(staff, scores_url(cycle, fmt), django_assert_num_queries, scores)
    if answers:
        export_queries(staff, answers_url(cycle, fmt), django_assert_num_queries, ANSWERS_QUERIES)
    assert rows > 300


def test_scores_xlsx_is_written_once_per_snapshot_then_served_as_kept(
    staff, scored_cycle, coordinator, django_assert_num_queries
):
    url = scores_url(scored_cycle, "xlsx")
    with django_assert_num_queries(FIRST_XLSX_QUERIES):
        first = body(staff.get(url))
    kept = StoredExport.objects.get()
    written = Path(kept.file.path).stat().st_mtime_ns

    with django_assert_num_queries(STORED_XLSX_QUERIES):
        second = body(staff.get(url))

    assert second == first
    assert Path(kept.file.path).stat().st_mtime_ns == written
    assert sheet(second) == scores_in_database(scored_cycle.snapshots.get())
    # Another selection, another language and another snapshot each get their own file.
    staff.get(scores_url(scored_cycle, "xlsx", level="provider"))
    staff.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = xlsx_rows(staff.get(url))
    compute_snapshot(scored_cycle, user=coordinator)
    staff.get(url)
    assert StoredExport.objects.count() == 4
    assert english[0]["band_label"] == "Green zone – high compliance"


def test_concurrent_first_downloads_serve_one_whole_file(scored_cycle, settings):
    snapshot = scored_cycle.snapshots.get()
    key = "kepatuhan-2021-scores.xlsx?language=id"

    first = keep_export(snapshot, key, "scores.xlsx", ContentFile(b"written first"))
    second = keep_export(snapshot, key, "scores.xlsx", ContentFile(b"written second"))

    assert second == first
    assert second.file.open("rb").read() == b"written first"
    kept = [path.name for path in (Path(settings.MEDIA_ROOT) / "exports").rglob("*.xlsx")]
    assert kept == [Path(first.file.name).name]


def test_officer_downloads_only_their_own_released_scores(
    client, officer_a, scored_cycle, provider_a
):
    url = reverse("provider_scores_export", args=[scored_cycle.code, provider_a.code, "csv"])
    client.force_login(officer_a)
    assert client.get(url).status_code == 404

    release(scored_cycle)
    rows = csv_rows(client.get(url))

    assert {row["provider_code"] for row in rows} == {"disdukcapil-a"}
    assert {row["level"] for row in rows} == {"provider", "unit", "product", "website"}
    assert "answered_by" not in rows[0]
    assert AuditEvent.objects.filter(action="export", actor=officer_a).exists()
    assert client.get(answers_url(scored_cycle, "csv")).status_code == 404


def public_scores_url(cycle, fmt):
    return reverse("public_scores_export", args=[cycle.code, fmt])


def test_public_download_has_the_published_scores_and_no_answers(client, announced_cycle):
    rows = csv_rows(client.get(public_scores_url(announced_cycle, "csv")))

    assert len(rows) == SubjectScore.objects.filter(snapshot__cycle=announced_cycle).count()
    assert "answered_by" not in rows[0] and "note" not in rows[0]


# No session and no audit: the published cycle, its snapshot, then the rows.
PUBLIC_SCORES_QUERIES = 3


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_public_downloads_take_a_fixed_number_of_queries(
    client, announced_cycle, fmt, django_assert_num_queries
):
    url = public_scores_url(announced_cycle, fmt)
    first = PUBLIC_SCORES_QUERIES + 4 if fmt == "xlsx" else PUBLIC_SCORES_QUERIES

    export_queries(client, url, django_assert_num_queries, first)
    export_queries(client, url, django_assert_num_queries, PUBLIC_SCORES_QUERIES)


def test_dictionary_page_lists_every_column(staff, scored_cycle):
    response = staff.get(reverse("cycle_exports", args=[scored_cycle.code]))

    for column in (*SCORE_COLUMNS, *ANSWER_COLUMNS):
        assert f"<code>{column.name}</code>" in response.text
    assert f"<code>{DIMENSION_PREFIX}maklumat</code>" in response.text
    assert "Kamus data" in response.text or "kamus data" in response.text


def test_the_level_choice_reads_in_indonesian(staff, scored_cycle):
    page = parse(staff.get(reverse("cycle_exports", args=[scored_cycle.code])).text)

    choice = page.one("select", name="level")
    options = {option.text: option.attrs["value"] for option in choice.find_all("option")}
    assert options == {
        "Semua tingkat": "",
        "Pemerintah daerah": "region",
        "Penyelenggara": "provider",
        "Situs web": "website",
        "Unit layanan": "unit",
        "Produk layanan": "product",
    }


def test_public_dictionary_has_no_raw_answers(client, announced_cycle):
    response = client.get(reverse("public_data", args=[announced_cycle.code]))

    assert "<code>score</code>" in response.text
    assert "<code>answered_by</code>" not in response.text
    assert reverse("export_answers", args=[announced_cycle.code, "csv"]) not in response.text


def test_every_column_is_documented_in_docs():
    documented = DOCS.read_text()
    missing = [
        column.name
        for column in (*SCORE_COLUMNS, *OPINION_COLUMNS, *ANSWER_COLUMNS)
        if f"`{column.name}`" not in documented
    ]
    assert not missing, f"document these columns in {DOCS.name}: {missing}"
    assert f"`{DIMENSION_PREFIX}<code>`" in documented


def test_downloads_offer_a_newer_preliminary_snapshot_beside_the_official_one(staff, scored_cycle):
    official = scored_cycle.snapshots.get()
    preliminary, _ = compute_preliminary_snapshot(scored_cycle)

    page = staff.get(reverse("cycle_exports", args=[scored_cycle.code]))
    default = csv_rows(staff.get(scores_url(scored_cycle, "csv")))
    chosen = staff.get(scores_url(scored_cycle, "csv") + "?snapshot=preliminary&level=provider")

    assert '<select name="snapshot"' in page.text
    assert {row["snapshot"] for row in default} == {str(official.pk)}
    assert "-scores-preliminary-" in chosen["Content-Disposition"]
    rows = csv_rows(chosen)
    assert {(row["snapshot"], row["snapshot_kind"]) for row in rows} == {
        (str(preliminary.pk), "preliminary")
    }


def test_a_snapshot_or_level_not_offered_is_refused_with_the_reason(
    client, officer_a, staff, released_cycle, provider_a
):
    compute_preliminary_snapshot(released_cycle)

    bad_level = staff.get(scores_url(released_cycle, "csv", level="planet"))
    client.force_login(officer_a)
    own = reverse("provider_scores_export", args=[released_cycle.code, provider_a.code, "csv"])
    officer = client.get(own + "?snapshot=preliminary")

    assert bad_level.status_code == 400
    assert "level" in bad_level.content.decode()
    assert officer.status_code == 400
    assert "snapshot" in officer.content.decode()
