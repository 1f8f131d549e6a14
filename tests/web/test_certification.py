"""The certification workflow: every transition from the right state only, overrides with reasons,
the certificate's life after the decision, and public verification."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from gia.web.actions import ActionError, certificates
from gia.web.actions import certification as workflow
from gia.web.actions.submissions import do_submit
from gia.web.models import Application, AuditEvent, Certificate, CriterionReview, Finding
from tests.web.conftest import Platform

State = Application.State
TODAY = dt.date(2026, 11, 27)


def applied(platform: Platform) -> Application:
    return workflow.do_apply(platform.users["manager"], platform.area, "certificate", platform.version)


def in_audit(platform: Platform) -> Application:
    application = applied(platform)
    application.state = State.COMPLETE  # as after a passed completeness check
    application.save()
    return workflow.do_assign_auditor(
        platform.users["certification_body"], application, platform.users["auditor"]
    )


@pytest.mark.django_db
def test_every_illegal_transition_is_refused_and_changes_nothing(platform: Platform) -> None:
    cb, manager, auditor = (platform.users[r] for r in ("certification_body", "manager", "auditor"))
    application = applied(platform)
    steps = {
        "check": lambda a: workflow.do_check_completeness(cb, a),
        "resubmit": lambda a: workflow.do_resubmit(manager, a, platform.version),
        "assign": lambda a: workflow.do_assign_auditor(cb, a, auditor),
        "review": lambda a: workflow.do_review_criterion(auditor, a, "EN-01", "accepted"),
        "finding": lambda a: workflow.do_raise_finding(
            auditor, a, "minor", "x", TODAY + dt.timedelta(days=400)
        ),
        "recommend": lambda a: workflow.do_recommend(auditor, a, "refuse"),
        "decide": lambda a: workflow.do_decide(cb, a, "refuse"),
        "withdraw": lambda a: workflow.do_withdraw_application(manager, a),
    }
    allowed = {
        State.APPLIED: {"check", "withdraw"},
        State.INCOMPLETE: {"resubmit", "withdraw"},
        State.COMPLETE: {"assign", "withdraw"},
        State.IN_AUDIT: {"review", "finding", "recommend", "withdraw"},
        State.RECOMMENDED: {"decide", "withdraw"},
        State.GRANTED: set(),
        State.REFUSED: set(),
        State.WITHDRAWN: set(),
    }
    for state, possible in allowed.items():
        for name, step in steps.items():
            if name in possible:
                continue
            Application.objects.filter(pk=application.pk).update(state=state, auditor=auditor)
            application.refresh_from_db()
            events = AuditEvent.objects.count()
            with pytest.raises(ActionError, match="cannot be"):
                step(application)
            application.refresh_from_db()
            assert application.state == state, (state, name)
            assert AuditEvent.objects.count() == events, (state, name)


@pytest.mark.django_db
def test_one_open_application_per_area(platform: Platform) -> None:
    applied(platform)
    with pytest.raises(ActionError, match="open application already"):
        applied(platform)


@pytest.mark.django_db
def test_an_override_without_a_reason_is_refused_and_with_one_both_values_are_kept(
    platform: Platform,
) -> None:
    application = in_audit(platform)
    auditor = platform.users["auditor"]
    with pytest.raises(ActionError, match="needs a reason"):
        workflow.do_review_criterion(auditor, application, "EN-01", "overridden", value=0.6, reason="  ")
    with pytest.raises(ActionError, match="needs the auditor's value"):
        workflow.do_review_criterion(auditor, application, "EN-01", "overridden", reason="checked")
    assert not CriterionReview.objects.exists()
    review = workflow.do_review_criterion(
        auditor, application, "EN-01", "overridden", value=0.6, reason="GO statements checked"
    )
    computed = next(
        c for c in platform.version.assessments.get(language="en").summary["criteria"] if c["id"] == "EN-01"
    )
    assert (review.computed_value, review.auditor_value) == (computed["value"], 0.6)
    audited = workflow.audited_assessment(application)
    en01 = next(c for c in audited["criteria"] if c["id"] == "EN-01")
    assert en01["value"] == 0.6
    assert en01["provenance"]["inputs"][0]["value"] == computed["value"]


@pytest.mark.django_db
def test_only_the_assigned_auditor_audits(platform: Platform) -> None:
    application = in_audit(platform)
    with pytest.raises(ActionError, match="Only the auditor assigned"):
        workflow.do_review_criterion(platform.users["auditor_b"], application, "EN-01", "accepted")
    response = platform.client("auditor_b").post(
        reverse("application_review", kwargs={"application": application.pk}),
        {"criterion": "EN-01", "verdict": "accepted"},
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_findings_must_be_answered_and_closed_before_a_grant(
    platform: Platform, django_capture_on_commit_callbacks: Any
) -> None:
    application = in_audit(platform)
    auditor, manager = platform.users["auditor"], platform.users["manager"]
    with django_capture_on_commit_callbacks(execute=True):
        finding = workflow.do_raise_finding(
            auditor,
            application,
            "major",
            "Meter M3 not calibrated",
            dt.date.today() + dt.timedelta(days=30),
            "EN-01",
        )
    assert mail.outbox[-1].to == ["manager@example.org"]
    assert "answer by" in mail.outbox[-1].subject
    with pytest.raises(ActionError, match="after the applicant has answered"):
        workflow.do_close_finding(auditor, finding)
    for review in platform.version.assessments.get(language="en").summary["criteria"]:
        workflow.do_review_criterion(auditor, application, review["id"], "accepted")
    with pytest.raises(ActionError, match="major finding"):
        workflow.do_recommend(auditor, application, "grant", "bronze")
    workflow.do_answer_finding(manager, finding, "Calibrated on 3 March; certificate attached")
    workflow.do_close_finding(auditor, finding)
    assert Finding.objects.get(pk=finding.pk).status == "closed"


@pytest.mark.django_db
def test_evidence_is_checked_versioned_and_kept_under_its_hash(platform: Platform) -> None:
    import hashlib
    import io

    from gia.errors import GiaInputError

    application = applied(platform)
    manager = platform.users["manager"]
    pdf = b"%PDF-1.7\n" + b"x" * 100
    first = workflow.do_upload_evidence(
        manager, application, "EN-01", io.BytesIO(pdf), len(pdf), "bills.pdf", "application/pdf"
    )
    second = workflow.do_upload_evidence(
        manager, application, "EN-01", io.BytesIO(pdf + b"y"), len(pdf) + 1, "bills.pdf", "application/pdf"
    )
    assert (first.version, second.version) == (1, 2)
    assert first.sha256 == hashlib.sha256(pdf).hexdigest()
    assert workflow.evidence_path(first).read_bytes() == pdf
    assert "files" in str(workflow.evidence_path(first)) and "static" not in str(
        workflow.evidence_path(first)
    )
    with pytest.raises(GiaInputError, match="not what its name says"):
        workflow.do_upload_evidence(
            manager, application, "EN-01", io.BytesIO(b"MZ\x90\x00"), 4, "bills.pdf", "application/pdf"
        )
    with pytest.raises(GiaInputError, match="PDF, PNG"):
        workflow.do_upload_evidence(
            manager, application, "EN-01", io.BytesIO(b"#!/bin/sh"), 9, "run.sh", "text/x-sh"
        )
    big = 21 * 1024 * 1024
    with pytest.raises(GiaInputError, match="MB"):
        workflow.do_upload_evidence(
            manager, application, "", io.BytesIO(b""), big, "big.pdf", "application/pdf"
        )
    assert application.evidence.count() == 2
    response = platform.client("auditor").get(
        reverse("evidence_download", kwargs={"application": application.pk, "evidence": first.pk})
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == pdf


@pytest.mark.django_db
def test_a_certificate_lives_on_monitoring_suspension_reinstatement_expiry(platform: Platform) -> None:
    from gia.web.demo import load_demo

    load_demo(password="irrelevant-but-long-1", today=TODAY)
    certificate = Certificate.objects.get(area__slug="de-tollensetal-nord")
    assert certificate.state_on(TODAY) == "valid"
    from gia.web.views.public import public_name

    shown_name = public_name(certificate.area)  # "… (fictional)" is marked once, by the page
    assert shown_name in platform.client("anonymous").get(reverse("registry")).content.decode()
    assert certificate.valid_to == dt.date(2029, 11, 26)
    assert certificate.state_on(dt.date(2029, 11, 27)) == "expired"
    manager = certificate.area.memberships.get(role="area_manager").user
    area = certificate.area
    # the 2025 monitoring data fails a gate: a corrective period of six months opens
    document = certificate.version.data()
    from gia.web.actions.submissions import do_replace_draft

    document["reporting_year"] = 2025
    for company in document["companies"]:
        company["electricity_purchases"] = [
            {"amount_kwh": e["amount_kwh"], "instrument": "none"} for e in company["electricity_purchases"]
        ]
    document.pop("hourly", None)
    for exchange in document.get("exchanges", []):
        exchange.setdefault("amount", None)
    do_replace_draft(manager, area, 2025, document, "monitoring")
    version = do_submit(manager, area, 2025, "monitoring 2025")
    assert not version.assessments.get(language="en").gates_passed
    certificate.refresh_from_db()
    assert certificate.corrective_until is not None
    # past the corrective period: suspended; the public verification page says so
    suspended = certificates.do_apply_deadlines(
        "system", today=certificate.corrective_until + dt.timedelta(days=1)
    )
    assert [c.number for c in suspended] == [certificate.number]
    page = platform.client("anonymous").get(
        reverse("verify_certificate", kwargs={"certificate": certificate.number})
    )
    assert 'id="certificate-status">suspended<' in page.content.decode()
    assert (
        platform.client("anonymous").get(f"/api/verify/{certificate.number}").json()["status"] == "suspended"
    )
    registry = platform.client("anonymous").get(reverse("registry")).content.decode()
    assert shown_name not in registry  # a suspended certificate leaves the registry at once
    # reinstated only when the latest data passes every gate again
    body = platform.users["certification_body"]
    with pytest.raises(ActionError, match="still fails a gate"):
        certificates.do_reinstate(body, certificate)
    certificates.do_withdraw_certificate(body, certificate, "no corrected data")
    assert (
        platform.client("anonymous").get(f"/api/verify/{certificate.number}").json()["status"] == "withdrawn"
    )


@pytest.mark.django_db
def test_verification_of_an_unknown_number(platform: Platform) -> None:
    response = platform.client("anonymous").get("/api/verify/GIA-XX-0000-0000")
    assert response.status_code == 404
    assert response.json()["status"] == "unknown"


@pytest.mark.django_db
def test_the_issued_documents_verify_offline_and_fail_with_one_changed_byte(
    platform: Platform, signing_keys: Any, tmp_path: Any
) -> None:
    from gia.certificates.verify import verify_file
    from gia.web.demo import load_demo

    load_demo(password="irrelevant-but-long-1", today=TODAY)
    certificate = Certificate.objects.get(area__slug="dk-vestfjord-symbiosis")
    client = platform.client("anonymous")
    pdf = b"".join(
        client.get(reverse("certificate_pdf", kwargs={"certificate": certificate.number})).streaming_content
    )
    signed = client.get(reverse("certificate_json", kwargs={"certificate": certificate.number})).content
    published = client.get(reverse("signing_certificate")).content
    key = tmp_path / "gia-signing-cert.pem"
    key.write_bytes(published)
    for name, content in (("c.pdf", pdf), ("c.json", signed)):
        good = tmp_path / name
        good.write_bytes(content)
        assert verify_file(good, key).ok, name
        changed = bytearray(content)
        middle = len(changed) // 2
        changed[middle] = (changed[middle] + 1) % 256
        bad = tmp_path / ("bad-" + name)
        bad.write_bytes(bytes(changed))
        assert not verify_file(bad, key).ok, name
