"""Every page and API endpoint × every role and anonymous.

The endpoints come from the URL configuration: a new URL that is not listed in EXPECTED fails
``test_every_endpoint_has_an_expected_rule``, so nobody adds a page without deciding who may open it.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.web.conftest import YEAR, Platform

ROLES = (
    "anonymous",
    "certification_body",
    "manager",
    "manager_b",
    "auditor",
    "auditor_b",
    "contributor",
    "contributor_other",
)
SIGNED_IN = frozenset(ROLES) - {"anonymous"}
EVERYONE = frozenset(ROLES)
REVIEWERS = frozenset({"certification_body", "manager", "auditor"})
AREA_PEOPLE = REVIEWERS | {"contributor", "contributor_other"}
OWN_COMPANY = REVIEWERS | {"contributor"}  # the URLs name company alpha, whose contributor is "contributor"

# url name → (method, roles allowed). Objects in the URLs: area north-park, company alpha, 2024, v1.
EXPECTED: dict[str, tuple[str, frozenset[str]]] = {
    "home": ("get", EVERYONE),
    "registry": ("get", EVERYONE),
    "registry_geojson": ("get", EVERYONE),
    "public_area": ("get", EVERYONE),
    "compare": ("get", EVERYONE),
    "login": ("get", EVERYONE),
    "logout": ("post", EVERYONE),
    "accept_invitation": ("get", EVERYONE),
    "set_language": ("post", EVERYONE),
    "workspace": ("get", SIGNED_IN),
    "tokens": ("get", SIGNED_IN),
    "account": ("get", SIGNED_IN),
    "account_data": ("get", SIGNED_IN),
    "privacy": ("get", EVERYONE),
    "token_revoke": ("post", SIGNED_IN),
    # a job is its asker's alone (the manager's submission here)
    "job": ("get", frozenset({"manager"})),
    "job_status": ("get", frozenset({"manager"})),
    "job_retry": ("post", frozenset({"manager"})),
    # the file of a job (a PDF report here): its asker's, while they may still see the version
    "job_file": ("get", frozenset({"manager"})),
    # assessing every area again with a factor set: the certification body's
    "reassess_all": ("post", frozenset({"certification_body"})),
    "area_create": ("get", frozenset({"certification_body", "manager", "manager_b"})),
    "area_detail": ("get", AREA_PEOPLE),
    "area_edit": ("get", frozenset({"manager"})),
    "invite": ("get", frozenset({"certification_body", "manager"})),
    "area_access": ("get", frozenset({"certification_body", "manager"})),
    "company_create": ("get", frozenset({"manager"})),
    "company_detail": ("get", OWN_COMPANY),
    "company_edit": ("get", frozenset({"manager"})),
    "year_detail": ("get", REVIEWERS),
    "area_data": ("get", REVIEWERS),
    "area_section": ("get", REVIEWERS),
    "area_template": ("get", REVIEWERS),
    "area_upload": ("post", frozenset({"manager"})),
    "series_upload": ("post", frozenset({"manager"})),
    "series_download": ("get", REVIEWERS),
    "submit": ("post", frozenset({"manager"})),
    "company_data": ("get", OWN_COMPANY),
    "company_template": ("get", OWN_COMPANY),
    "company_upload": ("post", frozenset({"manager", "contributor"})),
    "company_section": ("get", OWN_COMPANY),
    "company_handover": ("post", frozenset({"manager", "contributor"})),
    "dashboard": ("get", AREA_PEOPLE),
    "version_detail": ("get", REVIEWERS),
    "version_document": ("get", REVIEWERS),
    "version_dashboard": ("get", AREA_PEOPLE),
    "provenance": ("get", REVIEWERS),
    "report": ("get", REVIEWERS),
    "symbiosis_board": ("get", AREA_PEOPLE),
    "symbiosis_flows": ("get", frozenset({"manager", "contributor"})),
    "symbiosis_withdraw": ("post", frozenset({"manager", "contributor"})),
    "symbiosis_matches": ("get", frozenset({"certification_body", "manager"})),
    "symbiosis_introduce": ("post", frozenset({"manager"})),
    "symbiosis_exchange": ("get", frozenset({"manager"})),
    "symbiosis_network": ("get", REVIEWERS),
    "toolbox_index": ("get", EVERYONE),
    "toolbox_measures": ("get", EVERYONE),
    "toolbox_cases": ("get", EVERYONE),
    "toolbox_measure": ("get", EVERYONE),
    "toolbox_case": ("get", EVERYONE),
    "toolbox_roadmap": ("get", REVIEWERS),
    "toolbox_hybrid": ("get", SIGNED_IN),
    # certification (the URLs name an application of north-park in audit by "auditor")
    "certification": ("get", REVIEWERS),
    "certification_apply": ("post", frozenset({"manager"})),
    "application_detail": ("get", REVIEWERS),
    "application_check": ("post", frozenset({"certification_body"})),
    "application_assign": ("post", frozenset({"certification_body"})),
    "application_decide": ("post", frozenset({"certification_body"})),
    "application_review": ("post", frozenset({"auditor"})),
    "application_accept_remaining": ("get", frozenset({"auditor"})),
    "application_finding": ("post", frozenset({"auditor"})),
    "application_recommend": ("post", frozenset({"auditor"})),
    "finding_close": ("post", frozenset({"auditor"})),
    "finding_answer": ("post", frozenset({"manager"})),
    "evidence_upload": ("post", frozenset({"manager"})),
    "evidence_download": ("get", REVIEWERS),
    "application_resubmit": ("post", frozenset({"manager"})),
    "application_withdraw": ("post", frozenset({"manager"})),
    "deadlines": ("get", frozenset({"certification_body"})),
    "apply_deadlines": ("post", frozenset({"certification_body"})),
    "certificate_reinstate": ("post", frozenset({"certification_body"})),
    "certificate_withdraw": ("post", frozenset({"certification_body"})),
    "verify": ("get", EVERYONE),
    "verify_certificate": ("get", EVERYONE),
    "certificate_pdf": ("get", EVERYONE),
    "certificate_json": ("get", EVERYONE),
    "signing_certificate": ("get", EVERYONE),
    "audit_head": ("get", EVERYONE),
    "api-1:api_verify": ("get", EVERYONE),
    # the API: same rules
    "api-1:api_areas": ("get", SIGNED_IN),
    "api-1:api_area": ("get", AREA_PEOPLE),
    "api-1:api_companies": ("get", AREA_PEOPLE),
    "api-1:api_company": ("get", OWN_COMPANY),
    "api-1:api_submissions": ("get", REVIEWERS),
    "api-1:api_submit": ("post", frozenset({"manager"})),
    "api-1:api_version": ("get", REVIEWERS),
    "api-1:api_job": ("get", frozenset({"manager"})),
    "api-1:api_job_file": ("get", frozenset({"manager"})),
    "api-1:api_report": ("post", REVIEWERS),
    "api-1:api_assessment": ("get", AREA_PEOPLE),
    "api-1:api_registry": ("get", EVERYONE),
    "api-1:api_submission_schema": ("get", EVERYONE),
    "api-1:openapi-json": ("get", EVERYONE),
    "api-1:openapi-view": ("get", EVERYONE),
    "api-1:api-root": ("get", EVERYONE),
}
#: Django's admin checks staff status itself (tested below)
SKIPPED_NAMESPACES = ("admin",)


def url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str = "") -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in SKIPPED_NAMESPACES:
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(namespace + pattern.name)

    walk(get_resolver().url_patterns)
    return names


def _a_flow(platform: Platform) -> int:
    """An offer of company alpha (the withdraw URL names one)."""
    from gia.web.actions.symbiosis import do_post_flow

    fields = {"kind": "offer", "category": "fgd_gypsum", "quantity_per_year": 100, "unit": "t"}
    location = {"longitude": 12.1, "latitude": 54.1}
    return do_post_flow(platform.users["manager"], platform.company, {**fields, **location}).pk


def url_for(name: str, platform: Platform, token_id: int, workflow: dict[str, Any]) -> str:
    area, company, version = platform.area.slug, platform.company.slug, platform.version.number
    arguments: dict[str, dict[str, Any]] = {
        "public_area": {"area": area},
        "accept_invitation": {"token": "not-a-valid-token"},
        "token_revoke": {"token_id": token_id},
        "area_detail": {"area": area},
        "area_edit": {"area": area},
        "invite": {"area": area},
        "area_access": {"area": area},
        "company_create": {"area": area},
        "company_detail": {"area": area, "company": company},
        "company_edit": {"area": area, "company": company},
        "series_download": {"area": area, "year": YEAR, "name": "meters.csv"},
        "api-1:api_area": {"area": area},
        "api-1:api_companies": {"area": area},
        "api-1:api_company": {"area": area, "company": company},
        "api-1:api_submissions": {"area": area},
        "api-1:api_submit": {"area": area, "year": YEAR},
        "api-1:api_version": {"area": area, "year": YEAR, "version": version},
        "api-1:api_report": {"area": area, "year": YEAR, "version": version},
        "api-1:api_assessment": {"area": area, "year": YEAR},
        "provenance": {"area": area, "year": YEAR, "number": version, "criterion": "EN-01"},
        "symbiosis_board": {"area": area},
        "symbiosis_matches": {"area": area},
        "symbiosis_introduce": {"area": area},
        "symbiosis_exchange": {"area": area},
        "symbiosis_network": {"area": area, "year": YEAR},
        "symbiosis_flows": {"area": area, "company": company},
        "symbiosis_withdraw": {"area": area, "company": company, "flow": _a_flow(platform)},
        "toolbox_measure": {"measure": "pv_rooftop"},
        "toolbox_case": {"case_id": "kalundborg-symbiosis-benefits"},
    }
    if name in arguments:
        return reverse(name, kwargs=arguments[name])
    if name in {"certification", "certification_apply"}:
        return reverse(name, kwargs={"area": area})
    if name in {"finding_answer", "finding_close"}:
        return reverse(
            name, kwargs={"application": workflow["application"].pk, "finding": workflow["finding"].pk}
        )
    if name == "evidence_download":
        return reverse(
            name, kwargs={"application": workflow["application"].pk, "evidence": workflow["evidence"].pk}
        )
    if name.startswith("application_") or name == "evidence_upload":
        return reverse(name, kwargs={"application": workflow["application"].pk})
    if name in {
        "verify_certificate",
        "certificate_pdf",
        "certificate_json",
        "certificate_reinstate",
        "certificate_withdraw",
    }:
        return reverse(name, kwargs={"certificate": workflow["certificate"].number})
    if name in {"job", "job_status", "job_retry", "api-1:api_job"}:
        return reverse(name, kwargs={"job": workflow["job"].pk})
    if name in {"job_file", "api-1:api_job_file"}:
        return reverse(name, kwargs={"job": workflow["report_job"].pk})
    if name == "api-1:api_verify":
        return reverse(name, kwargs={"number": workflow["certificate"].number})
    year_pages = {
        "year_detail",
        "area_data",
        "area_template",
        "area_upload",
        "series_upload",
        "submit",
        "dashboard",
        "toolbox_roadmap",
    }
    if name in year_pages:
        return reverse(name, kwargs={"area": area, "year": YEAR})
    if name in {"company_data", "company_template", "company_upload", "company_handover"}:
        return reverse(name, kwargs={"area": area, "company": company, "year": YEAR})
    if name == "company_section":
        return reverse(name, kwargs={"area": area, "company": company, "year": YEAR, "section": "fuels"})
    if name == "area_section":
        return reverse(name, kwargs={"area": area, "year": YEAR, "section": "plans"})
    if name in {"version_detail", "version_document", "version_dashboard", "report"}:
        return reverse(name, kwargs={"area": area, "year": YEAR, "number": version})
    return reverse(name)


def certification_objects(platform: Platform) -> dict[str, Any]:
    """An application in audit (auditor "auditor"), a finding, a piece of evidence and a certificate."""
    import datetime as dt
    import io

    from gia.web.actions import certification as workflow
    from gia.web.models import Certificate

    application = workflow.do_apply(platform.users["manager"], platform.area, "certificate", platform.version)
    application.state = "complete"  # as after a passed completeness check
    application.save()
    workflow.do_assign_auditor(platform.users["certification_body"], application, platform.users["auditor"])
    application.refresh_from_db()
    finding = workflow.do_raise_finding(
        platform.users["auditor"],
        application,
        "minor",
        "label missing",
        dt.date.today() + dt.timedelta(days=9),
    )
    evidence = workflow.do_upload_evidence(
        platform.users["manager"],
        application,
        "EN-01",
        io.BytesIO(b"%PDF-1.7 x"),
        10,
        "bill.pdf",
        "application/pdf",
    )
    # a certificate record as the workflow leaves it (the grant path itself is tested in test_certification)
    certificate = Certificate.objects.create(
        number="GIA-DE-2026-9999",
        area=platform.area,
        version=platform.version,
        level="bronze",
        edition="gia-2026.1",
        country_profile="DE",
        valid_from=dt.date.today(),
        valid_to=dt.date.today() + dt.timedelta(days=1000),
        status="suspended",
    )
    # a submission of the manager's that failed (trying it again finds nothing changed)
    from gia.web.actions.submissions import current_document
    from gia.web.models import Job

    job = Job.objects.create(
        kind=Job.Kind.SUBMIT,
        actor=platform.users["manager"],
        area=platform.area,
        year=YEAR,
        params={"document": current_document(platform.area, YEAR), "note": ""},
        fingerprint="walk",
        state=Job.State.FAILED,
        error={"title": "The data cannot be submitted yet", "problems": []},
    )
    from gia.web import files

    files.save("jobs/walk/report.pdf", b"%PDF-1.7 walk")
    report_job = Job.objects.create(
        kind=Job.Kind.REPORT,
        actor=platform.users["manager"],
        area=platform.area,
        year=YEAR,
        params={"version": platform.version.pk, "annex": False},
        fingerprint="walk-report",
        state=Job.State.DONE,
        result={"file": "jobs/walk/report.pdf", "filename": "report.pdf", "content_type": "application/pdf"},
    )
    return {
        "application": application,
        "finding": finding,
        "evidence": evidence,
        "certificate": certificate,
        "job": job,
        "report_job": report_job,
    }


def test_every_endpoint_has_an_expected_rule() -> None:
    assert url_names() == set(EXPECTED), "add the new URL to EXPECTED with the roles that may open it"


def denied(response: Any, role: str, url: str, expected: bool = False) -> bool:
    """Refused: 403 for a signed-in user, or 404 where the page is about an area they may not know of
    (answered like a missing one); 401 (API) or a redirect to the login page for anonymous."""
    if response.status_code in (401, 403) or (expected and response.status_code == 404 and role != "anonymous"):
        return True
    location = response.headers.get("Location", "")
    return role == "anonymous" and response.status_code == 302 and "/accounts/login/" in location


@pytest.mark.django_db
def test_every_endpoint_for_every_role(platform: Platform) -> None:
    from gia.web.actions.accounts import do_create_api_token

    token, _raw = do_create_api_token(platform.users["manager"], "ci")
    workflow = certification_objects(platform)
    wrong = []
    for name, (method, allowed) in sorted(EXPECTED.items()):
        url = url_for(name, platform, token.pk, workflow)
        for role in ROLES:
            client = platform.client(role)
            if method == "post":
                response = (
                    client.post(url, {}, content_type="application/json")
                    if name.startswith("api-1:")
                    else client.post(url, {})
                )
            else:
                response = client.get(url)
            expected_denied = role not in allowed
            if denied(response, role, url, expected_denied) != expected_denied or response.status_code >= 500:
                wrong.append(f"{role:18} {method.upper()} {url} → {response.status_code}")
            if "Content-Security-Policy" not in response.headers:  # every answer, refusals too
                wrong.append(f"{role:18} {method.upper()} {url} → no Content-Security-Policy")
    assert not wrong, "unexpected access:\n" + "\n".join(wrong)


@pytest.mark.django_db
def test_a_company_cannot_read_another_companys_data(platform: Platform) -> None:
    other = platform.client("contributor_other")  # contributes to beta, not alpha
    area, alpha = platform.area.slug, platform.company.slug
    for url in (
        reverse("company_data", kwargs={"area": area, "company": alpha, "year": YEAR}),
        reverse("company_template", kwargs={"area": area, "company": alpha, "year": YEAR}),
        reverse("api-1:api_company", kwargs={"area": area, "company": alpha}),
        reverse("api-1:api_version", kwargs={"area": area, "year": YEAR, "version": 1}),
    ):
        assert other.get(url).status_code == 403, url
    # its own company's page works, and the area's list shows only its own company
    own = reverse("company_data", kwargs={"area": area, "company": "beta", "year": YEAR})
    assert other.get(own).status_code == 200
    listed = other.get(reverse("api-1:api_companies", kwargs={"area": area})).json()
    assert [c["id"] for c in listed] == ["beta"]
    # the dashboard shows the area's aggregates, not a link to the chains behind them
    page = other.get(reverse("dashboard", kwargs={"area": area, "year": YEAR})).content.decode()
    assert "criteria/EN-01/" not in page


@pytest.mark.django_db
def test_a_company_cannot_write_another_companys_data(platform: Platform) -> None:
    other = platform.client("contributor_other")
    url = reverse("company_data", kwargs={"area": platform.area.slug, "company": "alpha", "year": YEAR})
    response = other.post(url, {"employees": "5"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_the_admin_is_for_staff_only(platform: Platform) -> None:
    for role in ROLES:
        response = platform.client(role).get("/admin/")
        assert response.status_code == 302, role  # only staff get in; no fixture user is staff
    platform.users["certification_body"].is_staff = True
    platform.users["certification_body"].save()
    assert platform.client("certification_body").get("/admin/").status_code == 200


@pytest.mark.django_db
def test_api_tokens_authenticate_machine_clients(platform: Platform) -> None:
    from django.test import Client

    from gia.web.actions.accounts import do_create_api_token, do_revoke_api_token

    token, raw = do_create_api_token(platform.users["manager"], "script")
    client = Client()
    url = reverse("api-1:api_submissions", kwargs={"area": platform.area.slug})
    assert client.get(url).status_code == 401
    assert client.get(url, headers={"Authorization": "Bearer wrong"}).status_code == 401
    response = client.get(url, headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    assert response.json()[0]["version"] == 1
    other_area = reverse("api-1:api_submissions", kwargs={"area": platform.other_area.slug})
    # an area the manager does not manage is not found, like one that does not exist
    assert client.get(other_area, headers={"Authorization": f"Bearer {raw}"}).status_code == 404
    do_revoke_api_token(platform.users["manager"], token.pk)
    assert client.get(url, headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_a_view_without_a_rule_is_refused(rf: Any) -> None:
    from django.core.exceptions import PermissionDenied
    from django.http import HttpResponse

    from gia.web.middleware import DenyUnlessRuleMiddleware

    def unruled(request: Any) -> HttpResponse:
        return HttpResponse("secret")

    request = rf.get("/somewhere/")
    request.resolver_match = None
    middleware = DenyUnlessRuleMiddleware(lambda r: HttpResponse())
    with pytest.raises(PermissionDenied):
        middleware.process_view(request, unruled, (), {})


@pytest.mark.django_db
def test_whether_an_area_exists_is_told_only_to_those_who_may_see_it(platform: Platform) -> None:
    """Existing but forbidden and not existing answer alike: 404 signed in, the sign-in page signed out;
    someone who may see the area but not this page of it gets the refusal (403) that says whom to ask."""
    hidden, missing = platform.other_area.slug, "no-such-area"
    pages = [
        ("area_detail", {}),
        ("year_detail", {"year": YEAR}),
        ("dashboard", {"year": YEAR}),
        ("api-1:api_area", {}),
        ("api-1:api_submissions", {}),
    ]
    outsider = platform.client("manager")  # manages platform.area, not the other one
    anonymous = platform.client("anonymous")
    for name, kwargs in pages:
        answers = []
        for slug in (hidden, missing):
            url = reverse(name, kwargs={"area": slug, **kwargs})
            signed_in, signed_out = outsider.get(url), anonymous.get(url)
            answers.append((signed_in.status_code, signed_out.status_code, signed_out.headers.get("Location", "")[:17]))
        assert answers[0] == answers[1], f"{name}: {answers}"
        assert answers[0][0] == 404, name
    # the area's own contributor may see the area, not its year's data: refused, with whom to ask
    refused = platform.client("contributor").get(reverse("year_detail", kwargs={"area": platform.area.slug, "year": YEAR}))
    assert refused.status_code == 403
