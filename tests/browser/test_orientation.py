"""Each role signs in and finds its work on its home page, in English and Polish, on a laptop and a phone.

The demo's areas are put in the states the roles meet most: the Danish area in audit with a finding
for its manager to answer, the Polish area's application waiting for its completeness check, the
German area certified with the next year to enter. Each role's home shows its block with the next
action as a button, the button leads to the page where that action is done, and the company
contributor, following the natural links, never meets a page without the site's navigation.
Screenshots of every home at 1280 and 390 px in English and Polish: ``tests/browser/artifacts/orientation/``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from gia.web.actions import certification as workflow
from gia.web.actions.submissions import do_replace_draft, do_submit
from gia.web.demo import load_demo
from gia.web.models import Area, SubmissionVersion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-password-for-orientation"
ARTIFACTS = Path(__file__).parent / "artifacts" / "orientation"
SIZES = {"laptop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
BODY = "certification@gia.example"
AUDITOR = "auditor@gia.example"
MANAGER_DE = "manager@de-tollensetal-nord.example"
MANAGER_DK = "manager@dk-vestfjord-symbiosis.example"
MANAGER_PL = "manager@pl-gliwice-ostropa-zachod.example"
CONTRIBUTOR = "autohaus-tollensetal@de-tollensetal-nord.example"


def set_the_scene() -> dict[str, Any]:
    """The demo, with the Danish area in audit (one finding open) and the Polish area just applied."""
    load_demo(password=PASSWORD)
    users = {u.username: u for u in User.objects.all()}
    dk = Area.objects.get(slug="dk-vestfjord-symbiosis")
    # the Danish area is certified on its 2024 data: it applies for the renewal with its 2025 data
    document = SubmissionVersion.objects.get(area=dk, year=2024).data()
    document.update(reporting_year=2025, hourly=None)
    do_replace_draft(users[MANAGER_DK], dk, 2025, document, "2025 data")
    application = workflow.do_apply(
        users[MANAGER_DK], dk, "certificate", do_submit(users[MANAGER_DK], dk, 2025, "2025 data")
    )
    application = workflow.do_check_completeness(users[BODY], application)
    application = workflow.do_assign_auditor(users[BODY], application, users[AUDITOR])
    workflow.do_raise_finding(
        users[AUDITOR], application, "minor", "Meter list incomplete", dt.date.today() + dt.timedelta(days=30)
    )
    pl = Area.objects.get(slug="pl-gliwice-ostropa-zachod")
    applied = workflow.do_apply(
        users[MANAGER_PL], pl, "certificate", SubmissionVersion.objects.get(area=pl, year=2024)
    )
    return {"audit": application, "applied": applied}


def open_as(browser: Any, base: str, username: str, size: str = "laptop", language: str = "en") -> Any:
    context = browser.new_context(viewport=SIZES[size], locale="en-GB")
    context.set_default_timeout(20_000)
    context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/app/")
    return page


def shoot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def has_navigation(page: Any) -> bool:
    return page.locator("header.top nav").count() == 1


def test_each_role_finds_its_work_and_next_step_at_home(live_server: Any, browser: Any) -> None:
    scene = set_the_scene()
    base = live_server.url

    # the certification body: the Polish application waits for its completeness check
    page = open_as(browser, base, BODY)
    block = page.locator("#home-certification-body")
    check = block.locator(".queue-column", has_text="Completeness check")
    assert "Podstrefa Gliwice" in check.inner_text()
    assert block.get_by_text("1 application in audit").count() == 1
    assert page.locator("#home-auditor, #home-manager, #home-company").count() == 0
    assert page.locator("header nav").get_by_role("link", name="Deadlines").count() == 1
    check.get_by_role("link", name="Check completeness").click()
    page.wait_for_url(re.compile(rf"/app/applications/{scene['applied'].pk}/$"))
    page.context.close()

    # the auditor: the Danish audit, with the criteria still to review
    page = open_as(browser, base, AUDITOR)
    card = page.locator("#home-auditor .card", has_text="Vestfjord")
    assert "1 finding waits for the applicant" in card.inner_text()
    button = card.get_by_role("link", name=re.compile(r"^Review \d+ criteria$"))
    assert button.count() == 1
    assert page.locator("header nav").get_by_role("link", name="API tokens").count() == 0
    button.click()
    page.wait_for_url(re.compile(rf"/app/applications/{scene['audit'].pk}/$"))
    page.context.close()

    # the Danish manager: the finding to answer comes first
    page = open_as(browser, base, MANAGER_DK)
    card = page.locator("#home-manager .card", has_text="Vestfjord")
    assert "Meter list incomplete" in card.inner_text()  # among the deadlines
    card.get_by_role("link", name="Answer 1 finding").click()
    page.wait_for_url(re.compile(rf"/app/applications/{scene['audit'].pk}/$"))
    page.context.close()

    # the Polish manager: the application waits for the certification body; nothing to press
    page = open_as(browser, base, MANAGER_PL)
    card = page.locator("#home-manager .card", has_text="Gliwice")
    assert "waits for the certification body's completeness check" in card.inner_text()
    assert "no level yet" in card.inner_text()
    assert card.locator("a.button").count() == 0
    assert card.get_by_role("link", name="See the application").count() == 1
    page.context.close()

    # the German manager: certified for 2024, the 2025 data is next
    page = open_as(browser, base, MANAGER_DE)
    card = page.locator("#home-manager .card", has_text="Tollensetal")
    assert "Gold" in card.inner_text() and "GIA-DE-" in card.inner_text()
    card.get_by_role("link", name="Enter the 2025 data").click()
    page.wait_for_url(re.compile(r"/app/areas/de-tollensetal-nord/2025/$"))
    assert has_navigation(page)
    page.goto(f"{base}/app/areas/de-tollensetal-nord/")
    assert page.locator("#next-step").inner_text() == "Enter the 2025 data"
    page.context.close()


def test_the_contributor_follows_natural_links_and_meets_no_bare_page(live_server: Any, browser: Any) -> None:
    set_the_scene()
    base = live_server.url
    page = open_as(browser, base, CONTRIBUTOR)
    card = page.locator("#home-company .card")
    assert "Autohaus Tollensetal" in card.inner_text()
    assert page.locator("#home-manager, #home-auditor, #home-certification-body").count() == 0
    assert page.locator("header nav").get_by_role("link", name="API tokens").count() == 0
    card.get_by_role("link", name="Check and update your company's data for 2025").click()
    page.wait_for_url(re.compile(r"/app/areas/de-tollensetal-nord/2025/companies/autohaus-tollensetal/$"))
    assert has_navigation(page)

    # every link of its home, its area's page and the area's results opens a page of the site
    visited: set[str] = set()
    for start in (
        "/app/",
        "/app/areas/de-tollensetal-nord/",
        "/app/areas/de-tollensetal-nord/2024/dashboard/",
    ):
        response = page.goto(base + start)
        assert response.status == 200, start
        links = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))")
        for link in links:
            if not link.startswith("/") or link in visited or link.endswith((".pdf", ".xlsx", ".json")):
                continue
            visited.add(link)
            response = page.goto(base + link)
            assert response.status < 400, f"{link} (linked from {start}) answers {response.status}"
            assert has_navigation(page), link
    assert "/app/areas/de-tollensetal-nord/2024/" not in visited  # the year page is for the managers

    # typed or bookmarked addresses of pages for others: the site's refusal page, saying whom to ask
    for url in (
        "/app/areas/de-tollensetal-nord/2024/",
        "/app/areas/de-tollensetal-nord/2024/v1/criteria/EN-01/",
        "/app/areas/de-tollensetal-nord/2024/v1/report.pdf",
    ):
        response = page.goto(base + url)
        assert response.status == 403, url
        assert has_navigation(page), url
        refusal = page.locator("#refused").inner_text()
        assert "You are signed in as Contact Autohaus Tollensetal" in refusal
        assert "manager@de-tollensetal-nord.example" in refusal
    shoot(page, "refused-contributor-en-laptop")
    page.get_by_role("link", name="Back to my work").click()
    page.wait_for_url(f"{base}/app/")
    page.goto(base + "/app/areas/no-such-area/")
    assert has_navigation(page) and page.locator("h1").inner_text() == "Page not found"
    page.context.close()


def test_the_phone_menu_folds_and_opens_by_keyboard(live_server: Any, browser: Any) -> None:
    load_demo(password=PASSWORD)
    page = open_as(browser, live_server.url, MANAGER_DE, size="phone")
    menu = page.locator("details.menu")
    summary = menu.locator("summary")
    assert summary.is_visible() and not page.locator("header nav").is_visible()
    assert page.get_by_label("Language").is_visible()  # the switcher stays in the header
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    summary.focus()
    page.keyboard.press("Enter")
    nav = page.locator("header nav")
    assert nav.is_visible()
    assert nav.get_by_role("link", name="My work").is_visible()
    assert nav.get_by_role("link", name="API tokens").is_visible()
    shoot(page, "menu-open-en-phone")
    page.keyboard.press("Escape")
    assert not nav.is_visible()
    # on a laptop the menu is simply there
    page.set_viewport_size(SIZES["laptop"])
    expect(nav).to_be_visible()
    expect(summary).to_be_hidden()
    page.context.close()


def test_screenshots_of_every_home(live_server: Any, browser: Any) -> None:
    """Every role's home and an area's page, at 1280 and 390 px, in English and Polish (looked at by
    people; the checks here: each fits the phone and keeps the site's navigation)."""
    set_the_scene()
    base = live_server.url
    for username, name in (
        (BODY, "certification-body"),
        (AUDITOR, "auditor"),
        (MANAGER_DK, "manager-dk"),
        (MANAGER_PL, "manager-pl"),
        (CONTRIBUTOR, "contributor"),
    ):
        for language in ("en", "pl"):
            for size in SIZES:
                page = open_as(browser, base, username, size, language)
                assert page.locator("html").get_attribute("lang") == language
                assert has_navigation(page)
                if size == "phone":
                    assert page.evaluate("document.documentElement.scrollWidth") <= 390, (name, language)
                shoot(page, f"home-{name}-{language}-{size}")
                if name == "manager-dk":
                    page.goto(f"{base}/app/areas/dk-vestfjord-symbiosis/")
                    shoot(page, f"area-{name}-{language}-{size}")
                page.context.close()
