"""The follow-up tracker (tindak lanjut): findings of released report cards and the items of the
Ombudsman's supervision products, each followed from open to verified.

A finding and a product's item are the same thing to follow up: one `Finding` row, with one
state machine (patuh.followup.services). The snapshot a finding came from is named by its
instrument version and subject, never imported: this app sits below scoring and results.
"""

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from patuh.evidence.models import EvidenceFile


class FollowupPeriod(models.Model):
    """How long a cycle's agencies have to follow up the findings of a release; a cycle
    without a row has PATUH_FOLLOWUP_DAYS."""

    cycle = models.OneToOneField(
        "assessments.Cycle",
        on_delete=models.CASCADE,
        related_name="followup_period",
        verbose_name=_("cycle"),
    )
    days = models.PositiveIntegerField(_("days to follow up"))

    class Meta:
        verbose_name = _("follow-up period")
        verbose_name_plural = _("follow-up periods")

    def __str__(self) -> str:
        return f"{self.cycle}: {self.days}"


class Owner(models.Model):
    """Who must follow something up: a provider, or a government as a whole."""

    provider = models.ForeignKey(
        "registry.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("provider"),
    )
    government = models.ForeignKey(
        "registry.Government",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("government"),
    )

    class Meta:
        abstract = True

    @property
    def owner(self):
        return self.provider or self.government


def _one_owner(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(provider__isnull=False, government__isnull=True)
        | Q(provider__isnull=True, government__isnull=False),
        name=name,
    )


class Product(Owner):
    """An Ombudsman supervision product addressed to a provider or a government."""

    class Kind(models.TextChoices):
        TINDAKAN_KOREKTIF = "tindakan-korektif", _("Corrective action (LAHP)")
        SARAN_PERBAIKAN = "saran-perbaikan", _("Improvement advice")
        SARAN_PENYEMPURNAAN = "saran-penyempurnaan", _("Refinement advice")
        REKOMENDASI = "rekomendasi", _("Recommendation")

    # Days a recommendation gives by default (UU 37/2008, art. 38: report within 60 days).
    RECOMMENDATION_DAYS = 60

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    cycle = models.ForeignKey(
        "assessments.Cycle",
        on_delete=models.CASCADE,
        related_name="supervision_products",
        verbose_name=_("cycle"),
        help_text=_("The cycle whose follow-up rate and compliance level it counts in."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=100)
    issued_on = models.DateField(_("date"))
    deadline = models.DateField(_("deadline"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        ordering = ["issued_on", "number"]
        verbose_name = _("supervision product")
        verbose_name_plural = _("supervision products")
        constraints = [
            _one_owner("followup_product_one_owner"),
            models.UniqueConstraint(fields=["cycle", "number"], name="followup_product_number"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    @classmethod
    def default_deadline(cls, kind: str, issued_on: dt.date) -> dt.date | None:
        """A recommendation's deadline when none is given; other kinds must state one."""
        if kind == cls.Kind.REKOMENDASI:
            return issued_on + dt.timedelta(days=cls.RECOMMENDATION_DAYS)
        return None


class Finding(Owner):
    """One thing to follow up: a failed indicator of a released report card, or an item of a
    supervision product."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        REPORTED = "reported", _("Reported done")
        VERIFIED = "verified", _("Verified")
        SENT_BACK = "sent_back", _("Sent back")

    # A finding of a report card; a product's item takes its product's kind.
    FINDING = "temuan"

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    cycle = models.ForeignKey(
        "assessments.Cycle",
        on_delete=models.CASCADE,
        related_name="findings",
        verbose_name=_("cycle"),
    )
    kind = models.CharField(_("kind"), max_length=20)
    product = models.ForeignKey(
        Product,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("supervision product"),
    )
    # A report card's finding: the indicator, as scored in the released snapshot, of the
    # subject (provider, unit, product or website) it was scored for.
    instrument_version = models.ForeignKey(
        "instruments.InstrumentVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("instrument version"),
    )
    snapshot = models.ForeignKey(
        "scoring.ScoreSnapshot",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("released scores"),
    )
    indicator = models.CharField(_("indicator"), max_length=32, blank=True)
    answer = models.CharField(_("answer"), max_length=64, blank=True)
    level = models.CharField(_("level"), max_length=10, blank=True)
    subject_id = models.BigIntegerField(_("subject id"), null=True, blank=True)
    subject_path = models.CharField(_("path"), max_length=600)
    subject_name = models.CharField(_("name of the subject"), max_length=250)
    # A product's item: what the Ombudsman asks, in its words.
    text = models.TextField(_("item"), blank=True)
    due = models.DateField(_("due"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.OPEN)
    note = models.TextField(_("agency's note"), blank=True)
    reason = models.TextField(_("reason sent back"), blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["due", "subject_path", "indicator", "pk"]
        verbose_name = _("finding to follow up")
        verbose_name_plural = _("findings to follow up")
        constraints = [
            _one_owner("followup_finding_one_owner"),
            # A release after a correction opens no second finding for the same shortfall.
            models.UniqueConstraint(
                fields=["cycle", "level", "subject_id", "indicator"],
                condition=Q(product__isnull=True),
                name="followup_finding_once",
            ),
        ]
        indexes = [
            models.Index(fields=["cycle", "state", "due"]),
            models.Index(fields=["provider", "state", "due"]),
            # Covers the rates query (patuh.followup.levels.cycle_rates): counting a national
            # cycle's items per owner reads this index alone, not the table.
            models.Index(
                fields=["cycle", "provider", "government", "state", "due", "decided_at"],
                name="followup_finding_rates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_path}: {self.indicator or self.text[:60]}"

    @property
    def done(self) -> bool:
        return self.state == self.State.VERIFIED

    def is_overdue(self, today: dt.date) -> bool:
        """Past its due date with nothing reported: what the agency still owes (a report
        awaiting the office's decision is the office's turn)."""
        return self.due < today and self.state in OWED


# States in which the agency still owes the item: those `is_overdue` counts.
OWED = (Finding.State.OPEN, Finding.State.IN_PROGRESS, Finding.State.SENT_BACK)


def overdue(today: dt.date) -> Q:
    """Finding.is_overdue as a query condition."""
    return Q(state__in=OWED, due__lt=today)


class FindingEvidence(EvidenceFile):
    """What an agency sent to show a finding done: a photo or a document."""

    finding = models.ForeignKey(
        Finding,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=_("finding"),
    )

    class Meta(EvidenceFile.Meta):
        verbose_name = _("follow-up evidence")
        verbose_name_plural = _("follow-up evidence")

    def __str__(self) -> str:
        return f"{self.finding}: {self.kind}"
