"""Running satisfaction surveys: creating them, taking responses within the abuse limits, and
their results, also as evidence for the assessments that refer to SKM results."""

import datetime as dt
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from patuh.audit.services import acting_as
from patuh.instruments.definition import SKM, Indicator, Instrument
from patuh.instruments.loading import builtin_instrument_files
from patuh.instruments.models import InstrumentVersion
from patuh.instruments.services import save_instrument_source
from patuh.registry.models import ServiceProduct, ServiceUnit
from patuh.satisfaction import skm
from patuh.satisfaction.models import Response, Survey


class SurveyRefused(Exception):
    """A response that is not taken; `message` says why, for the respondent. `token_refused`:
    the form's token itself was refused, so the form needs a new one."""

    def __init__(self, message: str, status: int, *, token_refused: bool = False):
        self.message = message
        self.status = status
        self.token_refused = token_refused
        super().__init__(message)


class SurveyChangeRefused(Exception):
    """A change to a survey that is not made; `message` says why, for the officer."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def survey_version(on: dt.date, kind: str = SKM) -> InstrumentVersion:
    """The stored version of the `kind` survey instrument of the regulation in force on `on`."""
    instrument = skm.instrument_for_date(on, kind=kind)
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
    kiosk: bool = False,
    kind: str = SKM,
    user,
) -> Survey:
    """A survey of `kind` (SURVEY_KINDS) for the unit, with the questionnaire in force on its
    opening day."""
    return Survey.objects.create(
        unit=unit,
        instrument_version=survey_version(opens_on, kind),
        title=title,
        opens_on=opens_on,
        closes_on=closes_on,
        population=population,
        kiosk=kiosk,
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
    kiosk: bool = False,
) -> Survey:
    """Save the survey's new title, period, population and kiosk mode.

    The instrument (questions and conversion table) follows the regulation in force on the
    opening date. When the new date falls under another regulation, the survey takes that one's
    instrument while it has no responses; once it has some, they were answered with the old
    questions and are graded on the old table, so the change is refused (SurveyChangeRefused)
    and nothing is saved.
    """
    pinned = survey.instrument_version.parsed
    applies = skm.instrument_for_date(opens_on, kind=pinned.survey_kind)
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
        survey.instrument_version = survey_version(opens_on, pinned.survey_kind)
    survey.title, survey.population, survey.kiosk = title, population, kiosk
    survey.opens_on, survey.closes_on = opens_on, closes_on
    survey.save()
    return survey


FORM_SALT = "patuh.satisfaction.form-token"
# A form may wait on a counter's tablet for days. Replays are caught by the token's nonce at any
# age; the limit only keeps stockpiled tokens from living forever.
TOKEN_MAX_AGE = dt.timedelta(days=7)
# The burst ceiling counts the responses of this last stretch of time.
BURST_WINDOW = dt.timedelta(minutes=1)


def issue_token(survey: Survey, now: dt.datetime | None = None) -> str:
    """A signed token for one copy of the survey's form: the survey, a random nonce (stored with
    the response, so the same form is stored once) and the moment the form was issued."""
    issued = (now or timezone.now()).timestamp()
    payload = {"survey": str(survey.uuid), "nonce": uuid.uuid4().hex, "issued": issued}
    return signing.dumps(payload, salt=FORM_SALT)


def read_token(survey: Survey, token: str, now: dt.datetime) -> uuid.UUID:
    """The nonce of a token issued for `survey`'s form; SurveyRefused when the token was
    altered, belongs to another survey, is too old, or comes back faster than a person answers."""
    try:
        payload = signing.loads(token, salt=FORM_SALT)
        nonce = uuid.UUID(payload["nonce"])
        issued = dt.datetime.fromtimestamp(float(payload["issued"]), tz=dt.UTC)
        if payload["survey"] != str(survey.uuid):
            raise ValueError("another survey's token")
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise SurveyRefused(
            _(
                "Your answers were not saved: this form could not be checked (it was changed, or"
                " it belongs to another survey). Please check your answers and send the form"
                " again."
            ),
            400,
            token_refused=True,
        ) from None
    if now - issued > TOKEN_MAX_AGE:
        raise SurveyRefused(
            _(
                "Your answers were not saved: this form was opened more than a week ago. Please"
                " check your answers and send the form again."
            ),
            400,
            token_refused=True,
        )
    if now - issued < dt.timedelta(seconds=settings.PATUH_SKM_MIN_SECONDS):
        raise SurveyRefused(
            _(
                "Your answers were not saved: the form was sent within seconds of opening it, as"
                " automated programs do. Please check your answers and send the form again."
            ),
            400,
            token_refused=True,
        )
    return nonce


def submit_response(
    survey: Survey,
    *,
    token: str,
    answers: dict[str, int | None],
    product: ServiceProduct | None,
    profile: dict[str, str],
    suggestion: str,
    now: dt.datetime | None = None,
) -> tuple[Response, bool]:
    """Store one response and return it with True; for a replay of a form already stored,
    return that response with False and store nothing. SurveyRefused (nothing stored) outside
    the survey's period, for a refused token (see read_token), or above the burst ceiling.

    Limits follow the forms, not addresses: everyone at a counter shares its Wi-Fi. Steps: check
    the period on today's local date and the token; find a response sent with the same token;
    count the survey's responses of the last minute against PATUH_SKM_BURST_LIMIT; store the
    response with its token.
    """
    now = now or timezone.now()
    state = survey.state(timezone.localdate(now))
    if state != "open":
        raise SurveyRefused(period_message(survey, state), 403)
    nonce = read_token(survey, token, now)
    # Read before the transaction: on SQLite every writer waits for the one in a transaction.
    # A replay sent at the same moment is caught by the token's unique constraint, and the
    # ceiling may be passed by the few forms sent at that very moment.
    stored = Response.objects.filter(token=nonce).first()
    if stored is not None:
        return stored, False
    recent = survey.responses.filter(submitted_at__gt=now - BURST_WINDOW).count()
    if recent >= settings.PATUH_SKM_BURST_LIMIT:
        raise SurveyRefused(
            _(
                "This survey is receiving very many answers right now, so yours were not"
                " saved yet. Please wait a minute and send the form again: your answers are"
                " still filled in."
            ),
            429,
        )
    try:
        with transaction.atomic(), acting_as(None, "web", None):
            # The audit log records the response but not who sent it: no user, no address.
            response = Response.objects.create(
                survey=survey,
                product=product,
                answers={code: value for code, value in answers.items() if value is not None},
                suggestion=suggestion,
                submitted_at=now,
                token=nonce,
                **profile,
            )
    except IntegrityError:
        return Response.objects.get(token=nonce), False
    return response, True


def set_published(survey: Survey, published: bool, now: dt.datetime | None = None) -> Survey:
    """Publish the survey's results as they stand now (publishing again brings the public
    figures up to date), or withdraw them from the public portal."""
    survey.published_at = (now or timezone.now()) if published else None
    survey.save(update_fields=["published_at"])
    return survey


def find_by_short_code(typed: str) -> Survey | None:
    """The survey whose short code was typed: any case, spaces and dashes ignored."""
    code = "".join(typed.split()).replace("-", "").upper()
    if not code:
        return None
    return Survey.objects.filter(short_code=code).first()


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
    """One survey's results as evidence for an indicator that refers to survey results."""

    survey: Survey
    result: skm.SkmResult
    required_sample: int | None

    @property
    def kind(self) -> str:
        """Which survey it is (SURVEY_KINDS): an indicator whose evidence_from names it cites it."""
        return self.result.instrument.survey_kind

    @property
    def complete(self) -> bool:
        """Whether the respondents reached the required sample (unknown counts as not)."""
        return self.required_sample is not None and self.result.respondents >= (
            self.required_sample
        )


def survey_results_for_unit(unit: ServiceUnit, on_date: dt.date) -> list[SurveyEvidence]:
    """The unit's surveys that had opened by `on_date`, newest first, each with its results from
    the responses submitted up to the end of that day: what an assessment on `on_date` can cite
    for its indicators with an evidence_from (each cites the surveys of its kind). No access
    checks: callers show it only to whoever may see the unit's assessment."""
    return _evidence(Survey.objects.filter(unit=unit), on_date).get(unit.pk, [])


def citing(surveys: list[SurveyEvidence], indicator: Indicator) -> list[SurveyEvidence]:
    """Those of `surveys` that `indicator` cites: the ones of the kind its evidence_from names."""
    return [evidence for evidence in surveys if evidence.kind == indicator.evidence_from]


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
