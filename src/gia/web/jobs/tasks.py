"""Celery tasks: each runs a job (``gia.web.actions.jobs.run``) or one of the platform's periodic checks."""

from __future__ import annotations

from typing import Any

from celery import signals

from gia.web.jobs import app


@app.task(name="gia.run_job", acks_late=True, reject_on_worker_lost=True)
def run_job(job_id: str) -> None:
    from gia.web.actions.jobs import run

    run(job_id)


@app.task(name="gia.reassess_area", acks_late=True, reject_on_worker_lost=True)
def reassess_area(job_id: str, area_id: int) -> bool:
    """One area of a job that assesses every area again (see gia.web.reassess)."""
    from gia.web.actions.jobs import run_part
    from gia.web.reassess import area_done

    return run_part(job_id, lambda: area_done(job_id, area_id))


@app.task(name="gia.requeue_lost_jobs")
def requeue_lost_jobs() -> list[str]:
    from gia.web.actions.jobs import requeue_lost

    return requeue_lost()


@app.task(name="gia.send_mail")
def send_mail() -> tuple[int, int]:
    from gia.web.mail import deliver

    return deliver()


@app.task(name="gia.certificate_deadlines")
def certificate_deadlines() -> list[str]:
    """Suspend the certificates whose corrective period has ended (daily is enough; hourly is cheap)."""
    from gia.web.actions.certificates import do_apply_deadlines

    return [c.number for c in do_apply_deadlines("system:deadlines")]


@app.task(name="gia.purge_old_jobs")
def purge_old_jobs() -> int:
    from gia.web.actions.jobs import purge_old

    return purge_old()


@app.task(name="gia.purge_personal_data")
def purge_personal_data() -> dict[str, int]:
    from gia.web.actions.privacy import do_purge_personal_data

    return do_purge_personal_data()


@signals.worker_ready.connect
def _requeue_on_start(**_kwargs: Any) -> None:
    """A worker that starts picks up the jobs a lost worker left running."""
    requeue_lost_jobs.delay()


@signals.celeryd_init.connect
def _folders(**_kwargs: Any) -> None:
    from gia.web.jobs import broker_folders

    broker_folders()
