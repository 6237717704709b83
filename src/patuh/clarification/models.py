"""Objections (klarifikasi): an agency disputes one preliminary finding, the office decides.

A finding is an indicator of one of the agency's units or products that the preliminary scores
count with less than full points. Accepting an objection corrects the answer as a new version
of the visit's checklist (patuh.fieldwork.services.reviewing.correct), so the objection keeps
only what was disputed and decided, and a link to that version.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from patuh.assessments.models import Cycle, Level
from patuh.evidence.models import EvidenceFile
from patuh.fieldwork.models import Submission
from patuh.registry.models import Provider, ServiceProduct, ServiceUnit


class Objection(models.Model):
    """An agency officer's objection to one finding, and the office's decision on it."""

    class Status(models.TextChoices):
        FILED = "filed", _("Awaiting decision")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="objections", verbose_name=_("cycle")
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="objections", verbose_name=_("provider")
    )
    unit = models.ForeignKey(
        ServiceUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    # Set for a finding about a product of the unit; empty for one about the unit itself.
    product = models.ForeignKey(
        ServiceProduct,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("product"),
    )
    indicator = models.CharField(_("indicator"), max_length=32)
    # The answer as the preliminary scores counted it when the objection was filed.
    answer = models.CharField(_("answer objected to"), max_length=64)
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.FILED
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("filed by"),
    )
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # Why it was rejected, or what the reviewer says about the correction.
    decision_note = models.TextField(_("decision note"), blank=True)
    corrected_value = models.CharField(_("corrected answer"), max_length=64, blank=True)
    correction = models.ForeignKey(
        Submission,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("corrected version"),
    )

    class Meta:
        ordering = ["filed_at", "pk"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        constraints = [
            # One objection per finding: a rejected one is not filed again.
            models.UniqueConstraint(
                fields=["cycle", "product", "indicator"],
                condition=Q(product__isnull=False),
                name="objection_once_per_product_finding",
            ),
            models.UniqueConstraint(
                fields=["cycle", "unit", "indicator"],
                condition=Q(product__isnull=True),
                name="objection_once_per_unit_finding",
            ),
        ]

    def __str__(self) -> str:
        where = self.product or self.unit
        return f"{where} {self.indicator} ({self.get_status_display()})"

    @property
    def level(self) -> str:
        return Level.PRODUCT if self.product_id else Level.UNIT

    @property
    def subject_id(self) -> int:
        return self.product_id or self.unit_id


class ObjectionEvidence(EvidenceFile):
    """A photo (its display copy stripped of metadata) or a PDF sent with an objection."""

    objection = models.ForeignKey(
        Objection, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("objection")
    )

    class Meta(EvidenceFile.Meta):
        verbose_name = _("objection evidence")
        verbose_name_plural = _("objection evidence")

    def __str__(self) -> str:
        return f"{self.objection} {self.uuid}"

    @property
    def cycle_id(self) -> int:
        return self.objection.cycle_id
