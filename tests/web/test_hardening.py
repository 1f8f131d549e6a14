"""What a security and fault probe found (issue 18): each refusal names its place and changes nothing."""

from __future__ import annotations

import io
import json
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from gia.web.models import Area, AuditEvent, Draft, SeriesFile
from tests.web.conftest import PASSWORD, YEAR, Platform, year_document


@pytest.fixture
def post(platform: Platform) -> Any:
    """POST a body to the submission API with the manager's token (made before the test counts)."""
    from gia.web.actions.accounts import do_create_api_token

    _token, raw = do_create_api_token(platform.users["manager"], "upload")
    url = reverse("api-1:api_submit", kwargs={"area": platform.area.slug, "year": YEAR})

    def send(body: str) -> Any:
        """The answer; for a document taken as a job (202), the job as it ended (eager in the tests)."""
        headers = {"Authorization": f"Bearer {raw}"}
        client = platform.client("anonymous")
        response = client.post(url, body, content_type="application/json", headers=headers)
        return client.get(response["Location"], headers=headers) if response.status_code == 202 else response

    return send


def job_problems(response: Any) -> list[dict[str, str]]:
    """The problems of a submission job that was refused."""
    job = response.json()
    assert job["state"] == "failed", job
    return job["error"]["problems"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("[" * 100_000 + "]" * 100_000, "nests deeper than 64 levels"),
        ('{"companies": [{"employees": NaN}]}', "NaN is not a number GIA accepts"),
        ('{"companies": [{"employees": Infinity}]}', "Infinity is not a number GIA accepts"),
        ('{"companies": [{"employees": 1e400}]}', "1e400 is not a number GIA accepts"),
    ],
)
def test_the_json_api_refuses_what_json_should_not_carry(post: Any, body: str, words: str) -> None:
    events = AuditEvent.objects.count()
    response = post(body)
    assert response.status_code == 422, response.content[:300]
    assert words in response.content.decode()
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_an_absurd_amount_is_refused_naming_its_field(post: Any) -> None:
    document = year_document("north-park")
    document["companies"][0]["electricity_purchases"][0]["amount_kwh"] = "1e305 kWh"
    problem = job_problems(post(json.dumps(document)))[0]
    assert problem["place"] == "companies[0].electricity_purchases[0].amount_kwh"
    assert "beyond any real amount" in problem["message"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Alpha\x00 GmbH", "Alpha \u202egnp.exe", "Alpha\x1b[31m"])
def test_control_and_direction_characters_are_refused_in_names(
    platform: Platform, post: Any, name: str
) -> None:
    document = year_document("north-park")
    document["companies"][0]["name"] = name
    before = Draft.objects.filter(area=platform.area, year=YEAR).values_list("data", flat=True).first()
    problem = job_problems(post(json.dumps(document)))[0]
    assert problem["place"] == "companies[0].name" and "invisible character U+" in problem["message"]
    assert (
        Draft.objects.filter(area=platform.area, year=YEAR).values_list("data", flat=True).first() == before
    )
    # the area's own records refuse them too
    area = Area.objects.get(pk=platform.area.pk)
    area.name = name
    with pytest.raises(ValidationError):
        area.full_clean()


@pytest.mark.django_db
def test_a_series_file_name_too_long_or_reversed_is_refused_before_anything_is_written(
    platform: Platform,
) -> None:
    from gia.errors import GiaInputError
    from gia.web.actions.submissions import do_attach_series

    folder = Path(django_settings.GIA_FILES_DIR) / "areas" / platform.area.slug / str(YEAR) / "series"
    kept = set(SeriesFile.objects.values_list("pk", flat=True))
    on_disk = set(folder.iterdir()) if folder.exists() else set()
    for name in ("m" * 230 + ".csv", "meters\u202evsc.csv"):
        content = b"meter_id,timestamp,value,unit\n"
        with pytest.raises(GiaInputError):
            do_attach_series(
                platform.users["manager"], platform.area, YEAR, io.BytesIO(content), len(content), name
            )
    assert set(SeriesFile.objects.values_list("pk", flat=True)) == kept
    assert (set(folder.iterdir()) if folder.exists() else set()) == on_disk


# --- sign-in limits (10) and acceptance of an invitation for an existing account (9) ----------------


@pytest.mark.django_db
def test_wrong_passwords_from_one_address_do_not_lock_the_owner_out(platform: Platform) -> None:
    from django.test import Client

    url = reverse("login")
    for _attempt in range(5):
        Client(REMOTE_ADDR="203.0.113.9").post(url, {"username": "manager@example.org", "password": "wrong"})
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    refused = attacker.post(url, {"username": "manager@example.org", "password": PASSWORD})
    assert "Too many failed sign-ins" in refused.content.decode()
    owner = Client(REMOTE_ADDR="198.51.100.7")
    owner.post(url, {"username": "manager@example.org", "password": PASSWORD})
    assert "_auth_user_id" in owner.session
    # a header the client wrote itself does not move its tries to another address
    spoofing = Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="192.0.2.1")
    again = spoofing.post(url, {"username": "manager@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in spoofing.session and "Too many failed sign-ins" in again.content.decode()


@pytest.mark.django_db
def test_guessing_an_accounts_password_through_an_invitation_is_limited(platform: Platform) -> None:
    from gia.web.actions import ActionError
    from gia.web.actions.accounts import do_accept_invitation, do_invite
    from gia.web.models import LoginFailure, Membership

    _invitation, token = do_invite(
        platform.users["manager"],
        "contributor_other@example.org",
        "company_contributor",
        platform.area,
        platform.company,
    )
    for _attempt in range(5):
        with pytest.raises(ActionError, match="enter its password"):
            do_accept_invitation(token, "", "wrong", "203.0.113.9")
    assert LoginFailure.objects.filter(username="contributor_other@example.org").count() == 5
    with pytest.raises(ActionError, match="Too many wrong passwords"):
        do_accept_invitation(token, "", PASSWORD, "203.0.113.9")
    assert not Membership.objects.filter(
        user=platform.users["contributor_other"], company=platform.company
    ).exists()


@pytest.mark.django_db
def test_an_auditor_never_becomes_manager_of_the_area_they_audit(platform: Platform) -> None:
    from gia.web.actions import ActionError
    from gia.web.actions.accounts import do_accept_invitation, do_invite
    from gia.web.models import Membership, Role

    _invitation, token = do_invite(
        platform.users["manager"], "auditor@example.org", "area_manager", platform.area
    )
    with pytest.raises(ActionError, match="audits the area"):
        do_accept_invitation(token, "", PASSWORD, "198.51.100.7")
    assert not Membership.objects.filter(
        user=platform.users["auditor"], role=Role.AREA_MANAGER, area=platform.area
    ).exists()
    # nor through the admin
    staff = platform.users["certification_body"]
    staff.is_staff = staff.is_superuser = True
    staff.save()
    response = platform.client("certification_body").post(
        "/admin/gia/membership/add/",
        {"user": platform.users["auditor"].pk, "role": Role.AREA_MANAGER, "area": platform.area.pk},
    )
    assert response.status_code == 200 and "independent of the area" in response.content.decode()
    assert not Membership.objects.filter(
        user=platform.users["auditor"], role=Role.AREA_MANAGER, area=platform.area
    ).exists()


# --- the admin (4, 16) ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_making_someone_superuser_in_the_admin_is_in_the_audit_trail(platform: Platform) -> None:
    staff = platform.users["certification_body"]
    staff.is_staff = staff.is_superuser = True
    staff.save()
    target = platform.users["contributor"]
    url = f"/admin/auth/user/{target.pk}/change/"
    page = platform.client("certification_body").get(url)
    assert page.status_code == 200
    form = {
        "username": target.username,
        "email": target.email,
        "first_name": "",
        "last_name": "",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "initial-date_joined_0": "2026-01-01",
        "initial-date_joined_1": "00:00:00",
    }
    response = platform.client("certification_body").post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.order_by("-sequence").first()
    assert event is not None and event.action == "admin.user.change"
    assert event.before["is_superuser"] == "False" and event.after["is_superuser"] == "True"


@pytest.mark.django_db
def test_an_areas_identifier_cannot_be_changed_in_the_admin(platform: Platform) -> None:
    staff = platform.users["certification_body"]
    staff.is_staff = staff.is_superuser = True
    staff.save()
    page = platform.client("certification_body").get(f"/admin/gia/area/{platform.area.pk}/change/")
    assert page.status_code == 200
    assert 'name="slug"' not in page.content.decode()


# --- uploads capped while they stream in (12) ----------------------------------------------------


@pytest.mark.django_db
def test_a_body_declared_too_large_is_refused_unread(platform: Platform) -> None:
    """The 320 MB CSV of the probe: refused on its Content-Length, before a byte of it is read (the test
    client's body would fail the test if anything read past its few bytes)."""
    url = reverse("series_upload", kwargs={"area": platform.area.slug, "year": YEAR})
    response = platform.client("manager").post(
        url, b"x" * 10, content_type="text/csv", CONTENT_LENGTH=str(320 * 1024 * 1024)
    )
    assert response.status_code == 413
    text = response.content.decode()
    assert "The upload is 336 MB; GIA accepts files of at most 20 MB. Nothing was saved." in text
    assert "content-security-policy" in response.headers  # the page of the site, with its headers


@pytest.mark.django_db
def test_a_file_over_the_limit_is_stopped_while_it_streams_and_leaves_nothing(
    platform: Platform, settings: Any, tmp_path: Any
) -> None:
    """The declared length is within the request's cap, the file is not: the upload handler stops it at
    the limit, the temporary file is gone, no row and no stored file is made, and the page says why."""
    settings.GIA_MAX_UPLOAD_BYTES = 1_000_000
    settings.GIA_MAX_REQUEST_BYTES = 5_000_000
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    folder = Path(settings.GIA_FILES_DIR) / "areas" / platform.area.slug / str(YEAR) / "series"
    on_disk = set(folder.iterdir()) if folder.exists() else set()
    kept = SeriesFile.objects.count()
    big = io.BytesIO(b"meter_id,timestamp,value,unit\n" + b"m1,2026-01-01T00:00,1,kWh\n" * 120_000)
    big.name = "meters-2026.csv"
    url = reverse("series_upload", kwargs={"area": platform.area.slug, "year": YEAR})
    response = platform.client("manager").post(url, {"file": big})
    assert response.status_code == 413
    assert "meters-2026.csv is larger than 1.0 MB, the largest file GIA accepts." in response.content.decode()
    assert SeriesFile.objects.count() == kept
    assert (set(folder.iterdir()) if folder.exists() else set()) == on_disk
    assert list(tmp_path.iterdir()) == []  # the part spooled so far is removed
    # through the API the same refusal is JSON
    api = reverse("api-1:api_submit", kwargs={"area": platform.area.slug, "year": YEAR})
    response = platform.client("manager").post(
        api, b"{}", content_type="application/json", CONTENT_LENGTH=str(6_000_000)
    )
    assert response.status_code == 413 and "at most 1.0 MB" in response.json()["detail"]


# --- an auditor's access lasts as long as the audit (17) -------------------------------------------


@pytest.mark.django_db
def test_an_auditors_access_ends_with_the_audit_and_leaves_the_record(platform: Platform) -> None:
    from gia.web.actions import certification as workflow
    from gia.web.actions.submissions import current_document, do_replace_draft, do_submit

    manager, auditor = platform.users["manager"], platform.users["auditor"]
    area = platform.area.slug
    application = workflow.do_apply(manager, platform.area, "certificate", platform.version)
    application.state = "complete"  # as after a passed completeness check
    application.save()
    reviewed = reverse("version_dashboard", kwargs={"area": area, "year": YEAR, "number": platform.version.number})
    pages = {
        "area": reverse("area_detail", kwargs={"area": area}),
        "year": reverse("year_detail", kwargs={"area": area, "year": YEAR}),
        "company": reverse("company_data", kwargs={"area": area, "company": platform.company.slug, "year": YEAR}),
        "reviewed version": reviewed,
        "application": reverse("application_detail", kwargs={"application": application.pk}),
    }
    client = platform.client("auditor")
    # before the assignment the auditor sees nothing of the area (a membership alone gives no access)
    assert client.get(pages["area"]).status_code == 404
    workflow.do_assign_auditor(platform.users["certification_body"], application, auditor)
    assert {k: client.get(u).status_code for k, u in pages.items()} == dict.fromkeys(pages, 200)
    access = platform.client("certification_body").get(reverse("area_access", kwargs={"area": area}))
    assert f"all of the area's data, to audit application {application.pk}" in unescape(access.content.decode())
    # the audit ends (here: the application is withdrawn); a newer version is submitted afterwards
    workflow.do_withdraw_application(manager, workflow.Application.objects.get(pk=application.pk))
    document = current_document(platform.area, YEAR)
    document["companies"][0]["employees"] += 1
    do_replace_draft(manager, platform.area, YEAR, document, "after the audit")
    newer = do_submit(manager, platform.area, YEAR, "after the audit")
    after = {k: client.get(u).status_code for k, u in pages.items()}
    assert after == {"area": 403, "year": 403, "company": 403, "reviewed version": 200, "application": 200}
    newer_page = reverse("version_dashboard", kwargs={"area": area, "year": YEAR, "number": newer.number})
    assert client.get(newer_page).status_code == 403
    # the record shows what they reviewed in full (the chains), and no way into the area's live pages
    record = client.get(reviewed).content.decode()
    assert "criteria/EN-01/" in record
    for closed in ("area_detail", "certification"):
        assert f'href="{reverse(closed, kwargs={"area": area})}"' not in record, closed
        assert f'href="{reverse(closed, kwargs={"area": area})}"' not in client.get(pages["application"]).content.decode()
    page = platform.client("certification_body").get(reverse("area_access", kwargs={"area": area})).content.decode()
    assert f"only the record of application {application.pk}" in page
    assert f"version {platform.version.number} of {YEAR}" in page
