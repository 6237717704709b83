"""Satisfaction surveys (SKM): a unit's public survey link with its period, and the responses."""

import datetime as dt
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from patuh.registry.models import ServiceProduct, ServiceUnit

# Letters and digits that cannot be mistaken for one another when read off a poster and typed
# on a phone: no 0/O/Q/D, 1/I/L, 2/Z, 5/S, 8/B, U/V.
SHORT_CODE_ALPHABET = "ACEFGHJKMNPRTWXY34679"
SHORT_CODE_LENGTH = 6


def draw_short_code() -> str:
    return "".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(SHORT_CODE_LENGTH))


def new_short_code() -> str:
    """A short code that no survey has yet (21⁶ ≈ 86 million codes, so a retry is rare)."""
    while True:
        code = draw_short_code()
        if not Survey.objects.filter(short_code=code).exists():
            return code


class Survey(models.Model):
    """One survey of a service unit: a public link (by UUID) open for a period of dates."""

    uuid = models.UUIDField(_("public code"), default=uuid.uuid4, unique=True, editable=False)
    # Printed under the QR code, for a respondent whose phone cannot scan it: typed at /s/.
    short_code = models.CharField(
        _("short code"), max_length=SHORT_CODE_LENGTH, unique=True, default=new_short_code
    )
    unit = models.ForeignKey(
        ServiceUnit, on_delete=models.PROTECT, related_name="surveys", verbose_name=_("unit")
    )
    # The survey regulation's instrument, chosen by the opening date; pinned like a cycle's.
    instrument_version = models.ForeignKey(
        "instruments.InstrumentVersion",
        on_delete=models.PROTECT,
        related_name="surveys",
        verbose_name=_("instrument version"),
    )
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    population = models.PositiveIntegerField(
        _("people served"),
        null=True,
        blank=True,
        help_text=_("People served in the survey period; sets the required sample."),
    )
    kiosk = models.BooleanField(
        _("kiosk mode"),
        default=False,
        help_text=_(
            "For a tablet at the counter: after each response the form resets for the next person."
        ),
    )
    # PermenPAN-RB 14/2017 asks units to publish their SKM results. The public portal shows the
    # results as they stood at this moment, so published figures never change silently; empty:
    # not public.
    published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="survey_closes_after_opening"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.title}"

    def state(self, today: dt.date) -> str:
        """ "upcoming", "open" or "closed" on `today` (both period dates included)."""
        if today < self.opens_on:
            return "upcoming"
        return "open" if today <= self.closes_on else "closed"


class AgeBand(models.TextChoices):
    UNDER_20 = "lt20", _("Under 20")
    AGE_20 = "20-29", _("20–29")
    AGE_30 = "30-39", _("30–39")
    AGE_40 = "40-49", _("40–49")
    AGE_50 = "50-59", _("50–59")
    AGE_60 = "60+", _("60 or older")


class Sex(models.TextChoices):
    MALE = "l", _("Male")
    FEMALE = "p", _("Female")


class Education(models.TextChoices):
    PRIMARY = "sd", _("Primary school or less")
    JUNIOR = "smp", _("Junior high school")
    SENIOR = "sma", _("Senior high school")
    DIPLOMA = "diploma", _("Diploma (D1–D3)")
    BACHELOR = "s1", _("Bachelor (D4/S1)")
    POSTGRADUATE = "s2", _("Master or doctorate")


class Occupation(models.TextChoices):
    CIVIL_SERVANT = "asn", _("Civil servant")
    MILITARY_POLICE = "tni-polri", _("Military or police")
    PRIVATE = "swasta", _("Private employee")
    SELF_EMPLOYED = "wirausaha", _("Self-employed")
    STUDENT = "pelajar", _("Pupil or student")
    OTHER = "lainnya", _("Other")


class Response(models.Model):
    """One anonymous respondent's answers. Nothing here identifies the respondent."""

    survey = models.ForeignKey(
        Survey, on_delete=models.PROTECT, related_name="responses", verbose_name=_("survey")
    )
    product = models.ForeignKey(
        ServiceProduct,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service product used"),
    )
    # Element code (U1 …) → answer on the element's scale; a skipped element is left out.
    answers = models.JSONField(_("answers"))
    age_band = models.CharField(_("age"), max_length=8, choices=AgeBand.choices, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    education = models.CharField(
        _("education"), max_length=8, choices=Education.choices, blank=True
    )
    occupation = models.CharField(
        _("occupation"), max_length=10, choices=Occupation.choices, blank=True
    )
    suggestion = models.TextField(_("suggestion"), blank=True)
    # Asked by surveys of a service's users that want it (the maladministration-perception survey).
    used_on = models.DateField(_("date the service was used"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    # The random part of the form token the response was sent with: a replay of the same form
    # finds it and is not stored again. Random, so it says nothing about the respondent; empty
    # for responses stored before form tokens.
    token = models.UUIDField(_("form token"), null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        indexes = [models.Index(fields=["survey", "submitted_at"], name="response_survey_time")]

    def __str__(self) -> str:
        return f"{self.survey} @ {self.submitted_at:%Y-%m-%d %H:%M}"
