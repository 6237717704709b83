"""Downloads kept in storage: built once from a score snapshot, which never changes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredExport(models.Model):
    """A snapshot's download written once and then served as it is: a national workbook takes
    seconds to write, and the same snapshot always gives the same file."""

    snapshot = models.ForeignKey(
        "scoring.ScoreSnapshot",
        on_delete=models.CASCADE,
        related_name="stored_exports",
        verbose_name=_("snapshot"),
    )
    # What the file holds: the export's name, format, language and levels (see stored_xlsx).
    key = models.CharField(_("key"), max_length=250)
    file = models.FileField(_("file"), upload_to="exports/")

    class Meta:
        verbose_name = _("stored download")
        verbose_name_plural = _("stored downloads")
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "key"], name="stored_export_once_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.key} of snapshot {self.snapshot_id}"
