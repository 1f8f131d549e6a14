"""Personal data (GDPR, issue 18 item 19): the trail names people by pseudonyms, a person takes their
data with them, erasure keeps the audit chain verifiable, records past their retention are deleted."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.urls import reverse
from django.utils import timezone

from gia.web.actions.audit import person, verify_chain
from gia.web.models import AuditEvent, Invitation, LoginFailure, Membership, OutgoingMail, Pseudonym, Role
from tests.web.conftest import PASSWORD, Platform


def trail_text() -> str:
    return json.dumps([[e.actor, e.target, e.before, e.after] for e in AuditEvent.objects.all()])


@pytest.mark.django_db
def test_the_audit_trail_names_people_by_pseudonym_only(platform: Platform) -> None:
    from gia.web.actions.accounts import do_invite

    do_invite(platform.users["manager"], "newcomer@example.org", Role.COMPANY_CONTRIBUTOR, platform.area, platform.company)
    text = trail_text()
    assert "@example.org" not in text  # neither the actors' accounts nor the invited address
    event = AuditEvent.objects.filter(action="invitation.create").get()
    assert event.actor.startswith("person:p-") and event.after["person"].startswith("p-")
    assert person(event.actor) == f"manager@example.org ({event.actor.removeprefix('person:')})"


@pytest.mark.django_db
def test_a_person_downloads_everything_kept_about_them(platform: Platform) -> None:
    response = platform.client("manager").get(reverse("account_data"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="gia-personal-data-')
    data = json.loads(response.content)
    assert data["account"]["email"] == "manager@example.org"
    assert any(r["role"] == "area_manager" for r in data["roles"])
    actions = {e["action"] for e in data["audit_trail"]}
    assert {"area.create", "submission.submit"} <= actions, actions
    assert [v["version"] for v in data["submitted_versions"]] == [1]
    assert [f["name"] for f in data["uploaded_files"]] == ["meters.csv"]
    # someone else's page is not theirs to download: each person gets only their own
    other = json.loads(platform.client("contributor").get(reverse("account_data")).content)
    assert other["account"]["email"] == "contributor@example.org" and other["submitted_versions"] == []


@pytest.mark.django_db
def test_erasure_anonymises_the_person_and_keeps_the_chain_verifiable(platform: Platform) -> None:
    contributor = platform.users["contributor"]
    client = platform.client("contributor")
    from gia.web.actions.accounts import do_set_language

    do_set_language(contributor, "en")  # an event of theirs in the trail
    code = Pseudonym.objects.get(user=contributor).code
    LoginFailure.objects.create(username="contributor@example.org", address="192.0.2.1")
    before = AuditEvent.objects.count()
    page = client.get(reverse("account"))
    assert page.status_code == 200 and b"erase-form" in page.content
    refused = client.post(reverse("account"), {"password": "wrong", "understood": "on"})
    assert "This is not your password" in refused.content.decode()
    response = client.post(reverse("account"), {"password": PASSWORD, "understood": "on"})
    assert response.status_code == 302
    contributor.refresh_from_db()
    assert contributor.username == f"erased-{code}" and contributor.email == "" and not contributor.is_active
    assert authenticate(username="contributor@example.org", password=PASSWORD) is None
    assert not Membership.objects.filter(user=contributor).exists()
    assert not LoginFailure.objects.filter(username="contributor@example.org").exists()
    assert Pseudonym.objects.get(code=code).user is None
    assert person(f"person:{code}") == f"{code} (erased)"
    # the trail: one more event (the erasure, by the pseudonym), the chain intact, no address anywhere
    assert AuditEvent.objects.count() == before + 1
    last = AuditEvent.objects.order_by("-sequence").first()
    assert last.action == "person.erase" and last.actor == f"person:{code}"
    assert "contributor@example.org" not in trail_text()
    assert verify_chain().intact
    # the session is over: the account page sends to the sign-in
    assert client.get(reverse("account")).status_code == 302


@pytest.mark.django_db
def test_the_only_manager_of_an_area_cannot_erase_themselves_yet(platform: Platform) -> None:
    client = platform.client("manager")
    page = client.get(reverse("account")).content.decode()
    assert "You are the only manager of" in page and "erase-form" not in page
    response = client.post(reverse("account"), {"password": PASSWORD, "understood": "on"})
    assert response.status_code == 200
    platform.users["manager"].refresh_from_db()
    assert platform.users["manager"].is_active


@pytest.mark.django_db
def test_records_past_their_retention_are_deleted(platform: Platform) -> None:
    from gia.web.actions.privacy import do_purge_personal_data

    now = timezone.now()
    old, recent = LoginFailure.objects.create(username="x", address="a"), LoginFailure.objects.create(username="y", address="b")
    LoginFailure.objects.filter(pk=old.pk).update(at=now - dt.timedelta(days=31))
    common: dict[str, Any] = {"role": Role.COMPANY_CONTRIBUTOR, "area": platform.area, "invited_by": platform.users["manager"]}
    stale = Invitation.objects.create(email="a@example.org", token_sha256="1" * 64, expires=now - dt.timedelta(days=91), **common)
    fresh = Invitation.objects.create(email="b@example.org", token_sha256="2" * 64, expires=now - dt.timedelta(days=5), **common)
    sent = OutgoingMail.objects.create(subject="s", body="b", recipients=["a@example.org"], sent=now - dt.timedelta(days=91))
    waiting = OutgoingMail.objects.create(subject="s", body="b", recipients=["b@example.org"])
    counts = do_purge_personal_data(now)
    assert counts["failed_sign_ins"] == 1 and counts["invitations"] == 1 and counts["emails"] == 1
    assert set(LoginFailure.objects.values_list("pk", flat=True)) == {recent.pk}
    assert set(Invitation.objects.values_list("pk", flat=True)) == {fresh.pk}
    assert set(OutgoingMail.objects.values_list("pk", flat=True)) == {waiting.pk}
    assert not Invitation.objects.filter(pk=stale.pk).exists() and not OutgoingMail.objects.filter(pk=sent.pk).exists()
    assert AuditEvent.objects.order_by("-sequence").first().action == "privacy.purge"


@pytest.mark.django_db
def test_the_privacy_page_is_public_and_linked_from_every_page(platform: Platform) -> None:
    page = platform.client("anonymous").get(reverse("privacy")).content.decode()
    assert "Record of processing (GDPR Article 30)" in page and "30 days" in page
    home = platform.client("anonymous").get(reverse("home")).content.decode()
    assert f'href="{reverse("privacy")}"' in home
