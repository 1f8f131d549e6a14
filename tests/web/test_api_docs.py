"""/api/docs works offline: Swagger UI comes from the vendored swagger-ui-dist, not from a CDN."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.views import serve
from django.test import Client, RequestFactory

pytestmark = pytest.mark.django_db
SWAGGER = "vendor/swagger-ui-dist-5.35.0"


def referenced(page: str) -> list[str]:
    """Every address the page loads: scripts, style sheets, icons, images."""
    return re.findall(r'<(?:script|link|img)\b[^>]*?\b(?:src|href)="([^"]*)"', page)


def test_the_api_docs_page_loads_only_this_sites_static_files() -> None:
    response = Client().get("/api/docs")
    assert response.status_code == 200
    page = response.content.decode()
    addresses = referenced(page)
    assert f"{settings.STATIC_URL}{SWAGGER}/swagger-ui-bundle.js" in addresses
    assert f"{settings.STATIC_URL}{SWAGGER}/swagger-ui.css" in addresses
    for address in addresses:
        assert address.startswith(settings.STATIC_URL), f"{address} is not one of this site's static files"
    assert "http://" not in page and "https://" not in page and "//cdn" not in page
    assert '"url": "/api/openapi.json"' in page


def test_the_files_the_api_docs_page_loads_exist_and_are_served() -> None:
    page = Client().get("/api/docs").content.decode()
    factory = RequestFactory()
    for address in referenced(page):
        path = address.removeprefix(settings.STATIC_URL)
        assert finders.find(path), f"{path} is missing from the static files"
        served = serve(factory.get(address), path, insecure=True)
        assert served.status_code == 200
        assert b"".join(served.streaming_content)  # type: ignore[attr-defined]


def test_the_vendored_swagger_ui_carries_its_licence_and_version() -> None:
    folder = Path(finders.find(f"{SWAGGER}/swagger-ui-bundle.js")).parent  # type: ignore[arg-type]
    assert "Apache License" in (folder / "LICENSE").read_text()
    assert '"version": "5.35.0"' in (folder / "package.json").read_text()
