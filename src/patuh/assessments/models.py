"""Assessment cycles, their phases, and the answers collected for each subject and indicator."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from patuh.registry.models import Provider, ServiceProduct, ServiceUnit, Website


class CycleQuerySet(models.QuerySet):
    def in_phase(self, kind: str, today: dt.date) -> "CycleQuerySet":
        """The cycles whose phase of `kind` runs on `today` (Phase.runs_on, in SQL)."""
        return self.filter(
            phases__kind=kind, phases__starts_on__lte=today, phases__ends_on__gte=today
        )


class Cycle(models.Model):
    code = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=250)
    year = models.PositiveIntegerField(_("year"))
    office = models.ForeignKey(
        "accounts.Office",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cycles",
        verbose_name=_("office"),
        help_text=_("The office that runs the cycle; only its staff work on it."),
    )
    instrument_version = models.ForeignKey(
        "instruments.InstrumentVersion",
        on_delete=models.PROTECT,
        related_name="cycles",
        verbose_name=_("instrument version"),
    )
    providers = models.ManyToManyField(
        Provider, related_name="cycles", verbose_name=_("providers in scope")
    )
    announce_at = models.DateTimeField(
        _("public announcement"),
        null=True,
        blank=True,
        help_text=_("From this moment the released results are public. Empty: never public."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("assessment cycle")
        verbose_name_plural = _("assessment cycles")

    def __str__(self) -> str:
        return self.name

    def phase(self, kind: str) -> "Phase | None":
        """The cycle's phase of `kind` (there is at most one), from prefetched phases if any."""
        return next((p for p in self.phases.all() if p.kind == kind), None)

    def current_phase(self, today: dt.date, *, visits: bool = True) -> "Phase | None":
        """The phase running on `today`; where phases overlap, the one that started last.
        Without `visits`, the phases in which units are visited do not count (VISIT_KINDS)."""
        running = [
            p
            for p in self.phases.all()
            if p.runs_on(today) and (visits or p.kind not in Phase.VISIT_KINDS)
        ]
        return max(running, key=lambda p: (p.starts_on, p.kind_order), default=None)


class Phase(models.Model):
    class Kind(models.TextChoices):
        SOSIALISASI = "sosialisasi", _("Socialisation")
        PENDAMPINGAN = "pendampingan", _("Assistance")
        PERBAIKAN = "perbaikan", _("Improvement window")
        PENGAMBILAN_DATA = "pengambilan_data", _("Data collection")
        KLARIFIKASI = "klarifikasi", _("Clarification")
        PENGUMUMAN = "pengumuman", _("Announcement")
        # Performance evaluation (PEKPPP): units assess themselves (F-01), evaluators score
        # them from the evidence (F-02) and verify on site.
        PENILAIAN_MANDIRI = "penilaian_mandiri", _("Self-assessment")
        EVALUASI = "evaluasi", _("Evaluation")
        VERIFIKASI = "verifikasi", _("Field verification")

    # Units are visited unannounced in these phases: their dates are the visit schedule.
    VISIT_KINDS = frozenset({Kind.PENGAMBILAN_DATA, Kind.VERIFIKASI})

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="phases", verbose_name=_("cycle")
    )
    kind = models.CharField(_("phase"), max_length=20, choices=Kind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["starts_on", "ends_on"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "kind"], name="phase_kind_unique_in_cycle"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="phase_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on:%d-%m-%Y} – {self.ends_on:%d-%m-%Y}"

    def runs_on(self, today: dt.date) -> bool:
        """Whether the phase runs on `today` (CycleQuerySet.in_phase asks the same in SQL)."""
        return self.starts_on <= today <= self.ends_on

    @property
    def kind_order(self) -> int:
        return list(self.Kind.values).index(self.kind)


class Level(models.TextChoices):
    PRODUCT = "product", _("Service product")
    UNIT = "unit", _("Service unit")
    WEBSITE = "website", _("Website")
    PROVIDER = "provider", _("Provider")


# Which foreign key holds the subject at each level.
SUBJECT_FIELD = {
    Level.PRODUCT: "product",
    Level.UNIT: "unit",
    Level.WEBSITE: "website",
    Level.PROVIDER: "provider",
}


def _one_subject_for_level() -> Q:
    conditions = Q()
    for level, field in SUBJECT_FIELD.items():
        others = {f"{other}__isnull": True for other in SUBJECT_FIELD.values() if other != field}
        conditions |= Q(level=level, **{f"{field}__isnull": False}, **others)
    return conditions


class AnswerSource(models.TextChoices):
    MANUAL = "manual", _("Entered or imported")
    FIELDWORK = "fieldwork", _("Approved field submission")
    AUTOMATIC = "automatic", _("Automatic website check")
    OVERRIDE = "override", _("Overridden by a reviewer")


class Answer(models.Model):
    """One official answer per (cycle, subject, indicator), the input of official scores.

    The subject sits in the FK matching `level`. Field submissions become answers only when a
    reviewer approves them; drafts and unreviewed versions live with the fieldwork.
    """

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="answers", verbose_name=_("cycle")
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    product = models.ForeignKey(
        ServiceProduct,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("service product"),
    )
    unit = models.ForeignKey(
        ServiceUnit, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("service unit")
    )
    website = models.ForeignKey(
        Website, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("website")
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("provider")
    )
    indicator = models.CharField(_("indicator"), max_length=32)
    value = models.CharField(_("value"), max_length=64)
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=AnswerSource.choices, default=AnswerSource.MANUAL
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        # A snapshot keeps the newest answer's time: with this index, reading it costs nothing,
        # which a rescore after one approval needs (patuh.scoring.incremental).
        indexes = [models.Index(fields=["cycle", "answered_at"], name="answer_cycle_answered_at")]
        constraints = [
            models.CheckConstraint(condition=_one_subject_for_level(), name="answer_one_subject"),
            *(
                models.UniqueConstraint(
                    fields=["cycle", field, "indicator"],
                    condition=Q(level=level),
                    name=f"answer_unique_per_{field}",
                )
                for level, field in SUBJECT_FIELD.items()
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} = {self.value}"

    @property
    def subject(self):
        return getattr(self, SUBJECT_FIELD[self.level])
