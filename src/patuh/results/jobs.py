"""Report cards as a background job: every provider's PDF of a snapshot, in one zip file."""

from django.utils.translation import ngettext

from patuh.jobs.services import JobError, JobOutcome, register
from patuh.lib.progress import Progress
from patuh.results.pdf import PdfError, zip_report_pdfs
from patuh.scoring.models import ScoreSnapshot


def register_all() -> None:
    register("report_cards")(report_cards)


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
    return JobOutcome(summary={"snapshot": snapshot.pk}, file=archive, message=message)
