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

#: what the browser refused under the pages' Content-Security-Policy, by any test's page (each test
#: fails on what its own pages were refused: a page that needs an inline script or style is broken)
CSP_REFUSALS: list[str] = []


class WatchedBrowser:
    """The Playwright browser, whose every context reports Content-Security-Policy refusals."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)

    def new_context(self, **options: Any) -> Any:
        context = self._browser.new_context(**options)
        if not options.get("bypass_csp"):
            context.on("console", _watch)
        return context


def _watch(message: Any) -> None:
    if "Content Security Policy" in message.text:
        CSP_REFUSALS.append(f"{message.page.url if message.page else '?'}: {message.text[:300]}")


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
        yield WatchedBrowser(browser)
        browser.close()


@pytest.fixture(autouse=True)
def _no_csp_refusal() -> Iterator[None]:
    """Fails a browser test whose pages had something refused by the Content-Security-Policy."""
    del CSP_REFUSALS[:]
    yield
    refused, CSP_REFUSALS[:] = list(CSP_REFUSALS), []
    assert not refused, "refused by the Content-Security-Policy:\n" + "\n".join(dict.fromkeys(refused))


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


def sign_in(page: Any, base: str, username: str, password: str) -> None:
    """Sign in on the login page as a person does and land on their home."""
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/app/")


# the certification body's keys and the settings pointing at them, shared with the web tests
from tests.web.conftest import _signing_settings, signing_keys  # noqa: E402, F401
