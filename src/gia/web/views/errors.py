"""The pages people meet when a page is not for them, does not exist, or fails: the site's own pages
with its navigation, saying why and what to do next (``handler403/404/500`` in ``gia.web.urls``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from gia.web.models import Application, Area, Certificate, Membership
from gia.web.permissions import roles
from gia.web.queues import area_managers

# Translators: the audiences below complete the sentence "This page is for %(audience)s." (Polish: the
# genitive after "dla"; German: the accusative after "für")
_MANAGERS = gettext_lazy("the area's managers")
_REVIEWERS = gettext_lazy("the area's managers, its auditors and the certification body")
_AREA_PEOPLE = gettext_lazy(
    "the area's managers and auditors, the certification body and the contributors of the area's companies"
)
_OWN_COMPANY = gettext_lazy(
    "the area's managers and auditors, the certification body and the company's own contributors"
)
_COMPANY_EDITORS = gettext_lazy("the area's managers and the company's own contributors")
_CERTIFICATION_BODY = gettext_lazy("the certification body")

#: whom each rule of ``gia.web.permissions`` lets in, in words (a rule missing here gets a general sentence)
AUDIENCES: dict[str, Promise] = {
    "area.create": gettext_lazy("area managers and the certification body"),
    "area.view": _AREA_PEOPLE,
    "area.edit": _MANAGERS,
    "area.invite": gettext_lazy("the area's managers and the certification body"),
    "company.create": _MANAGERS,
    "company.view": _OWN_COMPANY,
    "company.edit": _MANAGERS,
    "year.view": _REVIEWERS,
    "area_data.edit": _MANAGERS,
    "company_data.view": _OWN_COMPANY,
    "company_data.edit": _COMPANY_EDITORS,
    "series.upload": _MANAGERS,
    "series.download": _REVIEWERS,
    "submission.submit": _MANAGERS,
    "version.view": _REVIEWERS,
    "dashboard.view": _AREA_PEOPLE,
    "provenance.view": _REVIEWERS,
    "report.download": _REVIEWERS,
    "toolbox.roadmap": _REVIEWERS,
    "symbiosis.board": _AREA_PEOPLE,
    "symbiosis.post": _COMPANY_EDITORS,
    "symbiosis.match": gettext_lazy("the area's managers and the certification body"),
    "symbiosis.introduce": _MANAGERS,
    "symbiosis.network": _REVIEWERS,
    "exchange.record": _MANAGERS,
    "certification.view": _REVIEWERS,
    "certification.apply": _MANAGERS,
    "application.view": _REVIEWERS,
    "application.respond": _MANAGERS,
    "application.audit": gettext_lazy("the auditor assigned to the application"),
    "application.decide": _CERTIFICATION_BODY,
    "certificates.overview": _CERTIFICATION_BODY,
    "certificate.manage": _CERTIFICATION_BODY,
}


def _area_named(kwargs: dict[str, Any]) -> Area | None:
    """The area a refused URL is about (by its slug, its application or its certificate)."""
    if "area" in kwargs:
        return Area.objects.filter(slug=kwargs["area"]).first()
    if "application" in kwargs:
        application = Application.objects.filter(pk=kwargs["application"]).select_related("area").first()
        return application.area if application else None
    if "certificate" in kwargs:
        certificate = Certificate.objects.filter(number=kwargs["certificate"]).select_related("area").first()
        return certificate.area if certificate else None
    return None


def _held_roles(user: User | AnonymousUser) -> list[str]:
    """The user's roles in words, each with its area or company: "area manager — North Park"."""
    if not user.is_authenticated:
        return []
    held = []
    for membership in Membership.objects.filter(user=user).select_related("area", "company"):
        scope = membership.company or membership.area
        label = str(membership.get_role_display())
        held.append(f"{label} — {scope}" if scope else label)
    return held


def refused(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403: who is signed in, whom the page is for, and whom to ask."""
    match = getattr(request, "resolver_match", None)
    permission = getattr(match.func, "gia_rule", None) if match else None
    area = _area_named(match.kwargs) if match else None
    user = request.user
    visible = roles(user).visible_area_ids()
    # an area's people are named only to someone who works on that area
    knows_area = area is not None and (visible is None or area.pk in visible)
    managers = area_managers(area) if knows_area and area is not None else []
    is_manager = any(m.pk == user.pk for m in managers)
    audience = AUDIENCES.get(permission or "")
    return render(
        request,
        "403.html",
        {
            "who": (user.get_full_name() or user.get_username()) if user.is_authenticated else "",
            "held_roles": _held_roles(user),
            "audience": audience,
            "area": area if knows_area else None,
            # whom to ask: the area's managers, unless the user is one (then the certification body)
            "managers": [] if is_manager else managers,
        },
        status=403,
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404: the address may be mistyped or the page gone; ways back."""
    return render(request, "404.html", {}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500: rendered without the request's context (no database, no session): it must work when they fail."""
    return HttpResponseServerError(loader.get_template("500.html").render({}))


class DevelopmentNotFoundMiddleware:
    """In development (DEBUG) Django answers a missing page with its technical page listing every URL;
    people trying the demo meet the site's 404 page instead. Only the development settings install it
    (remove it there to see Django's page)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            resolve(request.path_info)
        except Resolver404:
            return not_found(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Http404):
            return not_found(request, exception)
        return None
