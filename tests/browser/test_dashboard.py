"""The area manager reads the assessment in a real browser, in English and Polish, on a laptop and
on a phone: opens the dashboard, opens EN-01's chain right under the criterion (in view, without
scrolling, focus on it), closes it, opens the trend chart and downloads the PDF report.

Screenshots of each step are saved under ``tests/browser/artifacts/`` (git-ignored).
"""

from __future__ import annotations

import copy
import re
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from gia.web.actions.submissions import do_replace_draft, do_submit
from tests.web.conftest import PASSWORD
from tests.web.test_data_sections import SNAKE, load_example

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

WORDS = {
    "en": {
        "label": "Renewable electricity",
        "close": "Close",
        "value": "Value",
        "factors": "Reference factors",
        "gas": "natural gas: CO2 emission factor",
    },
    "pl": {
        "label": "Energia elektryczna z OZE",
        "close": "Zamknij",
        "value": "Wartość",
        "factors": "Wskaźniki referencyjne",
        "gas": "gaz ziemny",
    },
}


def polish_area_with_two_years() -> tuple[Any, int, Any]:
    """The Polish example submitted for its year, and the same data a year earlier (a trend)."""
    area, year, manager = load_example("pl-ssez-subzone.yaml")
    version = do_submit(manager, area, year, "first")
    earlier = copy.deepcopy(version.data())
    earlier["reporting_year"] = year - 1
    earlier.pop("hourly", None)
    earlier["area"]["history"] = [h for h in earlier["area"].get("history", []) if h["year"] < year - 1]
    do_replace_draft(manager, area, year - 1, earlier, "the year before")
    do_submit(manager, area, year - 1, "the year before")
    return area, year, manager


def pdf_text(pdf: bytes) -> str:
    import subprocess

    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def pages_of(pdf: bytes) -> int:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return int(PdfFileReader(BytesIO(pdf)).root["/Pages"]["/Count"])


def test_manager_reads_the_dashboard_opens_a_chain_the_trend_and_the_pdf(
    live_server: Any, browser: Any, tmp_path: Any
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    area, year, manager = polish_area_with_two_years()
    base = live_server.url
    dashboard = f"{base}/app/areas/{area.slug}/{year}/dashboard/"
    for language in ("en", "pl"):
        for width, height in ((1280, 900), (390, 844)):
            name = f"dashboard-{language}-{width}"
            context = browser.new_context(
                viewport={"width": width, "height": height}, accept_downloads=True, locale="en-GB"
            )
            context.set_default_timeout(20_000)
            context.add_cookies([{"name": "django_language", "value": language, "url": base}])
            page = context.new_page()
            page.goto(f"{base}/accounts/login/")
            page.locator("#id_username").fill(manager.username)
            page.locator("#id_password").fill(PASSWORD)
            page.locator("form button[type=submit]").last.click()
            page.wait_for_url(re.compile(r"/app/"))

            page.goto(dashboard)
            assert page.locator("html").get_attribute("lang") == language
            page.screenshot(path=str(ARTIFACTS / f"{name}-1-dashboard.png"), full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth") <= width

            # EN-01's chain opens right under the criterion, in view, with the focus on it
            link = page.get_by_role("link", name="EN-01", exact=True)
            link.scroll_into_view_if_needed()
            link.click()
            panel = page.locator("#chain-EN-01 .chain-panel")
            panel.wait_for()
            expect(page.locator("#chain-title-EN-01")).to_be_focused()
            box = page.locator("#chain-title-EN-01").bounding_box()
            assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height, box
            row = page.locator("#row-EN-01").bounding_box()
            assert row is not None and row["y"] < box["y"]  # under its criterion
            assert link.get_attribute("aria-expanded") == "true"
            text = panel.inner_text()
            assert WORDS[language]["label"] in text and WORDS[language]["value"] in text
            assert "Odlewnia Aluminium Ostropa" in text  # where a figure comes from: the company by name
            assert not SNAKE.findall(text) and "companies[" not in text
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            page.screenshot(path=str(ARTIFACTS / f"{name}-2-chain.png"))

            # closed by its button: the row is empty again and the focus back on the criterion
            page.get_by_role("button", name=re.compile(WORDS[language]["close"])).click()
            assert page.locator("#chain-EN-01").inner_html().strip() == ""
            assert link.get_attribute("aria-expanded") == "false"
            assert page.evaluate("document.activeElement.textContent") == "EN-01"

            # the trend chart of both years
            page.locator("#trend summary").click()
            chart = page.locator("#trend svg.trend-chart")
            chart.wait_for()
            assert chart.bounding_box()["width"] <= width
            labels = chart.locator("text").all_text_contents()
            assert str(year - 1) in labels and str(year) in labels
            chart.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / f"{name}-3-trend.png"))

            # the reference factors the result rests on: how many are verified, the others listed
            # with the publication to check them in
            section = page.locator("#reference-factors")
            section.scroll_into_view_if_needed()
            assert section.inner_text() == WORDS[language]["factors"]
            details = page.locator("#reference-factors ~ details").first
            details.locator("summary").click()
            table = details.locator("table.factors")
            table.wait_for()
            listed = table.inner_text()
            assert WORDS[language]["gas"] in listed and "IPCC 2006 Guidelines" in listed
            assert details.locator("a[href^='https://']").count() > 0
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            table.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / f"{name}-4-factors.png"))

            # the PDF report: a status line until it arrives, then a short report in the reader's language
            with page.expect_download() as download:
                page.locator("#pdf-report").click()
            assert page.locator("#pdf-status").inner_text() != ""
            assert download.value.suggested_filename.endswith(f"-v1-{language}.pdf")
            pdf = tmp_path / f"{name}.pdf"
            download.value.save_as(pdf)
            content = pdf.read_bytes()
            assert content.startswith(b"%PDF-") and pages_of(content) <= 12
            assert WORDS[language]["factors"] in pdf_text(content)
            context.close()
