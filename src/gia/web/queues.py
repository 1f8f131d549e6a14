"""What waits for whom: the lists on each role's home page and the state of an area, by plain queries.

The signed-in home (``/app/``) shows one block per role a user holds: the area manager's areas with
their current reporting year and next step, the company contributor's open year, the auditor's
assigned applications with what waits in each, and the certification body's queue and deadlines.
The area page shows the same state of one area. Nothing here writes; templates only display.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gia.web.actions.certification import OPEN_STATES
from gia.web.models import (
    Application,
    Area,
    AssessmentRecord,
    Certificate,
    Company,
    CriterionReview,
    Draft,
    Finding,
    Membership,
    Role,
    SubmissionVersion,
)
from gia.web.permissions import can, roles

#: a certificate "expires soon" within this many days (the certification body plans the renewal audit)
EXPIRY_WARNING_DAYS = 90


@dataclass(frozen=True)
class Step:
    """A next action: what to do, in words, and where to do it."""

    label: str
    url: str


@dataclass(frozen=True)
class Deadline:
    day: dt.date
    text: str
    url: str = ""


def reporting_year(today: dt.date) -> int:
    """The year whose data is due now: the last complete calendar year."""
    return today.year - 1


# --- completeness of a year's draft ------------------------------------------------------------------
# Kept apart on purpose: today it knows which companies have entered data for the year (and which
# only carry last year's data over); per-section completeness (the area's own sections, each
# company's sections) extends :class:`Completeness` and :func:`draft_completeness` without touching
# the pages that show it (``gia/_completeness.html``).

#: what a company's entry holds whether or not anyone entered data: its identity and the defaults
NOT_DATA_KEYS = frozenset({"id", "name", "nace", "employees", "role", "reported", "data_consent"})
#: a company's data for a year: entered (new or changed), carried over unchanged from the year before, none
ENTERED, CARRIED_OVER, EMPTY = "entered", "carried_over", "empty"


def _filled(value: Any) -> bool:
    if value is None or value is False:
        return False
    if isinstance(value, (int, float)):
        return value != 0
    if isinstance(value, (str, list, dict)):
        return len(value) > 0
    return True


def _data_of(entry: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in entry.items() if key not in NOT_DATA_KEYS}


def company_data_state(entry: dict[str, Any], previous_entry: dict[str, Any] | None) -> str:
    """Whether a company's entry for a year holds data it entered, last year's data carried over as it
    was (a new year starts from the latest submitted data), or nothing beyond its identity."""
    data = _data_of(entry)
    if not any(_filled(value) for value in data.values()):
        return EMPTY
    if previous_entry is not None and data == _data_of(previous_entry):
        return CARRIED_OVER
    return ENTERED


def year_entries(
    draft: Draft | None, previous: SubmissionVersion | None
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The companies' entries of a year as its form shows them (the draft's, or where there is no draft
    yet, the previous submitted year's they start from), and the previous year's entries."""
    before = {c.get("id"): c for c in (previous.data().get("companies", []) if previous else [])}
    now = {c.get("id"): c for c in ((draft.data or {}).get("companies", []) if draft else before.values())}
    return now, before


@dataclass
class Completeness:
    """How far a year's draft is: the companies that entered data for it, those whose data is last
    year's carried over unchanged, and those without data."""

    companies: int = 0
    entered: list[str] = field(default_factory=list)
    carried_over: list[str] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)
    previous_year: int | None = None

    @property
    def complete(self) -> bool:
        return self.companies > 0 and not self.empty and not self.carried_over

    @property
    def not_entered(self) -> list[str]:
        return self.carried_over + self.empty

    @property
    def missing_preview(self) -> list[str]:
        """The first few companies that did not enter data yet (the page names them; the rest are counted)."""
        return self.not_entered[:5]

    @property
    def missing_more(self) -> int:
        return max(0, len(self.not_entered) - 5)


def draft_completeness(area: Area, draft: Draft | None, previous: SubmissionVersion | None) -> Completeness:
    """Which of the area's companies entered data for the year of ``draft`` (``previous``: the latest
    submitted version of an earlier year, which a new year starts from)."""
    now, before = year_entries(draft, previous)
    result = Completeness(previous_year=previous.year if previous else None)
    for company in area.companies.order_by("name"):
        result.companies += 1
        state = company_data_state(now.get(company.slug, {}), before.get(company.slug))
        {ENTERED: result.entered, CARRIED_OVER: result.carried_over, EMPTY: result.empty}[state].append(
            company.name
        )
    return result


