"""The whole certification path in the browser, with three users: the area manager applies, the
certification body checks and assigns, the auditor reviews and recommends, the certification body
grants; the certificate's PDF verifies offline; a suspension then shows on the public page."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from gia.documents import read_path
from gia.web.actions.areas import do_create_area
from gia.web.actions.submissions import do_replace_draft, do_submit
from gia.web.demo import examples_dir, load_demo
from gia.web.models import Certificate, Membership, Role
from tests.browser.test_platform import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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


def test_apply_audit_decide_verify_offline_then_suspend(
    live_server: Any, new_page: Any, tmp_path: Any, settings: Any, signing_keys: Any
) -> None:
    settings.GIA_SIGNING_KEY = signing_keys.private_key
    settings.GIA_SIGNING_CERT = signing_keys.certificate
    load_demo(password=PASSWORD)
    version = new_area_with_data()
    base = live_server.url

    manager = new_page()
    sign_in(manager, base, "manager@dk-vestfjord-symbiosis.example")
    manager.goto(f"{base}/app/areas/dk-nordhavn/certification/")
    manager.get_by_label("Stage").select_option("certificate")
    manager.get_by_label("Submitted data").select_option(str(version.pk))
    manager.get_by_role("button", name="Apply for certification").click()
    manager.get_by_text("The application is sent to the certification body.").wait_for()
    application_url = manager.url

    body = new_page()
    sign_in(body, base, "certification@gia.example")
    body.get_by_role("link", name="Deadlines").click()
    body.get_by_role("link", name="Nordhavn Erhvervsområde").first.click()
    body.get_by_role("button", name="Check completeness").click()
    assert body.locator("#state").inner_text() == "complete, waiting for an auditor"
    body.get_by_label("Auditor").select_option(label="Arne Audit")
    body.get_by_role("button", name="Assign").click()
    assert body.locator("#state").inner_text() == "in audit"

    auditor = new_page()
    sign_in(auditor, base, "auditor@gia.example")
    auditor.goto(application_url)
    # an override needs a reason: refused without one
    row = auditor.locator("#review-CE-01")
    row.get_by_label("verdict").select_option("overridden")
    row.get_by_label("auditor's value").fill("7")
    row.get_by_role("button", name="Save").click()
    auditor.get_by_text("An override needs a reason.").wait_for()
    criteria = [c["id"] for c in version.assessments.get(language="en").summary["criteria"]]
    for criterion in criteria:
        row = auditor.locator(f"#review-{criterion}")
        if criterion == "CE-01":
            row.get_by_label("verdict").select_option("overridden")
            row.get_by_label("auditor's value").fill("7")
            row.get_by_label("reason").fill("two exchanges ended in March; seen on site")
        row.get_by_role("button", name="Save").click()
        auditor.get_by_text(f"The review of {criterion} is saved.").wait_for()
    assert "two exchanges ended in March" in auditor.locator("#review-CE-01").inner_text()
    level = version.assessments.get(language="en").level
    auditor.get_by_label("recommendation", exact=True).select_option("grant")
    auditor.get_by_role("button", name="Recommend").click()
    auditor.get_by_text("The recommendation is sent to the certification body.").wait_for()

    body.goto(application_url)
    body.get_by_label("decision", exact=True).select_option("grant")
    body.get_by_role("button", name="Decide").click()
    body.get_by_text("The decision is recorded.").wait_for()
    assert body.locator("#state").inner_text() == "granted"
    certificate = Certificate.objects.get(area__slug="dk-nordhavn")
    assert certificate.level == level

    # anyone downloads the signed PDF and the public key and verifies offline
    public = new_page()
    public.goto(f"{base}/verify/")
    public.get_by_label("Certificate number").fill(certificate.number)
    public.get_by_role("button", name="Verify").click()
    assert public.locator("#certificate-status").inner_text() == "valid"
    with public.expect_download() as pdf_download:
        public.get_by_role("link", name="Signed PDF").click()
    pdf = tmp_path / f"{certificate.number}.pdf"
    pdf_download.value.save_as(pdf)
    key = tmp_path / "gia-signing-cert.pem"
    key.write_bytes(public.request.get(f"{base}/.well-known/gia-signing-cert.pem").body())
    # offline: the command a reader runs on their own machine, in a process of its own
    gia = Path(sys.executable).parent / "gia"
    result = subprocess.run(
        [str(gia), "certificate", "verify", str(pdf), "--public-key", str(key)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "authentic and unaltered" in result.stdout

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
    # six months pass (the clock is moved, not waited for)
    Certificate.objects.filter(pk=certificate.pk).update(
        corrective_until=dt.date.today() - dt.timedelta(days=1)
    )
    body.goto(f"{base}/app/deadlines/")
    body.get_by_role("button", name="Suspend certificates past their corrective period").click()
    body.get_by_text(re.compile(r"1 certificate\(s\) suspended")).wait_for()
    public.goto(f"{base}/verify/{certificate.number}/")
    assert public.locator("#certificate-status").inner_text() == "suspended"
