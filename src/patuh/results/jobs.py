"""Background jobs of the results: every report card in a zip, and large downloads."""

import os
import tempfile
import zipfile
from pathlib import Path

from django.utils import timezone
from django.utils.translation import ngettext

from patuh.assessments.models import Cycle
from patuh.jobs.services import JobError, JobOutcome, register
from patuh.lib.exports import write_xlsx_export
from patuh.lib.progress import Progress
from patuh.results.exports import AnswersExport, snapshot_label
from patuh.results.pdf import PdfError, write_report_pdfs
from patuh.results.services import open_release_findings
from patuh.scoring.models import ScoreSnapshot


def scratch_file(stem: str, suffix: str) -> Path:
    """A new empty temporary file for a job's result; the job service moves it into storage."""
    handle, name = tempfile.mkstemp(prefix=f"{stem}-", suffix=f".{suffix}")
    os.close(handle)
    return Path(name)


def zip_report_pdfs(snapshot: ScoreSnapshot, progress: Progress) -> Path:
    """Every report card of `snapshot` in one zip file."""
    archive_path = scratch_file(f"{snapshot.cycle.code}-rapor", "zip")
    with tempfile.TemporaryDirectory(prefix="patuh-reports-") as folder:
        files = write_report_pdfs(snapshot, Path(folder), progress)
        with zipfile.ZipFile(archive_path, "w") as archive:
            for path in files:
                archive.write(path, path.name)
    return archive_path


def register_all() -> None:
    register("report_cards")(report_cards)
    register("answers_export")(answers_export)
    register("release_findings")(release_findings)


def release_findings(*, progress: Progress, snapshot_id: int) -> JobOutcome:
    snapshot = ScoreSnapshot.objects.select_related("cycle").get(pk=snapshot_id)
    opened = open_release_findings(snapshot)
    message = ngettext(
        "%(count)d follow-up finding opened.", "%(count)d follow-up findings opened.", len(opened)
    ) % {"count": len(opened)}
    return JobOutcome(summary={"snapshot": snapshot.pk, "opened": len(opened)}, message=message)


def report_cards(*, progress: Progress, snapshot_id: int) -> JobOutcome:
    snapshot = ScoreSnapshot.objects.select_related("cycle", "instrument_version").get(
        pk=snapshot_id
    )
    try:
        archive = zip_report_pdfs(snapshot, progress)
    except PdfError as exc:
        raise JobError(str(exc)) from exc
    count = snapshot.scores.filter(level="provider").count()
    message = ngettext("%(count)d report card made.", "%(count)d report cards made.", count) % {
        "count": count
    }
    return JobOutcome(
        summary={"snapshot": snapshot.pk},
        file=archive,
        filename=f"{snapshot.cycle.code}-report-cards-{snapshot_label(snapshot)}.zip",
        message=message,
    )


def answers_export(*, progress: Progress, cycle_id: int) -> JobOutcome:
    """The raw answers as an XLSX file: a national cycle's takes minutes to write."""
    export = AnswersExport(Cycle.objects.get(pk=cycle_id))
    path = scratch_file(export.name, "xlsx")
    write_xlsx_export(export, path, progress)
    stamp = f"{timezone.localtime():%Y%m%d-%H%M}"
    return JobOutcome(
        file=path,
        filename=f"{export.name}-{stamp}.xlsx",
        message=ngettext(
            "%(count)d answer exported.", "%(count)d answers exported.", export.count()
        )
        % {"count": export.count()},
    )
