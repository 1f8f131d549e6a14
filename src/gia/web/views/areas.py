"""Areas and companies: create, edit, list and show; invite people to them."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gia.certification import OPEN_STATES
from gia.web import queues
from gia.web.actions import ActionError
from gia.web.actions.accounts import do_invite
from gia.web.actions.areas import do_create_area, do_create_company, do_update_area, do_update_company
from gia.web.forms import AreaEditForm, AreaForm, CompanyEditForm, CompanyForm, InviteForm
from gia.web.models import Application, Area, Company, Draft, Invitation, Membership, Role, SubmissionVersion
from gia.web.permissions import can
from gia.web.views.common import rule
from gia.web.views.public import level_names


def _refused(form, error: ActionError) -> None:  # type: ignore[no-untyped-def]
    form.add_error(error.place if error.place in form.fields else None, error.message)


@rule("area.create")
def area_create(request: HttpRequest) -> HttpResponse:
    form = AreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            area = do_create_area(request.user, form.cleaned_data)
        except ActionError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The area is registered. Add its companies next."))
            return redirect("area_detail", area=area.slug)
    return render(request, "gia/area_form.html", {"form": form, "creating": True})


@rule("area.view", about="area")
def area_detail(request: HttpRequest, area: Area) -> HttpResponse:
    user = request.user
    companies = [c for c in area.companies.all() if can(user, "company.view", c)]
    years = sorted(
        set(Draft.objects.filter(area=area).values_list("year", flat=True))
        | set(SubmissionVersion.objects.filter(area=area).values_list("year", flat=True)),
        reverse=True,
    )
    state = queues.area_state(area, timezone.localdate())
    return render(
        request,
        "gia/area_detail.html",
        {
            "area": area,
            "state": state,
            "step": queues.area_step(user, state),
            "level_names": level_names(request.LANGUAGE_CODE),
            "companies": companies,
            "years": years,
            "next_year": state.next_year,
            # auditors are listed with what they may see on the "who can see what" page
            "members": Membership.objects.filter(area=area)
            .exclude(role=Role.AUDITOR)
            .select_related("user", "company")
            if can(user, "area.invite", area)
            else [],
            "invitations": Invitation.objects.filter(area=area, accepted=None)
            if can(user, "area.invite", area)
            else [],
            "may": {
                "edit": can(user, "area.edit", area),
                "invite": can(user, "area.invite", area),
                "add_company": can(user, "company.create", area),
                "year": can(user, "year.view", area),
                "enter_data": can(user, "area_data.edit", area),
                "certification": can(user, "certification.view", area),
                "dashboard": can(user, "dashboard.view", area),
                "symbiosis": can(user, "symbiosis.board", area),
                "access": can(user, "area.access", area),
            },
        },
    )


@rule("area.edit", about="area")
def area_edit(request: HttpRequest, area: Area) -> HttpResponse:
    form = AreaEditForm(request.POST or None, instance=Area.objects.get(pk=area.pk))
    if request.method == "POST" and form.is_valid():
        try:
            do_update_area(request.user, area, form.cleaned_data)
        except ActionError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("area_detail", area=area.slug)
    return render(request, "gia/area_form.html", {"form": form, "area": area})


@rule("company.create", about="area")
def company_create(request: HttpRequest, area: Area) -> HttpResponse:
    form = CompanyForm(request.POST or None, area=area)
    if request.method == "POST" and form.is_valid():
        try:
            company = do_create_company(request.user, area, form.cleaned_data)
        except ActionError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The company is added. Invite its contact to enter its data."))
            return redirect("company_detail", area=area.slug, company=company.slug)
    return render(request, "gia/company_form.html", {"form": form, "area": area, "creating": True})


@rule("company.view", about="company")
def company_detail(request: HttpRequest, area: Area, company: Company) -> HttpResponse:
    years = sorted(
        set(Draft.objects.filter(area=area).values_list("year", flat=True))
        | set(SubmissionVersion.objects.filter(area=area).values_list("year", flat=True)),
        reverse=True,
    )
    return render(
        request,
        "gia/company_detail.html",
        {
            "area": area,
            "company": company,
            "years": years,
            "next_year": dt.date.today().year - 1,
            "may_edit": can(request.user, "company.edit", company),
            "may_invite": can(request.user, "area.invite", area),
            "may_symbiosis": can(request.user, "symbiosis.post", company),
        },
    )


@rule("company.edit", about="company")
def company_edit(request: HttpRequest, area: Area, company: Company) -> HttpResponse:
    form = CompanyEditForm(request.POST or None, instance=Company.objects.get(pk=company.pk), area=area)
    if request.method == "POST" and form.is_valid():
        do_update_company(request.user, company, form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("company_detail", area=area.slug, company=company.slug)
    return render(request, "gia/company_form.html", {"form": form, "area": area, "company": company})


@rule("area.invite", about="area")
def invite(request: HttpRequest, area: Area) -> HttpResponse:
    chosen = request.GET.get("company", "")
    company = area.companies.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    initial = {"role": Role.COMPANY_CONTRIBUTOR, "company": company} if company else None
    form = InviteForm(request.POST or None, area=area, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            do_invite(
                request.user,
                form.cleaned_data["email"],
                form.cleaned_data["role"],
                area=area,
                company=form.cleaned_data.get("company"),
            )
        except ActionError as error:
            _refused(form, error)
        else:
            messages.success(
                request, _("The invitation is sent to {email}.").format(email=form.cleaned_data["email"])
            )
            return redirect("area_detail", area=area.slug)
    return render(request, "gia/invite.html", {"form": form, "area": area, "roles": Role})


def _person(user: object) -> str:
    return user.get_full_name() or user.get_username()  # type: ignore[attr-defined]


@rule("area.access", about="area")
def area_access(request: HttpRequest, area: Area) -> HttpResponse:
    """Who can see what of the area, and why: every role that reaches its data, auditors by assignment."""
    rows: list[dict[str, str]] = []
    for m in Membership.objects.filter(role=Role.CERTIFICATION_BODY, user__is_active=True).select_related("user"):
        rows.append(
            {
                "who": _person(m.user),
                "role": str(m.get_role_display()),
                "sees": _("every area's data, applications and decisions"),
                "until": _("while the role is held"),
            }
        )
    for m in (
        Membership.objects.filter(area=area, user__is_active=True)
        .exclude(role=Role.AUDITOR)
        .select_related("user", "company")
        .order_by("role", "user__username")
    ):
        if m.role == Role.AREA_MANAGER:
            sees = _("all of the area's data; invites people; applies for certification")
        else:
            sees = _("the data of {company} and the area's totals").format(company=m.company)
        rows.append(
            {"who": _person(m.user), "role": str(m.get_role_display()), "sees": sees, "until": _("while the role is held")}
        )
    audits = Application.objects.filter(area=area).exclude(auditor=None).select_related("auditor", "version")
    audited_by = set()
    for application in audits.order_by("-created"):
        audited_by.add(application.auditor_id)
        number = application.pk
        if application.state in OPEN_STATES:
            sees = _("all of the area's data, to audit application {number}").format(number=number)
            until = _("until application {number} is decided or withdrawn (now: {state})").format(
                number=number, state=application.get_state_display()
            )
        else:
            sees = _("only the record of application {number}: its reviews, findings, evidence and version {version} of {year}").format(
                number=number, version=application.version.number, year=application.version.year
            )
            until = _("kept for the record — application {number}: {state}").format(
                number=number, state=application.get_state_display()
            )
        rows.append(
            {"who": _person(application.auditor), "role": str(Role.AUDITOR.label), "sees": sees, "until": until}
        )
    for m in (
        Membership.objects.filter(area=area, role=Role.AUDITOR, user__is_active=True)
        .exclude(user_id__in=audited_by)
        .select_related("user")
    ):
        rows.append(
            {
                "who": _person(m.user),
                "role": str(m.get_role_display()),
                "sees": _("nothing of the area's data: no audit of it is assigned to them"),
                "until": _("until an audit of the area is assigned to them"),
            }
        )
    invitations = Invitation.objects.filter(area=area, accepted=None, expires__gt=timezone.now()).order_by("expires")
    return render(request, "gia/area_access.html", {"area": area, "rows": rows, "invitations": invitations})
