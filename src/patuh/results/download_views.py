"""The downloads of a cycle's results: scores (CSV, JSON, XLSX) for the office, a provider's
officers and the public, the raw answers for office staff, and the downloads page with its data
dictionary. The result pages themselves are in patuh.results.views."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET, require_http_methods

from patuh.access import Can, requires
from patuh.access import results as access
from patuh.access.results import Audience, Results
from patuh.audit.services import Action, record
from patuh.jobs import tasks as jobs
from patuh.jobs.shortcuts import follow_download
from patuh.lib.exports import CONTENT_TYPES, FORMATS, export_response
from patuh.results.exports import (
    ANSWER_COLUMNS,
    AnswersExport,
    ScoresExport,
    answers_changed_at,
    stored_xlsx,
)
from patuh.results.forms import (
    ScoresDownloadForm,
)
from patuh.scoring.engine import LEVEL_ORDER
from patuh.scoring.models import ScoreSnapshot


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Http404("No such format.")
    return fmt


def offered_snapshots(results: Results) -> list[ScoreSnapshot]:
    """The snapshots a downloads page offers: the one the audience sees, and for office staff a
    newer preliminary one beside it."""
    return [snapshot for snapshot in (results.snapshot, results.preliminary) if snapshot]


def scores_download(
    request: HttpRequest, results: Results, fmt: str, path: str = "", note: str | None = None
) -> HttpResponse:
    """The chosen snapshot's scores (?snapshot=official|preliminary, ?level=...; by default the
    audience's snapshot, all levels) as a download: CSV and JSON streamed, XLSX from the file
    kept for the snapshot (written on the first request). A choice outside those offered is
    refused with a 400 saying which. With `note`, the download is audited."""
    if results.snapshot is None:
        raise Http404("No scores yet.")
    form = ScoresDownloadForm(
        request.GET, levels=list(LEVEL_ORDER), snapshots=offered_snapshots(results)
    )
    if not form.is_valid():
        return HttpResponse(
            form.errors.as_text(), status=400, content_type="text/plain; charset=utf-8"
        )
    snapshot, levels = form.chosen()
    export = ScoresExport(
        snapshot, language=get_language(), levels=levels or LEVEL_ORDER, path=path
    )
    if note is not None:
        levels_note = ",".join(levels or LEVEL_ORDER)
        record(
            Action.EXPORT,
            results.cycle,
            note=f"{note} levels={levels_note} snapshot={snapshot.pk}",
        )
    if fmt == "xlsx":
        stored = stored_xlsx(export)
        return FileResponse(
            stored.file.open("rb"),
            as_attachment=True,
            filename=f"{export.name}.xlsx",
            content_type=CONTENT_TYPES["xlsx"],
        )
    return export_response(export, fmt)


@requires(Can.VIEW_RESULTS, Can.VIEW_OWN_RESULTS)
@require_GET
def provider_scores_export(request: HttpRequest, code: str, provider: str, fmt: str):
    """The scores of one provider and everything beneath it (for its officers, too)."""
    fmt = check_format(fmt)
    results, provider_obj = access.get_report_card_for_user(request.user, code, provider)
    note = f"scores of {provider_obj.code} format={fmt}"
    return scores_download(request, results, fmt, path=provider_obj.path, note=note)


def record_export(results: Results, note: str) -> None:
    """Audit a download of `results` (which snapshot it came from, when there is one)."""
    snapshot = f" snapshot={results.snapshot.pk}" if results.snapshot else ""
    record(Action.EXPORT, results.cycle, note=note + snapshot)


def exports_context(results: Results) -> dict:
    snapshot = results.snapshot
    language = get_language()
    context = {
        "cycle": results.cycle,
        "snapshot": snapshot,
        "formats": FORMATS,
        "job_formats": JOB_FORMATS,
        "public": results.audience == Audience.PUBLIC,
    }
    if snapshot is not None:
        export = ScoresExport(snapshot, language=language)
        context["score_columns"] = export.columns
        context["download_form"] = ScoresDownloadForm(
            levels=list(reversed(export.levels)), snapshots=offered_snapshots(results)
        )
    return context


@requires(Can.VIEW_RESULTS, Can.VIEW_OWN_RESULTS)
@require_GET
def cycle_exports(request: HttpRequest, code: str) -> HttpResponse:
    """The office's downloads with their data dictionary."""
    results = access.get_office_results(request.user, code)
    context = exports_context(results) | {"answer_columns": ANSWER_COLUMNS}
    return render(request, "results/exports.html", context)


@requires(Can.VIEW_RESULTS, Can.VIEW_OWN_RESULTS)
@require_GET
def export_scores(request: HttpRequest, code: str, fmt: str):
    fmt = check_format(fmt)
    results = access.get_office_results(request.user, code)
    return scores_download(request, results, fmt, note=f"scores format={fmt}")


# Formats made by a background job, started by POST; the others stream on GET.
JOB_FORMATS = ("xlsx",)


@requires(Can.VIEW_RESULTS, Can.VIEW_OWN_RESULTS)
@require_http_methods(["GET", "POST"])
def export_answers(request: HttpRequest, code: str, fmt: str):
    """Raw answers, one row per answer: office staff only (they name who answered).

    CSV and JSON stream on GET; XLSX, which openpyxl writes at about 100,000 cells a second, is
    made by a background job started by POST (or the same job reused while it runs or while
    its file is fresh), whose page shows progress and then downloads the file by itself.
    """
    fmt = check_format(fmt)
    if (request.method == "POST") != (fmt in JOB_FORMATS):
        allowed = ["POST"] if fmt in JOB_FORMATS else ["GET"]
        return HttpResponseNotAllowed(allowed)
    results = access.get_office_results(request.user, code)
    cycle = results.cycle
    if fmt in JOB_FORMATS:
        job = jobs.start_or_reuse(
            "answers_export",
            user=request.user,
            title=gettext("Raw answers of %(cycle)s (XLSX)") % {"cycle": cycle.name},
            fresh_since=answers_changed_at(cycle),
            cycle=cycle,
            cycle_id=cycle.pk,
        )
        record_export(results, f"answers format={fmt} job={job.uuid}")
        return follow_download(job)
    record_export(results, f"answers format={fmt}")
    return export_response(AnswersExport(cycle), fmt)
