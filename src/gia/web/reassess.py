"""Assessing every area again, as a factor set or an edition of the standard changes: for the latest
submitted version of each area's year, the level stored and the level under the chosen factor set, side
by side, so the certification body sees which areas a change would move before anything is decided.
Nothing stored is changed: the result is a CSV file.

With workers, the job fans out as a Celery group, one task per area (``gia.reassess_area``), spread
over every worker; each task keeps its rows in the file store and marks its area done on the job's row,
under the row's lock, so a task delivered twice counts once; the task that completes the set writes
the CSV and finishes the job. (A Celery chord would need a result store, which the embedded default
does not have; the job's row does the chord's work.) Without workers (``GIA_JOBS_EAGER``) the areas are
assessed one after the other, in the same way."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from gia import i18n
from gia.dataset.io import parse_submission
from gia.pipeline import assess_submission
from gia.web import files
from gia.web.models import Area, AssessmentRecord, Job, SubmissionVersion

#: the step shown while areas are assessed ("step 37 of 200" is the 37th area done)
REASSESS_STEP = gettext_noop("Assessing the areas again")
COLUMNS = (
    "area",
    "area_name",
    "year",
    "version",
    "factor_set_stored",
    "level_stored",
    "total_fulfilment_stored",
    "gates_passed_stored",
    "scope12_market_t_co2e_stored",
    "factor_set",
    "level",
    "total_fulfilment",
    "gates_passed",
    "scope12_market_t_co2e",
    "level_changes",
)


def _scope12_t(result: dict[str, Any]) -> float | None:
    """Scope 1 + 2 (market-based) of a result's key figures, in t CO2e (rounded to the kilogram)."""
    figure = (result.get("key_figures") or {}).get("scope12_market_kg_co2e") or {}
    value = figure.get("value")
    return None if value is None else round(value / 1000, 3)


def areas_of(job: Job) -> list[int]:
    return list(Area.objects.order_by("pk").values_list("pk", flat=True))


def _latest_versions(area: Area) -> list[SubmissionVersion]:
    latest: dict[int, SubmissionVersion] = {}
    for version in SubmissionVersion.objects.filter(area=area).order_by("year", "number"):
        latest[version.year] = version
    return list(latest.values())


def area_rows(area_id: int, factor_set: str | None) -> list[dict[str, Any]]:
    """One row per year of the area: its latest version as stored and assessed again."""
    from gia.web.actions.submissions import series_dir

    area = Area.objects.get(pk=area_id)
    rows = []
    for version in _latest_versions(area):
        stored = AssessmentRecord.objects.of(version, "en")
        before = stored.summary_in("en") if stored is not None else {}
        submission = parse_submission(version.document, f"{area.slug} {version.year} v{version.number}")
        with i18n.override("en"):
            after = assess_submission(submission, series_dir(area, version.year), factor_set=factor_set).to_dict()
        level_now = (after.get("level") or {}).get("level") or ""
        level_before = stored.level if stored is not None else ""
        rows.append(
            {
                "area": area.slug,
                "area_name": area.name,
                "year": version.year,
                "version": version.number,
                "factor_set_stored": before.get("factor_set", ""),
                "level_stored": level_before,
                "total_fulfilment_stored": stored.total_fulfilment if stored is not None else None,
                "gates_passed_stored": stored.gates_passed if stored is not None else None,
                "scope12_market_t_co2e_stored": _scope12_t(before),
                "factor_set": after.get("factor_set", ""),
                "level": level_now,
                "total_fulfilment": after.get("total_fulfilment"),
                "gates_passed": (after.get("gates") or {}).get("all_passed"),
                "scope12_market_t_co2e": _scope12_t(after),
                "level_changes": level_before != level_now,
            }
        )
    return rows


def part_name(job: Job | str, area_id: int) -> str:
    return f"jobs/{job.pk if isinstance(job, Job) else job}/areas/{area_id}.json"


def area_done(job_id: str, area_id: int) -> bool:
    """Assess one area for the job, keep its rows, mark it done; the one that completes the set writes
    the CSV and finishes the job. Returns whether the job is finished."""
    job = Job.objects.get(pk=job_id)
    if job.state != Job.State.RUNNING:
        return job.state == Job.State.DONE
    Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(heartbeat=timezone.now())
    if area_id in job.result.get("areas_done", []):  # delivered twice, or the job handed out again
        return False
    rows = area_rows(area_id, job.params.get("factor_set"))
    files.save(part_name(job, area_id), json.dumps(rows).encode())
    with transaction.atomic():
        Job.objects.filter(pk=job.pk).update(heartbeat=timezone.now())  # takes the row's write lock first
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.state != Job.State.RUNNING:
            return job.state == Job.State.DONE
        done = sorted(set(job.result.get("areas_done", [])) | {area_id})
        job.result = {**job.result, "areas_done": done}
        job.step, job.step_number = REASSESS_STEP, len(done)
        job.save(update_fields=["result", "step", "step_number"])
        if len(done) < len(job.params["areas"]):
            return False
        from gia.web.actions.jobs import finish

        finish(job, assemble(job))
    return True


def assemble(job: Job) -> dict[str, Any]:
    """The CSV of every area's rows (area by area, as asked), kept under the job; the job's outcome."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    changed = count = 0
    for area_id in job.params["areas"]:
        for row in json.loads(files.read(part_name(job, area_id))):
            writer.writerow(row)
            count += 1
            changed += bool(row["level_changes"])
    name = f"jobs/{job.pk}/reassessment.csv"
    files.save(name, out.getvalue().encode())
    factor_set = job.params.get("factor_set") or "default"
    return {
        "file": name,
        "filename": f"gia-reassessment-{factor_set}-{job.created:%Y%m%d-%H%M}.csv",
        "content_type": "text/csv",
        "versions": count,
        "level_changes": changed,
        "areas": len(job.params["areas"]),
    }
