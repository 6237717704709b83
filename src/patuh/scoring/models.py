"""Stored score snapshots: every published number comes from one, with its instrument version."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ScoreSnapshot(models.Model):
    """Scores of every subject of a cycle as computed at one time. A released snapshot never
    changes; until released, the latest official one follows review approvals in place
    (patuh.scoring.incremental)."""

    class Kind(models.TextChoices):
        # From official answers only (approved submissions, confirmed checks).
        OFFICIAL = "official", _("Official")
        # Also counts submissions still under review: for office staff, labelled as such.
        PRELIMINARY = "preliminary", _("Preliminary")

    cycle = models.ForeignKey(
        "assessments.Cycle",
        on_delete=models.CASCADE,
        related_name="snapshots",
        verbose_name=_("cycle"),
    )
    instrument_version = models.ForeignKey(
        "instruments.InstrumentVersion",
        on_delete=models.PROTECT,
        related_name="snapshots",
        verbose_name=_("instrument version"),
    )
    computed_at = models.DateTimeField(_("computed at"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("computed by"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OFFICIAL)
    answer_count = models.PositiveIntegerField(_("answers used"))
    # The newest answer's time: with the answers' history this pins the inputs of the snapshot,
    # so a published number can be recomputed from stored data.
    answers_as_of = models.DateTimeField(_("answers as of"), null=True, blank=True)
    # Released to agency officers (their own providers) and, from the cycle's announcement on,
    # to the public. The latest released official snapshot is the published one.
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("released by"),
    )

    class Meta:
        ordering = ["-computed_at", "-pk"]
        get_latest_by = ["computed_at", "pk"]
        verbose_name = _("score snapshot")
        verbose_name_plural = _("score snapshots")

    def __str__(self) -> str:
        return f"{self.cycle} @ {self.computed_at:%Y-%m-%d %H:%M}"


class SubjectScore(models.Model):
    snapshot = models.ForeignKey(
        ScoreSnapshot, on_delete=models.CASCADE, related_name="scores", verbose_name=_("snapshot")
    )
    level = models.CharField(_("level"), max_length=10)
    # The registry row's id at the time; path and name are copied so the snapshot stands alone.
    subject_id = models.BigIntegerField(_("subject id"))
    path = models.CharField(_("path"), max_length=600)
    name = models.CharField(_("name"), max_length=250)
    parent_path = models.CharField(_("parent path"), max_length=600, blank=True)
    # A provider's agency kind (AgencyKind.code) at the time, empty for other levels: with the
    # region code that starts the path, it names a provider's peers, so rankings and report
    # cards need nothing from today's registry.
    kind = models.CharField(_("agency kind"), max_length=50, blank=True)
    score = models.DecimalField(_("score"), max_digits=9, decimal_places=4, null=True)
    band = models.CharField(_("band"), max_length=32, blank=True)
    zone = models.CharField(_("zone"), max_length=10, blank=True)
    complete = models.BooleanField(_("complete"))
    answered = models.PositiveIntegerField(_("answered"))
    applicable = models.PositiveIntegerField(_("applicable"))
    not_applicable = models.PositiveIntegerField(_("not applicable"))
    missing = models.JSONField(_("missing indicators"), default=list)
    products = models.PositiveIntegerField(_("products assessed"))
    dimensions = models.JSONField(_("dimension scores"), default=dict)
    # Own indicators answered with less than full points, code → answer, as scored: what a
    # report lists as failed, reproducible from the snapshot alone.
    shortfalls = models.JSONField(_("shortfalls"), default=dict)
    # Opinion instruments (opini-2025): the compliance level used and the opinion, as worded then.
    compliance = models.CharField(_("compliance level"), max_length=20, blank=True)
    opinion = models.CharField(_("opinion"), max_length=200, blank=True)
    opinion_en = models.CharField(_("opinion (English)"), max_length=200, blank=True)

    class Meta:
        ordering = ["level", "path"]
        verbose_name = _("subject score")
        verbose_name_plural = _("subject scores")
        indexes = [models.Index(fields=["snapshot", "level", "subject_id"])]

    def __str__(self) -> str:
        return f"{self.path}: {self.score}"


class ComplianceOverride(models.Model):
    """An office's own compliance level for a regional government or a provider in a cycle, in
    place of the one the follow-up tracker gives (opinion instruments); kept with its reason."""

    cycle = models.ForeignKey(
        "assessments.Cycle",
        on_delete=models.CASCADE,
        related_name="compliance_overrides",
        verbose_name=_("cycle"),
    )
    region = models.ForeignKey(
        "registry.Region",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    provider = models.ForeignKey(
        "registry.Provider",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("provider"),
    )
    level = models.CharField(_("compliance level"), max_length=20)
    reason = models.TextField(_("reason"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("set by"),
    )
    set_at = models.DateTimeField(_("set at"), auto_now=True)

    class Meta:
        verbose_name = _("compliance override")
        verbose_name_plural = _("compliance overrides")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(region__isnull=False, provider__isnull=True)
                | models.Q(region__isnull=True, provider__isnull=False),
                name="compliance_override_one_subject",
            ),
            models.UniqueConstraint(fields=["cycle", "region"], name="compliance_override_region"),
            models.UniqueConstraint(
                fields=["cycle", "provider"], name="compliance_override_provider"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region or self.provider}: {self.level}"
