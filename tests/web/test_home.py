"""Each role's home: what waits for them and the next step; the area page; the menu per role; the
pages for refusals, missing pages and failures."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse

from gia.web import queues
from gia.web.actions import certification as workflow
from gia.web.actions.submissions import do_replace_draft, do_save_company_data, do_submit
from gia.web.models import Application, Certificate, Draft
from tests.web.conftest import YEAR, Platform, audit_assigned, year_document

TODAY = dt.date(2026, 11, 27)


def in_audit(platform: Platform) -> Application:
    application = workflow.do_apply(platform.users["manager"], platform.area, "certificate", platform.version)
    application.state = Application.State.COMPLETE  # as after a passed completeness check
    application.save()
    return workflow.do_assign_auditor(
        platform.users["certification_body"], application, platform.users["auditor"]
    )


def page(platform: Platform, role: str, url: str) -> tuple[int, str]:
    response = platform.client(role).get(url)
    return response.status_code, response.content.decode()


# --- the area manager ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_managers_next_step_follows_the_year_and_the_application(platform: Platform) -> None:
    manager = platform.users["manager"]
    state = queues.area_state(platform.area, TODAY)
    assert (state.year, state.draft_state, state.version.number) == (YEAR, "submitted", 1)
    submitted_step = queues.manager_step(state)
    assert submitted_step is not None
    if state.level:  # the fixture's data earns a level: applying is next
        assert submitted_step.label == "Apply for the certificate"
        assert submitted_step.url == reverse("certification", kwargs={"area": "north-park"}) + "#apply"
    else:  # no level: the next year's data is next
        assert submitted_step.label == "Enter the 2025 data"

    # a change after the submission: submitting the changes is next
    document = year_document("north-park")
    document["companies"][1]["electricity_purchases"] = [{"amount_kwh": "1 GWh", "instrument": "none"}]
    do_replace_draft(manager, platform.area, YEAR, document, "test")
    state = queues.area_state(platform.area, TODAY)
    assert state.draft_state == "changed"
    assert queues.manager_step(state).label == "Submit the changes to 2024"

    # in audit with an open finding: answering it comes first
    do_submit(manager, platform.area, YEAR, "second")
    application = in_audit(platform)
    soon = dt.date.today() + dt.timedelta(days=10)
    workflow.do_raise_finding(platform.users["auditor"], application, "minor", "label missing", soon)
    workflow.do_raise_finding(
        platform.users["auditor"], application, "major", "meter missing", soon + dt.timedelta(days=1)
    )
    state = queues.area_state(platform.area, TODAY)
    step = queues.manager_step(state)
    assert step.label == "Answer 2 findings"
    assert step.url == reverse("application_detail", kwargs={"application": application.pk})
    assert [d.text for d in state.deadlines] == [
        "Finding to answer: label missing",
        "Finding to answer: meter missing",
    ]


@pytest.mark.django_db
def test_a_new_year_shows_which_companies_have_entered_data(platform: Platform) -> None:
    manager = platform.users["manager"]
    state = queues.area_state(platform.other_area, TODAY)  # south-park: one company, nothing entered
    assert state.draft_state == "none"
    assert queues.manager_step(state).label == "Enter the 2025 data"
    do_save_company_data(
        manager,
        platform.area,
        2025,
        platform.company,
        {"electricity_purchases": [{"amount_kwh": "1 GWh", "instrument": "none"}]},
        "form",
    )
    assert Draft.objects.filter(area=platform.area, year=2025).exists()
    state = queues.area_state(platform.area, TODAY)
    assert (state.year, state.draft_state) == (2025, "draft")
    # Alpha entered new figures; Beta had none in 2024 and has none yet
    assert (state.completeness.entered, state.completeness.carried_over) == (["Alpha"], [])
    assert state.completeness.empty == ["Beta"]
    assert queues.manager_step(state).label == "Enter the 2025 data"
    html = platform.client("manager").get(reverse("workspace")).content.decode()
    assert "1 of 2 companies have entered data for this year" in html
    assert "not yet: Beta" in html


@pytest.mark.django_db
def test_the_managers_home_shows_each_area_with_its_next_step(platform: Platform) -> None:
    status, html = page(platform, "manager", reverse("workspace"))
    assert status == 200
    assert 'id="home-manager"' in html
    assert "Area north-park" in html
    assert "2024: submitted as version 1" in html
    for other in ('id="home-certification-body"', 'id="home-auditor"', 'id="home-company"'):
        assert other not in html
    assert 'class="button"' in html  # the next step


# --- the company contributor ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_contributor_is_sent_to_the_open_year_of_its_company(platform: Platform) -> None:
    # the draft of 2024 is submitted as it stands: the next year is open
    assert queues.open_year(platform.area, TODAY) == YEAR + 1
    rows = queues.contributor_companies(platform.users["contributor"], TODAY)
    # the new year's form starts from the data of 2024: carried over, to be checked
    assert [(r.company.slug, r.year, r.data_state, r.dashboard_year) for r in rows] == [
        ("alpha", 2025, "carried_over", 2024)
    ]
    assert rows[0].step.url == reverse(
        "company_data", kwargs={"area": "north-park", "company": "alpha", "year": 2025}
    )
    assert rows[0].step.label == "Check and update your company's data for 2025"
    # a draft changed after its submission is the open year again
    document = year_document("north-park")
    document["companies"][1]["employees"] = 60
    do_replace_draft(platform.users["manager"], platform.area, YEAR, document, "test")
    assert queues.open_year(platform.area, TODAY) == YEAR
    row = queues.contributor_companies(platform.users["contributor"], TODAY)[0]
    assert (row.year, row.data_state, row.step.label) == (
        YEAR,
        "entered",
        "Check your company's data for 2024",
    )

    _status, html = page(platform, "contributor", reverse("workspace"))
    assert 'id="home-company"' in html
    assert reverse("dashboard", kwargs={"area": "north-park", "year": YEAR}) in html
    assert 'id="home-manager"' not in html


# --- the auditor --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_auditor_sees_what_waits_in_each_assigned_application(platform: Platform) -> None:
    auditor = platform.users["auditor"]
    assert queues.assigned_audits(auditor) == []
    application = in_audit(platform)
    [audit] = queues.assigned_audits(auditor)
    assert audit.criteria > 10
    assert audit.unreviewed == audit.criteria
    assert audit.step.label == f"Review {audit.criteria} criteria"

    workflow.do_review_criterion(auditor, application, "EN-01", "accepted")
    workflow.do_review_criterion(auditor, application, "EN-02", "evidence_requested", reason="bills?")
    [audit] = queues.assigned_audits(auditor)
    assert (audit.unreviewed, audit.evidence_waiting, audit.evidence_answered) == (audit.criteria - 1, 1, 0)
    assert audit.step.label == f"Review {audit.criteria - 2} criteria"

    workflow.do_upload_evidence(
        platform.users["manager"],
        application,
        "EN-02",
        io.BytesIO(b"%PDF-1.7 x"),
        10,
        "bill.pdf",
        "application/pdf",
    )
    [audit] = queues.assigned_audits(auditor)
    assert (audit.evidence_waiting, audit.evidence_answered) == (0, 1)
    assert audit.step.label == "Look at the evidence sent for 1 criterion"
    # and the manager's evidence request is answered: no longer their next step
    assert queues.area_state(platform.area, TODAY).evidence_requests == 0

    _status, html = page(platform, "auditor", reverse("workspace"))
    assert 'id="home-auditor"' in html
    assert "Look at the evidence sent for 1 criterion" in html
    # another auditor has nothing assigned
    assert queues.assigned_audits(platform.users["auditor_b"]) == []


# --- the certification body ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_certification_body_sees_applications_by_step_and_deadlines(platform: Platform) -> None:
    body = platform.users["certification_body"]
    application = workflow.do_apply(platform.users["manager"], platform.area, "certificate", platform.version)
    queue = queues.certification_queue(TODAY)
    assert queue.completeness_check == [application]
    assert queue.auditor_needed == queue.decision_needed == []
    Application.objects.filter(pk=application.pk).update(state=Application.State.COMPLETE)
    assert queues.certification_queue(TODAY).auditor_needed == [application]

    expiring = Certificate.objects.create(
        number="GIA-DE-2026-0100",
        area=platform.area,
        version=platform.version,
        level="bronze",
        edition="gia-2026.1",
        country_profile="DE",
        valid_from=TODAY - dt.timedelta(days=1000),
        valid_to=TODAY + dt.timedelta(days=60),
        corrective_until=TODAY + dt.timedelta(days=20),
    )
    Certificate.objects.create(
        number="GIA-DE-2026-0101",
        area=platform.other_area,
        version=platform.version,
        level="bronze",
        edition="gia-2026.1",
        country_profile="DE",
        valid_from=TODAY,
        valid_to=TODAY + dt.timedelta(days=1000),
    )
    queue = queues.certification_queue(TODAY)
    assert queue.expiring == [expiring]
    assert queue.corrective == [expiring]

    _status, html = page(platform, "certification_body", reverse("workspace"))
    assert 'id="home-certification-body"' in html
    assert "GIA-DE-2026-0100" in html
    assert reverse("application_detail", kwargs={"application": application.pk}) in html
    assert body.pk  # the body holds no area membership and still sees every area
    assert "Area south-park" in html


# --- the area page --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_area_page_shows_the_state_and_only_what_the_role_may_do(platform: Platform) -> None:
    url = reverse("area_detail", kwargs={"area": "north-park"})
    status, html = page(platform, "manager", url)
    assert status == 200
    assert "Where the area stands" in html and 'id="next-step"' in html
    assert reverse("area_edit", kwargs={"area": "north-park"}) in html

    status, html = page(platform, "contributor", url)
    assert status == 200
    assert reverse("company_data", kwargs={"area": "north-park", "company": "alpha", "year": 2025}) in html
    for hidden in ("area_edit", "invite", "certification", "company_create"):
        assert reverse(hidden, kwargs={"area": "north-park"}) not in html, hidden
    assert 'href="' + reverse("year_detail", kwargs={"area": "north-park", "year": YEAR}) + '"' not in html

    audit_assigned(platform)
    status, html = page(platform, "auditor", url)
    assert reverse("certification", kwargs={"area": "north-park"}) in html
    assert reverse("area_edit", kwargs={"area": "north-park"}) not in html
    assert "Start 2025" not in html  # only the managers start a year


# --- the menu ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "tokens", "deadlines"),
    [
        ("certification_body", True, True),
        ("manager", True, False),
        ("auditor", False, False),
        ("contributor", False, False),
    ],
)
def test_the_menu_offers_only_what_the_role_uses(
    platform: Platform, role: str, tokens: bool, deadlines: bool
) -> None:
    _status, html = page(platform, role, reverse("workspace"))
    nav = html[html.index("<nav") : html.index("</nav>")]
    assert (reverse("tokens") in nav) is tokens
    assert (reverse("deadlines") in nav) is deadlines
    assert reverse("workspace") in nav
    assert 'aria-current="page"' in nav


@pytest.mark.django_db
def test_the_tokens_page_shows_the_header_literally(platform: Platform) -> None:
    _status, html = page(platform, "manager", reverse("tokens"))
    assert "Authorization: Bearer &lt;token&gt;" in html


# --- refusals, missing pages, failures ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_refusal_says_why_and_whom_to_ask(platform: Platform) -> None:
    status, html = page(
        platform, "contributor", reverse("year_detail", kwargs={"area": "north-park", "year": YEAR})
    )
    assert status == 403
    assert '<nav aria-label="Main">' in html  # the site's page, with its navigation
    assert "You are signed in as contributor@example.org" in html
    assert "company contributor — Alpha" in html
    assert "This page is for the area&#x27;s managers, its auditors and the certification body." in html
    assert "ask the manager of Area north-park" in html
    assert "mailto:manager@example.org" in html
    assert reverse("workspace") in html
    # the criterion details and the PDF report: the same page
    for url in (
        reverse("provenance", kwargs={"area": "north-park", "year": YEAR, "number": 1, "criterion": "EN-01"}),
        reverse("report", kwargs={"area": "north-park", "year": YEAR, "number": 1}),
    ):
        status, html = page(platform, "contributor", url)
        assert status == 403 and "This page is not open to you" in html, url


@pytest.mark.django_db
def test_a_refusal_names_an_areas_people_only_to_those_who_work_on_it(platform: Platform) -> None:
    status, html = page(platform, "manager_b", reverse("area_detail", kwargs={"area": "north-park"}))
    assert status == 404  # an area one may not see is not found, like one that does not exist
    assert "manager@example.org" not in html and "Area north-park" not in html
    # the manager refused a page for the certification body is sent to the certification body
    status, html = page(platform, "manager", reverse("deadlines"))
    assert status == 403
    assert "This page is for the certification body." in html


@pytest.mark.django_db
def test_a_missing_page_is_the_sites_page(platform: Platform) -> None:
    status, html = page(platform, "anonymous", "/no-such-page/")
    assert status == 404
    assert "Page not found" in html and '<nav aria-label="Main">' in html
    status, html = page(platform, "manager", reverse("area_detail", kwargs={"area": "no-such-area"}))
    assert status == 404 and reverse("workspace") in html


@pytest.mark.django_db
def test_development_shows_the_sites_404_page_not_the_url_list(platform: Platform, settings: Any) -> None:
    settings.DEBUG = True
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "gia.web.views.errors.DevelopmentNotFoundMiddleware"]
    for url in ("/no-such-page/", reverse("area_detail", kwargs={"area": "no-such-area"})):
        status, html = page(platform, "manager", url)
        assert status == 404
        assert "Page not found" in html and "URLconf" not in html, url


def test_the_server_error_page_needs_no_database(rf: Any) -> None:
    # no django_db mark: any query would fail this test
    from gia.web.views.errors import server_error

    response = server_error(rf.get("/app/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html and '<nav aria-label="Main">' in html
