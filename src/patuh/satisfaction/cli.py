"""What `patuh skm compute` and `patuh compute` share: scoring a respondents file and writing the
result; failures are CommandErrors."""

from pathlib import Path

from django.core.management.base import CommandError

from patuh.instruments.definition import Instrument
from patuh.lib.output import write_json
from patuh.lib.spreadsheet import AnswersFileError, SpreadsheetError, read_rows
from patuh.satisfaction import skm


def compute_file(instrument: Instrument, path: str, weights: str | None) -> skm.SkmResult:
    """Read and score a respondents file; CommandError naming every bad row and column."""
    convention = weights_convention(instrument, weights)
    try:
        responses = skm.read_responses(read_rows(Path(path)), instrument, source=path)
    except SpreadsheetError as exc:
        raise CommandError(str(exc)) from exc
    except AnswersFileError as exc:
        raise CommandError(f"{len(exc.problems)} problem(s):\n" + "\n".join(exc.problems)) from exc
    result = skm.compute(instrument, responses, convention)
    if result.unanswered:
        raise CommandError(
            "\n".join(
                f"{path}: column {code}: no respondent answered it, so the IKM cannot be computed"
                for code in result.unanswered
            )
        )
    return result


def weights_convention(instrument: Instrument, weights: str | None) -> str | None:
    """ "exact", "written" or None (the file's default) from --weights; the written weight itself
    (e.g. 0.111) also means "written"."""
    if weights is None or weights in skm.WEIGHT_CONVENTIONS:
        return weights
    written = skm.survey_rule(instrument).written_weight
    if written is not None and weights == str(written):
        return "written"
    allowed = ", ".join([*skm.WEIGHT_CONVENTIONS, *([str(written)] if written else [])])
    raise CommandError(f"--weights {weights!r}: use one of {allowed} for {instrument.id}.")


def write_result(stdout, result: skm.SkmResult, format: str) -> None:
    if format == "json":
        write_json(stdout, result.as_dict())
    else:
        stdout.write(skm.report_text(result))
