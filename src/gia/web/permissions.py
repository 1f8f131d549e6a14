"""Who may do what: decided here and only here, and denied unless a rule allows it.

A rule is a function of the user and the object the request is about (an area, a company, a version).
Views declare their rule with :func:`gia.web.views.common.rule`; the API calls :func:`require`; the
middleware refuses any page that declares no rule. The permission tests walk the URL configuration
and try every endpoint with every role.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from gia.certification import OPEN_STATES
from gia.web.models import Application, Area, Certificate, Company, Job, Membership, Role, SubmissionVersion

#: a page anyone may open, signed in or not
PUBLIC = "public"
#: a page any signed-in user may open (it shows only what is theirs)
SIGNED_IN = "signed_in"


class Roles:
    """A user's memberships, read once per request."""

    def __init__(self, user: User | AnonymousUser) -> None:
        self.user = user
        rows: list[Membership] = (
            list(Membership.objects.filter(user=user).only("role", "area_id", "company_id"))
            if user.is_authenticated and user.is_active
            else []
        )
        self.certification_body = any(m.role == Role.CERTIFICATION_BODY for m in rows)
        self.applicant = any(m.role == Role.AREA_MANAGER for m in rows)
        self.managed = {m.area_id for m in rows if m.role == Role.AREA_MANAGER and m.area_id}
        # an auditor sees an area while an audit of it is assigned to them and open; afterwards only
        # the record of what they audited: those applications and the versions they reviewed
        audits = (
            list(Application.objects.filter(auditor=user).values_list("pk", "area_id", "version_id", "state"))
            if any(m.role == Role.AUDITOR for m in rows)
            else []
        )
        self.audited = {area for _pk, area, _version, state in audits if state in OPEN_STATES}
        self.audited_applications = {pk for pk, _area, _version, _state in audits}
        self.reviewed_versions = {version for _pk, _area, version, _state in audits}
        self.past_audit_areas = {area for _pk, area, _version, _state in audits}
        self.companies = {m.company_id for m in rows if m.role == Role.COMPANY_CONTRIBUTOR}
        self.company_areas = {m.area_id for m in rows if m.role == Role.COMPANY_CONTRIBUTOR}

    def visible_area_ids(self) -> set[int] | None:
        """The areas this user may open (None: all of them)."""
        if self.certification_body:
            return None
        return self.managed | self.audited | self.company_areas

    def known_area_ids(self) -> set[int] | None:
        """The areas this user may know exist: those they may open, and those they audited."""
        visible = self.visible_area_ids()
        return None if visible is None else visible | self.past_audit_areas


def roles(user: User | AnonymousUser) -> Roles:
    cached = getattr(user, "_gia_roles", None)
    if cached is None:
        cached = Roles(user)
        if user.is_authenticated:
            user._gia_roles = cached  # type: ignore[union-attr]
    return cached


def _area_of(obj: Any) -> int | None:
    if isinstance(obj, Area):
        return obj.pk
    if isinstance(obj, (Company, SubmissionVersion, Application, Certificate)):
        return obj.area_id
    return None


def _cb(r: Roles, obj: Any) -> bool:
    return r.certification_body


def _manager(r: Roles, obj: Any) -> bool:
    return _area_of(obj) in r.managed


def _auditor(r: Roles, obj: Any) -> bool:
    return _area_of(obj) in r.audited


def _member_company(r: Roles, obj: Any) -> bool:
    """A contributor of a company in the object's area (sees the area's aggregates)."""
    return _area_of(obj) in r.company_areas


def _own_company(r: Roles, obj: Any) -> bool:
    return isinstance(obj, Company) and obj.pk in r.companies


def _applicant(r: Roles, obj: Any) -> bool:
    return r.applicant


def _assigned_auditor(r: Roles, obj: Any) -> bool:
    return isinstance(obj, Application) and obj.auditor_id is not None and obj.auditor_id == r.user.pk


def _audit_record(r: Roles, obj: Any) -> bool:
    """What an auditor audited stays readable to them after the audit, for the record: the application
    (reviews, findings, evidence, decision) and the submitted version it was about — nothing newer."""
    if isinstance(obj, Application):
        return obj.pk in r.audited_applications
    return isinstance(obj, SubmissionVersion) and obj.pk in r.reviewed_versions


def _own_job(r: Roles, obj: Any) -> bool:
    """A job is its asker's alone (others are told it does not exist)."""
    return isinstance(obj, Job) and obj.actor_id == r.user.pk


