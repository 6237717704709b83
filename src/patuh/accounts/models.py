"""People and their organisations: oversight offices with their staff, and agency officers."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from patuh.registry.models import slug_code_validator


class Role(models.TextChoices):
    ADMIN = "admin", _("System administrator")
    COORDINATOR = "coordinator", _("Office coordinator")
    ENUMERATOR = "enumerator", _("Enumerator")
    REVIEWER = "reviewer", _("Reviewer")
    EVALUATOR = "evaluator", _("Evaluator")
    AGENCY_OFFICER = "agency_officer", _("Agency officer")


# Roles that work inside an oversight office; all but the administrator belong to one office.
OFFICE_ROLES = frozenset(
    {Role.ADMIN, Role.COORDINATOR, Role.REVIEWER, Role.ENUMERATOR, Role.EVALUATOR}
)


class Office(models.Model):
    """An oversight office that runs cycles: an Ombudsman representative office, a provincial
    Biro Organisasi or a KemenPAN-RB evaluation team. Its staff see only its own cycles."""

    code = models.CharField(_("code"), max_length=50, unique=True, validators=[slug_code_validator])
    name = models.CharField(_("name"), max_length=250)
    region = models.ForeignKey(
        "registry.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offices",
        verbose_name=_("region"),
        help_text=_("The province or region the office oversees."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("office"),
        help_text=_("For office staff: the office whose cycles this account works on."),
    )
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

    @property
    def is_system_admin(self) -> bool:
        return self.is_active and (self.is_superuser or self.role == Role.ADMIN)
