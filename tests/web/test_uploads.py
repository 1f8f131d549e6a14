"""Uploads through the pages: a good workbook is taken whole; a wrong unit, a negative value, a
missing sheet and a 50 MB file are each refused with their message, and nothing is stored."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gia.web.models import AuditEvent, Draft, SeriesFile
from tests.io.excel_helpers import company_workbook_bytes, edit_workbook, set_field, set_row
from tests.web.conftest import YEAR, Platform

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload_url(platform: Platform) -> str:
    return reverse(
        "company_upload", kwargs={"area": platform.area.slug, "company": platform.company.slug, "year": YEAR}
    )


def state(platform: Platform) -> tuple[Any, int, int]:
    draft = Draft.objects.get(area=platform.area, year=YEAR)
    return draft.data, AuditEvent.objects.count(), SeriesFile.objects.count()


def upload(platform: Platform, content: bytes, name: str = "alpha.xlsx", role: str = "contributor") -> Any:
    return platform.client(role).post(
        upload_url(platform), {"file": SimpleUploadedFile(name, content, content_type=XLSX)}
    )


@pytest.mark.django_db
def test_a_filled_in_template_is_taken_whole(platform: Platform) -> None:
    response = upload(platform, company_workbook_bytes(company_id="alpha"))
    assert response.status_code == 302
    entry = next(c for c in Draft.objects.get(area=platform.area).data["companies"] if c["id"] == "alpha")
    assert entry["electricity_purchases"][0]["amount_kwh"] == 1_200_000  # "1.2 GWh" in the sheet
    assert entry["fuels"][0]["amount"] == {"value": 650_000, "unit": "kWh"}
    assert entry["name"] == "Alpha"  # the identity stays the platform's


@pytest.mark.django_db
def test_the_downloaded_template_round_trips(platform: Platform) -> None:
    client = platform.client("contributor")
    url = reverse("company_template", kwargs={"area": platform.area.slug, "company": "alpha", "year": YEAR})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    before = state(platform)[0]
    assert upload(platform, response.content).status_code == 302
    assert state(platform)[0] == before  # the same data back


def refused(platform: Platform, content: bytes, *expected: str, name: str = "alpha.xlsx") -> None:
    before = state(platform)
    response = upload(platform, content, name)
    assert response.status_code == 400
    page = response.content.decode()
    assert "nothing was saved" in page
    for text in expected:
        assert text in page, text
    assert state(platform) == before


@pytest.mark.django_db
def test_a_wrong_unit_is_refused_with_its_place(platform: Platform) -> None:
    content = edit_workbook(
        company_workbook_bytes(),
        lambda wb: set_row(wb, "Electricity purchases", 2, {"amount_kwh": "5 kg"}),
    )
    refused(platform, content, "Electricity purchases", "B2 (Amount bought)", "expected an energy")


@pytest.mark.django_db
def test_a_negative_value_is_refused_with_its_place(platform: Platform) -> None:
    content = edit_workbook(company_workbook_bytes(), lambda wb: set_field(wb, "Company", "employees", -5))
    refused(platform, content, "Company!B6 (Employees)", "at least 0")


@pytest.mark.django_db
def test_a_missing_sheet_is_refused(platform: Platform) -> None:
    def drop(workbook: Any) -> None:
        del workbook["Company"]

    refused(platform, edit_workbook(company_workbook_bytes(), drop), "Company")


@pytest.mark.django_db
def test_a_50_mb_file_is_refused_before_it_is_read(platform: Platform) -> None:
    before = state(platform)
    response = upload(platform, b"\0" * (50 * 1024 * 1024), "huge.xlsx")
    assert response.status_code == 413  # on its declared length, unread (gia.web.uploads)
    assert "at most 20 MB. Nothing was saved." in response.content.decode()
    assert state(platform) == before



@pytest.mark.django_db
def test_a_50_mb_time_series_is_refused(platform: Platform) -> None:
    before = state(platform)
    url = reverse("series_upload", kwargs={"area": platform.area.slug, "year": YEAR})
    big = SimpleUploadedFile("big.csv", b"1" * (50 * 1024 * 1024), content_type="text/csv")
    response = platform.client("manager").post(url, {"file": big})
    assert response.status_code == 413
    assert "at most 20 MB" in response.content.decode()
    assert state(platform) == before


@pytest.mark.django_db
def test_a_forged_upload_without_csrf_token_is_refused(platform: Platform) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(platform.users["contributor"])
    before = state(platform)
    response = client.post(upload_url(platform), {"file": io.BytesIO(company_workbook_bytes())})
    assert response.status_code == 403
    assert state(platform) == before
