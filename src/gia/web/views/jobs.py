"""A job as its asker follows it: a progress bar with the step in words (htmx asks every second),
the result when it is done, and why it failed, with "Try again"."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from gia.errors import GiaInputError
from gia.web import files
from gia.web.actions import ActionError
from gia.web.actions.jobs import do_retry
from gia.web.models import Job, SubmissionVersion
from gia.web.permissions import can
from gia.web.views.common import rule
from gia.web.views.data import refusal_items
from gia.web.views.toolbox import hybrid_url, roadmap_url


def outcome(job: Job) -> tuple[str, str]:
    """Where the result of a finished job is, and the sentence that says it is there (a file's job
    page offers the file)."""
    if job.kind == Job.Kind.SUBMIT and job.area is not None:
        number = job.result.get("version")
        return (
            reverse("dashboard", kwargs={"area": job.area.slug, "year": job.year}),
            _("Version {number} is submitted and assessed.").format(number=number),
        )
    if job.kind == Job.Kind.ROADMAP and job.area is not None:
        return roadmap_url(job), _("The roadmap is computed.")
    if job.kind == Job.Kind.HYBRID:
        return hybrid_url(job), _("The plant is computed.")
    if job.kind == Job.Kind.MATCH and job.area is not None:
        return reverse("symbiosis_matches", kwargs={"area": job.area.slug}), _("The matches are found.")
    if job.kind == Job.Kind.IMPORT and job.area is not None:
        return (
            reverse("year_detail", kwargs={"area": job.area.slug, "year": job.year}),
            _("The workbook is read: the year's data is replaced by it."),
        )
    if job.kind == Job.Kind.REPORT:
        return reverse("job", kwargs={"job": job.pk}), _("The PDF report is ready.")
    if job.kind == Job.Kind.REASSESS:
        return reverse("job", kwargs={"job": job.pk}), ngettext(
            "{count} version assessed again; {changed} would change level.",
            "{count} versions assessed again; {changed} would change level.",
            job.result.get("versions", 0),
        ).format(count=job.result.get("versions", 0), changed=job.result.get("level_changes", 0))
    return reverse("workspace"), _("The job is done.")


def back_of(job: Job) -> str:
    """Where the asker came from: the year's page for a submission, the dashboard for a report, the
    roadmap's form for a roadmap."""
    if job.kind == Job.Kind.REASSESS:
        return reverse("deadlines")
    if job.kind == Job.Kind.HYBRID:
        return reverse("toolbox_hybrid")
    if job.kind == Job.Kind.MATCH:
        return reverse("symbiosis_matches", kwargs={"area": job.area.slug})
    if job.area is None:
        return reverse("workspace")
    if job.kind in (Job.Kind.SUBMIT, Job.Kind.IMPORT):
        return reverse("year_detail", kwargs={"area": job.area.slug, "year": job.year})
    if job.kind == Job.Kind.ROADMAP:
        return roadmap_url(job)
    return reverse("dashboard", kwargs={"area": job.area.slug, "year": job.year})


def may_fetch(user: Any, job: Job) -> bool:
    """Whether the asker may still have the job's file (a role may have ended since it was asked)."""
    if job.kind == Job.Kind.REPORT:
        version = SubmissionVersion.objects.filter(pk=job.params.get("version")).first()
        return version is not None and can(user, "report.download", version)
    if job.kind == Job.Kind.ROADMAP:
        return job.area is not None and can(user, "toolbox.roadmap", job.area)
    if job.kind == Job.Kind.REASSESS:
        return can(user, "certificates.overview")
    return False


def _problems(job: Job) -> list[tuple[str, str, str]]:
    error = job.error or {}
    pairs = [(str(place), str(message)) for place, message in error.get("problems", [])]
    if not pairs:
        return []
    if error.get("source"):
        return refusal_items(GiaInputError(error["source"], pairs), job.area, job.year)
    return refusal_items(ActionError(pairs[0][1], pairs[0][0]))


def _context(job: Job) -> dict[str, object]:
    return {
        "job": job,
        "step": _(job.step) if job.step else _("Waiting for a worker"),
        "problems": _problems(job) if job.state == Job.State.FAILED else [],
        "back": back_of(job),
    }


@rule("job.view", about="job")
def job_page(request: HttpRequest, job: Job) -> HttpResponse:
    """The job: while open, its progress; done, its result (straight there); failed, why."""
    if job.state == Job.State.DONE:
        url, sentence = outcome(job)
        if url != request.path:
            messages.success(request, sentence)
            return redirect(url)
        return render(request, "gia/job.html", {**_context(job), "sentence": sentence})
    return render(request, "gia/job.html", _context(job))


@rule("job.view", about="job")
def job_file(request: HttpRequest, job: Job) -> FileResponse:
    """The file a job made (a PDF report, a roadmap as JSON), to its asker while they may still see it."""
    return file_response(request.user, job)


def file_response(user: Any, job: Job) -> FileResponse:
    """The done job's file as a download (the page's and the API's), or 404."""
    name = (job.result or {}).get("file")
    if job.state != Job.State.DONE or not name or not may_fetch(user, job) or not files.exists(name):
        raise Http404
    response = FileResponse(
        files.open_file(name),
        as_attachment=True,
        filename=job.result.get("filename") or name.rsplit("/", 1)[-1],
        content_type=job.result.get("content_type") or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@rule("job.view", about="job")
def job_status(request: HttpRequest, job: Job) -> HttpResponse:
    """The progress part of the job's page (htmx asks for it every second); once the job has ended,
    the browser is sent to the result, or to the page that says why it failed."""
    if not job.open and request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        if job.state == Job.State.DONE:
            url, sentence = outcome(job)
            if url != reverse("job", kwargs={"job": job.pk}):
                messages.success(request, sentence)
        else:
            url = reverse("job", kwargs={"job": job.pk})
        response["HX-Redirect"] = url
        return response
    return render(request, "gia/_job_progress.html", _context(job))


@require_POST
@rule("job.view", about="job")
def job_retry(request: HttpRequest, job: Job) -> HttpResponse:
    try:
        job = do_retry(request.user, job)
    except ActionError as error:
        messages.error(request, error.message)
    return redirect("job", job=job.pk)
