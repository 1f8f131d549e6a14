"""Jobs: asking for one, a worker's claim, its progress and outcome, trying again, and queueing again
the jobs whose worker was lost.

Which work each kind does is in ``gia.web.jobs.kinds``; the Celery task that runs it is in
``gia.web.jobs.tasks``. In ``GIA_JOBS_EAGER`` mode (tests) a job runs inside the request that asks for
it, through the same ``run``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import close_old_connections, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gia import i18n
from gia.errors import GiaInputError
from gia.web.actions import ActionError
from gia.web.actions.audit import record
from gia.web.models import Area, Job

log = logging.getLogger("gia.jobs")
Step = Callable[[int], None]


def fingerprint(kind: str, area: Area | None, year: int | None, params: dict[str, Any]) -> str:
    """The same work asked again has the same fingerprint (the parameters, canonical JSON)."""
    body = json.dumps([kind, area.pk if area else None, year, params], sort_keys=True, default=str)
    return hashlib.sha256(body.encode()).hexdigest()


def do_ask(
    actor: User,
    kind: str,
    params: dict[str, Any],
    *,
    area: Area | None = None,
    year: int | None = None,
    language: str = "en",
) -> Job:
    """Ask for a job. The same work asked again by the same person while the first is still waiting or
    running is that first job (a double click, a reloaded form), not a second one."""
    print_ = fingerprint(kind, area, year, params)
    with transaction.atomic():
        if area is not None:  # one asker at a time per area: the check for a twin and the new row together
            Area.objects.select_for_update().get(pk=area.pk)
        twin = Job.objects.filter(
            actor=actor, kind=kind, fingerprint=print_, state__in=(Job.State.QUEUED, Job.State.RUNNING)
        ).first()
        if twin is not None:
            return twin
        job = Job.objects.create(
            kind=kind, actor=actor, area=area, year=year, language=language, params=params, fingerprint=print_
        )
        record(actor, "job.ask", f"job:{job.pk}", after={"kind": kind, "area": area.slug if area else None, "year": year})
    dispatch(job)
    return job


def dispatch(job: Job) -> None:
    """Hand the job to the workers once the row is committed (or run it here in eager mode)."""
    if settings.GIA_JOBS_EAGER:
        run(job.pk)
        job.refresh_from_db()
        return
    transaction.on_commit(lambda: send(job.pk))


def send(job_id: uuid.UUID) -> None:
    from gia.web.jobs import broker_folders
    from gia.web.jobs.tasks import run_job  # the Celery app is loaded only where jobs are sent

    broker_folders()
    Job.objects.filter(pk=job_id).update(sent=timezone.now())
    run_job.delay(str(job_id))


def do_retry(actor: User, job: Job) -> Job:
    """Try a failed job again, as it was asked."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.state != Job.State.FAILED:
            raise ActionError(_("Only a job that failed can be tried again."))
        if not job.error.get("retry", True):
            raise ActionError(_("This was refused for what it was asked with: correct that, then ask again."))
        before = {"state": job.state, "error": job.error}
        job.state = Job.State.QUEUED
        job.error = {}
        job.result = {}
        job.attempts = 0
        job.step, job.step_number = "", 0
        job.started = job.finished = job.heartbeat = None
        job.save()
        record(actor, "job.retry", f"job:{job.pk}", before=before, after={"state": job.state})
    dispatch(job)
    return job


def _stale(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(seconds=settings.GIA_JOB_LEASE)


def claim(job_id: uuid.UUID | str) -> Job | None:
    """Take the job for this worker: None when it is finished, or running in a worker that is alive."""
    now = timezone.now()
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state in (Job.State.DONE, Job.State.FAILED):
            return None
        if job.state == Job.State.RUNNING and job.heartbeat and job.heartbeat > _stale(now):
            return None  # a duplicate message: the job is in good hands
        if job.attempts >= settings.GIA_JOB_ATTEMPTS:
            with translation.override(job.language):
                _fail(
                    job,
                    _("It was tried {count} times; each time the worker stopped before the end.").format(
                        count=job.attempts
                    ),
                )
            return None
        job.state = Job.State.RUNNING
        job.attempts += 1
        job.started = job.heartbeat = now
        job.save(update_fields=["state", "attempts", "started", "heartbeat"])
    return job


def progress(job: Job, step: str, number: int, steps: int) -> None:
    """The job is at step ``number`` of ``steps`` (``step``: an English message id, shown translated)."""
    Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
        step=step, step_number=number, steps=steps, heartbeat=timezone.now()
    )
    job.step, job.step_number, job.steps = step, number, steps
    if settings.GIA_JOB_STEP_PAUSE:
        time.sleep(settings.GIA_JOB_STEP_PAUSE)


def finish(job: Job, result: dict[str, Any]) -> None:
    """Done, with its outcome. Called inside the transaction of the job's own writes, so that the
    writes and "done" are stored together or not at all."""
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.DONE, result=result, finished=now, heartbeat=now, step_number=job.steps
    )
    job.state, job.result = Job.State.DONE, result


def _fail(
    job: Job, title: str, items: list[tuple[str, str]] | None = None, source: str = "", retry: bool = True
) -> None:
    """Failed, and why; ``retry``: whether trying the same again may succeed (not for refused data)."""
    now = timezone.now()
    error = {"title": title, "source": source, "problems": [list(pair) for pair in items or []], "retry": retry}
    Job.objects.filter(pk=job.pk).update(state=Job.State.FAILED, error=error, finished=now)
    job.state, job.error = Job.State.FAILED, error
    record(f"system:job:{job.pk}", "job.fail", f"job:{job.pk}", after={"kind": job.kind, "title": title})


