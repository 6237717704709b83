"""Who wants which e-mails in which language, and the outbox of every e-mail Patuh sent."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Preference(models.Model):
    """A person's notification choices; someone without a row gets the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("user"),
    )
    reminders = models.BooleanField(
        _("reminders by e-mail"),
        default=True,
        help_text=_("A week before an item is due, and when it is overdue."),
    )
    # The language switcher is a cookie of one browser; e-mails need the language stored.
    language = models.CharField(
        _("language of e-mails"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)


class OutboxMessage(models.Model):
    """One e-mail to one person, as rendered: the audit of what was sent, and with `key` the
    guard that sends each reminder once."""

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="outbox_messages",
        verbose_name=_("recipient"),
    )
    email = models.EmailField(_("e-mail address"))
    event = models.CharField(_("event"), max_length=50)
    # What the message is about, e.g. "finding:12:2026-03-01"; empty for messages that may repeat.
    key = models.CharField(_("key"), max_length=200, blank=True)
    cycle = models.ForeignKey(
        "assessments.Cycle",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cycle"),
    )
    subject = models.CharField(pgettext_lazy("e-mail", "subject"), max_length=250)
    body = models.TextField(_("body"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("sent e-mail")
        verbose_name_plural = _("sent e-mails")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event", "key"],
                condition=~Q(key=""),
                name="outbox_once_per_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.email}"
