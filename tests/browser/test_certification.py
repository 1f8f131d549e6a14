"""Journey 3 in the browser, in English and in Polish, with four people: the area manager applies (a
check page first shows the level and any failed gate), the certification body checks completeness and
assigns the auditor, the auditor reviews every criterion on the audit screen (filters, one override
typed in the criterion's own unit with its reason, one evidence request, "accept the remaining"), the
manager answers the evidence request with a file, the auditor accepts it and recommends, the
certification body grants, the signed PDF downloads and verifies offline, and a visitor verifies the
certificate by typing its number in lower case. In English a monitoring year then fails a gate and the
certification body suspends the certificate after confirming.

Screenshots of every step (1280 px, the audit screen also at 390 px) go to ``tests/browser/artifacts``.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from gia.documents import read_path
from gia.web.actions.areas import do_create_area
from gia.web.actions.submissions import do_replace_draft, do_submit
from gia.web.demo import examples_dir, load_demo
from gia.web.models import Application, AssessmentRecord, Certificate, Membership, Role
from tests.browser.test_platform import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).parent / "artifacts"
#: the override typed on the audit screen, as a reader of each language writes it (EN-01 is a share)
OVERRIDE = {"en": "95.5 %", "pl": "95,5 %"}


def new_area_with_data() -> Any:
    """A second Danish area whose manager is the demo's Danish manager; its 2024 data submitted."""
    from django.contrib.auth.models import User

    manager = User.objects.get(username="manager@dk-vestfjord-symbiosis.example")
    document, _lines = read_path(examples_dir() / "dk-symbiosis.yaml")
    area = do_create_area(
        manager,
        {
            "slug": "dk-nordhavn",
            "name": "Nordhavn Erhvervsområde",
            "country": "DK",
            "total_area_ha": 480.0,
            "boundary": document["area"]["boundary"],
            "management_name": "Nordhavn Udvikling A/S",
            "management_contact": "info@nordhavn.example",
            "management_mandate": "develops and manages the area",
        },
    )
    document["area"]["id"] = "dk-nordhavn"
    do_replace_draft(manager, area, 2024, document, "dk-symbiosis.yaml")
    return do_submit(manager, area, 2024, "first year")


