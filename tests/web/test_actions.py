"""The actions users trigger: versions, invitations, the audit trail, sign-in limits, the API upload."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from gia.web.actions import ActionError
from gia.web.actions.accounts import do_accept_invitation, do_invite
from gia.web.actions.audit import verify_chain
from gia.web.actions.submissions import diff_documents, do_save_company_data, do_submit
from gia.web.models import NEUTRAL, AssessmentRecord, AuditEvent, Draft, Membership, Role, SubmissionVersion
from gia.web.models.submissions import ImmutableError
from tests.web.conftest import PASSWORD, YEAR, Platform, audit_assigned, year_document


@pytest.mark.django_db
def test_a_submitted_version_never_changes_and_a_correction_is_the_next_version(platform: Platform) -> None:
    version = platform.version
    version.note = "changed"
    with pytest.raises(ImmutableError):
        version.save()
    with pytest.raises(ImmutableError):
        version.delete()
    manager = platform.users["manager"]
    with pytest.raises(ActionError, match="Nothing has changed since version 1"):
        do_submit(manager, platform.area, YEAR)
    do_save_company_data(
        manager, platform.area, YEAR, platform.other_company, {"water": {"withdrawn_m3": "1200 m3"}}, "test"
    )
    second = do_submit(manager, platform.area, YEAR, "water added for beta")
    assert second.number == 2
    assert SubmissionVersion.objects.get(pk=version.pk).document == version.document  # v1 as it was
    changes = diff_documents(version.data(), second.data())
    assert ("companies.beta.water.withdrawn_m3", None, 1200.0) in changes
    assert all(path.startswith("companies.beta.water") for path, _before, _after in changes)
    page = platform.client("manager").get(
        reverse("version_detail", kwargs={"area": platform.area.slug, "year": YEAR, "number": 2})
    )
    assert "companies.beta.water.withdrawn_m3" in page.content.decode()


@pytest.mark.django_db
def test_each_version_is_assessed_once_and_read_in_every_language(platform: Platform) -> None:
    records = AssessmentRecord.objects.filter(version=platform.version)
    assert [r.language for r in records] == [NEUTRAL]
    record = records.get()
    assert record.summary_in("de")["themes"][0]["name"] == "Energie"
    assert record.summary_in("pl")["themes"][0]["name"] == "Energia"
    assert record.summary_in("en")["themes"][0]["name"] == "Energy"
    # the same numbers in every language
    assert {
        lang: record.summary_in(lang)["total_fulfilment"] for lang in ("en", "pl", "de")
    } == dict.fromkeys(("en", "pl", "de"), record.total_fulfilment)
    full = record.result("en")
    en01 = next(c for c in full["criteria"] if c["id"] == "EN-01")
    assert en01["provenance"]["unit"]  # the chain is kept for the dashboard's "explain"


@pytest.mark.django_db
def test_a_submission_is_assessed_exactly_once_whatever_the_languages(
    platform: Platform, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    from gia import pipeline

    assert len(settings.LANGUAGES) == 9
    calls = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs.get("language"))
        return assess(*args, **kwargs)

    assess = pipeline.assess
    monkeypatch.setattr(pipeline, "assess", counted)
    manager = platform.users["manager"]
    do_save_company_data(
        manager, platform.area, YEAR, platform.other_company, {"water": {"withdrawn_m3": "900 m3"}}, "test"
    )
    version = do_submit(manager, platform.area, YEAR, "once")
    assert len(calls) == 1
    assert AssessmentRecord.objects.filter(version=version).count() == 1


@pytest.mark.django_db
def test_a_version_submitted_before_results_were_neutral_is_still_read_in_its_languages(
    platform: Platform,
) -> None:
    neutral = AssessmentRecord.objects.get(version=platform.version)
    for language in ("en", "de"):
        AssessmentRecord.objects.create(
            version=platform.version,
            language=language,
            level=neutral.level,
            total_fulfilment=neutral.total_fulfilment,
            gates_passed=neutral.gates_passed,
            summary=neutral.summary_in(language),
            result_z=neutral.result_z,
        )
    neutral.delete()
    assert (
        AssessmentRecord.objects.of(platform.version, "de").summary_in("de")["themes"][0]["name"] == "Energie"
    )
    # no record in Polish: the English one
    assert (
        AssessmentRecord.objects.of(platform.version, "pl").summary_in("pl")["themes"][0]["name"] == "Energy"
    )


@pytest.mark.django_db
def test_an_invitation_creates_an_account_with_one_membership(
    platform: Platform, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = do_invite(
            platform.users["manager"],
            "New.Person@Example.org",
            Role.COMPANY_CONTRIBUTOR,
            platform.area,
            platform.other_company,
        )
    assert len(mail.outbox) == 1
    assert token in mail.outbox[0].body
    assert invitation.token_sha256 != token  # only the hash is kept
    user = do_accept_invitation(token, "New Person", "a-long-new-password-42")
    assert user.username == "new.person@example.org"
    assert list(Membership.objects.filter(user=user).values_list("role", "company__slug")) == [
        ("company_contributor", "beta")
    ]
    with pytest.raises(ActionError, match="already been used"):
        do_accept_invitation(token, "Someone Else", "another-long-password-1")


@pytest.mark.django_db
def test_a_manager_cannot_invite_to_another_area_or_make_auditors(platform: Platform) -> None:
    manager = platform.users["manager"]
    with pytest.raises(ActionError):
        do_invite(manager, "x@example.org", Role.AREA_MANAGER, platform.other_area)
    with pytest.raises(ActionError):
        do_invite(manager, "x@example.org", Role.AUDITOR, platform.area)
    assert not mail.outbox


@pytest.mark.django_db
def test_the_audit_trail_is_a_hash_chain_and_names_the_first_broken_event(platform: Platform) -> None:
    check = verify_chain()
    assert check.intact and check.events == AuditEvent.objects.count() > 5
    event = AuditEvent.objects.order_by("sequence")[3]
    with pytest.raises(ImmutableError):
        event.save()
    with connection.cursor() as cursor:  # someone edits the table behind the application's back
        cursor.execute(
            "UPDATE gia_auditevent SET actor = %s WHERE sequence = %s", ["intruder", event.sequence]
        )
    check = verify_chain()
    assert check.broken_at == event.sequence
    assert "does not match its hash" in check.reason


@pytest.mark.django_db
def test_sign_in_is_refused_after_five_failures(platform: Platform) -> None:
    from django.test import Client

    client = Client()
    url = reverse("login")
    for _attempt in range(5):
        response = client.post(url, {"username": "manager@example.org", "password": "wrong"})
        assert response.status_code == 200
    response = client.post(url, {"username": "manager@example.org", "password": PASSWORD})
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert Client().post(url, {"username": "auditor@example.org", "password": PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_the_api_takes_a_json_submission_all_or_nothing(platform: Platform) -> None:
    """The answer is the job at once (202, Location); the job, polled, says the document's problems
    with their places, and nothing of a refused document is kept."""
    from gia.web.actions.accounts import do_create_api_token

    _token, raw = do_create_api_token(platform.users["manager"], "upload")
    url = reverse("api-1:api_submit", kwargs={"area": platform.area.slug, "year": YEAR})
    headers = {"Authorization": f"Bearer {raw}"}
    document = year_document("north-park")
    bad = copy.deepcopy(document)
    bad["companies"][0]["electricity_purchases"][0]["amount_kwh"] = "-5 kWh"
    draft = Draft.objects.get(area=platform.area, year=YEAR).data
    client = platform.client("anonymous")
    response = client.post(url, json.dumps(bad), content_type="application/json", headers=headers)
    assert response.status_code == 202, response.content
    job = client.get(response["Location"], headers=headers).json()
    assert job["state"] == "failed"
    assert job["error"]["problems"][0]["place"] == "companies[0].electricity_purchases[0].amount_kwh"
    assert Draft.objects.get(area=platform.area, year=YEAR).data == draft
    assert SubmissionVersion.objects.filter(area=platform.area).count() == 1
    document["companies"][1]["employees"] = 55
    response = client.post(url, json.dumps(document), content_type="application/json", headers=headers)
    assert response.status_code == 202, response.content
    job = client.get(response["Location"], headers=headers).json()
    assert (job["state"], job["result"]["version"]) == ("done", 2)
    assert client.get(job["result"]["url"], headers=headers).json()["companies"][1]["employees"] == 55
    # another user is told the job does not exist
    other = platform.client("manager_b")
    assert other.get(response["Location"]).status_code == 404


@pytest.mark.django_db
def test_the_pdf_report_is_a_pdf(platform: Platform) -> None:
    url = reverse("report", kwargs={"area": platform.area.slug, "year": YEAR, "number": 1})
    audit_assigned(platform)
    response = platform.client("auditor").get(url)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_the_company_form_shows_errors_beside_their_fields_and_saves_nothing(platform: Platform) -> None:
    url = reverse(
        "company_section",
        kwargs={"area": platform.area.slug, "company": "alpha", "year": YEAR, "section": "electricity"},
    )
    client = platform.client("contributor")
    events = AuditEvent.objects.count()
    response = client.post(
        url,
        {
            "_save": "1",
            "electricity_purchases.0.amount_kwh": "12 kg",
            "electricity_purchases.0.amount_kwh.unit": "kWh",
            "electricity_purchases.0.instrument": "none",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="f-electricity_purchases-0-amount_kwh-error"' in page
    assert "Electricity bought, row 1 — Amount bought" in page  # the summary names the field in words
    assert 'value="12 kg"' in page  # what was typed is kept
    assert AuditEvent.objects.count() == events
    response = client.post(
        url,
        {
            "_save": "1",
            "electricity_purchases.0.amount_kwh": "3",
            "electricity_purchases.0.amount_kwh.unit": "GWh",
            "electricity_purchases.0.instrument": "none",
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert 'value="3"' in page and '<option value="GWh" selected>' in page
    assert AuditEvent.objects.count() == events + 1


def test_migrations_match_the_models(db: object) -> None:
    from io import StringIO

    from django.core.management import call_command

    call_command("makemigrations", "gia", "--check", "--dry-run", stdout=StringIO())


@pytest.mark.django_db
def test_gia_audit_verify_and_the_admin_name_the_first_broken_event(platform: Platform) -> None:
    from typer.testing import CliRunner

    from gia.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["audit", "verify"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "intact" in result.output
    event = AuditEvent.objects.order_by("sequence")[2]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE gia_auditevent SET target = %s WHERE sequence = %s", ["area:elsewhere", event.sequence]
        )
    result = runner.invoke(app, ["audit", "verify"], env={"COLUMNS": "250"})
    assert result.exit_code == 1
    assert f"#{event.sequence}" in result.output
    staff = platform.users["certification_body"]
    staff.is_staff = True
    staff.save()
    page = platform.client("certification_body").get("/admin/gia/auditevent/verify/")
    assert f"#{event.sequence}" in page.content.decode()


@pytest.mark.django_db
def test_a_company_sees_only_the_areas_aggregates(platform: Platform) -> None:
    url = reverse("api-1:api_assessment", kwargs={"area": platform.area.slug, "year": YEAR})
    full = platform.client("manager").get(url).json()
    seen = platform.client("contributor").get(url).json()
    assert "flags" in full and "data_quality" in full
    assert "flags" not in seen and "data_quality" not in seen
    assert seen["total_fulfilment"] == full["total_fulfilment"]


@pytest.mark.django_db
def test_the_login_limit_counts_the_account_however_its_name_is_written(platform: Platform) -> None:
    from django.test import Client

    url = reverse("login")
    for _attempt in range(5):
        Client().post(url, {"username": "manager@example.org", "password": "wrong"})
    for spelling in ("MANAGER@example.org", "\uff4danager@example.org", " manager@example.org"):
        client = Client()
        response = client.post(url, {"username": spelling, "password": PASSWORD})
        assert "_auth_user_id" not in client.session, spelling
        assert "Too many failed sign-ins" in response.content.decode()


@pytest.mark.django_db
def test_a_refused_api_submission_leaves_the_draft_as_it_was(platform: Platform) -> None:
    from gia.web.actions.accounts import do_create_api_token
    from gia.web.models import Draft

    _token, raw = do_create_api_token(platform.users["manager"], "upload")
    before = Draft.objects.get(area=platform.area, year=YEAR).data
    document = year_document("north-park")
    document["companies"][1]["name"] = "Beta renamed"
    document["hourly"] = {
        "files": [{"path": "series/missing.parquet"}],
        "meters": [{"id": "m1", "company": "alpha", "role": "load"}],
    }
    url = reverse("api-1:api_submit", kwargs={"area": platform.area.slug, "year": YEAR})
    headers = {"Authorization": f"Bearer {raw}"}
    response = platform.client("anonymous").post(url, json.dumps(document), content_type="application/json", headers=headers)
    assert response.status_code == 202
    job = platform.client("anonymous").get(response["Location"], headers=headers)
    assert job.json()["state"] == "failed"
    assert "gia-test-files" not in job.content.decode()  # no server path in the message
    assert Draft.objects.get(area=platform.area, year=YEAR).data == before
    assert platform.other_company.__class__.objects.get(pk=platform.other_company.pk).name == "Beta"


@pytest.mark.django_db
def test_an_area_without_a_certificate_has_no_public_page(platform: Platform) -> None:
    response = platform.client("anonymous").get(reverse("public_area", kwargs={"area": "south-park"}))
    assert response.status_code == 404
    assert "Area south-park" not in response.content.decode()
    assert platform.client("anonymous").get("/verify/?number=a/b").status_code == 404


@pytest.mark.django_db
def test_the_certification_body_cannot_audit(platform: Platform) -> None:
    from gia.web.actions import certification as workflow

    application = workflow.do_apply(platform.users["manager"], platform.area, "certificate", platform.version)
    application.state = "complete"
    application.save()
    with pytest.raises(ActionError, match="cannot also decide"):
        workflow.do_assign_auditor(
            platform.users["certification_body"], application, platform.users["certification_body"]
        )


@pytest.mark.django_db
def test_a_draft_saved_as_it_was_still_reads_as_submitted(platform: Platform) -> None:
    """Saving a form without changing anything leaves the year "submitted" on the home and area pages."""
    import datetime as dt

    from gia.web.models import Draft
    from gia.web.queues import area_state

    Draft.objects.get(area=platform.area, year=YEAR).save()  # saved again, as a form saved unchanged does
    assert area_state(platform.area, dt.date.today()).draft_state == "submitted"
    do_save_company_data(
        platform.users["manager"],
        platform.area,
        YEAR,
        platform.other_company,
        {"water": {"withdrawn_m3": "700 m3"}},
        "t",
    )
    assert area_state(platform.area, dt.date.today()).draft_state == "changed"