def _any(*checks: Callable[[Roles, Any], bool]) -> Callable[[Roles, Any], bool]:
    return lambda r, obj: any(check(r, obj) for check in checks)


RULES: dict[str, Callable[[Roles, Any], bool]] = {
    # areas and companies
    "area.create": _any(_cb, _applicant),
    "area.view": _any(_cb, _manager, _auditor, _member_company),
    "area.edit": _manager,
    "area.invite": _any(_cb, _manager),
    "company.create": _manager,
    "company.view": _any(_cb, _manager, _auditor, _own_company),
    "company.edit": _manager,
    # a reporting year's data
    "year.view": _any(_cb, _manager, _auditor),
    "area_data.edit": _manager,
    "company_data.view": _any(_cb, _manager, _auditor, _own_company),
    "company_data.edit": _any(_manager, _own_company),
    "series.upload": _manager,
    "series.download": _any(_cb, _manager, _auditor),
    "submission.submit": _manager,
    "version.view": _any(_cb, _manager, _auditor, _audit_record),
    # results: the area's aggregates for its companies too; the chains behind them for the reviewers
    "dashboard.view": _any(_cb, _manager, _auditor, _member_company, _audit_record),
    "provenance.view": _any(_cb, _manager, _auditor, _audit_record),
    "report.download": _any(_cb, _manager, _auditor, _audit_record),
    # toolbox: a roadmap reads every company's data of the area, so only the area's reviewers open it
    "toolbox.roadmap": _any(_cb, _manager, _auditor),
    # industrial symbiosis: the board shows flows' own fields and company names only; the network
    # (which company exchanges what with which) is company data, for the reviewers
    "symbiosis.board": _any(_cb, _manager, _auditor, _member_company),
    "symbiosis.post": _any(_manager, _own_company),
    "symbiosis.match": _any(_cb, _manager),
    "symbiosis.introduce": _manager,
    "symbiosis.network": _any(_cb, _manager, _auditor),
    "exchange.record": _manager,
    # certification: the applicant (area manager), the assigned auditor, the certification body
    "certification.view": _any(_cb, _manager, _auditor),
    "certification.apply": _manager,
    "application.view": _any(_cb, _manager, _auditor, _audit_record),
    "application.respond": _manager,
    "application.audit": _assigned_auditor,
    "application.decide": _cb,
    "certificates.overview": _cb,
    "certificate.manage": _cb,
    # who can see an area's data, and why: for the certification body and the area's managers
    "area.access": _any(_cb, _manager),
    "job.view": _own_job,
}


def can(user: User | AnonymousUser, permission: str, obj: Any = None) -> bool:
    """True when a rule allows ``user`` to do ``permission`` on ``obj``; unknown permissions are denied."""
    if permission == PUBLIC:
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    if permission == SIGNED_IN:
        return True
    check = RULES.get(permission)
    return check is not None and check(roles(user), obj)


def may_know(user: User | AnonymousUser, obj: Any) -> bool:
    """Whether ``user`` may learn that ``obj`` exists: it belongs to no area, or to an area they may see.
    To anyone else an object that exists and one that does not are answered alike (not found)."""
    if isinstance(obj, Job):
        return obj.actor_id == getattr(user, "pk", None)
    area_id = _area_of(obj)
    if area_id is None:
        return True
    known = roles(user).known_area_ids()
    return known is None or area_id in known


def require(user: User | AnonymousUser, permission: str, obj: Any = None) -> None:
    if not can(user, permission, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


#: what a company contributor sees of its area's assessment: the area's aggregates only — never the
#: data-quality flags and per-company figures that reviewers need
AGGREGATE_KEYS = (
    "schema",
    "edition",
    "country_profile",
    "threshold_overrides",
    "factor_set",
    "gwp",
    "reporting_year",
    "stage",
    "area",
    "fictional",
    "eligible",
    "eligibility",
    "gates",
    "level",
    "total_fulfilment",
    "themes",
    "distinctions",
    "gaps",
    "level_paths",
    "crosswalks",
    "key_figures",
    "criteria",
)


def assessment_for(user: User | AnonymousUser, area: Any, summary: dict[str, Any]) -> dict[str, Any]:
    """The assessment summary as ``user`` may see it: in full for reviewers, the aggregates otherwise."""
    if can(user, "provenance.view", area):
        return summary
    visible = {key: summary[key] for key in AGGREGATE_KEYS if key in summary}
    if summary.get("hourly_cfe"):
        visible["hourly_cfe"] = {"area": summary["hourly_cfe"]["area"]}
    return visible