class Shots:
    """Numbered screenshots of one journey: ``certification-<lang>-<nn>-<step>.png``."""

    def __init__(self, language: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.language, self.count = language, 0

    def __call__(self, page: Any, step: str, width: int = 1280) -> None:
        self.count += 1
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(
            path=str(ARTIFACTS / f"certification-{self.language}-{self.count:02d}-{step}.png"), full_page=True
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (
            f"{step} is wider than {width} px"
        )
        if width != 1280:
            page.set_viewport_size({"width": 1280, "height": 900})


def person(new_page: Any, base: str, username: str, language: str) -> Any:
    """A signed-in page for ``username`` reading the platform in ``language``."""
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, base, username)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    return page


def in_language(page: Any, language: str) -> None:
    assert page.locator("html").get_attribute("lang") == language
    if language != "en":  # none of the audit screen's English words are left untranslated
        text = page.locator("main").inner_text()
        for english in ("Save the review", "Computed value", "How it was computed", "Not reviewed"):
            assert english not in text, english


@pytest.mark.parametrize("language", ["en", "pl"])
def test_apply_audit_answer_decide_download_verify(
    live_server: Any, new_page: Any, tmp_path: Any, settings: Any, signing_keys: Any, language: str
) -> None:
    settings.GIA_SIGNING_KEY = signing_keys.private_key
    settings.GIA_SIGNING_CERT = signing_keys.certificate
    load_demo(password=PASSWORD)
    version = new_area_with_data()
    summary = AssessmentRecord.objects.of(version).summary_in("en")
    criteria = [c["id"] for c in summary["criteria"]]
    base = live_server.url
    shot = Shots(language)

    # a manager whose data fails three gates is warned before anything is sent, and goes back
    polish = person(new_page, base, "manager@pl-gliwice-ostropa-zachod.example", language)
    polish.goto(f"{base}/app/areas/pl-gliwice-ostropa-zachod/certification/")
    polish.locator("#id_stage").select_option("certificate")
    polish.locator("#id_version").select_option(index=1)
    polish.locator("#apply").click()
    warning = polish.locator("#failed-gates")
    assert warning.locator("li").count() == 3
    assert "EN-01" in warning.inner_text() and (
        "50%" in warning.inner_text() or "50 %" in warning.inner_text()
    )
    shot(polish, "failed-gates-warning")
    polish.locator(".confirm-actions a").click()  # go back: nothing is sent
    assert not Application.objects.filter(area__slug="pl-gliwice-ostropa-zachod").exists()

    # 1. the manager applies: the check page shows the level, then the application is sent
    manager = person(new_page, base, "manager@dk-vestfjord-symbiosis.example", language)
    manager.goto(f"{base}/app/areas/dk-nordhavn/certification/")
    manager.locator("#id_stage").select_option("certificate")
    manager.locator("#id_version").select_option(str(version.pk))
    shot(manager, "apply")
    manager.locator("#apply").click()
    assert manager.locator("#failed-gates").count() == 0
    assert manager.locator("#apply-level").inner_text().strip() not in ("", "no level")
    shot(manager, "apply-check")
    manager.locator("#apply-confirm").click()
    manager.locator("#state").wait_for()
    application_url = manager.url.split("#")[0]
    application = Application.objects.get(area__slug="dk-nordhavn")
    assert application.state == "applied"
    shot(manager, "applied")

    # 2. the certification body finds it waiting on the deadlines page, checks it and assigns the auditor
    body = person(new_page, base, "certification@gia.example", language)
    body.goto(f"{base}/app/deadlines/")
    shot(body, "deadlines-waiting")
    body.locator("#for-you + ul a", has_text="Nordhavn").click()
    body.locator(".next-step form button").click()
    application.refresh_from_db()
    assert application.state == "complete"
    body.locator("#auditor").select_option(label="Arne Audit")
    shot(body, "assign-auditor")
    body.locator(".next-step form button").click()
    application.refresh_from_db()
    assert application.state == "in_audit"
    assert "Arne Audit" in body.locator("#waiting").inner_text()

    # 3. the auditor reviews on the audit screen
    auditor = person(new_page, base, "auditor@gia.example", language)
    auditor.goto(application_url)
    in_language(auditor, language)
    auditor.evaluate("window.notReloaded = true")  # reviews are saved in place, without a reload
    assert auditor.locator("input[name=verdict]:checked").count() == 0  # nothing preselected
    shot(auditor, "audit-screen")
    shot(auditor, "audit-screen-phone", width=390)
    row = auditor.locator("#criterion-EN-01")
    row.locator("input[name=verdict][value=overridden]").check()
    # a value in another unit is refused, naming the criterion
    row.locator("#value-EN-01").fill("350 kg CO2e/MWh")
    row.locator("#reason-EN-01").fill("GO cancellation statements for the wind PPA seen on site")
    row.locator("button[type=submit]").click()
    auditor.locator("#error-EN-01").wait_for()
    assert "EN-01" in auditor.locator("#error-EN-01").inner_text()
    assert not application.reviews.filter(criterion="EN-01").exists()
    # an override without a reason is refused; with one (in the criterion's unit, percent) it is saved
    row = auditor.locator("#criterion-EN-01")
    row.locator("#value-EN-01").fill(OVERRIDE[language])
    row.locator("#reason-EN-01").fill("")
    row.locator("button[type=submit]").click()
    expect(auditor.locator("#error-EN-01")).not_to_contain_text("kg CO2e/MWh")  # the row came back with the next refusal
    row = auditor.locator("#criterion-EN-01")
    assert row.locator("#value-EN-01").input_value() == OVERRIDE[language]  # what was typed stays
    row.locator("#reason-EN-01").fill("GO cancellation statements for the wind PPA seen on site")
    shot(auditor, "override-in-its-unit")
    row.locator("button[type=submit]").click()
    auditor.locator("#criterion-EN-01.status-overridden").wait_for()
    assert application.reviews.get(criterion="EN-01").auditor_value == pytest.approx(0.955)
    assert auditor.locator("#criterion-EN-01 .verdict").inner_text().count("95") == 1
    assert auditor.locator("#review-progress-bar").get_attribute("value") == "1"
    # the row shows the points the auditor's value earns; the status line above counts the review
    assert auditor.locator("#criterion-EN-01 .audited-points").first.is_visible()
    assert re.search(rf"\b1\b\D+\b{len(criteria)}\b", auditor.locator("#waiting").inner_text())
    # one evidence request
    row = auditor.locator("#criterion-CE-01")
    row.locator("input[name=verdict][value=evidence_requested]").check()
    row.locator("#reason-CE-01").fill("The contracts of the two steam and CO2 exchanges")
    row.locator("button[type=submit]").click()
    auditor.locator("#criterion-CE-01.status-evidence").wait_for()
    assert auditor.evaluate("window.notReloaded") is True
    # the filters keep their place in the address
    auditor.locator("#filter-overridden").click()
    auditor.wait_for_url("**show=overridden**")
    assert auditor.locator(".review-row").count() == 1
    shot(auditor, "filter-overridden")
    auditor.locator("#filter-unreviewed").click()
    auditor.wait_for_url("**show=unreviewed**")
    auditor.wait_for_load_state()
    assert auditor.locator(".review-row").count() == len(criteria) - 2
    # accept the remaining, after a page that says how many
    auditor.locator("#accept-remaining").click()
    assert auditor.locator(".confirm-items li").count() == len(criteria) - 2
    shot(auditor, "accept-remaining-confirm")
    auditor.locator("#confirm-button").click()
    auditor.wait_for_url("**show=unreviewed**")
    assert application.reviews.filter(verdict="accepted").count() == len(criteria) - 2
    assert auditor.locator(".review-row").count() == 0
    auditor.goto(application_url)
    shot(auditor, "audit-after-accepting")

    # 4. the manager answers the evidence request with a file
    manager.goto(application_url)
    in_language(manager, language)
    manager.locator("#evidence-requests a").click()
    manager.locator("#evidence-file-CE-01").set_input_files(
        {
            "name": "exchange-contracts.pdf",
            "mimeType": "application/pdf",
            "buffer": b"%PDF-1.7\n% contracts\n",
        }
    )
    shot(manager, "answer-evidence")
    manager.locator("#criterion-CE-01 form.answer-evidence button").click()
    manager.locator("#criterion-CE-01 a", has_text="exchange-contracts.pdf").wait_for()
    shot(manager, "evidence-sent")

    # 5. the auditor sees the new file, accepts the criterion and recommends
    auditor.goto(application_url + "?show=evidence")
    row = auditor.locator("#criterion-CE-01")
    assert row.locator(".badge.new").count() == 1
    row.locator("details.change-review summary").click()
    row.locator("input[name=verdict][value=accepted]").check()
    shot(auditor, "accept-after-evidence")
    row.locator("button[type=submit]").click()
    auditor.locator("#criterion-CE-01.status-accepted").wait_for()
    assert auditor.locator("#review-progress-bar").get_attribute("value") == str(len(criteria))
    auditor.goto(application_url)
    auditor.locator("#recommend-grant").click()
    application.refresh_from_db()
    assert application.state == "recommended"
    shot(auditor, "recommended")

    # 6. the certification body grants
    body.goto(application_url)
    shot(body, "decision")
    body.locator("#decide-grant").click()
    application.refresh_from_db()
    assert application.state == "granted"
    certificate = Certificate.objects.get(area__slug="dk-nordhavn")
    shot(body, "granted")

    # 7. a visitor types the number in lower case, sees it valid, downloads the signed PDF
    public = new_page()
    public.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    public.goto(f"{base}/verify/")
    public.locator("#number").fill(certificate.number.lower())
    public.locator("#number").press("Enter")
    public.locator("#certificate-status").wait_for()
    assert public.url.endswith(f"/verify/{certificate.number}/")
    assert public.locator(".tile.ok #certificate-status").count() == 1  # valid
    shot(public, "verified")
    with public.expect_download() as pdf_download:
        public.locator("a[href$='certificate.pdf']").click()
    pdf = tmp_path / f"{certificate.number}.pdf"
    pdf_download.value.save_as(pdf)
    key = tmp_path / "gia-signing-cert.pem"
    key.write_bytes(public.request.get(f"{base}/.well-known/gia-signing-cert.pem").body())
    gia = Path(sys.executable).parent / "gia"  # offline, as a reader runs it on their own machine
    result = subprocess.run(
        [str(gia), "certificate", "verify", str(pdf), "--public-key", str(key)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    if language != "en":
        return

    # a monitoring year fails a gate; after the corrective period the certification body suspends
    manager_user = Membership.objects.filter(area=certificate.area, role=Role.AREA_MANAGER).first().user
    document = version.data()
    document["reporting_year"] = 2025
    for company in document["companies"]:
        company["electricity_purchases"] = [
            {"amount_kwh": e["amount_kwh"], "instrument": "none"} for e in company["electricity_purchases"]
        ]
    do_replace_draft(manager_user, certificate.area, 2025, document, "monitoring")
    do_submit(manager_user, certificate.area, 2025, "monitoring 2025")
    certificate.refresh_from_db()
    assert certificate.corrective_until is not None
    Certificate.objects.filter(pk=certificate.pk).update(
        corrective_until=dt.date.today() - dt.timedelta(days=1)
    )
    body.goto(f"{base}/app/deadlines/")
    shot(body, "deadlines-corrective-period-over")
    body.locator("#suspend-past").click()
    assert certificate.number in body.locator(".confirm-items").inner_text()
    shot(body, "suspend-confirm")
    body.locator("#confirm-button").click()
    body.wait_for_url(f"{base}/app/deadlines/")
    public.goto(f"{base}/verify/{certificate.number}/")
    assert public.locator("#certificate-status").inner_text() == "suspended"
    # withdrawing is red and asks first
    body.locator(f"#certificate-{certificate.number} a.danger").click()
    shot(body, "withdraw-confirm")
    body.locator("#confirm-reason").fill("No corrected data after the corrective period")
    body.locator("#confirm-button").click()
    certificate.refresh_from_db()
    assert certificate.status == "withdrawn"
