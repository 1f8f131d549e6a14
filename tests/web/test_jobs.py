"""Jobs as their asker follows them in the browser (run inside the request here, GIA_JOBS_EAGER; the
real workers are in test_jobs_worker.py): the way from "Submit" to the dashboard, the progress part
htmx asks for, a refusal with its places, trying again, and the home page's list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from gia.web.actions.jobs import do_ask, requeue_lost
from gia.web.actions.submissions import current_document, do_replace_draft
from gia.web.models import Job, SubmissionVersion
from tests.web.conftest import YEAR, Platform, year_document


def _changed(platform: Platform) -> None:
    document = year_document("north-park")
    document["companies"][1]["employees"] = 77
    do_replace_draft(platform.users["manager"], platform.area, YEAR, document, "test")


@pytest.mark.django_db
def test_submit_goes_through_the_job_page_to_the_dashboard_and_the_home_page_lists_it(platform: Platform) -> None:
    _changed(platform)
    client = platform.client("manager")
    response = client.post(reverse("submit", kwargs={"area": platform.area.slug, "year": YEAR}), {"note": "fix"})
    job = Job.objects.get()
    assert response["Location"] == reverse("job", kwargs={"job": job.pk})
    assert (job.state, job.result, job.attempts) == ("done", {"version": 2}, 1)
    page = client.get(response["Location"], follow=True)
    assert page.redirect_chain[-1][0] == reverse("dashboard", kwargs={"area": platform.area.slug, "year": YEAR})
    assert "Version 2 is submitted and assessed." in page.content.decode()
    home = client.get(reverse("workspace")).content.decode()
    assert "Your jobs" in home and "version 2" in home
    # a job is its asker's alone
    assert platform.client("manager_b").get(response["Location"]).status_code == 404
    assert platform.client("certification_body").get(response["Location"]).status_code == 404
    assert "/accounts/login/" in platform.client("anonymous").get(response["Location"])["Location"]


@pytest.mark.django_db
def test_a_refused_submission_says_each_problem_at_its_field_and_stores_nothing(platform: Platform) -> None:
    document = year_document("north-park")
    document["hourly"] = {
        "files": [{"path": "series/missing.parquet"}],
        "meters": [{"id": "m1", "company": "alpha", "role": "load"}],
    }
    do_replace_draft(platform.users["manager"], platform.area, YEAR, document, "test")
    client = platform.client("manager")
    response = client.post(reverse("submit", kwargs={"area": platform.area.slug, "year": YEAR}), follow=True)
    body = response.content.decode()
    assert "The data cannot be submitted yet; everything entered so far is kept." in body
    assert "missing.parquet" in body and "gia-test-files" not in body
    assert "Try again" not in body and "Correct the data where each problem says" in body
    assert SubmissionVersion.objects.filter(area=platform.area).count() == 1
    job = Job.objects.get()
    assert client.post(reverse("job_retry", kwargs={"job": job.pk})).status_code == 302
    job.refresh_from_db()
    assert job.state == "failed" and job.attempts == 1  # refused data are not tried again as they are


@pytest.mark.django_db
def test_asking_twice_while_the_first_waits_is_one_job(platform: Platform, settings: Any) -> None:
    settings.GIA_JOBS_EAGER = False
    _changed(platform)
    document = current_document(platform.area, YEAR)
    manager = platform.users["manager"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("gia.web.actions.jobs.send", lambda pk: None)
        first = do_ask(manager, Job.Kind.SUBMIT, {"document": document}, area=platform.area, year=YEAR)
        second = do_ask(manager, Job.Kind.SUBMIT, {"document": document}, area=platform.area, year=YEAR)
    assert first.pk == second.pk and Job.objects.count() == 1


@pytest.mark.django_db
def test_the_progress_part_names_the_step_and_sends_the_browser_on_at_the_end(platform: Platform) -> None:
    job = Job.objects.create(
        kind=Job.Kind.SUBMIT,
        actor=platform.users["manager"],
        area=platform.area,
        year=YEAR,
        fingerprint="x",
        state=Job.State.RUNNING,
        step="Reading the hourly series",
        step_number=2,
        steps=4,
        heartbeat=timezone.now(),
    )
    client = platform.client("manager")
    url = reverse("job_status", kwargs={"job": job.pk})
    part = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "Reading the hourly series" in part and "step 2 of 4" in part
    assert 'hx-trigger="every 1s"' in part and 'value="25"' in part
    # in the reader's language: the step was stored as its English message id
    client.cookies["django_language"] = "pl"
    page = client.get(reverse("job", kwargs={"job": job.pk})).content.decode()
    assert "Odczyt szeregów godzinowych" in page and "krok 2 z 4" in page and "Możesz opuścić tę stronę" in page
    client.cookies["django_language"] = "en"
    Job.objects.filter(pk=job.pk).update(state=Job.State.DONE, result={"version": 1})
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("dashboard", kwargs={"area": platform.area.slug, "year": YEAR})


@pytest.mark.django_db
def test_a_platform_error_fails_the_job_in_plain_words_and_it_can_be_tried_again(
    platform: Platform, caplog: Any
) -> None:
    from gia.web.jobs import kinds

    _changed(platform)
    work = kinds.KINDS[Job.Kind.SUBMIT]

    def broken(job: Job, step: Any) -> dict[str, Any]:
        raise RuntimeError("disk full")

    client = platform.client("manager")
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(kinds.KINDS, Job.Kind.SUBMIT, kinds.Work(work.steps, broken, work.refused_title))
        page = client.post(reverse("submit", kwargs={"area": platform.area.slug, "year": YEAR}), follow=True)
    body = page.content.decode()
    assert "Something went wrong on the platform" in body and "disk full" not in body
    assert "disk full" in caplog.text  # the error is logged for the team
    job = Job.objects.get()
    assert job.state == "failed" and SubmissionVersion.objects.filter(area=platform.area).count() == 1
    page = client.post(reverse("job_retry", kwargs={"job": job.pk}), follow=True)
    job.refresh_from_db()
    assert (job.state, job.result) == ("done", {"version": 2})
    assert "Version 2 is submitted and assessed." in page.content.decode()


@pytest.mark.django_db
def test_a_job_whose_worker_is_lost_is_queued_again(platform: Platform, settings: Any) -> None:
    settings.GIA_JOBS_EAGER = False
    sent: list[Any] = []
    long_ago = timezone.now() - dt.timedelta(seconds=settings.GIA_JOB_LEASE + 5)
    lost = Job.objects.create(
        kind=Job.Kind.SUBMIT,
        actor=platform.users["manager"],
        area=platform.area,
        year=YEAR,
        fingerprint="lost",
        state=Job.State.RUNNING,
        heartbeat=long_ago,
        attempts=1,
    )
    alive = Job.objects.create(
        kind=Job.Kind.SUBMIT,
        actor=platform.users["manager"],
        area=platform.area,
        year=YEAR,
        fingerprint="alive",
        state=Job.State.RUNNING,
        heartbeat=timezone.now(),
        attempts=1,
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("gia.web.actions.jobs.send", sent.append)
        assert requeue_lost() == [str(lost.pk)]
    assert sent == [lost.pk]
    lost.refresh_from_db()
    alive.refresh_from_db()
    assert (lost.state, alive.state) == ("queued", "running")


@pytest.mark.django_db
def test_the_pdf_report_is_printed_by_a_job_and_offered_to_its_asker_only(
    platform: Platform, settings: Any, monkeypatch: Any
) -> None:
    from gia.web.actions import jobs

    settings.GIA_JOBS_EAGER = False  # as with a worker: the request only asks
    monkeypatch.setattr(jobs, "send", lambda job_id: None)
    client = platform.client("manager")
    url = reverse("report", kwargs={"area": platform.area.slug, "year": YEAR, "number": 1})
    asked = client.get(url)
    job = Job.objects.get(kind=Job.Kind.REPORT)
    assert asked["Location"] == reverse("job", kwargs={"job": job.pk})
    waiting = client.get(asked["Location"]).content.decode()
    assert "Waiting for a worker" in waiting and "job-file" not in waiting
    jobs.run(job.pk)  # the worker
    page = client.get(asked["Location"]).content.decode()
    assert "The PDF report is ready." in page and 'id="job-file"' in page
    download = client.get(reverse("job_file", kwargs={"job": job.pk}))
    assert download["Content-Disposition"] == f'attachment; filename="gia-report-north-park-{YEAR}-v1-en.pdf"'
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    # kept: the next download of the same report is the file itself, with no job
    again = client.get(url)
    assert again.status_code == 200 and again.content.startswith(b"%PDF-")
    assert Job.objects.filter(kind=Job.Kind.REPORT).count() == 1
    # the file is its asker's: another manager, and the asker once their role has ended, get nothing
    assert platform.client("manager_b").get(reverse("job_file", kwargs={"job": job.pk})).status_code == 404
    platform.users["manager"].memberships.all().delete()
    assert client.get(reverse("job_file", kwargs={"job": job.pk})).status_code == 404


@pytest.mark.django_db
def test_the_roadmap_is_computed_by_a_job_and_shown_with_its_form(
    platform: Platform, settings: Any, monkeypatch: Any
) -> None:
    from gia.web.actions import jobs

    settings.GIA_JOBS_EAGER = False
    monkeypatch.setattr(jobs, "send", lambda job_id: None)
    client = platform.client("manager")
    url = reverse("toolbox_roadmap", kwargs={"area": platform.area.slug, "year": YEAR})
    asked = client.get(url, {"measure_1": "pv_rooftop", "company_1": "alpha", "size_1": "200"})
    job = Job.objects.get(kind=Job.Kind.ROADMAP)
    assert asked["Location"] == reverse("job", kwargs={"job": job.pk})
    assert job.params["choices"] == [[{"measure": "pv_rooftop", "company": "alpha", "size": 200.0, "year": None}, 1]]
    jobs.run(job.pk)
    shown = client.get(asked["Location"], follow=True)
    final = shown.redirect_chain[-1][0]
    assert final.startswith(url + "?") and f"job={job.pk}" in final and "measure_1=pv_rooftop" in final
    page = shown.content.decode()
    assert "The roadmap is computed." in page and 'id="neutrality"' in page and 'id="measure-pv_rooftop"' in page
    assert 'value="200"' in page  # the form as it was asked
    json_file = client.get(reverse("job_file", kwargs={"job": job.pk}))
    assert json_file["Content-Type"] == "application/json"
    assert b'"years"' in b"".join(json_file.streaming_content)
    # another person's job is not shown on one's own roadmap page
    other = platform.client("certification_body").get(final)
    assert other.status_code == 404


@pytest.mark.django_db
def test_the_certification_body_assesses_every_area_again_into_a_csv(platform: Platform) -> None:
    import csv
    import io

    from gia.accounting.factors import DEFAULT_FACTOR_SET

    client = platform.client("certification_body")
    page = client.get(reverse("deadlines")).content.decode()
    assert 'id="reassess-form"' in page and DEFAULT_FACTOR_SET in page
    response = client.post(reverse("reassess_all"), {"factor_set": DEFAULT_FACTOR_SET}, follow=True)
    job = Job.objects.get(kind=Job.Kind.REASSESS)
    assert job.state == "done" and job.result["areas"] == 2
    body = response.content.decode()
    assert "1 version assessed again; 0 would change level." in body
    download = client.get(reverse("job_file", kwargs={"job": job.pk}))
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert [(r["area"], r["year"], r["version"]) for r in rows] == [("north-park", str(YEAR), "1")]
    from gia.web.models import AssessmentRecord

    stored = AssessmentRecord.objects.of(platform.version, "en")
    assert rows[0]["level_stored"] == (stored.level or "") and rows[0]["level_changes"] == "False"
    assert rows[0]["factor_set"] == DEFAULT_FACTOR_SET and rows[0]["area_name"] == platform.area.name
    # the effect of the factor set shows in the emissions, beside the stored ones
    assert float(rows[0]["scope12_market_t_co2e"]) == float(rows[0]["scope12_market_t_co2e_stored"]) > 0
    # nothing stored changed; a made-up factor set is refused before any job
    assert SubmissionVersion.objects.count() == 1
    refused = client.post(reverse("reassess_all"), {"factor_set": "made-up"}, follow=True)
    assert "Choose a factor set from the list." in refused.content.decode()
    assert Job.objects.filter(kind=Job.Kind.REASSESS).count() == 1


@pytest.mark.django_db
def test_the_api_asks_for_a_report_and_fetches_its_file(platform: Platform, settings: Any, monkeypatch: Any) -> None:
    from django.test import Client

    from gia.web.actions import jobs
    from gia.web.actions.accounts import do_create_api_token

    settings.GIA_JOBS_EAGER = False
    monkeypatch.setattr(jobs, "send", lambda job_id: None)
    _token, raw = do_create_api_token(platform.users["manager"], "reports")
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    url = reverse("api-1:api_report", kwargs={"area": platform.area.slug, "year": YEAR, "version": 1})
    asked = api.post(f"{url}?lang=de")
    assert asked.status_code == 202 and asked.json()["state"] == "queued"
    jobs.run(asked.json()["id"])
    done = api.get(asked["Location"]).json()
    assert done["state"] == "done" and "file" not in done["result"]  # the store's names stay inside
    pdf = api.get(done["result"]["file_url"])
    assert pdf["Content-Disposition"] == f'attachment; filename="gia-report-north-park-{YEAR}-v1-de.pdf"'
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    # another person's token finds neither the job nor its file
    _other, other_raw = do_create_api_token(platform.users["manager_b"], "other")
    other = Client(headers={"Authorization": f"Bearer {other_raw}"})
    assert other.get(asked["Location"]).status_code == 404
    assert other.get(done["result"]["file_url"]).status_code == 404
    assert other.post(url).status_code == 404


@pytest.mark.django_db
def test_a_years_workbook_is_read_by_a_job_and_a_refusal_names_its_place(
    platform: Platform, settings: Any, monkeypatch: Any
) -> None:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import load_workbook

    from gia.web import files
    from gia.web.actions import jobs
    from gia.web.actions.submissions import current_document

    client = platform.client("manager")
    kwargs = {"area": platform.area.slug, "year": YEAR}
    workbook = client.get(reverse("area_template", kwargs=kwargs)).content
    settings.GIA_JOBS_EAGER = False
    monkeypatch.setattr(jobs, "send", lambda job_id: None)
    asked = client.post(reverse("area_upload", kwargs=kwargs), {"file": SimpleUploadedFile("year.xlsx", workbook)})
    job = Job.objects.get(kind=Job.Kind.IMPORT)
    assert asked["Location"] == reverse("job", kwargs={"job": job.pk})
    assert files.exists(job.params["file"])  # kept for the worker, in the file store
    jobs.run(job.pk)
    job.refresh_from_db()
    assert job.state == "done" and not files.exists(job.params["file"])  # dropped once read
    page = client.get(asked["Location"], follow=True)
    assert page.redirect_chain[-1][0] == reverse("year_detail", kwargs=kwargs)
    assert "The workbook is read: the year&#x27;s data is replaced by it." in page.content.decode()
    # a workbook with a negative number is refused where it is, and the draft stays as it was
    settings.GIA_JOBS_EAGER = True
    before = current_document(platform.area, YEAR)
    book = load_workbook(io.BytesIO(workbook))
    sheet = next(ws for ws in book.worksheets if any(c.value == "employees" for c in ws[1]))
    column = next(c.column for c in sheet[1] if c.value == "employees")
    sheet.cell(row=2, column=column, value=-5)
    broken = io.BytesIO()
    book.save(broken)
    refused = client.post(
        reverse("area_upload", kwargs=kwargs), {"file": SimpleUploadedFile("year.xlsx", broken.getvalue())}
    )
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "The upload was refused; nothing was saved." in body and sheet.title in body
    assert current_document(platform.area, YEAR) == before


@pytest.mark.django_db
def test_ended_jobs_and_their_files_go_after_their_time(platform: Platform, settings: Any) -> None:
    from gia.web import files
    from gia.web.actions.jobs import purge_old

    client = platform.client("manager")
    url = reverse("toolbox_roadmap", kwargs={"area": platform.area.slug, "year": YEAR})
    client.get(url, {"measure_1": "pv_rooftop"})
    job = Job.objects.get(kind=Job.Kind.ROADMAP)
    assert files.exists(job.result["html"]) and files.exists(job.result["file"])
    assert purge_old() == 0  # fresh: kept
    later = timezone.now() + dt.timedelta(days=settings.GIA_JOB_KEEP_DAYS + 1)
    assert purge_old(later) == 1
    assert not Job.objects.filter(pk=job.pk).exists()
    assert not files.exists(job.result["html"]) and not files.exists(job.result["file"])
    assert SubmissionVersion.objects.count() == 1  # what jobs stored elsewhere stays
