"""Preliminary scores: the official answers with the submissions still under review on top.

For office staff only, and always labelled preliminary; official scores (scoring.services)
count approved answers alone.
"""

from django.db.models import Max

from patuh.assessments.models import SUBJECT_FIELD, Answer, Cycle, Level
from patuh.fieldwork.models import Submission, SubmittedAnswer
from patuh.lib.progress import Progress, no_progress
from patuh.scoring.compliance import cycle_compliance
from patuh.scoring.engine import ScoreReport, score_subjects
from patuh.scoring.models import ScoreSnapshot
from patuh.scoring.services import cycle_subjects, store_snapshot

# Versions whose answers preliminary scores count: submitted and not turned down. A version
# sent back is replaced by the next one once that is submitted.
COUNTED = (Submission.Status.RECEIVED, Submission.Status.HAS_ISSUES, Submission.Status.APPROVED)


def preliminary_answers(cycle: Cycle) -> dict[tuple[str, int, str], str]:
    """(level, subject id, indicator) → value: official answers, overlaid with the latest
    counted version of every assignment."""
    answers = {}
    for level, field in SUBJECT_FIELD.items():
        rows = Answer.objects.filter(cycle=cycle, level=level).values_list(
            f"{field}_id", "indicator", "value"
        )
        for subject_id, code, value in rows:
            answers[(str(level), subject_id, code)] = value
    latest = (
        Submission.objects.filter(assignment__cycle=cycle, status__in=COUNTED)
        .values("assignment_id")
        .annotate(version=Max("version"))
    )
    wanted = {(row["assignment_id"], row["version"]) for row in latest}
    submitted = (
        SubmittedAnswer.objects.filter(
            submission__assignment__cycle=cycle, submission__status__in=COUNTED
        )
        .exclude(value="")
        .values_list(
            "submission__assignment_id",
            "submission__version",
            "submission__assignment__unit_id",
            "product_id",
            "indicator",
            "value",
        )
    )
    for assignment_id, version, unit_id, product_id, code, value in submitted:
        if (assignment_id, version) not in wanted:
            continue
        if product_id is None:
            answers[(Level.UNIT.value, unit_id, code)] = value
        else:
            answers[(Level.PRODUCT.value, product_id, code)] = value
    return answers


def compute_preliminary_snapshot(
    cycle: Cycle, user=None, progress: Progress = no_progress
) -> tuple[ScoreSnapshot, ScoreReport]:
    progress(0, 2, "reading answers")
    answers = preliminary_answers(cycle)
    progress(1, 2, "scoring")
    subjects = cycle_subjects(cycle)
    # As in official scores, answers of subjects no longer in scope are left out; each answer
    # counts once, however many versions of it there are.
    keys = {subject.key for subject in subjects}
    used = [
        ((level, subject_id), code, value)
        for (level, subject_id, code), value in answers.items()
        if (level, subject_id) in keys
    ]
    report = score_subjects(
        cycle.instrument_version.parsed, subjects, used, cycle_compliance(cycle)
    )
    snapshot = store_snapshot(
        cycle,
        report,
        kind=ScoreSnapshot.Kind.PRELIMINARY,
        answer_count=len(used),
        answers_as_of=None,
        user=user,
    )
    progress(2, 2, "stored")
    return snapshot, report
