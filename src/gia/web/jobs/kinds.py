"""What each kind of job does, in steps a person can follow ("Reading the hourly series, step 2 of 4").

A kind's ``run(job, step)`` calls ``step(n)`` as it reaches step ``n`` and stores its outcome in one
transaction, calling ``gia.web.actions.jobs.finish`` inside it (so that a job retried after its worker
was lost never stores twice); it returns the outcome shown to the asker."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from gia.dataset.io import parse_submission
from gia.toolbox.scenario import MeasureChoice
from gia.web import files, reassess, reports, symbiosis_matches
from gia.web.actions.submissions import (
    IMPORT_STEPS,
    SUBMIT_STEPS,
    do_replace_draft,
    do_submit,
    do_upload_area_workbook,
)
from gia.web.hybrids import HYBRID_STEPS, hybrid_result
from gia.web.models import Job, SubmissionVersion
from gia.web.reports import REPORT_STEPS, report_filename, report_html, report_name
from gia.web.roadmaps import ROADMAP_STEPS, roadmap_json, roadmap_result


@dataclass(frozen=True)
class Work:
    steps: tuple[str, ...]
    run: Callable[[Job, Callable[[int], None]], dict[str, Any]]
    #: the title above the problems when the work is refused (in the asker's language)
    refused_title: Callable[[], str]
    #: with workers, hand the work out in parts (a Celery group) instead of running it: the parts finish
    #: the job
    fan_out: Callable[[Job], None] | None = None


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


def _report(job: Job, step: Callable[[int], None]) -> dict[str, Any]:
    """The PDF report of a submitted version in the asker's language, kept in the file store (a second
    asker of the same report gets it at once)."""
    version = SubmissionVersion.objects.select_related("area").get(pk=job.params["version"])
    annex = bool(job.params.get("annex"))
    name = report_name(version, job.language, annex)
    if not files.exists(name):
        step(1)
        html = report_html(version, job.language, annex)
        step(2)
        pdf = reports.print_pdf(html)
        step(3)
        files.save(name, pdf)
    return {
        "file": name,
        "filename": report_filename(version, job.language, annex),
        "content_type": "application/pdf",
    }


def _roadmap(job: Job, step: Callable[[int], None]) -> dict[str, Any]:
    """The roadmap's result part of the page in the asker's language and the roadmap as JSON, kept in
    the file store under the job."""
    assert job.area is not None and job.year is not None
    version = SubmissionVersion.objects.get(pk=job.params["version"])
    submission = parse_submission(version.document, f"{job.area.slug} {job.year} v{version.number}")
    chosen = [(MeasureChoice(**choice), row) for choice, row in job.params["choices"]]
    context, data = roadmap_result(
        job.area,
        job.year,
        submission,
        chosen,
        job.params.get("propose", False),
        job.params.get("target_year"),
        job.language,
        step,
    )
    context.update({"area": job.area, "year": job.year, "version": version})
    html_name, json_name = f"jobs/{job.pk}/roadmap.html", f"jobs/{job.pk}/roadmap.json"
    files.save(html_name, render_to_string("gia/_roadmap_result.html", context).encode())
    files.save(json_name, roadmap_json(data))
    return {
        "html": html_name,
        "file": json_name,
        "filename": f"gia-roadmap-{job.area.slug}-{job.year}-v{version.number}-{job.language}.json",
        "content_type": "application/json",
    }


def _hybrid(job: Job, step: Callable[[int], None]) -> dict[str, Any]:
    """The hybrid plant's result part of the sizer's page in the asker's language, kept under the job."""
    context = hybrid_result(job.params["cleaned"], job.params.get("load_file"), job.params.get("load_name"), step)
    name = f"jobs/{job.pk}/hybrid.html"
    files.save(name, render_to_string("gia/_hybrid_result.html", context).encode())
    if job.params.get("load_file"):
        files.delete(job.params["load_file"])
    return {"html": name}


def _match(job: Job, step: Callable[[int], None]) -> dict[str, Any]:
    """The area's suggested matches across the areas, kept in the file store (see symbiosis_matches)."""
    assert job.area is not None
    return symbiosis_matches.matches_job_result(job.area, step)


def _import(job: Job, step: Callable[[int], None]) -> dict[str, Any]:
    """A whole year's Excel workbook: checked in full, then it replaces the year's draft; the uploaded
    file is dropped once it is read into the draft (kept until then, for another try)."""
    assert job.area is not None and job.year is not None
    step(1)
    with files.open_file(job.params["file"]) as stream:
        step(2)
        do_upload_area_workbook(job.actor, job.area, job.year, stream, job.params["size"], job.params["name"])
    files.delete(job.params["file"])
    return {"name": job.params["name"]}


def _reassess(job: Job, step: Callable[[int], None]) -> dict[str, Any]:
    """Every area one after the other (no workers): what the group's tasks do, in the same way."""
    Job.objects.filter(pk=job.pk).update(steps=len(job.params["areas"]))
    for area_id in job.params["areas"]:
        if reassess.area_done(str(job.pk), area_id):
            break
    job.refresh_from_db()
    return job.result


def _reassess_fan_out(job: Job) -> None:
    """One task per area, spread over every worker (a Celery group)."""
    from celery import group

    from gia.web.jobs.tasks import reassess_area

    Job.objects.filter(pk=job.pk).update(steps=len(job.params["areas"]), step=reassess.REASSESS_STEP)
    group(reassess_area.s(str(job.pk), area_id) for area_id in job.params["areas"]).apply_async()


KINDS: dict[str, Work] = {
    Job.Kind.SUBMIT: Work(
        steps=SUBMIT_STEPS,
        run=_submit,
        refused_title=lambda: _("The data cannot be submitted yet; everything entered so far is kept."),
    ),
    Job.Kind.REPORT: Work(
        steps=REPORT_STEPS,
        run=_report,
        refused_title=lambda: _("The PDF report cannot be made."),
    ),
    Job.Kind.ROADMAP: Work(
        steps=ROADMAP_STEPS,
        run=_roadmap,
        refused_title=lambda: _("The roadmap was not computed"),
    ),
    Job.Kind.HYBRID: Work(
        steps=HYBRID_STEPS,
        run=_hybrid,
        refused_title=lambda: _("Nothing was computed: see the messages beside the fields."),
    ),
    Job.Kind.MATCH: Work(
        steps=symbiosis_matches.MATCH_STEPS,
        run=_match,
        refused_title=lambda: _("The matches could not be found."),
    ),
    Job.Kind.IMPORT: Work(
        steps=IMPORT_STEPS,
        run=_import,
        refused_title=lambda: _("The upload was refused; nothing was saved."),
    ),
    Job.Kind.REASSESS: Work(
        steps=(reassess.REASSESS_STEP,),
        run=_reassess,
        refused_title=lambda: _("The areas could not be assessed again."),
        fan_out=_reassess_fan_out,
    ),
}
