"""Areas and their companies: identities. A year's data lives in drafts and submitted versions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gia.dataset.base import refuse_controls

COUNTRIES = [
    ("PL", _("Poland")),
    ("DE", _("Germany")),
    ("DK", _("Denmark")),
    ("SE", _("Sweden")),
    ("FI", _("Finland")),
    ("LT", _("Lithuania")),
    ("LV", _("Latvia")),
    ("EE", _("Estonia")),
]
identifier = RegexValidator(
    r"^[a-z0-9][a-z0-9\-]*$", _("use lower-case letters, digits and hyphens (e.g. north-park)")
)


def plain_text(value: str) -> None:
    """No invisible control or direction-changing character (they break files and signed documents)."""
    try:
        refuse_controls(value)
    except ValueError as error:
        raise ValidationError(str(error)) from None


class Area(models.Model):
    """An industrial or business park that works towards climate neutrality with its companies."""

    slug = models.CharField(_("identifier"), max_length=64, unique=True, validators=[identifier])
    name = models.CharField(_("name"), max_length=200, validators=[plain_text])
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES)
    total_area_ha = models.FloatField(_("total area [ha]"), validators=[MinValueValidator(0.01)])
    #: GeoJSON geometry (Point, Polygon or MultiPolygon), checked by the core's schema
    boundary = models.JSONField(_("boundary"))
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    management_name = models.CharField(_("management entity"), max_length=200, validators=[plain_text])
    management_contact = models.CharField(_("contact"), max_length=200, validators=[plain_text])
    management_mandate = models.TextField(_("mandate"))
    fictional = models.BooleanField(_("fictional example"), default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Company(models.Model):
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="companies")
    slug = models.CharField(_("identifier"), max_length=64, validators=[identifier])
    name = models.CharField(_("name"), max_length=200, validators=[plain_text])
    nace = models.CharField(_("NACE code"), max_length=10)
    employees = models.PositiveIntegerField(_("employees"))
    #: where the company's site is (WGS 84); None: not given, so distances to it are unknown
    latitude = models.FloatField(
        _("latitude"), null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        _("longitude"), null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["area", "slug"], name="unique_company_per_area")]

    def __str__(self) -> str:
        return self.name

    @property
    def located(self) -> bool:
        return self.latitude is not None and self.longitude is not None
