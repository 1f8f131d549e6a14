"""The README's pictures, made by a browser from the demo: the home page, a dashboard, the audit screen.

They are saved under ``tests/browser/artifacts/readme/``; with ``GIA_UPDATE_SCREENSHOTS=1`` they are
also written to ``docs/screenshots/`` (the files the README shows), so the pictures follow the pages.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from gia.web.actions import certification as workflow
from gia.web.demo import load_demo
from gia.web.models import Area, SubmissionVersion
from tests.browser.test_data_entry import PASSWORD, browser_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).parent / "artifacts" / "readme"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def keep(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / name
    page.screenshot(path=str(target), full_page=False)
    assert target.stat().st_size > 10_000  # a page was drawn, not a blank
    if os.environ.get("GIA_UPDATE_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target, DOCS / name)
    return target


def test_readme_screenshots_of_the_home_page_a_dashboard_and_the_audit_screen(
    live_server: Any, new_page: Any
) -> None:
    from django.contrib.auth.models import User

    load_demo(password=PASSWORD)
    base = live_server.url
    visitor = browser_page(new_page, base, "en")
    visitor.set_viewport_size({"width": 1280, "height": 1000})
    visitor.goto(base + "/")
    visitor.locator("h1").first.wait_for()
    keep(visitor, "home.png")

    manager = browser_page(new_page, base, "en")
    manager.set_viewport_size({"width": 1280, "height": 1000})
    sign_in(manager, base, "manager@de-tollensetal-nord.example")
    area = Area.objects.get(slug="de-tollensetal-nord")
    version = SubmissionVersion.objects.filter(area=area).latest("number")
    manager.goto(f"{base}/app/areas/{area.slug}/{version.year}/dashboard/")
    manager.locator("#level").wait_for()
    keep(manager, "dashboard.png")

    # an application in audit, a few criteria reviewed: the auditor's queue
    body = User.objects.get(username="certification@gia.example")
    auditor = User.objects.get(username="auditor@gia.example")
    # (the German park is certified already: the Polish zone applies)
    area = Area.objects.get(slug="pl-gliwice-ostropa-zachod")
    version = SubmissionVersion.objects.filter(area=area).latest("number")
    applicant = User.objects.get(username="manager@pl-gliwice-ostropa-zachod.example")
    application = workflow.do_apply(applicant, area, "certificate", version)
    application = workflow.do_check_completeness(body, application)
    application = workflow.do_assign_auditor(body, application, auditor)
    for criterion in ("EN-01", "EN-02", "EN-03"):
        workflow.do_review_criterion(auditor, application, criterion, "accepted")
    audit = browser_page(new_page, base, "en")
    audit.set_viewport_size({"width": 1280, "height": 1000})
    sign_in(audit, base, "auditor@gia.example")
    audit.goto(f"{base}/app/applications/{application.pk}/")
    audit.get_by_text("of 33 reviewed").first.wait_for()
    keep(audit, "audit-screen.png")
