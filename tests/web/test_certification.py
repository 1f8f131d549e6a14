"""The certification workflow: every transition from the right state only, overrides with reasons,
the certificate's life after the decision, and public verification."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from gia.web.actions import ActionError, certificates
from gia.web.actions import certification as workflow
from gia.web.actions.submissions import do_submit
from gia.web.models import Application, AssessmentRecord, AuditEvent, Certificate, CriterionReview, Finding
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
        c
        for c in AssessmentRecord.objects.of(platform.version).summary_in("en")["criteria"]
        if c["id"] == "EN-01"
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
    assert response.status_code == 404  # auditor_b audits nothing of this area: not found


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
    for review in AssessmentRecord.objects.of(platform.version).summary_in("en")["criteria"]:
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
    from gia.web import files

    stored = workflow.evidence_name(first)
    assert files.read(stored) == pdf
    assert stored == f"areas/{application.area.slug}/{application.version.year}/evidence/{first.sha256}"
    assert (Path(settings.GIA_FILES_DIR) / stored).read_bytes() == pdf  # outside the web root
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
    application.state = State.COMPLETE  # the auditor reads the evidence once the audit is theirs
    application.save()
    workflow.do_assign_auditor(platform.users["certification_body"], application, platform.users["auditor"])
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
    assert not AssessmentRecord.objects.of(version).gates_passed
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
    # the signed record names the factor set (with its digest) and what rests on unverified factors
    record = json.loads(signed)["certificate"]
    assert record["factor_set"].startswith("gia-fs-2026.2-ar6 (")
    assert "reference factors not yet verified against their primary source: " in record["data_notice"]
    assert "ipcc2006/wood/co2/all" in record["data_notice"]
    # and the audit trail's head when it was signed: an anchor outside the database
    sequence, digest = record["audit_head"].split(":")
    event = AuditEvent.objects.get(sequence=int(sequence))
    assert event.hash == digest


# --- the audit screen, override units, confirmations (the pages) ------------------------------------


def review_url(application: Application) -> str:
    return reverse("application_review", kwargs={"application": application.pk})


def detail_url(application: Application) -> str:
    return reverse("application_detail", kwargs={"application": application.pk})


def criteria_of(platform: Platform) -> list[str]:
    return [c["id"] for c in AssessmentRecord.objects.of(platform.version).summary_in("en")["criteria"]]


@pytest.mark.django_db
def test_a_review_from_the_page_script_answers_with_its_row_and_the_progress(platform: Platform) -> None:
    application = in_audit(platform)
    total = len(criteria_of(platform))
    response = platform.client("auditor").post(
        review_url(application),
        {"criterion": "EN-02", "verdict": "accepted", "show": "all"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # a fragment, swapped in place
    assert html.count('class="review-row') == 1 and 'id="criterion-EN-02"' in html
    assert f"1 of {total} reviewed" in html and 'hx-swap-oob="true"' in html  # the progress, out of band
    assert "The review of EN-02 Local renewable generation is saved" in html  # for screen readers
    assert CriterionReview.objects.get(application=application, criterion="EN-02").verdict == "accepted"
    # a refused review comes back in its row with the message and what was typed; nothing is saved
    response = platform.client("auditor").post(
        review_url(application),
        {
            "criterion": "CL-04",
            "verdict": "overridden",
            "value": "350 kg CO2e/MWh",
            "reason": "",
            "show": "all",
        },
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "An override needs a reason." in html
    assert 'value="350 kg CO2e/MWh"' in html
    assert not CriterionReview.objects.filter(application=application, criterion="CL-04").exists()


@pytest.mark.django_db
def test_a_review_without_javascript_returns_to_the_same_row(platform: Platform) -> None:
    application = in_audit(platform)
    client = platform.client("auditor")
    response = client.post(
        review_url(application), {"criterion": "EN-01", "verdict": "accepted", "show": "all"}
    )
    assert response.status_code == 302
    assert response["Location"] == detail_url(application) + "#criterion-EN-01"
    # filtered on "not reviewed", the saved row leaves the list: back at the next one the filter shows
    response = client.post(
        review_url(application), {"criterion": "EN-02", "verdict": "accepted", "show": "unreviewed"}
    )
    assert response["Location"] == detail_url(application) + "?show=unreviewed#criterion-EN-03"
    page = client.get(response["Location"]).content.decode()
    assert 'id="criterion-EN-02"' not in page and 'id="criterion-EN-03"' in page
    # a refused plain review shows the page again with the message in the row, the field focused
    response = client.post(
        review_url(application),
        {"criterion": "EN-01", "verdict": "overridden", "value": "150 %", "reason": "x"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "EN-01 Renewable electricity supply: 150% is outside the range" in html
    assert 'aria-invalid="true" autofocus' in html
    assert CriterionReview.objects.get(application=application, criterion="EN-01").verdict == "accepted"


@pytest.mark.django_db
def test_no_verdict_is_preselected_and_one_must_be_chosen(platform: Platform) -> None:
    application = in_audit(platform)
    page = platform.client("auditor").get(detail_url(application)).content.decode()
    assert page.count('name="verdict"') >= 2 * len(criteria_of(platform))
    assert " checked" not in page  # no radio chosen for the auditor
    response = platform.client("auditor").post(
        review_url(application), {"criterion": "EN-01", "verdict": "", "show": "all"}
    )
    assert response.status_code == 400
    assert "Choose accept, override or request evidence." in response.content.decode()
    assert not CriterionReview.objects.exists()


@pytest.mark.django_db
def test_the_queue_filters_are_kept_in_the_address(platform: Platform) -> None:
    application = in_audit(platform)
    auditor = platform.users["auditor"]
    workflow.do_review_criterion(auditor, application, "EN-01", "accepted")
    workflow.do_review_criterion(auditor, application, "CL-04", "overridden", 300.0, "supplier factors")
    workflow.do_review_criterion(
        auditor, application, "CL-02", "evidence_requested", reason="the council's resolution"
    )
    client = platform.client("auditor")

    def shown(show: str) -> list[str]:
        import re

        html = client.get(detail_url(application) + f"?show={show}").content.decode()
        return re.findall(r'<li class="review-row[^"]*" id="criterion-([A-Z]{2}-\d{2})"', html)

    assert shown("accepted") == ["EN-01"]
    assert shown("overridden") == ["CL-04"]
    assert shown("evidence") == ["CL-02"]
    assert len(shown("unreviewed")) == len(criteria_of(platform)) - 3
    assert len(shown("all")) == len(shown("nonsense")) == len(criteria_of(platform))
    html = client.get(detail_url(application) + "?show=overridden").content.decode()
    assert 'aria-current="true" id="filter-overridden"' in html
    assert "300\u00a0kg\u00a0CO2e/MWh" in html and "supplier factors" in html  # the unit glued to its number


@pytest.mark.django_db
def test_accept_remaining_accepts_only_unreviewed_criteria_for_the_assigned_auditor(
    platform: Platform,
) -> None:
    application = in_audit(platform)
    auditor = platform.users["auditor"]
    workflow.do_review_criterion(auditor, application, "CL-04", "overridden", 300.0, "supplier factors")
    workflow.do_review_criterion(auditor, application, "CL-02", "evidence_requested", reason="the resolution")
    url = reverse("application_accept_remaining", kwargs={"application": application.pk})
    remaining = [c for c in criteria_of(platform) if c not in ("CL-04", "CL-02")]
    page = platform.client("auditor").get(url).content.decode()
    assert f"Accept the {len(remaining)} remaining criteria?" in page
    assert "EN-01 Renewable electricity supply" in page and "CL-04 " not in page
    # refused; to an auditor of no audit of the area, the application is not found at all
    for role, status in (("auditor_b", 404), ("manager", 403), ("certification_body", 403)):
        assert platform.client(role).post(url, {"confirm": "yes", "criterion": remaining}).status_code == status
    # without the confirmation nothing is accepted
    platform.client("auditor").post(url, {"criterion": remaining})
    assert application.reviews.count() == 2
    response = platform.client("auditor").post(url, {"confirm": "yes", "criterion": remaining})
    assert response.status_code == 302
    verdicts = dict(application.reviews.values_list("criterion", "verdict"))
    assert len(verdicts) == len(criteria_of(platform))
    assert verdicts["CL-04"] == "overridden" and verdicts["CL-02"] == "evidence_requested"
    assert {verdicts[c] for c in remaining} == {"accepted"}
    assert AuditEvent.objects.filter(action="audit.review").count() == len(criteria_of(platform))
    # a criterion reviewed after the page was shown keeps its review
    other = in_audit_again(platform, application)
    workflow.do_review_criterion(auditor, other, "EN-01", "evidence_requested", reason="bills")
    accepted = workflow.do_accept_remaining(auditor, other, ["EN-01", "EN-02"])
    assert [r.criterion for r in accepted] == ["EN-02"]


def in_audit_again(platform: Platform, application: Application) -> Application:
    """A second application of the same area in audit (the first one withdrawn)."""
    workflow.do_withdraw_application(platform.users["manager"], application)
    return in_audit(platform)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "criterion", "typed", "stored"),
    [
        ("en", "CL-04", "350 kg CO2e/MWh", 350.0),
        ("en", "CL-04", "350", 350.0),
        ("pl", "CL-04", "0,35 t CO2e/MWh", 350.0),
        ("en", "EN-01", "55 %", 0.55),
        ("pl", "EN-01", "55,5 %", 0.555),
        ("de", "EN-01", "55,5", 0.555),
        ("en", "CE-05", "3", 3.0),
        ("pl", "CL-02", "yes", 1.0),
    ],
)
def test_an_override_is_typed_in_the_criterions_own_unit(
    platform: Platform, language: str, criterion: str, typed: str, stored: float
) -> None:
    application = in_audit(platform)
    client = platform.client("auditor")
    client.cookies["django_language"] = language
    client.post(
        review_url(application),
        {"criterion": criterion, "verdict": "overridden", "value": typed, "reason": "checked on site"},
    )
    review = CriterionReview.objects.get(application=application, criterion=criterion)
    assert review.auditor_value == pytest.approx(stored)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("criterion", "typed", "says"),
    [
        ("EN-01", "350 kg CO2e/MWh", "is not a unit of it"),
        ("EN-01", "150 %", "outside the range"),
        ("CL-04", "nan", "is not a number"),
        ("CL-04", "inf", "is not a number"),
        ("CL-04", "1e400", "is not a unit of it"),
        ("CL-04", "99999999999999999999999999", "outside the range"),
        ("CE-05", "2,5", "whole number"),
        ("CL-06", "5", "scored from several parts"),
    ],
)
def test_an_override_that_cannot_stand_is_refused_naming_the_criterion(
    platform: Platform, criterion: str, typed: str, says: str
) -> None:
    application = in_audit(platform)
    response = platform.client("auditor").post(
        review_url(application),
        {"criterion": criterion, "verdict": "overridden", "value": typed, "reason": "checked"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert says in html and f"{criterion} " in html
    assert not CriterionReview.objects.filter(application=application, criterion=criterion).exists()
    # the action refuses such values too, whoever calls it
    with pytest.raises(ActionError, match=r"finite|outside"):
        workflow.do_review_criterion(
            platform.users["auditor"], application, "CL-04", "overridden", float("nan"), "x"
        )


@pytest.mark.django_db
def test_applying_with_failed_gates_warns_and_asks_to_confirm(platform: Platform) -> None:
    url = reverse("certification_apply", kwargs={"area": platform.area.slug})
    client = platform.client("manager")
    response = client.post(url, {"stage": "certificate", "version": platform.version.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert "This data does not pass 5 gates:" in page
    assert "EN-01 Renewable electricity supply: 0.0% — needs at least 50%" in page
    assert "CL-02 Climate-neutrality target and roadmap: no — needs yes" in page
    assert 'id="apply-level">no level<' in page
    assert "Apply anyway" in page
    assert not Application.objects.exists()  # nothing sent before the applicant confirms
    response = client.post(url, {"stage": "certificate", "version": platform.version.pk, "confirm": "yes"})
    application = Application.objects.get()
    assert response["Location"] == detail_url(application)
    assert application.state == State.APPLIED


@pytest.mark.django_db
def test_a_dangerous_step_without_its_confirmation_does_nothing(platform: Platform) -> None:
    from gia.web.models import Certificate as CertificateModel

    body, manager = platform.client("certification_body"), platform.client("manager")
    certificate = CertificateModel.objects.create(
        number="GIA-DE-2026-0001",
        area=platform.area,
        version=platform.version,
        level="bronze",
        edition="gia-2026.1",
        country_profile="DE",
        valid_from=dt.date.today(),
        valid_to=dt.date.today() + dt.timedelta(days=1000),
        corrective_until=dt.date.today() - dt.timedelta(days=2),
    )
    withdraw = reverse("certificate_withdraw", kwargs={"certificate": certificate.number})
    page = body.get(withdraw).content.decode()
    assert (
        "The certificate GIA-DE-2026-0001 of Area north-park will be withdrawn: anyone who verifies it sees “withdrawn”"
        in page
    )
    assert "This cannot be undone." in page and 'class="danger"' in page
    for data in ({"reason": "fraud"}, {"confirm": "yes", "reason": "  "}, {"confirm": "no", "reason": "x"}):
        body.post(withdraw, data)
        certificate.refresh_from_db()
        assert certificate.status == "valid", data
    # suspending those past their corrective period: the list first, then only with the confirmation
    suspend = reverse("apply_deadlines")
    assert "GIA-DE-2026-0001" in body.get(suspend).content.decode()
    body.post(suspend, {})
    certificate.refresh_from_db()
    assert certificate.status == "valid"
    body.post(suspend, {"confirm": "yes"})
    certificate.refresh_from_db()
    assert certificate.status == "suspended"
    body.post(withdraw, {"confirm": "yes", "reason": "no corrected data"})
    certificate.refresh_from_db()
    assert certificate.status == "withdrawn"
    # withdrawing an application and refusing one
    application = applied(platform)
    withdraw_application = reverse("application_withdraw", kwargs={"application": application.pk})
    assert "This cannot be undone." in manager.get(withdraw_application).content.decode()
    manager.post(withdraw_application, {})
    application.refresh_from_db()
    assert application.state == State.APPLIED
    manager.post(withdraw_application, {"confirm": "yes"})
    application.refresh_from_db()
    assert application.state == State.WITHDRAWN
    application = in_audit(platform)
    Application.objects.filter(pk=application.pk).update(state=State.RECOMMENDED, recommendation="refuse")
    decide = reverse("application_decide", kwargs={"application": application.pk})
    response = body.post(decide, {"decision": "refuse", "note": "gates"})
    assert "will be refused" in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.RECOMMENDED
    body.post(decide, {"decision": "refuse", "note": "gates", "confirm": "yes"})
    application.refresh_from_db()
    assert application.state == State.REFUSED


@pytest.mark.django_db
def test_the_pages_say_what_waits_for_whom_with_dates_in_the_readers_format(platform: Platform) -> None:
    application = in_audit(platform)
    workflow.do_review_criterion(
        platform.users["auditor"], application, "CL-02", "evidence_requested", reason="the resolution"
    )
    client = platform.client("certification_body")
    client.cookies["django_language"] = "pl"
    page = client.get(reverse("certification", kwargs={"area": platform.area.slug})).content.decode()
    assert "w audycie" in page or "audyt" in page
    assert "auditor@example.org" in page  # the auditor the application waits for
    deadlines_page = client.get(reverse("deadlines")).content.decode()
    assert "the resolution" in deadlines_page
    today = dt.date.today()
    polish_months = [
        "stycznia",
        "lutego",
        "marca",
        "kwietnia",
        "maja",
        "czerwca",
        "lipca",
        "sierpnia",
        "września",
        "października",
        "listopada",
        "grudnia",
    ]
    assert f"{today.day} {polish_months[today.month - 1]} {today.year}" in deadlines_page


@pytest.mark.django_db
def test_a_visitor_may_type_the_number_in_lower_case_or_with_spaces(platform: Platform) -> None:
    from gia.web.models import Certificate as CertificateModel

    CertificateModel.objects.create(
        number="GIA-DE-2026-0007",
        area=platform.area,
        version=platform.version,
        level="bronze",
        edition="gia-2026.1",
        country_profile="DE",
        valid_from=dt.date.today(),
        valid_to=dt.date.today() + dt.timedelta(days=1000),
    )
    client = platform.client("anonymous")
    for typed in ("gia-de-2026-0007", " GIA DE 2026 0007 ", "Gia-De-2026-0007"):
        response = client.get(reverse("verify"), {"number": typed})
        assert response.status_code == 302, typed
        assert response["Location"] == reverse(
            "verify_certificate", kwargs={"certificate": "GIA-DE-2026-0007"}
        )
    response = client.get(reverse("verify"), {"number": "gia-de-2026-0008"})
    assert response.status_code == 404
    assert "gia-de-2026-0008" in response.content.decode()  # the page says which number is unknown


@pytest.mark.django_db
def test_accepting_after_an_evidence_request_does_not_keep_the_request_as_the_reason(
    platform: Platform,
) -> None:
    application = in_audit(platform)
    request = "Please upload the water meter readings"
    auditor = platform.users["auditor"]
    workflow.do_review_criterion(auditor, application, "CE-04", "evidence_requested", reason=request)
    workflow.do_review_criterion(auditor, application, "CE-04", "accepted", reason=request)
    assert CriterionReview.objects.get(application=application, criterion="CE-04").reason == ""


@pytest.mark.django_db
def test_a_certified_years_data_cannot_be_applied_with_again(platform: Platform) -> None:
    Certificate.objects.create(
        number="GIA-DE-2026-0042",
        area=platform.area,
        version=platform.version,
        level="bronze",
        edition="gia-2026.1",
        country_profile="DE",
        valid_from=dt.date.today(),
        valid_to=dt.date.today() + dt.timedelta(days=1000),
        status="valid",
    )
    with pytest.raises(ActionError, match="GIA-DE-2026-0042 is valid until"):
        applied(platform)
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_an_override_shows_the_points_and_level_it_earns_at_once(platform: Platform) -> None:
    application = in_audit(platform)
    criteria = {
        c["id"]: c for c in AssessmentRecord.objects.of(platform.version).summary_in("en")["criteria"]
    }
    before = criteria["EN-01"]
    assert before["points"] < before["max_points"]  # the example leaves room for the override to show
    response = platform.client("auditor").post(
        review_url(application),
        {
            "criterion": "EN-01",
            "verdict": "overridden",
            "value": "100 %",
            "reason": "PPA found",
            "show": "all",
        },
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    audited = workflow.audited_assessment(application)
    after = next(c for c in audited["criteria"] if c["id"] == "EN-01")
    assert after["points"] > before["points"]
    assert f"{after['points']:.1f} with the auditor's value" in html
    assert "passed with the auditor's value" in html  # EN-01 is a gate too
    # the status line, the level and the recommendation's progress are swapped with the row
    for oob in (
        'id="waiting" hx-swap-oob="true"',
        'id="level-fact" hx-swap-oob="true"',
        'id="recommend-progress"',
    ):
        assert oob in html
    assert "with the auditor's values:" in html
    assert "1 of" in html.split('id="waiting"')[1].split("</p>")[0]
    page = platform.client("auditor").get(detail_url(application)).content.decode()
    assert f"{after['points']:.1f} with the auditor's value" in page


@pytest.mark.django_db
def test_an_upload_without_a_file_is_refused_in_the_criterions_row(platform: Platform) -> None:
    application = in_audit(platform)
    workflow.do_review_criterion(
        platform.users["auditor"], application, "CE-04", "evidence_requested", reason="the meter readings"
    )
    url = reverse("evidence_upload", kwargs={"application": application.pk})
    response = platform.client("manager").post(url, {"criterion": "CE-04"})
    assert response.status_code == 400
    row = response.content.decode().split('id="criterion-CE-04"')[1].split("</li>")[0]
    assert 'id="upload-error-CE-04" role="alert">Choose a file first.' in row
    assert not application.evidence.exists()


@pytest.mark.django_db
def test_a_certificate_issued_on_29_february_is_valid_until_28_february(platform: Platform) -> None:
    """With a frozen clock: the demo's areas certified on 2028-02-29 under an edition valid 3 years
    are valid until 2031-02-28 (the certificate's issue crashed on that day before)."""
    import datetime as dt

    from gia.web.demo import load_demo

    load_demo(password="irrelevant-but-long-1", today=dt.date(2028, 2, 29))
    certificate = Certificate.objects.get(area__slug="dk-vestfjord-symbiosis")
    assert (certificate.valid_from, certificate.valid_to) == (dt.date(2028, 2, 29), dt.date(2031, 2, 28))
