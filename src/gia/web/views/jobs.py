"""A job as its asker follows it: a progress bar with the step in words (htmx asks every second),
the result when it is done, and why it failed, with "Try again"."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gia.errors import GiaInputError
from gia.web.actions import ActionError
from gia.web.actions.jobs import do_retry
from gia.web.models import Job
from gia.web.views.common import rule
from gia.web.views.data import refusal_items


def outcome(job: Job) -> tuple[str, str]:
    """Where the result of a finished job is, and the sentence that says it is there."""
    if job.kind == Job.Kind.SUBMIT and job.area is not None:
        number = job.result.get("version")
        return (
            reverse("dashboard", kwargs={"area": job.area.slug, "year": job.year}),
            _("Version {number} is submitted and assessed.").format(number=number),
        )
    return reverse("workspace"), _("The job is done.")


def back_of(job: Job) -> str:
    """Where the asker came from: the year's page for a submission."""
    if job.kind == Job.Kind.SUBMIT and job.area is not None:
        return reverse("year_detail", kwargs={"area": job.area.slug, "year": job.year})
    return reverse("workspace")


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
        messages.success(request, sentence)
        return redirect(url)
    return render(request, "gia/job.html", _context(job))


@rule("job.view", about="job")
def job_status(request: HttpRequest, job: Job) -> HttpResponse:
    """The progress part of the job's page (htmx asks for it every second); once the job has ended,
    the browser is sent to the result, or to the page that says why it failed."""
    if not job.open and request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        if job.state == Job.State.DONE:
            url, sentence = outcome(job)
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
