"""An agency's self-check (pra-evaluasi): its own answers to the observable items of a unit.

Kept apart from the official answers (patuh.assessments.Answer) and from the enumerators'
submissions (patuh.fieldwork): nothing here is read by official or preliminary scores, the
visit plan or the review queue.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from patuh.assessments.models import Cycle
from patuh.evidence.models import EvidenceFile
from patuh.registry.models import ServiceProduct, ServiceUnit


class SelfCheck(models.Model):
    """One unit's self-check in one cycle."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="self_checks", verbose_name=_("cycle")
    )
    unit = models.ForeignKey(
        ServiceUnit,
        on_delete=models.CASCADE,
        related_name="self_checks",
        verbose_name=_("service unit"),
    )
    created_at = models.DateTimeField(_("started at"))
    updated_at = models.DateTimeField(_("last saved at"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last saved by"),
    )

    class Meta:
        verbose_name = _("self-check")
        verbose_name_plural = _("self-checks")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "unit"], name="selfcheck_one_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit} ({self.cycle.code})"


class SelfCheckAnswer(models.Model):
    """The agency's answer to one indicator of the unit (no product) or of one of its products."""

    self_check = models.ForeignKey(
        SelfCheck, on_delete=models.CASCADE, related_name="answers", verbose_name=_("self-check")
    )
    product = models.ForeignKey(
        ServiceProduct,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("service product"),
    )
    indicator = models.CharField(_("indicator"), max_length=32)
    value = models.CharField(_("value"), max_length=64, blank=True)
    note = models.TextField(_("note"), blank=True)
    answered_at = models.DateTimeField(_("answered at"))

    class Meta:
        verbose_name = _("self-check answer")
        verbose_name_plural = _("self-check answers")
        constraints = [
            models.UniqueConstraint(
                fields=["self_check", "indicator"],
                condition=Q(product__isnull=True),
                name="selfcheck_answer_unique_per_unit",
            ),
            models.UniqueConstraint(
                fields=["self_check", "product", "indicator"],
                condition=Q(product__isnull=False),
                name="selfcheck_answer_unique_per_product",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} = {self.value}"


class SelfCheckPhoto(EvidenceFile):
    """An optional photo the agency keeps with one item of its self-check (kind "image").
    Only the agency's own officers see it, as the display copy or thumbnail without metadata."""

    self_check = models.ForeignKey(
        SelfCheck, on_delete=models.CASCADE, related_name="photos", verbose_name=_("self-check")
    )
    product = models.ForeignKey(
        ServiceProduct,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service product"),
    )
    indicator = models.CharField(_("indicator"), max_length=32)

    class Meta(EvidenceFile.Meta):
        verbose_name = _("self-check photo")
        verbose_name_plural = _("self-check photos")

    def __str__(self) -> str:
        return f"{self.indicator} {self.uuid}"