def is_done(job: Job) -> bool:
    """Whether the job is already done (a retried message after the work was stored)."""
    return Job.objects.filter(pk=job.pk, state=Job.State.DONE).exists()


@contextmanager
def alive(job: Job) -> Iterator[None]:
    """Beat for the job while it runs (a thread of its own, with its own database connection), so that
    a long step is not taken for a lost worker."""
    if settings.GIA_JOBS_EAGER:
        yield
        return
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(max(settings.GIA_JOB_LEASE / 3, 1)):
                Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(heartbeat=timezone.now())
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"gia-job-{job.pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def run(job_id: uuid.UUID | str) -> None:
    """Run a job: claim it, do its kind's work in the asker's language, store the outcome. A refusal
    (the data are not complete, say) and an error fail the job with a message; nothing is half-stored,
    since each kind writes in one transaction."""
    from celery.exceptions import SoftTimeLimitExceeded

    from gia.web.jobs.kinds import KINDS
    job = claim(job_id)
    if job is None:
        return
    work = KINDS[job.kind]
    with translation.override(job.language), i18n.override(job.language), alive(job):
        try:
            if work.fan_out is not None and not settings.GIA_JOBS_EAGER:
                work.fan_out(job)  # its parts finish it
                return
            result = work.run(job, lambda number: progress(job, work.steps[number - 1], number, len(work.steps)))
            if not is_done(job):
                with transaction.atomic():
                    finish(job, result)
        except GiaInputError as error:  # the places stay raw: the page links each to its field
            _fail(job, work.refused_title(), error.problems, source=error.source, retry=False)
        except ActionError as error:
            _fail(job, work.refused_title(), [(error.place, error.message)], retry=False)
        except SoftTimeLimitExceeded:
            limit = settings.GIA_JOB_TIME_LIMIT
            _fail(
                job,
                _("It took longer than a job may take ({limit}) and was stopped; nothing was stored.").format(
                    limit=f"{limit // 60} min" if limit >= 120 else f"{limit} s"
                ),
            )
        except Exception:
            log.exception("job %s (%s) failed", job.pk, job.kind)
            _fail(
                job,
                _(
                    "Something went wrong on the platform's side and nothing was stored. The error is logged; "
                    "try again, and if it fails again, tell the platform's team."
                ),
            )
    if not settings.GIA_JOBS_EAGER and not connection.in_atomic_block:  # a worker's end of a task
        close_old_connections()


def run_part(job_id: str, part: Callable[[], Any]) -> Any:
    """One part of a job that was handed out in parts: a failure fails the whole job, in plain words."""
    from gia.web.jobs.kinds import KINDS

    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.state != Job.State.RUNNING:
        return None
    with translation.override(job.language), i18n.override(job.language):
        try:
            return part()
        except GiaInputError as error:
            _fail(job, KINDS[job.kind].refused_title(), error.problems, source=error.source, retry=False)
        except Exception:
            log.exception("job %s (%s): a part failed", job.pk, job.kind)
            _fail(
                job,
                _(
                    "Something went wrong on the platform's side and nothing was stored. The error is logged; "
                    "try again, and if it fails again, tell the platform's team."
                ),
            )
        finally:
            if not connection.in_atomic_block:
                close_old_connections()
    return None


def requeue_lost() -> list[str]:
    """Queue again the jobs whose worker was lost: running without a sign of life for a lease, or sent
    to a broker that lost the message long ago (the embedded broker forgets a message its worker took)."""
    now = timezone.now()
    lost = list(
        Job.objects.filter(state=Job.State.RUNNING, heartbeat__lt=_stale(now)).values_list("pk", flat=True)
    )
    forgotten = list(
        Job.objects.filter(
            state=Job.State.QUEUED,
            sent__lt=now - dt.timedelta(seconds=settings.GIA_JOB_TIME_LIMIT + settings.GIA_JOB_LEASE),
        ).values_list("pk", flat=True)
    )
    for pk in lost:
        Job.objects.filter(pk=pk, state=Job.State.RUNNING, heartbeat__lt=_stale(now)).update(
            state=Job.State.QUEUED
        )
    for pk in [*lost, *forgotten]:
        log.warning("job %s: its worker was lost; queued again", pk)
        send(pk)
    return [str(pk) for pk in [*lost, *forgotten]]


def purge_old(now: dt.datetime | None = None) -> int:
    """Jobs ended more than ``GIA_JOB_KEEP_DAYS`` ago go, with the files they made (what they stored
    elsewhere — a version, a draft — stays). Returns how many went."""
    from gia.web import files

    now = now or timezone.now()
    old = list(
        Job.objects.filter(
            state__in=(Job.State.DONE, Job.State.FAILED),
            finished__lt=now - dt.timedelta(days=settings.GIA_JOB_KEEP_DAYS),
        ).values_list("pk", flat=True)
    )
    for pk in old:
        for name in list(files.walk(f"jobs/{pk}")):
            files.delete(name)
        Job.objects.filter(pk=pk).delete()
    if old:
        record("system:jobs", "job.purge", "jobs", after={"count": len(old)})
    return len(old)
