"""Running satisfaction surveys: creating them, taking responses within the abuse limits, and
their results, also as evidence for the assessments that refer to SKM results."""

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from patuh.audit.services import acting_as
from patuh.instruments.definition import Instrument
from patuh.instruments.loading import builtin_instrument_files
from patuh.instruments.models import InstrumentVersion
from patuh.instruments.services import save_instrument_source
from patuh.registry.models import ServiceProduct, ServiceUnit
from patuh.satisfaction import skm
from patuh.satisfaction.models import Response, Submission, Survey


class SurveyRefused(Exception):
    """A response that is not taken; `message` says why, for the respondent."""

    def __init__(self, message: str, status: int):
        self.message = message
        self.status = status
        super().__init__(message)


class SurveyChangeRefused(Exception):
    """A change to a survey that is not made; `message` says why, for the officer."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def survey_version(on: dt.date) -> InstrumentVersion:
    """The stored version of the survey instrument of the regulation in force on `on`."""
    instrument = skm.instrument_for_date(on)
    path = builtin_instrument_files()[instrument.id]
    return save_instrument_source(path.read_text(encoding="utf-8"), origin=str(path))


@transaction.atomic
def create_survey(
    unit: ServiceUnit,
    *,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
    population: int | None,
    user,
) -> Survey:
    return Survey.objects.create(
        unit=unit,
        instrument_version=survey_version(opens_on),
        title=title,
        opens_on=opens_on,
        closes_on=closes_on,
        population=population,
        created_by=user,
    )


@transaction.atomic
def update_survey(
    survey: Survey,
    *,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
    population: int | None,
) -> Survey:
    """Save the survey's new title, period and population.

    The instrument (questions and conversion table) follows the regulation in force on the
    opening date. When the new date falls under another regulation, the survey takes that one's
    instrument while it has no responses; once it has some, they were answered with the old
    questions and are graded on the old table, so the change is refused (SurveyChangeRefused)
    and nothing is saved.
    """
    pinned = survey.instrument_version.parsed
    applies = skm.instrument_for_date(opens_on)
    if applies.id != pinned.id:
        if survey.responses.exists():
            language = get_language()
            raise SurveyChangeRefused(
                _(
                    "A survey opening on %(date)s follows %(new)s, but this survey already has"
                    " responses collected under %(old)s, with its questions and conversion"
                    " table. Keep the opening date under that regulation, or create a new survey."
                )
                % {
                    "date": date_format(opens_on, "DATE_FORMAT"),
                    "new": applies.title.get(language),
                    "old": pinned.title.get(language),
                }
            )
        survey.instrument_version = survey_version(opens_on)
    survey.title, survey.population = title, population
    survey.opens_on, survey.closes_on = opens_on, closes_on
    survey.save()
    return survey


def client_key(survey: Survey, address: str) -> str:
    """The client's address as an HMAC keyed with the secret key and the survey: it counts
    submissions without storing the address, and cannot be linked across surveys."""
    message = f"{survey.uuid}:{address}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def submit_response(
    survey: Survey,
    *,
    answers: dict[str, int | None],
    product: ServiceProduct | None,
    profile: dict[str, str],
    suggestion: str,
    address: str,
    now: dt.datetime | None = None,
) -> Response:
    """Store one response, or raise SurveyRefused (outside the period, or too many from this
    client within the rate-limit window) having stored nothing.

    Steps, in one transaction: check the period on today's local date; forget submissions older
    than the window; count this client's recent submissions; store the response and a mark.
    """
    now = now or timezone.now()
    state = survey.state(timezone.localdate(now))
    if state != "open":
        raise SurveyRefused(period_message(survey, state), 403)
    client = client_key(survey, address)
    window_start = now - dt.timedelta(seconds=settings.PATUH_SKM_RATE_WINDOW)
    with transaction.atomic():
        Submission.objects.filter(at__lt=window_start).delete()
        recent = Submission.objects.filter(survey=survey, client=client, at__gte=window_start)
        if recent.count() >= settings.PATUH_SKM_RATE_LIMIT:
            raise SurveyRefused(
                _(
                    "Too many responses have come from your connection in a short time, so this"
                    " one was not saved. Please try again later."
                ),
                429,
            )
        # The audit log records the response but not who sent it: no user, no address.
        with acting_as(None, "web", None):
            response = Response.objects.create(
                survey=survey,
                product=product,
                answers={code: value for code, value in answers.items() if value is not None},
                suggestion=suggestion,
                submitted_at=now,
                **profile,
            )
        Submission.objects.create(survey=survey, client=client, at=now)
    return response


def period_message(survey: Survey, state: str) -> str:
    period = {"opens": survey.opens_on, "closes": survey.closes_on}
    if state == "upcoming":
        return _("This survey opens on %(opens)s. Please come back then.") % period
    return _("This survey closed on %(closes)s. Thank you for your interest.") % period


def survey_result(survey: Survey, until: dt.datetime | None = None) -> skm.SkmResult:
    """The survey's NRR, index, IKM and grade from its responses (up to `until`, if given)."""
    responses = survey.responses.all()
    if until is not None:
        responses = responses.filter(submitted_at__lte=until)
    answers = responses.values_list("answers", flat=True).iterator(chunk_size=2000)
    return skm.compute(survey.instrument_version.parsed, answers)


def required_sample(survey: Survey) -> int | None:
    """Krejcie & Morgan's minimum from the population served; None until it is entered."""
    instrument: Instrument = survey.instrument_version.parsed
    if not survey.population or instrument.sample_size is None:
        return None
    return skm.sample_size(survey.population, instrument)


@dataclass(frozen=True)
class SurveyEvidence:
    """One survey's results as evidence for an indicator that refers to SKM results."""

    survey: Survey
    result: skm.SkmResult
    required_sample: int | None

    @property
    def complete(self) -> bool:
        """Whether the respondents reached the required sample (unknown counts as not)."""
        return self.required_sample is not None and self.result.respondents >= (
            self.required_sample
        )


def skm_results_for_unit(unit: ServiceUnit, on_date: dt.date) -> list[SurveyEvidence]:
    """The unit's surveys that had opened by `on_date`, newest first, each with its results from
    the responses submitted up to the end of that day: what an assessment on `on_date` can cite
    for its SKM indicators (instrument.evidence_indicators("skm")). No access checks: callers
    show it only to whoever may see the unit's assessment."""
    return _evidence(Survey.objects.filter(unit=unit), on_date).get(unit.pk, [])


def _evidence(surveys: QuerySet[Survey], on_date: dt.date) -> dict[int, list[SurveyEvidence]]:
    end_of_day = timezone.make_aware(dt.datetime.combine(on_date, dt.time.max))
    found: dict[int, list[SurveyEvidence]] = {}
    rows = surveys.filter(opens_on__lte=on_date).select_related("instrument_version", "unit")
    for survey in rows.order_by("-opens_on", "-pk"):
        evidence = SurveyEvidence(
            survey, survey_result(survey, until=end_of_day), required_sample(survey)
        )
        found.setdefault(survey.unit_id, []).append(evidence)
    return found
