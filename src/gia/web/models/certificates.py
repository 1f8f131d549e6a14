"""Certificates: what the registry lists. Issue, suspension and signatures come with the workflow."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _


class Certificate(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("valid")
        SUSPENDED = "suspended", _("suspended")
        WITHDRAWN = "withdrawn", _("withdrawn")

    number = models.CharField(_("number"), max_length=40, unique=True)
    area = models.ForeignKey("gia.Area", on_delete=models.PROTECT, related_name="certificates")
    version = models.ForeignKey("gia.SubmissionVersion", on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("level"), max_length=32)
    edition = models.CharField(_("edition"), max_length=32)
    country_profile = models.CharField(_("country profile"), max_length=8)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.VALID)
    stage = models.CharField(_("stage"), max_length=20, default="certificate")
    application = models.ForeignKey(
        "gia.Application", null=True, blank=True, on_delete=models.PROTECT, related_name="certificates"
    )
    issued = models.DateField(_("issued"), null=True, blank=True)
    #: a failing gate in a monitoring year opens a corrective period; past it, the certificate is suspended
    corrective_until = models.DateField(_("corrective period until"), null=True, blank=True)
    #: the signed JSON document (gia-certificate/1) as issued
    signed_json = models.TextField(blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return self.number

    def state_on(self, day: dt.date) -> str:
        """valid, suspended, withdrawn or expired on ``day``."""
        if self.status != self.Status.VALID:
            return str(self.status)
        return "expired" if day > self.valid_to else "valid"
