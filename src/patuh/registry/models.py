"""The registry: regions, governments, providers (agencies), their units, products and websites."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Kemendagri region codes: "19" for a province, "19.02" for a regency or city (the levels that
# run compliance predicates; districts and villages are not assessed as regions).
region_code_validator = RegexValidator(
    r"^\d{2}(\.\d{2})?$", _("Use a Kemendagri code such as 19 or 19.02.")
)
# Codes of providers, units and products appear in paths, so they may not contain "/".
slug_code_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9._-]*$", _("Use lower-case letters, digits, '.', '-' and '_' only.")
)


class Region(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        REGENCY = "regency", _("Regency")
        CITY = "city", _("City")

    code = models.CharField(
        _("code"), max_length=13, unique=True, validators=[region_code_validator]
    )
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class AgencyKind(models.Model):
    """A kind of agency (DPMPTSP, Disdukcapil, Puskesmas…): data, so offices can add their own."""

    code = models.CharField(_("code"), max_length=50, unique=True, validators=[slug_code_validator])
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency kind")
        verbose_name_plural = _("agency kinds")

    def __str__(self) -> str:
        return self.name


class Government(models.Model):
    """The government a provider belongs to: a regional government (Pemda) or a central one (K/L).

    A region's compliance predicate aggregates only the providers of its own regional government;
    vertical offices located there (Kantor Pertanahan, Polsek) belong to a central government.
    """

    class Kind(models.TextChoices):
        REGIONAL = "regional", _("Regional government")
        CENTRAL = "central", _("Ministry or agency")

    code = models.CharField(_("code"), max_length=50, unique=True, validators=[slug_code_validator])
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    region = models.OneToOneField(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="government",
        verbose_name=_("region"),
        help_text=_("For a regional government: the region it governs."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("government")
        verbose_name_plural = _("governments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="central", region__isnull=True)
                | models.Q(kind="regional", region__isnull=False),
                name="government_region_matches_kind",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Provider(models.Model):
    """A service provider (penyelenggara): an agency such as Disdukcapil Kabupaten Belitung."""

    code = models.CharField(_("code"), max_length=80, unique=True, validators=[slug_code_validator])
    name = models.CharField(_("name"), max_length=250)
    kind = models.ForeignKey(AgencyKind, on_delete=models.PROTECT, verbose_name=_("kind"))
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="providers",
        verbose_name=_("region"),
        help_text=_("Where the provider is located."),
    )
    government = models.ForeignKey(
        Government,
        on_delete=models.PROTECT,
        related_name="providers",
        verbose_name=_("parent government"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")

    def __str__(self) -> str:
        return self.name

    @property
    def path(self) -> str:
        return self.path_of(self.region.code, self.code)

    @staticmethod
    def path_of(region_code: str, code: str) -> str:
        """Subjects are named by codes from the region down: "19.02/disdukcapil-belitung"."""
        return f"{region_code}/{code}"


class ServiceUnit(models.Model):
    """A service unit (unit layanan): the front office where citizens are served."""

    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="units", verbose_name=_("provider")
    )
    code = models.CharField(_("code"), max_length=80, validators=[slug_code_validator])
    name = models.CharField(_("name"), max_length=250)
    address = models.TextField(_("address"), blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    class Meta:
        ordering = ["provider__name", "name"]
        verbose_name = _("service unit")
        verbose_name_plural = _("service units")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "code"], name="unit_code_unique_in_provider"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider.name} – {self.name}"


class ServiceProduct(models.Model):
    """A service product (produk layanan) delivered at a unit, e.g. issuing the KTP-el."""

    unit = models.ForeignKey(
        ServiceUnit, on_delete=models.PROTECT, related_name="products", verbose_name=_("unit")
    )
    code = models.CharField(_("code"), max_length=80, validators=[slug_code_validator])
    name = models.CharField(_("name"), max_length=250)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service product")
        verbose_name_plural = _("service products")
        constraints = [
            models.UniqueConstraint(fields=["unit", "code"], name="product_code_unique_in_unit")
        ]

    def __str__(self) -> str:
        return self.name


class Website(models.Model):
    """A provider's website, assessed for its online service information."""

    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="websites", verbose_name=_("provider")
    )
    url = models.URLField(_("URL"), max_length=500, unique=True)
    code = models.CharField(
        _("code"),
        max_length=253,
        validators=[slug_code_validator],
        help_text=_("Usually the host name, e.g. disdukcapil.belitung.go.id."),
    )

    class Meta:
        ordering = ["url"]
        verbose_name = _("website")
        verbose_name_plural = _("websites")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "code"], name="website_code_unique_in_provider"
            )
        ]

    def __str__(self) -> str:
        return self.url
