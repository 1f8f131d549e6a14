"""Industrial symbiosis: the offers and needs companies post, and the introductions an area manager makes.

A flow's own fields are the core's :class:`gia.symbiosis.flows.Flow`, validated by it and stored as
JSON; the columns beside it (kind, category, company, area, visibility, active) are what the pages
filter on. A flow is never deleted: it is withdrawn. Exchanges that become real are part of the
year's data (the submission's ``exchanges``), not of these tables.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gia.symbiosis.flows import Flow


class FlowKind(models.TextChoices):
    OFFER = "offer", _("offer")
    NEED = "need", _("need")


class SymbiosisFlow(models.Model):
    """One offer or need of one company, visible in its area (and across areas when it opts in)."""

    company = models.ForeignKey("gia.Company", on_delete=models.CASCADE, related_name="symbiosis_flows")
    #: the company's area, kept beside it so that a board is one indexed query
    area = models.ForeignKey("gia.Area", on_delete=models.CASCADE, related_name="symbiosis_flows")
    kind = models.CharField(_("offer or need"), max_length=8, choices=FlowKind.choices)
    category = models.CharField(_("category"), max_length=64, db_index=True)
    visible_across_areas = models.BooleanField(_("visible to other areas"), default=False)
    active = models.BooleanField(_("active"), default=True)
    #: the core Flow's fields, as validated (without id, company and area, which come from the row)
    data = models.JSONField()
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("symbiosis flow")
        verbose_name_plural = _("symbiosis flows")
        ordering = ["kind", "category", "pk"]
        indexes = [
            models.Index(fields=["area", "active", "kind"], name="flow_area_active_kind"),
            models.Index(fields=["visible_across_areas", "active"], name="flow_shared_active"),
        ]
        constraints = [
            models.CheckConstraint(
                name="flow_kind_offer_or_need", condition=models.Q(kind__in=["offer", "need"])
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.category} ({self.company})"

    @property
    def core_id(self) -> str:
        return f"flow-{self.pk}"

    def core_flow(self) -> Flow:
        """The core's Flow for matching: its stored fields with the row's identity and visibility,
        at the company's site — or at the area's centre, marked as estimated, when the company has
        no coordinates (then distances to it are unknown)."""
        company = self.company
        if company.latitude is not None and company.longitude is not None:
            location, estimated = {"longitude": company.longitude, "latitude": company.latitude}, False
        else:
            location, estimated = {"longitude": self.area.longitude, "latitude": self.area.latitude}, True
        return Flow.model_validate(
            {
                **self.data,
                "id": self.core_id,
                "company": company.slug,
                "area": self.area.slug,
                "share_across_areas": self.visible_across_areas,
                "location": location,
                "location_estimated": estimated,
            }
        )

    def field(self, name: str) -> Any:
        return self.data.get(name)


class Introduction(models.Model):
    """An area manager put the company with an offer in touch with the company with a matching need."""

    area = models.ForeignKey("gia.Area", on_delete=models.CASCADE, related_name="introductions")
    offer = models.ForeignKey(SymbiosisFlow, on_delete=models.CASCADE, related_name="+")
    need = models.ForeignKey(SymbiosisFlow, on_delete=models.CASCADE, related_name="+")
    introduced_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.offer} → {self.need}"
