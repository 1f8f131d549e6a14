"""Request-wide concerns: the core's language follows Django's; pages without a rule are refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from gia import i18n

#: URL namespaces with their own access control: Django's admin (staff only) and the API (rules per operation)
OWN_ACCESS_CONTROL = ("admin", "api-1")


class CoreLanguageMiddleware:
    """Messages from the core (gettext domain ``gia``) in the language Django chose for the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with i18n.override(translation.get_language() or "en"):
            return self.get_response(request)


class DenyUnlessRuleMiddleware:
    """Deny by default: a view must declare who may open it (``gia_rule``), or belong to a namespace
    that checks access itself; anything else is refused, so a forgotten rule fails closed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        match = request.resolver_match
        if match is not None and match.namespaces and match.namespaces[0] in OWN_ACCESS_CONTROL:
            return None
        if getattr(view, "gia_rule", None) is None and not getattr(view, "__module__", "").startswith(
            "django.contrib.staticfiles"
        ):
            raise PermissionDenied("no access rule for this page")
        return None
