"""Which language a page speaks: the user's own choice, the switcher, the browser, the area's country."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gia.web.models import AuditEvent, Preference
from tests.web.conftest import PASSWORD, Platform


def _lang(response: Any) -> str:
    return response.content.decode().split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.mark.django_db
def test_the_browsers_language_when_nothing_was_chosen() -> None:
    assert _lang(Client(HTTP_ACCEPT_LANGUAGE="fi-FI,fi;q=0.9,en;q=0.5").get("/")) == "fi"
    assert _lang(Client(HTTP_ACCEPT_LANGUAGE="ja,lv;q=0.8").get("/")) == "lv"  # the first GIA speaks
    assert _lang(Client(HTTP_ACCEPT_LANGUAGE="ja").get("/")) == "en"


@pytest.mark.django_db
def test_an_areas_pages_speak_its_countrys_language_to_a_browser_that_asks_for_none_gia_speaks(
    platform: Platform,
) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="ja")
    client.login(username=platform.users["manager_b"].username, password=PASSWORD)
    page = client.get(reverse("area_detail", kwargs={"area": platform.other_area.slug}))  # a Polish area
    assert page.status_code == 200 and _lang(page) == "pl"
    assert _lang(client.get("/")) == "en"  # not an area's page


@pytest.mark.django_db
def test_a_signed_in_users_choice_follows_them_to_another_browser(platform: Platform) -> None:
    manager = platform.users["manager"]
    first = Client(HTTP_ACCEPT_LANGUAGE="de")
    first.login(username=manager.username, password=PASSWORD)
    first.post(reverse("set_language"), {"language": "sv", "next": "/"})
    assert Preference.objects.get(user=manager).language == "sv"
    assert AuditEvent.objects.filter(action="account.language").exists()
    other = Client(HTTP_ACCEPT_LANGUAGE="de")  # no cookie, a browser asking for German
    assert _lang(other.get("/")) == "de"
    other.login(username=manager.username, password=PASSWORD)
    assert _lang(other.get("/")) == "sv"


@pytest.mark.django_db
def test_the_switcher_refuses_a_language_gia_does_not_speak(platform: Platform) -> None:
    client = Client()
    client.login(username=platform.users["manager"].username, password=PASSWORD)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert not Preference.objects.filter(user=platform.users["manager"]).exists()