# --- one area's state ---------------------------------------------------------------------------------


@dataclass
class AreaState:
    """Where an area stands: its current reporting year, the draft, the level, the application, deadlines."""

    area: Area
    today: dt.date
    year: int
    #: none (nothing entered), draft (never submitted), changed (edited since the last version), submitted
    draft_state: str
    draft: Draft | None
    version: SubmissionVersion | None
    #: the latest submitted version of any year, and its assessment (English: the level's id)
    latest_version: SubmissionVersion | None
    assessment: AssessmentRecord | None
    completeness: Completeness
    application: Application | None
    certificate: Certificate | None
    open_findings: int = 0
    evidence_requests: int = 0
    deadlines: list[Deadline] = field(default_factory=list)

    @property
    def level(self) -> str:
        return self.assessment.level if self.assessment else ""

    @property
    def stage(self) -> str:
        return (self.assessment.summary or {}).get("stage", "certificate") if self.assessment else ""

    @property
    def application_status(self) -> str:
        return application_waits_for(self.application) if self.application else ""

    @property
    def next_year(self) -> int:
        return reporting_year(self.today)

    @property
    def draft_status(self) -> str:
        """The year's draft in words."""
        if self.draft_state == "none":
            return _("No data entered for {year} yet.").format(year=self.year)
        if self.draft_state == "draft":
            return _("{year}: a draft, not submitted yet.").format(year=self.year)
        assert self.version is not None
        if self.draft_state == "changed":
            return _("{year}: changed since version {number}, not submitted yet.").format(
                year=self.year, number=self.version.number
            )
        return _("{year}: submitted as version {number} on {day}.").format(
            year=self.year, number=self.version.number, day=_day(self.version.submitted.date())
        )


def _day(day: dt.date) -> str:
    from django.utils.formats import date_format

    return date_format(day, "SHORT_DATE_FORMAT")


def _unchanged(area: Area, year: int, version: SubmissionVersion) -> bool:
    from gia.web.actions.submissions import current_document
    from gia.web.progress import unchanged_since

    return unchanged_since(version, current_document(area, year))


def area_state(area: Area, today: dt.date) -> AreaState:
    """The state of ``area`` on ``today`` (a handful of queries)."""
    drafts = {d.year: d for d in Draft.objects.filter(area=area)}
    versions = list(SubmissionVersion.objects.filter(area=area).order_by("-year", "-number"))
    years = set(drafts) | {v.year for v in versions}
    year = max(years) if years else reporting_year(today)
    draft = drafts.get(year)
    version = next((v for v in versions if v.year == year), None)
    if draft is None and version is None:
        draft_state = "none"
    elif version is None:
        draft_state = "draft"
    elif draft is not None and draft.updated > version.submitted and not _unchanged(area, year, version):
        draft_state = "changed"  # saved since, and different (a form saved as it was changes nothing)
    else:
        draft_state = "submitted"
    latest = versions[0] if versions else None
    assessment = AssessmentRecord.objects.of(latest) if latest else None
    application = (
        Application.objects.filter(area=area, state__in=OPEN_STATES)
        .select_related("version", "auditor")
        .first()
    )
    certificate = (
        Certificate.objects.filter(area=area, status=Certificate.Status.VALID, valid_to__gte=today)
        .order_by("-valid_from")
        .first()
    )
    state = AreaState(
        area=area,
        today=today,
        year=year,
        draft_state=draft_state,
        draft=draft,
        version=version,
        latest_version=latest,
        assessment=assessment,
        completeness=draft_completeness(area, draft, next((v for v in versions if v.year < year), None)),
        application=application,
        certificate=certificate,
    )
    if application is not None:
        findings = list(application.findings.filter(status=Finding.Status.OPEN).order_by("deadline"))
        state.open_findings = len(findings)
        state.evidence_requests = len(unanswered_evidence_requests(application))
        link = reverse("application_detail", kwargs={"application": application.pk})
        state.deadlines += [
            Deadline(f.deadline, _("Finding to answer: {text}").format(text=_short(f.text)), link)
            for f in findings
        ]
    for cert in Certificate.objects.filter(area=area, status=Certificate.Status.VALID, valid_to__gte=today):
        if cert.corrective_until:
            state.deadlines.append(
                Deadline(
                    cert.corrective_until,
                    _(
                        "Corrective period of certificate {number} ends: submit data that passes every gate."
                    ).format(number=cert.number),
                )
            )
        if cert.valid_to <= today + dt.timedelta(days=EXPIRY_WARNING_DAYS):
            state.deadlines.append(
                Deadline(
                    cert.valid_to,
                    _("Certificate {number} expires: apply for its renewal.").format(number=cert.number),
                )
            )
    suspended = Certificate.objects.filter(area=area, status=Certificate.Status.SUSPENDED).first()
    if suspended is not None and certificate is None:
        state.deadlines.append(
            Deadline(
                today,
                _("Certificate {number} is suspended until data passing every gate is submitted.").format(
                    number=suspended.number
                ),
            )
        )
    state.deadlines.sort(key=lambda d: d.day)
    return state


