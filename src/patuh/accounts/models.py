from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("System administrator")
    COORDINATOR = "coordinator", _("Office coordinator")
    ENUMERATOR = "enumerator", _("Enumerator")
    REVIEWER = "reviewer", _("Reviewer")
    AGENCY_OFFICER = "agency_officer", _("Agency officer")


# Roles that work inside the oversight office and may see unpublished results.
OFFICE_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER, Role.ENUMERATOR})


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    providers = models.ManyToManyField(
        "registry.Provider",
        blank=True,
        related_name="officers",
        verbose_name=_("providers"),
        help_text=_("For agency officers: the providers this account speaks for."),
    )

    @property
    def is_office_staff(self) -> bool:
        return self.is_active and (self.is_superuser or self.role in OFFICE_ROLES)
