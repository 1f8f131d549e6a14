"""Jobs: work that takes longer than a page may wait (submitting a year, a PDF report), done by a Celery
worker and followed by the person who asked for it.

The row is the job's truth, whatever the broker: a worker claims it (``queued`` → ``running``), says
which step it is at and that it is alive (``heartbeat``), and stores its outcome in the same
transaction as the job's own writes, so a retried or duplicated message never does the work twice. A
job whose worker stopped answering (killed, machine lost) is queued again by the periodic check."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class JSONText(models.TextField):
    """JSON kept as text, escaped to ASCII: a job's parameters hold what was asked for before it is
    checked (a document may carry a NUL or a lone surrogate, which PostgreSQL's jsonb refuses; the
    job's own check then names them)."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return json.loads(value) if value is not None else None

    def to_python(self, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value

    def get_prep_value(self, value: Any) -> Any:
        return json.dumps(value, sort_keys=True) if value is not None else None

    def value_to_string(self, obj: Any) -> str:
        """As JSON in a backup's fixtures (read back by ``to_python``), not as Python's repr."""
        return self.get_prep_value(self.value_from_object(obj))


class Job(models.Model):
    class Kind(models.TextChoices):
        SUBMIT = "submit", _("submitting a year's data")
        REPORT = "report", _("PDF report")
        ROADMAP = "roadmap", _("roadmap to climate neutrality")
        REASSESS = "reassess", _("assessing every area again")
        IMPORT = "import", _("reading a year's Excel workbook")
        HYBRID = "hybrid", _("hybrid power plant")
        MATCH = "match", _("finding symbiosis matches")

    class State(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("job state", "waiting")
        RUNNING = "running", pgettext_lazy("job state", "running")
        DONE = "done", pgettext_lazy("job state", "done")
        FAILED = "failed", pgettext_lazy("job state", "failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs", verbose_name=_("asked by")
    )
    area = models.ForeignKey(
        "gia.Area", on_delete=models.CASCADE, null=True, blank=True, related_name="jobs", verbose_name=_("area")
    )
    year = models.PositiveIntegerField(_("year"), null=True, blank=True)
    #: the language of the person who asked: the job's messages and files are written in it
    language = models.CharField(_("language"), max_length=8, default="en")
    #: what the job works on, fixed when asked (e.g. the year's data as it was when "Submit" was pressed)
    params = JSONText(_("parameters"), default=dict)
    #: the same work asked twice while the first is not finished is one job
    fingerprint = models.CharField(_("fingerprint"), max_length=64, db_index=True)
    #: the step in words (an English message id, shown in the reader's language) and how far
    step = models.CharField(_("step"), max_length=200, blank=True)
    step_number = models.PositiveSmallIntegerField(_("step number"), default=0)
    steps = models.PositiveSmallIntegerField(_("steps"), default=1)
    result = models.JSONField(_("result"), default=dict, blank=True)
    #: why it failed, in the asker's language: a title and (place, message) pairs
    error = JSONText(_("error"), default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created = models.DateTimeField(_("asked"), auto_now_add=True)
    sent = models.DateTimeField(_("sent to the workers"), null=True, blank=True)
    started = models.DateTimeField(_("started"), null=True, blank=True)
    heartbeat = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created"]
        indexes = [
            models.Index(fields=["state", "heartbeat"], name="job_state"),
            models.Index(fields=["actor", "-created"], name="job_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_state_display()})"

    @property
    def open(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return round(100 * max(self.step_number - 1, 0) / max(self.steps, 1))