def _short(text: str, length: int = 80) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def unanswered_evidence_requests(application: Application) -> list[str]:
    """The criteria whose evidence the auditor requested and no file answered since."""
    return [
        review.criterion
        for review in application.reviews.filter(verdict=CriterionReview.Verdict.EVIDENCE_REQUESTED)
        if not application.evidence.filter(criterion=review.criterion, uploaded__gt=review.at).exists()
    ]


def answered_evidence_requests(application: Application) -> list[str]:
    """The criteria whose requested evidence has arrived since the request (the auditor looks next)."""
    return [
        review.criterion
        for review in application.reviews.filter(verdict=CriterionReview.Verdict.EVIDENCE_REQUESTED)
        if application.evidence.filter(criterion=review.criterion, uploaded__gt=review.at).exists()
    ]


def manager_step(state: AreaState) -> Step | None:
    """The area manager's next action for an area, most urgent first."""
    area = state.area.slug
    application = state.application
    if application is not None:
        link = reverse("application_detail", kwargs={"application": application.pk})
        if application.state == Application.State.IN_AUDIT and state.open_findings:
            return Step(
                ngettext("Answer {count} finding", "Answer {count} findings", state.open_findings).format(
                    count=state.open_findings
                ),
                link,
            )
        if application.state == Application.State.IN_AUDIT and state.evidence_requests:
            return Step(
                ngettext(
                    "Send the evidence the auditor asked for ({count} criterion)",
                    "Send the evidence the auditor asked for ({count} criteria)",
                    state.evidence_requests,
                ).format(count=state.evidence_requests),
                link,
            )
        if application.state == Application.State.INCOMPLETE:
            return Step(_("Complete the application"), link)
    year = state.year
    year_page = reverse("year_detail", kwargs={"area": area, "year": year})
    if state.draft_state == "none":
        return Step(
            _("Enter the {year} data").format(year=year),
            reverse("year_detail", kwargs={"area": area, "year": year}),
        )
    if state.draft_state == "draft":
        if state.completeness.complete:
            return Step(_("Submit the {year} data").format(year=year), year_page + "#submit-year")
        return Step(_("Enter the {year} data").format(year=year), year_page)
    if state.draft_state == "changed":
        return Step(_("Submit the changes to {year}").format(year=year), year_page + "#submit-year")
    # the year is submitted as it stands
    if application is not None:
        return None  # the certification body or the auditor acts next
    certified = state.certificate is not None and state.certificate.version.year >= year
    if state.level and not certified:
        label = (
            _("Apply for the pre-certificate")
            if state.stage == Application.Stage.PRE_CERTIFICATE
            else _("Apply for the certificate")
        )
        return Step(label, reverse("certification", kwargs={"area": area}) + "#apply")
    if year < state.next_year:
        return Step(
            _("Enter the {year} data").format(year=state.next_year),
            reverse("year_detail", kwargs={"area": area, "year": state.next_year}),
        )
    if not state.level:
        return Step(_("See what a level needs"), reverse("dashboard", kwargs={"area": area, "year": year}))
    return None


def application_waits_for(application: Application) -> str:
    """Whose turn it is in an application, in words."""
    waits = {
        Application.State.APPLIED: _("waits for the certification body's completeness check"),
        Application.State.INCOMPLETE: _("waits for the area manager to complete it"),
        Application.State.COMPLETE: _("waits for the certification body to assign an auditor"),
        Application.State.IN_AUDIT: _("in audit"),
        Application.State.RECOMMENDED: _("recommended, waits for the certification body's decision"),
    }
    return str(waits.get(application.state, application.get_state_display()))


