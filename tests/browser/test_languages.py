"""Every partner's language in a real browser: the area manager's dashboard (with its theme chart),
a data-entry section and a certified park's public profile, in each of the nine languages, on a
laptop and on a phone. The numbers are the same in every language (the result is assessed once and
written in the reader's language); the words are the reader's.

Slow (nine languages × two widths): marked ``languages`` and run by ``make test-languages``; the
journeys in English and Polish run with every ``make test``. Screenshots go to
``tests/browser/artifacts/languages-<language>-<width>-<page>.png``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from gia import i18n
from gia.web.demo import load_demo
from gia.web.models import Area, Company, SubmissionVersion

pytestmark = [pytest.mark.browser, pytest.mark.languages, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).parent / "artifacts"
PASSWORD = "demo-password-for-browser-tests"
MANAGER = "manager@de-tollensetal-nord.example"
NUMBER = re.compile(r"\d[\d\s.,\u00a0\u202f]*\d|\d")


def _numbers(text: str) -> list[str]:
    """The numbers of a text with their separators taken out: ``12 705 000,5`` and ``12,705,000.5``
    are the same digits."""
    return [re.sub(r"\D", "", found) for found in NUMBER.findall(text)]


def _check_width(page: Any, width: int) -> None:
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, f"{page.url} is {wide} px wide on a {width} px screen"


def test_the_dashboard_a_data_section_and_a_public_profile_in_every_language(
    live_server: Any, browser: Any
) -> None:
    load_demo(password=PASSWORD)
    area = Area.objects.get(slug="de-tollensetal-nord")
    version = SubmissionVersion.objects.filter(area=area).latest("year", "number")
    company = Company.objects.filter(area=area).order_by("slug").first()
    base = live_server.url
    pages = {
        "dashboard": f"{base}/app/areas/{area.slug}/{version.year}/dashboard/",
        "section": f"{base}/app/areas/{area.slug}/{version.year}/companies/{company.slug}/sections/electricity/",
        "profile": f"{base}/registry/{area.slug}/",
    }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    seen: dict[str, dict[str, Any]] = {}
    for language in i18n.LANGUAGES:
        for width, height in ((1280, 900), (390, 844)):
            context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
            context.set_default_timeout(20_000)
            context.add_cookies([{"name": "django_language", "value": language, "url": base}])
            page = context.new_page()
            page.goto(f"{base}/accounts/login/")
            page.locator("#id_username").fill(MANAGER)
            page.locator("#id_password").fill(PASSWORD)
            page.locator("form button[type=submit]").last.click()
            page.wait_for_url(re.compile(r"/app/"))
            found: dict[str, Any] = {}
            for name, url in pages.items():
                page.goto(url)
                assert page.locator("html").get_attribute("lang") == language, (name, language)
                _check_width(page, width)
                page.screenshot(
                    path=str(ARTIFACTS / f"languages-{language}-{width}-{name}.png"), full_page=True
                )
                found[name] = {
                    "title": page.locator("h1").first.inner_text(),
                    "labels": page.locator("main label, main th, main h2").all_inner_texts(),
                }
                if name == "dashboard":
                    chart = page.locator("svg.theme-chart")
                    chart.wait_for()
                    assert chart.locator("rect").count() >= 6  # a bar for each theme, drawn in this locale
                    assert chart.bounding_box()["width"] > 100
                    glance = page.locator("section.glance").inner_text()
                    table = page.locator("main table").first.inner_text()
                    found[name]["numbers"] = _numbers(glance) + _numbers(table)
            seen[f"{language}-{width}"] = found
            context.close()
    english = seen["en-1280"]
    for key, found in seen.items():
        # the same numbers in every language and at every width
        assert found["dashboard"]["numbers"] == english["dashboard"]["numbers"], key
        if key.startswith("en-"):
            continue
        for name in pages:
            if name == "profile":
                continue  # the park's name is its title in every language
            assert found[name]["title"] != english[name]["title"], (key, name, found[name]["title"])
        for name in pages:
            same = set(found[name]["labels"]) & set(english[name]["labels"])
            words = [label for label in same if re.search(r"[a-z]{4,} [a-z]{4,}", label)]
            assert not words, f"{key} {name} still in English: {words[:5]}"
