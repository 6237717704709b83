"""Stored instrument versions. A version is immutable once a cycle uses it."""

import hashlib
import json
from functools import cached_property

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from patuh.instruments.definition import Instrument as InstrumentDefinition
from patuh.instruments.loading import build_instrument

# Parsed definitions by (version id, SHA-256): a stored definition only changes together with its
# digest, so a hit is always current. Bounded, as instruments are few.
_PARSED: dict[tuple[int, str], InstrumentDefinition] = {}
_PARSED_LIMIT = 64


class Instrument(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    title = models.CharField(_("title"), max_length=250)

    class Meta:
        ordering = ["code"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return self.code


# A related version's texts (YAML source, definition), for queries to defer: they are large,
# and `parsed` reads the definition only the first time a process meets the version.
VERSION_TEXTS = ("instrument_version__source", "instrument_version__definition")


class InstrumentVersion(models.Model):
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="versions", verbose_name=_("instrument")
    )
    number = models.PositiveIntegerField(_("version"))
    source = models.TextField(_("YAML source"))
    definition = models.JSONField(_("definition"))
    sha256 = models.CharField(_("SHA-256 of the definition"), max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["instrument__code", "-number"]
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "number"], name="instrument_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code} v{self.number}"

    @cached_property
    def parsed(self) -> InstrumentDefinition:
        """The validated definition; parsed once per process, not once per request."""
        # The digest is of the source before its version number is set (save_instrument_source),
        # so the number belongs in the key too.
        key = (self.pk, self.sha256, self.number)
        instrument = _PARSED.get(key) if self.pk else None
        if instrument is None:
            instrument = build_instrument(self.definition, source=str(self))
            if self.pk:
                if len(_PARSED) >= _PARSED_LIMIT:
                    _PARSED.clear()
                _PARSED[key] = instrument
        return instrument

    @staticmethod
    def digest(definition: dict) -> str:
        canonical = json.dumps(definition, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def is_in_use(self) -> bool:
        return self.cycles.exists()
