"""Playwright driving Debian's Chromium against a live GIA server (pytest-django's ``live_server``).

Chromium comes from Debian (``apt-get install chromium``; ``.ci/run`` installs it). Without it the
browser tests are skipped locally and fail in CI (``CI=true``), so a missing install step is seen.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the test's thread; the test's own ORM calls are
# ordinary synchronous calls all the same.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("GIA_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    contexts = []

    def make() -> Any:
        context = browser.new_context(accept_downloads=True, locale="en-GB")
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        # "leave the page with unsaved changes?": a journey that navigates away means to leave
        page.on(
            "dialog", lambda dialog: dialog.accept() if dialog.type == "beforeunload" else dialog.dismiss()
        )
        return page

    yield make
    for context in contexts:
        context.close()


# the certification body's keys and the settings pointing at them, shared with the web tests
from tests.web.conftest import _signing_settings, signing_keys  # noqa: E402, F401
