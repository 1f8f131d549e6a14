"""A reporting year's data: the draft being assembled, the immutable submitted versions, their assessments."""

from __future__ import annotations

import json
import zlib
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from gia import i18n


class ImmutableError(Exception):
    """Raised when code tries to change or delete a record that must never change."""


class Draft(models.Model):
    """The working copy of an area's data for one year, edited by forms and Excel uploads until submitted."""

    area = models.ForeignKey("gia.Area", on_delete=models.CASCADE, related_name="drafts")
    year = models.PositiveIntegerField(_("reporting year"))
    #: a gia-submission/1 document, possibly incomplete (it is checked in full when submitted)
    data = models.JSONField(default=dict)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        constraints = [models.UniqueConstraint(fields=["area", "year"], name="one_draft_per_area_year")]

    def __str__(self) -> str:
        return f"{self.area} {self.year} (draft)"


class SubmissionVersion(models.Model):
    """A submitted year of an area: immutable; a correction is the next version."""

    area = models.ForeignKey("gia.Area", on_delete=models.PROTECT, related_name="versions")
    year = models.PositiveIntegerField(_("reporting year"))
    number = models.PositiveIntegerField(_("version"))
    #: the canonical JSON document (gia.dataset.to_json), byte for byte as validated
    document = models.TextField()
    sha256 = models.CharField(max_length=64)
    note = models.TextField(_("note"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("submitted version")
        verbose_name_plural = _("submitted versions")
        ordering = ["area", "year", "number"]
        constraints = [models.UniqueConstraint(fields=["area", "year", "number"], name="unique_version")]

    def __str__(self) -> str:
        return f"{self.area} {self.year} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise ImmutableError(_("a submitted version never changes; submit a correction as a new version"))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ImmutableError(_("a submitted version is never deleted"))

    def data(self) -> dict[str, Any]:
        return json.loads(self.document)


class SeriesFile(models.Model):
    """A meter time-series file attached to an area's year; stored outside the web root under its hash."""

    area = models.ForeignKey("gia.Area", on_delete=models.CASCADE, related_name="series_files")
    year = models.PositiveIntegerField(_("reporting year"))
    name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("time-series file")
        verbose_name_plural = _("time-series files")
        constraints = [models.UniqueConstraint(fields=["area", "year", "name"], name="unique_series_name")]

    def __str__(self) -> str:
        return self.name


#: the ``language`` of an assessment stored once for every language: its texts are rendered when read
NEUTRAL = ""


class AssessmentRecordQuerySet(models.QuerySet):
    def of(self, version: SubmissionVersion | int, language: str = "en") -> AssessmentRecord | None:
        """The version's assessment: the language-neutral one, else (versions submitted before results
        were stored once) the one in ``language``, else the English one."""
        key = version if isinstance(version, int) else version.pk
        return self.of_versions([key], language).get(key)

    def of_versions(self, versions: list[int], language: str = "en") -> dict[int, AssessmentRecord]:
        """:meth:`of` for several versions (by id) in one query."""
        preference = [NEUTRAL, language, "en"]
        chosen: dict[int, AssessmentRecord] = {}
        for record in self.filter(version__in=versions, language__in=preference):
            kept = chosen.get(record.version_id)
            if kept is None or preference.index(record.language) < preference.index(kept.language):
                chosen[record.version_id] = record
        return chosen


class AssessmentRecord(models.Model):
    """The assessment of one submitted version (the core is deterministic: recomputable).

    Since results are language-neutral there is one per version (``language`` empty) and every text
    in it is a description that :func:`gia.i18n.render` writes in the reader's language; versions
    submitted before keep one record per language."""

    version = models.ForeignKey(SubmissionVersion, on_delete=models.PROTECT, related_name="assessments")
    language = models.CharField(max_length=8, blank=True)
    level = models.CharField(max_length=32, blank=True)
    total_fulfilment = models.FloatField(null=True)
    gates_passed = models.BooleanField()
    #: the result without provenance chains (what the dashboard and the API show)
    summary = models.JSONField()
    #: the complete JSON result with every figure's provenance, zlib-compressed
    result_z = models.BinaryField()
    created = models.DateTimeField(auto_now_add=True)

    objects = AssessmentRecordQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "language"], name="one_result_per_language")
        ]

    def result(self, language: str | None = None) -> dict[str, Any]:
        """The complete result, its texts in ``language`` (the active one if not given)."""
        stored = json.loads(zlib.decompress(bytes(self.result_z)))
        return self._written(stored, language)

    def summary_in(self, language: str | None = None) -> dict[str, Any]:
        """The result without provenance chains, its texts in ``language`` (the active one if not given)."""
        return self._written(self.summary, language)

    def _written(self, stored: dict[str, Any], language: str | None) -> dict[str, Any]:
        if self.language != NEUTRAL:
            return stored
        return i18n.render(stored, language or translation.get_language() or "en")


class SectionSave(models.Model):
    """Someone saved a section of a year's data (a company's or the area's): the section is looked at.

    A list saved empty means "none" (no fuels, no refrigerants), so the section counts as done; an
    upload of a whole workbook saves every section it holds."""

    area = models.ForeignKey("gia.Area", on_delete=models.CASCADE, related_name="section_saves")
    year = models.PositiveIntegerField(_("reporting year"))
    #: the company whose section it is; empty for a section of the area's own data
    company = models.ForeignKey(
        "gia.Company", null=True, blank=True, on_delete=models.CASCADE, related_name="section_saves"
    )
    section = models.CharField(_("section"), max_length=32)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    saved = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("section saved")
        verbose_name_plural = _("sections saved")
        indexes = [models.Index(fields=["area", "year"], name="section_save_area_year")]

    def __str__(self) -> str:
        return f"{self.area} {self.year} {self.company or ''} {self.section}"


class Handover(models.Model):
    """A company's contributor says its data for the year is complete and hands it to the area manager."""

    area = models.ForeignKey("gia.Area", on_delete=models.CASCADE, related_name="handovers")
    year = models.PositiveIntegerField(_("reporting year"))
    company = models.ForeignKey("gia.Company", on_delete=models.CASCADE, related_name="handovers")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hand-over")
        verbose_name_plural = _("hand-overs")
        constraints = [
            models.UniqueConstraint(fields=["area", "year", "company"], name="one_handover_per_company_year")
        ]

    def __str__(self) -> str:
        return f"{self.company} {self.year} handed over"
