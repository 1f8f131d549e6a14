"""The Content-Security-Policy holds in the browser: pages work under it and it refuses what it should.

Every browser test already fails when one of its pages has something refused by the policy
(``tests/browser/conftest.py``); here the policy itself is checked: an inline script injected into a
page does not run, while the API's documentation (Swagger UI, vendored) and the admin's sign-in work.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser import conftest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INJECT = """() => {
  const script = document.createElement("script");
  script.textContent = "window.injected = true";
  document.body.appendChild(script);
  return window.injected === true;
}"""


def test_an_injected_inline_script_does_not_run(live_server: Any, new_page: Any) -> None:
    page = new_page()
    response = page.goto(live_server.url + "/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert page.evaluate(INJECT) is False
    page.wait_for_timeout(200)
    refused, conftest.CSP_REFUSALS[:] = list(conftest.CSP_REFUSALS), []
    assert any("inline script" in line for line in refused), refused


def test_the_api_documentation_and_the_admin_work_under_the_policy(live_server: Any, new_page: Any) -> None:
    page = new_page()
    response = page.goto(live_server.url + "/api/docs")
    assert "content-security-policy" in response.headers
    page.wait_for_selector(".swagger-ui .info .title", timeout=15_000)
    page.wait_for_selector(".opblock", timeout=15_000)  # the operations are listed
    response = page.goto(live_server.url + "/admin/login/")
    assert "content-security-policy" in response.headers
    assert page.locator("input[name=username]").is_visible()