# --- the blocks of the home page ----------------------------------------------------------------------


@dataclass
class ManagedArea:
    state: AreaState
    step: Step | None


def managed_areas(user: User, today: dt.date) -> list[ManagedArea]:
    rows = []
    for area in Area.objects.filter(pk__in=roles(user).managed).order_by("name"):
        state = area_state(area, today)
        rows.append(ManagedArea(state, manager_step(state)))
    return rows


@dataclass
class CompanyYear:
    """A contributor's company and the year its data is open for."""

    company: Company
    year: int
    #: entered, carried_over (last year's data, unchanged) or empty
    data_state: str
    previous_year: int | None
    step: Step
    #: the area's latest submitted year, whose dashboard (the area's aggregates) the company may read
    dashboard_year: int | None
    #: how far its sections are, and whether its contributor handed the data over
    progress: Any = None
    handover: Any = None


def open_year(area: Area, today: dt.date) -> int:
    """The year whose data is being gathered: the latest draft not yet submitted as it stands, else the
    year after the latest submitted one (else the reporting year due now)."""
    drafts = {d.year: d for d in Draft.objects.filter(area=area)}
    latest = SubmissionVersion.objects.filter(area=area).order_by("-year", "-number").first()
    if drafts:
        year = max(drafts)
        version = SubmissionVersion.objects.filter(area=area, year=year).order_by("-number").first()
        if version is None or drafts[year].updated > version.submitted:
            return year
    if latest is not None:
        return latest.year + 1
    return reporting_year(today)


def company_year(company: Company, today: dt.date) -> CompanyYear:
    """A company's open year, whether its data for it is entered, and the step to its form."""
    area = company.area
    year = open_year(area, today)
    previous = SubmissionVersion.objects.filter(area=area, year__lt=year).order_by("-year", "-number").first()
    now, before = year_entries(Draft.objects.filter(area=area, year=year).first(), previous)
    state = company_data_state(now.get(company.slug, {}), before.get(company.slug))
    url = reverse("company_data", kwargs={"area": area.slug, "company": company.slug, "year": year})
    label = (
        _("Enter your company's data for {year}")
        if state == EMPTY
        else _("Check and update your company's data for {year}")
        if state == CARRIED_OVER
        else _("Check your company's data for {year}")
    )
    latest = (
        SubmissionVersion.objects.filter(area=area).order_by("-year").values_list("year", flat=True).first()
    )
    from gia.web.actions.submissions import current_document
    from gia.web.models import Handover
    from gia.web.progress import company_progress

    progress = company_progress(area, year, current_document(area, year), company)
    if progress.done:
        label = _("Look at your company's data for {year}")
    handover = Handover.objects.filter(area=area, year=year, company=company).first()
    return CompanyYear(
        company,
        year,
        state,
        previous.year if previous else None,
        Step(label.format(year=year), url),
        latest,
        progress,
        handover,
    )


def contributor_companies(user: User, today: dt.date) -> list[CompanyYear]:
    return [
        company_year(company, today)
        for company in Company.objects.filter(pk__in=roles(user).companies)
        .select_related("area")
        .order_by("name")
    ]


@dataclass
class Audit:
    """An application assigned to the auditor and what waits in it."""

    application: Application
    criteria: int
    unreviewed: int
    evidence_answered: int
    evidence_waiting: int
    findings_answered: int
    findings_open: int
    step: Step | None


