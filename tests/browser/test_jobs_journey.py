"""Submitting a year as a job, walked in the browser against the platform as ``make run`` starts it: a
web server and a Celery worker in processes of their own, sharing the database and the embedded
broker's folder (issue 15). The area manager presses "Submit and assess", follows the steps on the
progress page, lands on the dashboard and finds the job on their home page; pressing it again with
nothing changed, on a phone in Polish, the job page says why in Polish and leads back.

Screenshots: ``tests/browser/artifacts/jobs-<language>-<width>-<step>.png``.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import sign_in
from tests.web.test_files_s3 import free_port
from tests.web.test_jobs_worker import World

pytestmark = [pytest.mark.browser]

ARTIFACTS = Path(__file__).parent / "artifacts"
PASSWORD = "x" * 20  # tests.web.jobs_world's manager
STEPS = ("Checking the year's data", "Reading the hourly series", "Assessing against the standard", "Storing the version")


@pytest.fixture
def running(tmp_path: Path) -> Iterator[str]:
    """The web server and a worker, as ``make run`` has them (the steps slowed to be seen)."""
    world = World(tmp_path, "filesystem://", GIA_JOB_STEP_PAUSE="1.5")
    world.web("setup")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gia.web", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=tmp_path,
        env=world.env,
        stdout=(tmp_path / "server.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    world.worker(concurrency=1)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=20)
    world.stop()


def _shot(page: Any, language: str, width: int, step: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"jobs-{language}-{width}-{step}.png"), full_page=True)


def test_submitting_shows_the_steps_and_ends_on_the_dashboard(running: str, new_page: Any, browser: Any) -> None:
    from playwright.sync_api import expect

    base = running
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, base, "manager@example.org", PASSWORD)
    page.goto(f"{base}/app/areas/north-park/2024/")
    page.click("#submit-year")
    page.wait_for_url("**/app/jobs/**")
    expect(page.locator("progress.progress")).to_be_visible()
    # the step in words and how far, as the worker goes (htmx asks every second)
    expect(page.locator("#job-progress")).to_contain_text(re.compile(r"step [1-4] of 4"), timeout=15_000)
    assert page.locator("#job-step").inner_text() in STEPS
    _shot(page, "en", 1280, "1-progress")
    page.wait_for_url("**/2024/dashboard/", timeout=30_000)
    expect(page.locator("main")).to_contain_text("Version 1 is submitted and assessed.")
    _shot(page, "en", 1280, "2-dashboard")
    page.goto(f"{base}/app/")
    jobs = page.locator("#home-jobs")
    expect(jobs).to_contain_text("Submitting a year's data: Area north-park, 2024")
    expect(jobs).to_contain_text("version 1")
    _shot(page, "en", 1280, "3-home")

    # again, with nothing changed: on a phone, in Polish
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="pl-PL")
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "django_language", "value": "pl", "url": base}])
    phone = context.new_page()
    sign_in(phone, base, "manager@example.org", PASSWORD)
    phone.goto(f"{base}/app/areas/north-park/2024/")
    phone.click("#submit-year")
    phone.wait_for_url("**/app/jobs/**")
    expect(phone.locator("h1")).to_contain_text("Danych nie można jeszcze złożyć", timeout=30_000)
    expect(phone.locator(".error-summary")).to_contain_text("1")
    _shot(phone, "pl", 390, "4-refused")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.click("main a:text-is('Wstecz')")
    phone.wait_for_url("**/app/areas/north-park/2024/")
    context.close()


def test_the_pdf_report_and_the_roadmap_come_from_jobs(running: str, new_page: Any, browser: Any) -> None:
    """The manager asks for the PDF report (a job prints it; the job's page offers the file, and the
    next download is at once), then on a phone in Polish computes a roadmap (a job; the result appears
    beside the form)."""
    from playwright.sync_api import expect

    base = running
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, base, "manager@example.org", PASSWORD)
    page.goto(f"{base}/app/areas/north-park/2024/")
    page.click("#submit-year")
    page.wait_for_url("**/2024/dashboard/", timeout=40_000)
    page.click("#pdf-report")
    page.wait_for_url("**/app/jobs/**")
    expect(page.locator("#job-progress")).to_contain_text(re.compile(r"step [1-3] of 3"), timeout=15_000)
    _shot(page, "en", 1280, "5-report-progress")
    link = page.locator("#job-file")
    expect(link).to_be_visible(timeout=40_000)
    expect(page.locator("main")).to_contain_text("The PDF report is ready.")
    _shot(page, "en", 1280, "6-report-ready")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "gia-report-north-park-2024-v1-en.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="pl-PL")
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "django_language", "value": "pl", "url": base}])
    phone = context.new_page()
    sign_in(phone, base, "manager@example.org", PASSWORD)
    phone.goto(f"{base}/app/areas/north-park/2024/roadmap/")
    phone.select_option("select[name=measure_1]", "pv_rooftop")
    phone.click("#run")
    phone.wait_for_url("**/app/jobs/**")
    expect(phone.locator("#job-progress")).to_contain_text(re.compile(r"krok [1-4] z 4"), timeout=15_000)
    _shot(phone, "pl", 390, "7-roadmap-progress")
    phone.wait_for_url(re.compile(r".*/roadmap/\?.*job="), timeout=40_000)
    expect(phone.locator("#neutrality")).to_be_visible()
    expect(phone.locator("main")).to_contain_text("Mapa drogowa została obliczona.")
    assert phone.locator("select[name=measure_1]").input_value() == "pv_rooftop"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(phone, "pl", 390, "8-roadmap-result")
    context.close()
