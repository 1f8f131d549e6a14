"""The certification workflow: applications, the audit (criterion reviews, findings, evidence)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Application(models.Model):
    """An area's application for a stage of certification under an edition and a country profile."""

    class Stage(models.TextChoices):
        PRE_CERTIFICATE = "pre_certificate", _("pre-certificate (planned area)")
        CERTIFICATE = "certificate", _("certificate (operating area)")

    class State(models.TextChoices):
        APPLIED = "applied", _("applied")
        INCOMPLETE = "incomplete", _("incomplete")
        COMPLETE = "complete", _("complete, waiting for an auditor")
        IN_AUDIT = "in_audit", _("in audit")
        RECOMMENDED = "recommended", _("recommended")
        GRANTED = "granted", _("granted")
        REFUSED = "refused", _("refused")
        WITHDRAWN = "withdrawn", _("withdrawn")

    area = models.ForeignKey("gia.Area", on_delete=models.PROTECT, related_name="applications")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    edition = models.CharField(_("edition"), max_length=32)
    country_profile = models.CharField(_("country profile"), max_length=8)
    version = models.ForeignKey(
        "gia.SubmissionVersion", on_delete=models.PROTECT, related_name="applications"
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.APPLIED)
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="audits"
    )
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    completeness = models.JSONField(_("completeness check"), default=list, blank=True)
    recommendation = models.CharField(_("recommendation"), max_length=16, blank=True)
    recommended_level = models.CharField(_("recommended level"), max_length=32, blank=True)
    recommendation_note = models.TextField(_("recommendation note"), blank=True)
    decided_level = models.CharField(_("level granted"), max_length=32, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    renews = models.ForeignKey(
        "gia.Certificate", null=True, blank=True, on_delete=models.PROTECT, related_name="renewals"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.area} — {self.get_stage_display()} ({self.get_state_display()})"


class CriterionReview(models.Model):
    """The auditor's verdict on one criterion: accepted, overridden (with a reason) or evidence requested."""

    class Verdict(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        OVERRIDDEN = "overridden", _("overridden")
        EVIDENCE_REQUESTED = "evidence_requested", _("evidence requested")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    criterion = models.CharField(_("criterion"), max_length=8)
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)
    computed_value = models.FloatField(_("computed value"), null=True)
    auditor_value = models.FloatField(_("auditor's value"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "criterion"], name="one_review_per_criterion"),
            models.CheckConstraint(
                name="override_needs_value_and_reason",
                condition=~models.Q(verdict="overridden")
                | (models.Q(auditor_value__isnull=False) & ~models.Q(reason="")),
            ),
        ]


class Finding(models.Model):
    class Severity(models.TextChoices):
        MAJOR = "major", _("major")
        MINOR = "minor", _("minor")
        OBSERVATION = "observation", _("observation")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ANSWERED = "answered", _("answered")
        CLOSED = "closed", _("closed")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="findings")
    criterion = models.CharField(_("criterion"), max_length=8, blank=True)
    severity = models.CharField(_("severity"), max_length=12, choices=Severity.choices)
    text = models.TextField(_("finding"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised = models.DateTimeField(auto_now_add=True)
    corrective_action = models.TextField(_("corrective action"), blank=True)
    answered = models.DateTimeField(null=True, blank=True)
    closed = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["raised"]


class Evidence(models.Model):
    """A file supporting a criterion: kept under its SHA-256 outside the web root; a new upload of the
    same name is the next version, never an overwrite."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="evidence")
    criterion = models.CharField(_("criterion"), max_length=8, blank=True)
    name = models.CharField(_("file name"), max_length=200)
    version = models.PositiveIntegerField(default=1)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["criterion", "name", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion", "name", "version"], name="evidence_version"
            )
        ]
