"""Stored website checks: a run per cycle, each website's results in it, one row per check."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WebcheckRun(models.Model):
    """One check of every website of a cycle."""

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    cycle = models.ForeignKey(
        "assessments.Cycle",
        on_delete=models.CASCADE,
        related_name="webcheck_runs",
        verbose_name=_("cycle"),
    )
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    # The limits, user agent and address rule the run used, for reading its results later.
    settings = models.JSONField(_("settings"), default=dict)
    site_count = models.PositiveIntegerField(_("websites"), default=0)
    answers_written = models.PositiveIntegerField(_("automatic answers written"), default=0)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("website check run")
        verbose_name_plural = _("website check runs")

    def __str__(self) -> str:
        return f"{self.cycle} {self.started_at:%Y-%m-%d %H:%M}"


class WebsiteCheck(models.Model):
    """One website's results in one run."""

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    run = models.ForeignKey(
        WebcheckRun, on_delete=models.CASCADE, related_name="websites", verbose_name=_("run")
    )
    website = models.ForeignKey(
        "registry.Website",
        on_delete=models.PROTECT,
        related_name="checks",
        verbose_name=_("website"),
    )
    url = models.CharField(_("URL checked"), max_length=2000)
    final_url = models.CharField(_("final URL"), max_length=2000)
    checked_at = models.DateTimeField(_("checked at"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    html_sha256 = models.CharField(_("SHA-256 of the home page"), max_length=64, blank=True)
    screenshot = models.FileField(_("screenshot"), upload_to="webcheck/%Y/%m/", blank=True)
    passed = models.PositiveSmallIntegerField(_("passed"), default=0)
    failed = models.PositiveSmallIntegerField(_("failed"), default=0)
    errors = models.PositiveSmallIntegerField(_("errors"), default=0)

    class Meta:
        ordering = ["-checked_at", "-pk"]
        verbose_name = _("website check")
        verbose_name_plural = _("website checks")
        constraints = [
            models.UniqueConstraint(fields=["run", "website"], name="webcheck_website_once_per_run")
        ]
        indexes = [models.Index(fields=["website", "-checked_at"])]

    def __str__(self) -> str:
        return f"{self.url} {self.checked_at:%Y-%m-%d %H:%M}"


class CheckOutcome(models.Model):
    class Status(models.TextChoices):
        PASS = "pass", _("Pass")
        FAIL = "fail", _("Fail")
        NA = "na", _("Not applicable")
        ERROR = "error", _("Error")

    website_check = models.ForeignKey(
        WebsiteCheck, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("check")
    )
    check_id = models.CharField(_("check"), max_length=40)
    status = models.CharField(_("status"), max_length=5, choices=Status.choices)
    error = models.CharField(_("error kind"), max_length=30, blank=True)
    # An English message template and its parameters, translated where it is shown.
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    params = models.JSONField(_("detail parameters"), default=dict)
    evidence = models.JSONField(_("evidence"), default=dict)

    class Meta:
        verbose_name = _("check outcome")
        verbose_name_plural = _("check outcomes")
        constraints = [
            models.UniqueConstraint(
                fields=["website_check", "check_id"], name="webcheck_outcome_once_per_check"
            )
        ]

    def __str__(self) -> str:
        return f"{self.check_id}: {self.status}"
