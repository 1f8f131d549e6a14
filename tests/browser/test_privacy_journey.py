"""Personal data and access, walked in the browser (issue 18): a company contributor finds the privacy
page from the footer, downloads their own data and erases their account from the "Account" menu item,
then cannot sign in; the certification body reads who can see what of an area, with the auditor's
access limited to the audit; an upload over the limit gets the site's page saying so. In English and
Polish, on a laptop (1280 px) and a phone (390 px).

Screenshots: ``tests/browser/artifacts/privacy-<language>-<width>-<step>.png``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from gia.web.demo import load_demo
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).parent / "artifacts"
PASSWORD = "demo-password-for-the-privacy-walk"
CONTRIBUTOR = "autohaus-tollensetal@de-tollensetal-nord.example"
BODY = "certification@gia.example"
WORDS = {
    "en": {"account": "Account", "privacy": "Personal data", "download": "Download my data", "erase": "Erase my account",
           "erased": "Your account is erased", "access": "Who can see what", "record": "only the record of application",
           "large": "File too large", "signin": "Sign in"},
    "pl": {"account": "Konto", "privacy": "Dane osobowe", "download": "Pobierz moje dane", "erase": "Usuń moje konto",
           "erased": "Twoje konto zostało usunięte", "access": "Kto co widzi", "record": "tylko zapis wniosku",
           "large": "Plik jest za duży", "signin": "Zaloguj się"},
}


def shot(page: Any, language: str, width: int, step: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"privacy-{language}-{width}-{step}.png"), full_page=True)


def open_menu(page: Any, width: int) -> None:
    if width < 900 and not page.locator("#menu").evaluate("e => e.open"):
        page.locator("#menu summary").click()


@pytest.mark.parametrize("language", ["en", "pl"])
@pytest.mark.parametrize("width", [1280, 390])
def test_a_person_takes_their_data_and_erases_their_account(
    live_server: Any, browser: Any, language: str, width: int
) -> None:
    load_demo(password=PASSWORD)
    words = WORDS[language]
    base = live_server.url
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB", accept_downloads=True)
    context.set_default_timeout(20_000)
    context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    page = context.new_page()
    # the privacy page, from the footer of the home page
    page.goto(base + "/")
    page.get_by_role("contentinfo").get_by_role("link", name=words["privacy"]).click()
    assert page.locator("#record tbody tr").count() >= 6
    shot(page, language, width, "privacy")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # signed in: the account page from the menu, the data as a file
    sign_in(page, base, CONTRIBUTOR, PASSWORD)
    open_menu(page, width)
    page.locator("#menu nav").get_by_role("link", name=words["account"], exact=True).click()
    with page.expect_download() as download:
        page.get_by_role("link", name=words["download"]).click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["account"]["username"] == CONTRIBUTOR and data["roles"][0]["role"] == "company_contributor"
    shot(page, language, width, "account")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # erasure: the password again and the box, then back home, signed out, and the account is gone
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_understood").check()
    page.get_by_role("button", name=words["erase"]).click()
    page.wait_for_url(base + "/")
    assert words["erased"] in page.locator(".messages").inner_text()
    shot(page, language, width, "erased")
    assert not User.objects.filter(username=CONTRIBUTOR).exists()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", CONTRIBUTOR)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    assert page.url.startswith(f"{base}/accounts/login/")  # refused: the account no longer signs in
    context.close()


@pytest.mark.parametrize("language", ["en", "pl"])
def test_the_certification_body_sees_who_can_see_an_area_and_a_large_file_is_refused(
    live_server: Any, browser: Any, language: str
) -> None:
    load_demo(password=PASSWORD)
    words = WORDS[language]
    base = live_server.url
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
        context.set_default_timeout(20_000)
        context.add_cookies([{"name": "django_language", "value": language, "url": base}])
        page = context.new_page()
        sign_in(page, base, BODY, PASSWORD)
        page.goto(f"{base}/app/areas/dk-vestfjord-symbiosis/")
        page.get_by_role("link", name=words["access"]).click()
        table = page.locator("#access").inner_text()
        assert words["record"] in table  # the demo auditor: the certificate's audit is over
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shot(page, language, width, "access")
        context.close()
    # an upload over the limit (declared 30 MB): the site's page says so, in the page's language
    context = browser.new_context(locale="en-GB")
    context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    page = context.new_page()
    sign_in(page, base, "manager@dk-vestfjord-symbiosis.example", PASSWORD)
    page.goto(f"{base}/app/areas/dk-vestfjord-symbiosis/2024/")
    # the page says the limit, and the browser refuses a larger file before sending it
    assert "20 MB" in page.locator("label[for=series-file]").inner_text()
    page.locator("#series-file").set_input_files(
        {"name": "huge.csv", "mimeType": "text/csv", "buffer": b"x" * 21_000_000}
    )
    message = page.locator("#series-file").evaluate("e => e.validationMessage")
    assert "huge.csv" in message and "20 MB" in message, message
    here = page.url
    page.locator("#series-file").locator("xpath=..").locator("button[type=submit]").click()
    assert page.url == here  # not sent
    # sent anyway (a client without the check): the server refuses it with the site's page
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    response = page.request.post(
        f"{base}/app/areas/dk-vestfjord-symbiosis/2024/series/",
        multipart={"csrfmiddlewaretoken": token, "file": {"name": "huge.csv", "mimeType": "text/csv", "buffer": b"x" * 30_000_000}},
        headers={"Referer": f"{base}/app/areas/dk-vestfjord-symbiosis/2024/"},
    )
    assert response.status == 413
    assert words["large"] in response.text()
    context.close()
