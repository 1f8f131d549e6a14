"""The platform as its users meet it, in a real browser.

An area manager signs in, registers an area (drawing its boundary on the map), adds a company and
invites its contact; the company's contact accepts, uploads the Excel template with its data; the
manager submits, sees the dashboard with the level and downloads the PDF report; the public
registry lists a certified example area and shows it on the map.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import expect

from gia.assessment.engine import assess
from gia.dataset import submission_from_data
from gia.standard.loader import load_standard
from gia.web.demo import load_demo
from gia.web.models import Draft
from tests.io.excel_helpers import company_workbook_bytes, small_company

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "demo-password-for-browser-tests"


def sign_in(page: Any, base: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/app/")


def test_manager_and_company_from_new_area_to_pdf_report(
    live_server: Any, new_page: Any, tmp_path: Any
) -> None:
    load_demo(password=PASSWORD)
    base = live_server.url
    manager = new_page()
    sign_in(manager, base, "manager@de-tollensetal-nord.example")

    # register an area, drawing its boundary on the map (no tiles configured: the map still works)
    manager.get_by_role("link", name="Register an area").click()
    manager.get_by_label("Identifier").fill("hafen-ost")
    manager.get_by_label("Name").fill("Gewerbegebiet Hafen-Ost")
    manager.get_by_label("Country").select_option("DE")
    manager.get_by_label("Total area [ha]").fill("42")
    box = manager.locator("#boundary-map").bounding_box()
    for dx, dy in ((0.4, 0.4), (0.6, 0.4), (0.5, 0.6)):
        manager.mouse.click(box["x"] + box["width"] * dx, box["y"] + box["height"] * dy)
    assert '"Polygon"' in manager.get_by_role("textbox", name="Boundary").input_value()
    manager.get_by_label("Management entity").fill("Hafen-Ost Entwicklungsgesellschaft mbH")
    manager.get_by_label("Contact").fill("info@hafen-ost.example")
    manager.get_by_label("Mandate").fill("develops and manages the area")
    manager.get_by_role("button", name="Save").click()
    manager.wait_for_url(re.compile(r"/app/areas/hafen-ost/$"))

    # add a company and invite its contact
    manager.get_by_role("link", name="Add a company").click()
    manager.get_by_label("Identifier").fill("alpha")
    manager.get_by_label("Name").fill("Alpha Metall GmbH")
    manager.get_by_label("NACE code").fill("C25.1")
    manager.get_by_label("Employees").fill("120")
    manager.get_by_role("button", name="Save").click()
    manager.goto(f"{base}/app/areas/hafen-ost/invite/")
    manager.get_by_label("E-mail").fill("energie@alpha.example")
    manager.get_by_label("Role").select_option("company_contributor")
    manager.get_by_label("Company").select_option(label="Alpha Metall GmbH")
    manager.get_by_role("button", name="Send the invitation").click()
    manager.get_by_text("The invitation is sent to energie@alpha.example").wait_for()
    link = re.search(r"http://\S+/invitations/\S+/", mail.outbox[-1].body).group(0)

    # the company's contact accepts and uploads the Excel template with its data
    company = new_page()
    company.goto(base + link[link.index("/invitations/") :])
    company.get_by_label("Your name").fill("Erika Energie")
    company.get_by_label("Password").fill("a-long-password-for-erika")
    company.get_by_role("button", name="Create account").click()
    company.wait_for_url(f"{base}/app/")
    company.get_by_role("link", name="Alpha Metall GmbH").click()
    company.get_by_role("link", name="2025").click()
    with company.expect_download() as download:
        company.get_by_role("link", name=re.compile("Download the Excel template")).click()
    assert download.value.suggested_filename == "gia-hafen-ost-alpha-2025.xlsx"
    workbook = tmp_path / "alpha.xlsx"
    workbook.write_bytes(
        company_workbook_bytes(small_company("alpha", name="Alpha Metall GmbH", employees=120))
    )
    company.get_by_label("Upload the filled-in template").set_input_files(str(workbook))
    company.get_by_role("button", name="Upload", exact=True).click()
    company.get_by_text("The workbook is read and the company's data saved.").wait_for()
    company.get_by_role("link", name="Electricity bought").first.click()
    assert company.locator('[name="electricity_purchases.0.amount_kwh"]').input_value() == "1.2"
    assert company.locator('[name="electricity_purchases.0.amount_kwh.unit"]').input_value() == "GWh"
    # the company does not see the area's year page (other companies' data)
    assert company.goto(f"{base}/app/areas/hafen-ost/2025/").status == 403

    # the manager submits and sees the level, then downloads the PDF report
    manager.goto(f"{base}/app/areas/hafen-ost/2025/")
    manager.get_by_role("button", name="Submit and assess").click()
    manager.wait_for_url(re.compile(r"/app/areas/hafen-ost/2025/dashboard/$"))
    document = Draft.objects.get(area__slug="hafen-ost", year=2025).data
    expected = assess(submission_from_data(document), load_standard())
    levels = {lvl.id: lvl.name.get("en") for lvl in load_standard().catalogue.levels}
    shown = manager.locator("#level").inner_text()
    assert shown == (levels[expected.level.level] if expected.level.level else "no level")
    manager.get_by_role("link", name="EN-01").click()
    manager.locator("#chain-EN-01 .chain-panel").get_by_text("EN-01").first.wait_for()
    with manager.expect_download() as download:
        manager.get_by_role("link", name="PDF report").click()
    pdf = tmp_path / "report.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_public_registry_lists_a_certified_area_on_the_map(live_server: Any, new_page: Any) -> None:
    load_demo(password=PASSWORD)
    page = new_page()
    page.goto(f"{live_server.url}/registry/")
    row = page.locator("#registry-table tbody tr", has_text="Tollensetal")
    assert "Gold" in row.inner_text()
    expect(page.locator("#registry-map")).to_have_attribute("data-areas", "2")
    assert page.locator("#registry-map .leaflet-marker-icon").count() == 2
    page.get_by_label("Country").select_option("DK")
    page.get_by_role("button", name="Filter").click()
    assert page.locator("#registry-table tbody tr").count() == 1
    page.get_by_role("link", name=re.compile("Vestfjord")).click()
    page.get_by_text("Certificate").first.wait_for()
    assert "GIA-DK-" in page.content()


def test_the_language_switcher_changes_the_pages(live_server: Any, new_page: Any) -> None:
    page = new_page()
    page.goto(f"{live_server.url}/registry/")
    with page.expect_navigation():
        page.get_by_label("Language").select_option("de")
    assert page.locator("h1").inner_text() == "Register der zertifizierten Gebiete"
    with page.expect_navigation():
        page.get_by_label("Sprache").select_option("pl")
    assert page.locator("html").get_attribute("lang") == "pl"
    assert page.get_by_role("link", name="Rejestr", exact=True).count() == 1
