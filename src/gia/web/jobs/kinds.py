"""What each kind of job does, in steps a person can follow ("Reading the hourly series, step 2 of 4").

A kind's ``run(job, step)`` calls ``step(n)`` as it reaches step ``n`` and stores its outcome in one
transaction, calling ``gia.web.actions.jobs.finish`` inside it (so that a job retried after its worker
was lost never stores twice); it returns the outcome shown to the asker."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gia.web.actions.submissions import SUBMIT_STEPS, do_replace_draft, do_submit
from gia.web.models import Job


@dataclass(frozen=True)
class Work:
    steps: tuple[str, ...]
    run: Callable[[Job, Callable[[int], None]], dict[str, Any]]
    #: the title above the problems when the work is refused (in the asker's language)
    refused_title: Callable[[], str]


def _submit(job: Job, step: Callable[[int], None]) -> dict[str, Any]:
    assert job.area is not None and job.year is not None
    if job.params.get("replace_draft"):  # a whole year through the API: the draft only if it is taken
        with transaction.atomic():
            do_replace_draft(job.actor, job.area, job.year, job.params["document"], _("request"))
            version = do_submit(job.actor, job.area, job.year, job.params.get("note", ""), step=step, job=job)
        return {"version": version.number}
    version = do_submit(
        job.actor,
        job.area,
        job.year,
        job.params.get("note", ""),
        document=job.params["document"],
        step=step,
        job=job,
    )
    return {"version": version.number}


KINDS: dict[str, Work] = {
    Job.Kind.SUBMIT: Work(
        steps=SUBMIT_STEPS,
        run=_submit,
        refused_title=lambda: _("The data cannot be submitted yet; everything entered so far is kept."),
    ),
}
