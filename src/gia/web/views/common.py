"""The ``rule`` decorator every page declares, and the loading of the objects a URL names."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from gia.errors import GiaInputError
from gia.web.actions import ActionError
from gia.web.models import (
    Application,
    Area,
    AuditHead,
    Certificate,
    Company,
    Evidence,
    Finding,
    Job,
    SubmissionVersion,
)
from gia.web.permissions import PUBLIC, can, may_know

View = Callable[..., HttpResponse]


def load(kwargs: dict[str, Any]) -> dict[str, Any]:
    """URL parts → objects: ``area`` (slug), ``company`` (slug within the area), ``year``, ``number``."""
    objects = dict(kwargs)
    if "area" in kwargs:
        objects["area"] = get_object_or_404(Area, slug=kwargs["area"])
    if "company" in kwargs:
        objects["company"] = get_object_or_404(Company, area=objects["area"], slug=kwargs["company"])
    if "application" in kwargs:
        objects["application"] = get_object_or_404(
            Application.objects.select_related("area", "version", "auditor"), pk=kwargs["application"]
        )
    if "finding" in kwargs:
        objects["finding"] = get_object_or_404(
            Finding, pk=kwargs["finding"], application=objects["application"]
        )
    if "evidence" in kwargs:
        objects["evidence"] = get_object_or_404(
            Evidence, pk=kwargs["evidence"], application=objects["application"]
        )
    if "certificate" in kwargs:
        objects["certificate"] = get_object_or_404(
            Certificate.objects.select_related("area"), number=kwargs["certificate"]
        )
    if "job" in kwargs:
        objects["job"] = get_object_or_404(Job.objects.select_related("area"), pk=kwargs["job"])
    if "number" in kwargs:
        objects["version"] = get_object_or_404(
            SubmissionVersion, area=objects["area"], year=kwargs["year"], number=kwargs.pop("number")
        )
        objects.pop("number", None)
    return objects


def rule(permission: str, about: str | None = None) -> Callable[[View], View]:
    """Declare who may open a page: ``permission`` on the object named ``about`` (area, company, version)."""

    def decorate(view: View) -> View:
        @wraps(view)
        def checked(request: HttpRequest, **kwargs: Any) -> HttpResponse:
            # whether an area, company or application exists is told only to those who may see it:
            # signed out, a page that is not public sends to the sign-in whether its object exists or
            # not; signed in, an object of an area one may not see is "not found" like a missing one
            try:
                objects = load(kwargs)
            except Http404:
                if permission != PUBLIC and not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise
            target = objects.get(about) if about else None
            if not can(request.user, permission, target):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                if not may_know(request.user, target):
                    raise Http404
                raise PermissionDenied
            return view(request, **objects)

        checked.gia_rule = permission  # type: ignore[attr-defined]
        return checked

    return decorate


def without_server_paths(text: str) -> str:
    """A message as a user may see it: the platform's file storage is named by the file alone."""
    for folder in (settings.GIA_FILES_DIR, settings.GIA_CACHE_DIR):
        root = re.escape(str(folder).rstrip("/"))
        text = re.sub(root + r"/areas/[^/\s]+/\d+/", "", text).replace(str(folder), "…")
    return text


def problems(error: Exception) -> list[tuple[str, str]]:
    """The (place, message) pairs of a refused input or action (without server paths)."""
    if isinstance(error, GiaInputError):
        source = without_server_paths(error.source)
        return [
            (f"{source}: {without_server_paths(place)}" if place else source, without_server_paths(message))
            for place, message in error.problems
        ]
    if isinstance(error, ActionError):
        return [(error.place, error.message)]
    raise error


def data_version() -> str:
    """What changes with every write: the audit trail's last hash (every write appends to the trail)."""
    return (AuditHead.objects.filter(pk=1).values_list("last_hash", flat=True).first() or "0")[:20]


def fragment_key(name: str, parts: tuple[Any, ...]) -> str:
    """The cache key of a page part: its name, the language, the data version and ``parts``."""
    return ":".join(str(p) for p in ("gia", name, translation.get_language(), data_version(), *parts))


def cached_fragment(
    request: HttpRequest,
    name: str,
    parts: tuple[Any, ...],
    template: str,
    build: Callable[[], dict[str, Any]],
) -> SafeString:
    """The page's main part rendered once per language, data version and ``parts``, then from the cache.

    A fragment holds no per-request token (CSRF) and nothing the ``parts`` do not name (who may see
    what must be in them).
    """
    key = fragment_key(name, parts)
    html = cache.get(key)
    if html is None:
        html = render_to_string(template, build(), request)
        cache.set(key, html, 3600)
    return mark_safe(html)
