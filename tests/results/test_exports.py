"""Result downloads: scores per level and raw answers as CSV, XLSX and JSON; streamed in a fixed
number of queries, formula-safe, audited, and each column in the data dictionary."""

import csv
import io
import json
from decimal import Decimal
from itertools import zip_longest
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse

from patuh.assessments.models import Answer
from patuh.audit.models import AuditEvent
from patuh.jobs.models import Job
from patuh.registry.models import Provider
from patuh.results.exports import ANSWER_COLUMNS, DIMENSION_PREFIX, SCORE_COLUMNS
from patuh.scoring.models import SubjectScore
from patuh.scoring.services import compute_snapshot
from tests import factories
from tests.results.conftest import release

DOCS = Path(__file__).resolve().parents[2] / "docs/results-exports.md"


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body(response).decode("utf-8-sig"))))


def xlsx_rows(response) -> list[dict]:
    sheet = openpyxl.load_workbook(io.BytesIO(body(response)), read_only=True).worksheets[0]
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


def test_scores_xlsx_reads_back_and_matches_the_snapshot(staff, scored_cycle):
    snapshot = scored_cycle.snapshots.get()

    rows = xlsx_rows(staff.get(scores_url(scored_cycle, "xlsx")))

    stored = {row.path: row for row in SubjectScore.objects.filter(snapshot=snapshot)}
    assert len(rows) == len(stored) == 1 + 2 + 2 + 4 + 2
    # Regions first, then down the levels.
    assert [row["level"] for row in rows[:3]] == ["region", "provider", "provider"]
    for row in rows:
        score = stored[row["path"]]
        assert row["level"] == score.level
        assert row["name"] == score.name
        assert row["snapshot"] == snapshot.pk
        assert Decimal(str(row["score"])) == score.score
        assert row["zone"] == score.zone
        assert row["products"] == score.products
        assert (row["failed"] or "") == " ".join(sorted(score.shortfalls))
    product = next(row for row in rows if row["path"].startswith("19.02/dpmptsp-b/unit-1/"))
    assert product["failed"] == "P01"
    # Every product indicator is in this one dimension, so it scores as the product does.
    assert product[DIMENSION_PREFIX + "standar-pelayanan"] == pytest.approx(product["score"])
    assert product["provider_code"] == "dpmptsp-b"
    assert product["band_label"] == "Zona hijau – kepatuhan tinggi"


def test_scores_csv_and_json_carry_the_same_rows(staff, scored_cycle):
    as_csv = csv_rows(staff.get(scores_url(scored_cycle, "csv", level="provider")))
    as_json = json.loads(body(staff.get(scores_url(scored_cycle, "json", level="provider"))))

    assert [row["path"] for row in as_csv] == [row["path"] for row in as_json]
    assert len(as_csv) == 2
    assert as_csv[0]["score"] == "100.00" == as_json[0]["score"]
    assert list(as_csv[0]) == [column.name for column in SCORE_COLUMNS] + [
        DIMENSION_PREFIX + code for code in scored_cycle.instrument_version.parsed.dimensions
    ]


def test_answers_xlsx_is_made_by_a_job_and_reads_back_one_row_per_answer(
    staff, scored_cycle, enumerator
):
    Answer.objects.filter(cycle=scored_cycle).update(answered_by=enumerator)

    response = staff.get(answers_url(scored_cycle, "xlsx"))

    job = Job.objects.get(kind="answers_export")
    assert response.url == reverse("job_detail", args=[job.uuid])
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.done == job.total == Answer.objects.filter(cycle=scored_cycle).count()
    rows = xlsx_rows(staff.get(reverse("job_download", args=[job.uuid])))

    answers = Answer.objects.filter(cycle=scored_cycle).select_related(
        "product__unit__provider__region", "unit__provider", "website__provider"
    )
    assert len(rows) == answers.count()
    by_key = {(row["path"], row["indicator"]): row for row in rows}
    for answer in answers:
        if answer.level == "product":
            unit = answer.product.unit
            path = f"{unit.provider.path}/{unit.code}/{answer.product.code}"
        elif answer.level == "unit":
            path = f"{answer.unit.provider.path}/{answer.unit.code}"
        else:
            path = f"{answer.website.provider.path}/{answer.website.code}"
        row = by_key[(path, answer.indicator)]
        assert row["value"] == answer.value
        assert row["level"] == answer.level
        assert row["answered_by"] == "enumerator"
        assert row["source"] == "manual"


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


# Session, user, cycle, snapshot, the audit event, then the rows: scores in one query; answers
# after reading the cycle's providers, units, products and websites once.
SCORES_QUERIES = 6
ANSWERS_QUERIES = 10


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_export_queries_do_not_grow_with_rows(staff, coordinator, fmt, django_assert_num_queries):
    # Raw answers as XLSX come from a job (tested above); CSV and JSON stream.
    answers = fmt != "xlsx"
    small = factories.provider("small", units=1, products_per_unit=1)
    cycle = factories.cycle([small])
    factories.answer_everything(cycle)
    compute_snapshot(cycle, user=coordinator)
    export_queries(staff, scores_url(cycle, fmt), django_assert_num_queries, SCORES_QUERIES)
    if answers:
        export_queries(staff, answers_url(cycle, fmt), django_assert_num_queries, ANSWERS_QUERIES)

    cycle.providers.add(*(factories.provider(units=3, products_per_unit=4) for _ in range(4)))
    Answer.objects.filter(cycle=cycle).delete()
    rows = factories.answer_everything(cycle)
    compute_snapshot(cycle, user=coordinator)
    export_queries(staff, scores_url(cycle, fmt), django_assert_num_queries, SCORES_QUERIES)
    if answers:
        export_queries(staff, answers_url(cycle, fmt), django_assert_num_queries, ANSWERS_QUERIES)
    assert rows > 300


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


def test_public_download_has_the_published_scores_and_no_answers(client, announced_cycle):
    rows = csv_rows(client.get(reverse("public_scores_export", args=[announced_cycle.code, "csv"])))

    assert len(rows) == SubjectScore.objects.filter(snapshot__cycle=announced_cycle).count()
    assert "answered_by" not in rows[0] and "note" not in rows[0]


def test_dictionary_page_lists_every_column(staff, scored_cycle):
    response = staff.get(reverse("cycle_exports", args=[scored_cycle.code]))

    for column in (*SCORE_COLUMNS, *ANSWER_COLUMNS):
        assert f"<code>{column.name}</code>" in response.text
    assert f"<code>{DIMENSION_PREFIX}maklumat</code>" in response.text
    assert "Kamus data" in response.text or "kamus data" in response.text


def test_public_dictionary_has_no_raw_answers(client, announced_cycle):
    response = client.get(reverse("public_data", args=[announced_cycle.code]))

    assert "<code>score</code>" in response.text
    assert "<code>answered_by</code>" not in response.text
    assert reverse("export_answers", args=[announced_cycle.code, "csv"]) not in response.text


def test_every_column_is_documented_in_docs():
    documented = DOCS.read_text()
    missing = [
        column.name
        for column in (*SCORE_COLUMNS, *ANSWER_COLUMNS)
        if f"`{column.name}`" not in documented
    ]
    assert not missing, f"document these columns in {DOCS.name}: {missing}"
    assert f"`{DIMENSION_PREFIX}<code>`" in documented