def assigned_audits(user: User) -> list[Audit]:
    rows = []
    for application in (
        Application.objects.filter(auditor=user, state__in=OPEN_STATES)
        .select_related("area", "version")
        .order_by("created")
    ):
        criteria = [c["id"] for c in _summary(application.version).get("criteria", [])]
        verdicts = dict(application.reviews.values_list("criterion", "verdict"))
        unreviewed = sum(1 for c in criteria if verdicts.get(c) not in ("accepted", "overridden"))
        requested = sum(1 for c in criteria if verdicts.get(c) == CriterionReview.Verdict.EVIDENCE_REQUESTED)
        answered = len(answered_evidence_requests(application))
        findings = dict(
            application.findings.values("status").annotate(n=Count("pk")).values_list("status", "n")
        )
        link = reverse("application_detail", kwargs={"application": application.pk})
        step: Step | None = None
        if application.state == Application.State.IN_AUDIT:
            if answered:
                step = Step(
                    ngettext(
                        "Look at the evidence sent for {count} criterion",
                        "Look at the evidence sent for {count} criteria",
                        answered,
                    ).format(count=answered),
                    link,
                )
            elif findings.get(Finding.Status.ANSWERED):
                count = findings[Finding.Status.ANSWERED]
                step = Step(
                    ngettext(
                        "Close or follow up {count} answered finding",
                        "Close or follow up {count} answered findings",
                        count,
                    ).format(count=count),
                    link,
                )
            elif unreviewed - requested > 0:
                count = unreviewed - requested
                step = Step(
                    ngettext("Review {count} criterion", "Review {count} criteria", count).format(
                        count=count
                    ),
                    link,
                )
            elif not unreviewed:
                step = Step(_("Recommend a decision"), link)
        rows.append(
            Audit(
                application=application,
                criteria=len(criteria),
                unreviewed=unreviewed,
                evidence_answered=answered,
                evidence_waiting=requested - answered,
                findings_answered=findings.get(Finding.Status.ANSWERED, 0),
                findings_open=findings.get(Finding.Status.OPEN, 0),
                step=step,
            )
        )
    return rows


def _summary(version: SubmissionVersion) -> dict[str, Any]:
    record = AssessmentRecord.objects.of(version)
    return record.summary_in("en") if record else {}


@dataclass
class Queue:
    """The certification body's work: applications by the step that waits for it, and deadlines."""

    completeness_check: list[Application]
    auditor_needed: list[Application]
    decision_needed: list[Application]
    in_audit: int
    incomplete: int
    corrective: list[Certificate]
    expiring: list[Certificate]
    overdue_findings: int

    @property
    def empty(self) -> bool:
        return not (
            self.completeness_check
            or self.auditor_needed
            or self.decision_needed
            or self.corrective
            or self.expiring
        )


def certification_queue(today: dt.date) -> Queue:
    applications = Application.objects.select_related("area", "version", "auditor").order_by("updated")
    return Queue(
        completeness_check=list(applications.filter(state=Application.State.APPLIED)),
        auditor_needed=list(applications.filter(state=Application.State.COMPLETE)),
        decision_needed=list(applications.filter(state=Application.State.RECOMMENDED)),
        in_audit=Application.objects.filter(state=Application.State.IN_AUDIT).count(),
        incomplete=Application.objects.filter(state=Application.State.INCOMPLETE).count(),
        corrective=list(
            Certificate.objects.filter(status=Certificate.Status.VALID, corrective_until__isnull=False)
            .select_related("area")
            .order_by("corrective_until")
        ),
        expiring=list(
            Certificate.objects.filter(
                status=Certificate.Status.VALID,
                valid_to__gte=today,
                valid_to__lte=today + dt.timedelta(days=EXPIRY_WARNING_DAYS),
            )
            .select_related("area")
            .order_by("valid_to")
        ),
        overdue_findings=Finding.objects.filter(
            ~Q(status=Finding.Status.CLOSED), deadline__lt=today, application__state__in=OPEN_STATES
        ).count(),
    )


# --- the step of whoever opens an area's page -------------------------------------------------------


def area_step(user: User | AnonymousUser, state: AreaState) -> Step | None:
    """The next action on an area's page for this user: the manager's, the auditor's or the certification
    body's turn in the open application, or the contributor's company data."""
    area = state.area
    if can(user, "area_data.edit", area):
        return manager_step(state)
    application = state.application
    if application is not None:
        link = reverse("application_detail", kwargs={"application": application.pk})
        if can(user, "application.audit", application) and application.state == Application.State.IN_AUDIT:
            return Step(_("Continue the audit"), link)
        if can(user, "application.decide", application):
            labels = {
                Application.State.APPLIED: _("Check the application's completeness"),
                Application.State.COMPLETE: _("Assign an auditor"),
                Application.State.RECOMMENDED: _("Decide on the application"),
            }
            if application.state in labels:
                return Step(str(labels[application.state]), link)
    r = roles(user)
    own = Company.objects.filter(area=area, pk__in=r.companies).order_by("name").first()
    if own is not None:
        return company_year(own, state.today).step
    return None


def area_managers(area: Area) -> list[User]:
    """The area's managers (whom to ask for access to the area's pages)."""
    return [
        m.user
        for m in Membership.objects.filter(area=area, role=Role.AREA_MANAGER, user__is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__username")
    ]
