"""The maps work offline: with every request beyond this machine refused, each map draws the vendored
basemap of the Baltic Sea countries (no tile server is set), shows its markers and boundaries inside
the visible map, and the area form's boundary drawing works on it — in English and Polish, on a laptop
(1280 px) and a phone (390 px).

Screenshots: ``tests/browser/artifacts/maps-<language>-<width>-<step>.png``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from gia.web.demo import load_demo
from gia.web.models import Area
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).parent / "artifacts"
PASSWORD = "demo-password-for-the-map-tests"
MANAGER = "manager@dk-vestfjord-symbiosis.example"
LANGUAGES = ("en", "pl")
WIDTHS = (1280, 390)
#: the basemap has a land shape per country and one of borders; fewer paths means it was not drawn
BASEMAP_PATHS = 30

#: what a map shows (markers, boundaries, drawn points) and what of it lies outside the map's box
MAP_FACTS = """(id) => {
  const box = document.getElementById(id).getBoundingClientRect();
  const shown = document.querySelectorAll(
    "#" + id + " .leaflet-marker-pane img, #" + id + " .leaflet-overlay-pane path");
  const outside = [];
  for (const e of shown) {
    const r = e.getBoundingClientRect();
    if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) {
      outside.push(e.tagName + " at " + [r.left, r.top, r.right, r.bottom].map(Math.round).join(","));
    }
  }
  return {
    basemap: document.querySelectorAll("#" + id + " .leaflet-basemap-pane path").length,
    markers: document.querySelectorAll("#" + id + " .leaflet-marker-pane img").length,
    shapes: document.querySelectorAll("#" + id + " .leaflet-overlay-pane path").length,
    outside: outside,
    width: document.documentElement.scrollWidth,
  };
}"""


def offline_page(browser: Any, base: str, language: str, width: int) -> tuple[Any, Any, list[str]]:
    """A page in a browser context that refuses every request beyond the live server (so nothing
    may come from a CDN or a tile server); the refused addresses are collected."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
    context.set_default_timeout(20_000)
    refused: list[str] = []
    local = urlsplit(base).hostname

    def only_local(route: Any) -> None:
        if urlsplit(route.request.url).hostname in (local, "localhost", "127.0.0.1"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    return context, context.new_page(), refused


def map_facts(page: Any, map_id: str) -> dict[str, Any]:
    page.wait_for_selector(f'#{map_id}[data-basemap="ready"]')
    page.locator(f"#{map_id}").scroll_into_view_if_needed()
    return page.evaluate(MAP_FACTS, map_id)


def shot(page: Any, map_id: str, language: str, width: int, step: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator(f"#{map_id}").screenshot(path=str(ARTIFACTS / f"maps-{language}-{width}-{step}.png"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_map_draws_the_basemap_offline_with_what_it_shows_inside_the_view(
    live_server: Any, browser: Any, language: str
) -> None:
    load_demo(password=PASSWORD)
    base = live_server.url
    certified = ["de-tollensetal-nord", "dk-vestfjord-symbiosis"]
    for width in WIDTHS:
        context, page, refused = offline_page(browser, base, language, width)
        public = [
            ("home", "/", "home-map"),
            ("registry", "/registry/", "registry-map"),
            ("profile", "/registry/dk-vestfjord-symbiosis/", "area-map"),
        ]
        for step, path, map_id in public:
            page.goto(base + path)
            if map_id != "area-map":
                page.wait_for_selector(f'#{map_id}[data-areas="{len(certified)}"]')
            facts = map_facts(page, map_id)
            where = f"{path} ({language}, {width} px)"
            assert facts["basemap"] >= BASEMAP_PATHS, f"{where}: no basemap drawn"
            if map_id == "area-map":
                assert facts["shapes"] == 1, f"{where}: the area's boundary is not shown"
            else:
                assert facts["markers"] == len(certified), f"{where}: {facts['markers']} markers"
            assert not facts["outside"], f"{where}: outside the visible map: {facts['outside']}"
            assert facts["width"] <= width, f"{where} is {facts['width']} px wide"
            shot(page, map_id, language, width, step)
        # the area's own page, for its manager
        sign_in(page, base, MANAGER, PASSWORD)
        page.goto(f"{base}/app/areas/dk-vestfjord-symbiosis/")
        facts = map_facts(page, "area-map")
        assert facts["basemap"] >= BASEMAP_PATHS and facts["shapes"] == 1
        assert not facts["outside"], f"area page ({language}, {width} px): {facts['outside']}"
        shot(page, "area-map", language, width, "area")
        # the country names are written in the page's language when the whole region is shown
        page.goto(f"{base}/app/areas/new/")
        map_facts(page, "boundary-map")
        poland = {"en": "Poland", "pl": "Polska"}[language]
        assert page.locator("#boundary-map .gia-map-label", has_text=poland).is_visible()
        assert refused == [], f"requests beyond this machine: {refused}"
        context.close()


def click_on_map(page: Any, map_id: str, fractions: list[tuple[float, float]]) -> None:
    box = page.locator(f"#{map_id}").bounding_box()
    for fx, fy in fractions:
        page.mouse.click(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_manager_draws_the_boundary_of_a_new_area_on_the_basemap(
    live_server: Any, browser: Any, language: str
) -> None:
    load_demo(password=PASSWORD)
    base = live_server.url
    for width in WIDTHS:
        context, page, refused = offline_page(browser, base, language, width)
        sign_in(page, base, MANAGER, PASSWORD)
        page.goto(f"{base}/app/areas/new/")
        map_facts(page, "boundary-map")
        field = page.locator("#id_boundary")

        # the country chosen in the form brings its land into view: a click in the middle is in Denmark
        page.select_option("#id_country", "DK")
        page.wait_for_timeout(600)
        click_on_map(page, "boundary-map", [(0.5, 0.5)])
        first = json.loads(field.input_value())
        assert first["type"] == "Point"
        longitude, latitude = first["coordinates"]
        assert 8.0 < longitude < 13.0 and 54.5 < latitude < 58.0, first
        # zoom in with the map's buttons, then click two more corners
        zoom_in = page.locator("#boundary-map .leaflet-control-zoom-in")
        assert zoom_in.get_attribute("title") == {"en": "Zoom in", "pl": "Przybliż"}[language]
        for _ in range(2):
            zoom_in.click()
            page.wait_for_timeout(300)
        click_on_map(page, "boundary-map", [(0.6, 0.4), (0.5, 0.65)])
        drawn = json.loads(field.input_value())
        assert drawn["type"] == "Polygon" and len(drawn["coordinates"][0]) == 4
        assert drawn["coordinates"][0][0] == drawn["coordinates"][0][-1]
        facts = map_facts(page, "boundary-map")
        assert facts["shapes"] >= 1 and not facts["outside"]
        assert facts["width"] <= width
        shot(page, "boundary-map", language, width, "draw")

        # clear it: the field is empty and nothing is drawn
        page.click("#boundary-clear")
        assert field.input_value() == ""
        assert map_facts(page, "boundary-map")["shapes"] == 0

        # the keyboard's way: GeoJSON typed into the field is shown on the map
        typed = {
            "type": "Polygon",
            "coordinates": [[[11.09, 55.656], [11.129, 55.6545], [11.12, 55.67], [11.09, 55.656]]],
        }
        field.fill(json.dumps(typed))
        field.press("Tab")
        facts = map_facts(page, "boundary-map")
        assert facts["shapes"] == 1 and not facts["outside"]
        shot(page, "boundary-map", language, width, "typed")

        # draw again and register the area: its page shows the drawn boundary
        page.click("#boundary-clear")
        click_on_map(page, "boundary-map", [(0.3, 0.3), (0.7, 0.3), (0.7, 0.7), (0.3, 0.7)])
        drawn = json.loads(field.input_value())
        assert len(drawn["coordinates"][0]) == 5
        slug = f"drawn-{language}-{width}"
        page.fill("#id_name", f"Drawn Park {language} {width}")
        page.fill("#id_slug", slug)
        page.fill("#id_total_area_ha", "120")
        page.fill("#id_management_name", "Drawn Park A/S")
        page.fill("#id_management_contact", "info@drawn.example")
        page.fill("#id_management_mandate", "develops the park")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"{base}/app/areas/{slug}/")
        assert Area.objects.get(slug=slug).boundary == drawn
        facts = map_facts(page, "area-map")
        assert facts["shapes"] == 1 and not facts["outside"]
        shot(page, "area-map", language, width, "registered")
        assert refused == [], f"requests beyond this machine: {refused}"
        context.close()


def test_the_api_documentation_renders_offline(live_server: Any, browser: Any) -> None:
    context, page, refused = offline_page(browser, live_server.url, "en", 1280)
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(f"{live_server.url}/api/docs")
    page.wait_for_selector(".swagger-ui .opblock")
    assert page.locator(".swagger-ui .opblock", has_text="/api/verify/{number}").count() == 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "maps-api-docs.png"))
    assert refused == [] and failed == []
    context.close()
