"""The area manager's toolbox journey in a real browser, in English and Polish, on a laptop and a phone.

The manager of the Polish demo area opens the symbiosis board (companies at their own sites on the
map), goes to the suggested matches and records one as an exchange of the year's data; then opens the
roadmap from the assessment, picks three measures from the list (removing and adding a row on the
way), computes the roadmap and reads the result and the abatement cost curve — at 390 px too, where
nothing is wider than the screen and the curve's text is at least 11 px.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from gia import i18n
from gia.toolbox import labels
from gia.toolbox.measures import load_compendium
from gia.web.demo import load_demo
from gia.web.models import Draft

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "demo-password-for-the-toolbox-journey"
AREA = "pl-gliwice-ostropa-zachod"
ARTIFACTS = Path(__file__).parent / "artifacts"
#: the three measures picked, with the size typed for the first (in the reader's number format)
PICKED = ("pv_rooftop", "led_lighting", "heat_pump_air")
SIZE = {"en": "150.5", "pl": "150,5"}
WORDS = {
    "en": {"record": "Record as exchange", "compute": "Compute the roadmap", "distance": "distance by road"},
    "pl": {
        "record": "Zarejestruj jako wymianę",
        "compute": "Oblicz mapę drogową",
        "distance": "odległość drogowa",
    },
}


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def fits(page: Any, width: int) -> None:
    """Nothing wider than the screen: the page does not scroll sideways."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def chart_text(page: Any) -> dict[str, float]:
    """The visible abatement cost curve as drawn: its scale, the smallest text in px on the screen,
    and how far any text reaches outside the picture (0 when none does)."""
    return page.evaluate(
        """() => {
        const svg = [...document.querySelectorAll('#mac svg')].find(s => s.getBoundingClientRect().width > 0);
        const box = svg.viewBox.baseVal, scale = svg.getBoundingClientRect().width / box.width;
        const frame = svg.getBoundingClientRect();
        let smallest = 1e9, outside = 0, worst = '';
        for (const text of svg.querySelectorAll('text')) {
          smallest = Math.min(smallest, parseFloat(getComputedStyle(text).fontSize) * scale);
          const b = text.getBoundingClientRect();  // as drawn, turned text included
          const out = Math.max(frame.left - b.left, frame.top - b.top, b.right - frame.right, b.bottom - frame.bottom);
          if (out > outside) { outside = out; worst = text.textContent; }
        }
        return {scale, smallest, outside, worst, fills: [...svg.querySelectorAll('rect > title')].map(t => t.parentNode.getAttribute('fill'))};
    }"""
    )


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("language", ["en", "pl"])
def test_manager_records_a_match_and_plans_measures(
    live_server: Any, browser: Any, language: str, width: int
) -> None:
    load_demo(password=PASSWORD)
    base, words, name = live_server.url, WORDS[language], f"toolbox-{language}-{width}"
    context = browser.new_context(viewport={"width": width, "height": 900}, locale=language)
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        page.goto(f"{base}/accounts/login/")
        page.locator("input[name=username]").fill(f"manager@{AREA}.example")
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form button[type=submit]").last.click()
        page.wait_for_url(f"{base}/app/")
        assert page.locator("html").get_attribute("lang") == language

        # the board: offers and needs in words, a marker at each company's own site
        page.get_by_role("link", name=re.compile("Podstrefa Gliwice-Ostropa")).click()
        page.locator(f"a[href='/app/areas/{AREA}/symbiosis/']").click()
        expect(page.locator("#symbiosis-map")).to_have_attribute("data-markers", re.compile(r"^([6-9]|[1-9][0-9]+)$"))
        assert page.locator("#symbiosis-map .leaflet-interactive").count() > 5
        offers = page.locator("table.flows").first.inner_text()
        assert "waste_heat" not in offers and ("waste heat" in offers or "ciepło odpadowe" in offers)
        fits(page, width)
        shot(page, f"{name}-1-board")

        # the suggested matches: distances between the sites, one recorded as an exchange of 2024
        page.locator("#to-matches").click()
        first = page.locator("section.match").first
        assert re.search(rf"{words['distance']}: \d+[.,]\d km", first.inner_text())
        fits(page, width)
        shot(page, f"{name}-2-matches")
        title = first.locator("h2").inner_text()
        first.locator("input[name=year]").fill("2024")
        first.get_by_role("button", name=words["record"]).click()
        page.wait_for_url(re.compile(rf"/app/areas/{AREA}/2024/symbiosis/$"))
        recorded = Draft.objects.get(area__slug=AREA, year=2024).data["exchanges"][-1]
        assert recorded["description"] in page.locator("#pending").inner_text()
        assert recorded["description"].split(" → ")[0] in title  # the match's words, not codes
        shot(page, f"{name}-3-exchange")

        # the roadmap: three measures picked from the list by name
        page.goto(f"{base}/app/areas/{AREA}/2024/dashboard/")
        page.locator("#roadmap").click()
        rows = page.locator(".measure-row")
        assert rows.count() == 3
        rows.nth(2).locator("button.remove").click()  # one row less, then one more
        assert rows.count() == 2
        page.locator("#add-row").click()
        assert rows.count() == 3
        compendium = load_compendium()
        for index, measure in enumerate(PICKED):
            rows.nth(index).locator("select[name^=measure_]").select_option(
                label=compendium.measures[measure].label(language)
            )
        with i18n.override(language):  # the unit of the measure picked, in words
            assert rows.nth(0).locator(".size-unit").inner_text() == labels.size_unit("kWp")
        rows.nth(0).locator("input[name^=size_]").fill(SIZE[language])
        page.locator("input[name=target_year]").fill("2035")
        fits(page, width)
        shot(page, f"{name}-4-roadmap-form")
        # by keyboard (a click right after a full-page screenshot of a long page at phone width
        # can miss in headless Chromium)
        page.get_by_role("button", name=words["compute"]).press("Enter")
        page.locator("#measures").wait_for()

        # the result names the measures by name, the size as typed, and the horizon it covers
        table = page.locator("#measures").inner_text()
        for measure in PICKED:
            assert compendium.measures[measure].label(language) in table
            assert measure not in table
        assert ("150.5 kWp" if language == "en" else "150,5 kWp") in table
        verdict = page.locator("#neutrality").inner_text()
        assert "2035" in verdict and "2050" in verdict  # the roadmap's last year and the area's target
        assert page.locator("#gates-left").is_visible()
        # the curve: every measure its own fill, no text outside the picture, legible on a phone
        page.locator("#mac").scroll_into_view_if_needed()
        drawn = chart_text(page)
        assert len(drawn["fills"]) == len(set(drawn["fills"])) >= 2
        assert drawn["outside"] <= 1, drawn["worst"]
        assert drawn["smallest"] >= 11, drawn
        fits(page, width)
        shot(page, f"{name}-5-roadmap-result")
        page.locator("#mac").screenshot(path=str(ARTIFACTS / f"{name}-6-mac.png"))
    except Exception:
        shot(page, f"{name}-failed")
        print("failed at", page.url)
        raise
    finally:
        context.close()
