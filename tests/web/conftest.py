"""A small platform set up through the same actions users trigger: two areas, their companies,
a submitted and assessed year, and one user per role."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gia.web.actions.areas import do_create_area, do_create_company
from gia.web.actions.submissions import do_attach_series, do_replace_draft, do_submit
from gia.web.models import Area, Company, Membership, Role, SubmissionVersion
from tests.conftest import BASE

PASSWORD = "a-long-test-password-17"
YEAR = 2024


def area_fields(slug: str, country: str = "DE") -> dict[str, Any]:
    return {
        "slug": slug,
        "name": f"Area {slug}",
        "country": country,
        "total_area_ha": 50.0,
        "boundary": {"type": "Point", "coordinates": [12.1, 54.1]},
        "management_name": "Area GmbH",
        "management_contact": "info@example.org",
        "management_mandate": "manage the area",
    }


def year_document(slug: str) -> dict[str, Any]:
    document = copy.deepcopy(BASE)
    document["area"]["id"] = slug
    document["companies"] = [
        {
            "id": "alpha",
            "name": "Alpha",
            "nace": "C25.1",
            "employees": 100,
            "electricity_purchases": [{"amount_kwh": "2 GWh", "instrument": "none"}],
        },
        {"id": "beta", "name": "Beta", "nace": "G46.1", "employees": 50},
    ]
    return document


@dataclass
class Platform:
    area: Area
    other_area: Area
    company: Company  # alpha in area
    other_company: Company  # beta in area
    version: SubmissionVersion
    users: dict[str, User] = field(default_factory=dict)

    def client(self, role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(self.users[role])
        return client


def make_user(username: str) -> User:
    return User.objects.create_user(username=username, email=username, password=PASSWORD)


@pytest.fixture
def platform(db: Any) -> Platform:
    users: dict[str, User] = {}
    users["certification_body"] = make_user("cb@example.org")
    Membership.objects.create(user=users["certification_body"], role=Role.CERTIFICATION_BODY)
    for name in ("manager", "manager_b"):
        users[name] = make_user(f"{name}@example.org")
        Membership.objects.create(user=users[name], role=Role.AREA_MANAGER)
    area = do_create_area(users["manager"], area_fields("north-park"))
    other_area = do_create_area(users["manager_b"], area_fields("south-park", "PL"))
    do_replace_draft(users["manager"], area, YEAR, year_document("north-park"), "test")
    company = Company.objects.get(area=area, slug="alpha")
    other_company = Company.objects.get(area=area, slug="beta")
    do_create_company(
        users["manager_b"], other_area, {"slug": "gamma", "name": "Gamma", "nace": "C10.1", "employees": 10}
    )
    do_attach_series(
        users["manager"], area, YEAR, _stream(b"meter_id,timestamp,value,unit\n"), 30, "meters.csv"
    )
    version = do_submit(users["manager"], area, YEAR, "first")
    for name, scope in (("auditor", area), ("auditor_b", other_area)):
        users[name] = make_user(f"{name}@example.org")
        Membership.objects.create(user=users[name], role=Role.AUDITOR, area=scope)
    for name, which in (("contributor", company), ("contributor_other", other_company)):
        users[name] = make_user(f"{name}@example.org")
        Membership.objects.create(user=users[name], role=Role.COMPANY_CONTRIBUTOR, area=area, company=which)
    return Platform(area, other_area, company, other_company, version, users)


def _stream(content: bytes) -> Any:
    import io

    return io.BytesIO(content)


@pytest.fixture(scope="session")
def signing_keys(tmp_path_factory: Any) -> Any:
    """The certification body's keys, made by the same code as `gia certificate keygen`."""
    from gia.certificates.keys import generate_keys

    return generate_keys(tmp_path_factory.mktemp("keys"))


@pytest.fixture(autouse=True)
def _signing_settings(settings: Any, signing_keys: Any) -> None:
    settings.GIA_SIGNING_KEY = signing_keys.private_key
    settings.GIA_SIGNING_CERT = signing_keys.certificate


@pytest.fixture(autouse=True)
def _an_english_browser(monkeypatch: Any) -> None:
    """Test clients ask for English, as a browser set to English does (a request asking for no language
    GIA speaks gets the language of the area's country on the area's pages)."""
    from django.test import Client

    original = Client.__init__

    def init(self: Client, *args: Any, **defaults: Any) -> None:
        defaults.setdefault("HTTP_ACCEPT_LANGUAGE", "en")
        original(self, *args, **defaults)

    monkeypatch.setattr(Client, "__init__", init)


def audit_assigned(platform: Platform, auditor: str = "auditor") -> Any:
    """An application of the platform's area for its first version, in audit with ``auditor``: an
    auditor sees an area's data only while an audit of it is assigned to them."""
    from gia.web.actions import certification as workflow

    application = workflow.do_apply(platform.users["manager"], platform.area, "certificate", platform.version)
    application.state = "complete"  # as after a passed completeness check
    application.save()
    return workflow.do_assign_auditor(platform.users["certification_body"], application, platform.users[auditor])
