"""A visitor's journey through the public pages, in a real browser, in English and Polish, on a laptop
and on a phone: home page → registry map → a park's profile → compare three parks → the measures
compendium → one measure → a good-practice case. No page is wider than the screen.

Screenshots of every step go to ``tests/browser/artifacts/public-<language>-<width>-<step>.png``.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from gia.web.actions.areas import do_create_area
from gia.web.actions.submissions import do_replace_draft, do_submit
from gia.web.demo import certify, load_demo
from gia.web.models import Area, AssessmentRecord, Membership, Role, SubmissionVersion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).parent / "artifacts"
PASSWORD = "demo-password-for-browser-tests"
#: what the pages say in each language (headings a visitor reads)
WORDS = {
    "en": {
        "registry": "Registry of certified areas",
        "compare": "Compare certified areas",
        "measures": "Measures compendium",
    },
    "pl": {
        "registry": "Rejestr certyfikowanych obszarów",
        "compare": "Porównaj certyfikowane obszary",
        "measures": "Kompendium działań",
    },
}


def third_certified_park() -> Area:
    """A third certified park beside the demo's two: the German example's year moved to Sweden,
    through the same actions and certification workflow the demo uses."""
    manager = User.objects.get(username="manager@de-tollensetal-nord.example")
    auditor = User.objects.get(username="auditor@gia.example")
    body = User.objects.get(username="certification@gia.example")
    source = SubmissionVersion.objects.filter(area__slug="de-tollensetal-nord").latest("number")
    area = do_create_area(
        manager,
        {
            "slug": "se-hamnpark",
            "name": "Hamnparken Norrviken",
            "country": "SE",
            "total_area_ha": 96.0,
            "boundary": {"type": "Point", "coordinates": [16.19, 58.59]},
            "management_name": "Hamnparken AB",
            "management_contact": "info@hamnparken.example",
            "management_mandate": "develops and manages the park",
        },
    )
    document = copy.deepcopy(source.data())
    document.pop("hourly", None)
    document["area"] = {**document["area"], "id": area.slug}
    do_replace_draft(manager, area, source.year, document, "browser test")
    version = do_submit(manager, area, source.year, "browser test")
    level = AssessmentRecord.objects.of(version).level
    assert level, "the copied year reaches a level"
    Membership.objects.create(user=auditor, role=Role.AUDITOR, area=area)
    certify(manager, auditor, body, area, version, level, dt.date.today())
    return area


def check_width(page: Any, width: int) -> None:
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, f"{page.url} is {wide} px wide on a {width} px screen"


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("language", ["en", "pl"])
def test_a_visitor_from_the_home_page_to_a_good_practice_case(
    live_server: Any, new_page: Any, language: str, width: int
) -> None:
    load_demo(password=PASSWORD)
    third = third_certified_park()
    base = live_server.url
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    steps = iter(range(1, 100))

    def shot(name: str) -> None:
        check_width(page, width)
        page.screenshot(
            path=str(ARTIFACTS / f"public-{language}-{width}-{next(steps):02d}-{name}.png"), full_page=True
        )

    # the home page, in the visitor's language
    page.goto(f"{base}/")
    if language != "en":
        page.select_option("#language", language)
        page.wait_for_selector(f'html[lang="{language}"]')
    page.wait_for_selector("#home-map .leaflet-marker-icon")
    assert page.locator("#figure-areas").inner_text() == "3"
    assert page.locator("#levels li").count() == 4
    shot("home")

    # the registry with its map of the three certified parks
    page.locator('main a[href="/registry/"]').first.click()
    page.wait_for_selector('#registry-map[data-areas="3"]')
    assert page.locator("h1").inner_text() == WORDS[language]["registry"]
    shot("registry")

    # a park's profile, from the registry's table
    page.locator("#registry-table a", has_text="Gewerbepark Tollensetal-Nord").click()
    page.wait_for_selector("#certificate-tile")
    assert page.locator("#certificate-tile .number").inner_text().startswith("GIA-DE-")
    assert (
        page.locator("h1").inner_text() == "Gewerbepark Tollensetal-Nord"
    )  # "fictional example" once, beside it
    shot("profile")

    # compare it with the two other parks
    page.locator('main a[href^="/compare/"]').click()
    page.wait_for_selector("form.compare-form")
    for slug in ("dk-vestfjord-symbiosis", third.slug):
        page.check(f'input[name="areas"][value="{slug}"]')
    page.locator("form.compare-form button[type=submit]").click()
    page.wait_for_selector("#compare-table")
    assert page.locator("h1").inner_text() == WORDS[language]["compare"]
    assert page.locator("#compare-table thead th[scope=col]").count() == 4  # the row headers and 3 parks
    assert page.locator("#compare-chart svg rect").count() > 0
    shot("compare")

    # the measures compendium, from the toolbox
    page.goto(f"{base}/toolbox/")
    page.locator('main a[href="/toolbox/measures/"]').click()
    page.wait_for_selector(".measure-cards")
    assert page.locator("h1").inner_text() == WORDS[language]["measures"]
    page.select_option("#theme", "waste_heat")
    page.locator(".measure-filters button[type=submit]").click()
    page.wait_for_selector("#measure-heat_pump_waste_heat")
    shot("measures")

    # one measure: its page in words
    page.locator("#measure-heat_pump_waste_heat h3 a").click()
    page.wait_for_selector("#measure-costs")
    assert page.locator("#measure-sources li").count() >= 1
    shot("measure")

    # a good-practice case it links to, with its source
    page.locator('main a[href="/toolbox/cases/helsinki-katri-vala/"]').click()
    page.wait_for_selector("#case-result")
    assert page.locator('#case-sources a[href^="https://"]').count() >= 1
    assert page.locator('#case-measures a[href="/toolbox/measures/heat_pump_waste_heat/"]').count() == 1
    shot("case")
