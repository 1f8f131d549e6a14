"""Request-wide concerns: the language of the request (Django's and the core's); pages without a rule
are refused."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

from gia import i18n
from gia.web.models import Area, Preference

#: URL namespaces with their own access control: Django's admin (staff only) and the API (rules per operation)
OWN_ACCESS_CONTROL = ("admin", "api-1")


#: pages of one area: without a language chosen or asked for, they speak the area's country's language
AREA_PAGE = re.compile(r"^/(?:app/areas|registry)/(?P<slug>[a-z0-9][a-z0-9-]*)/")


class LanguageChoiceMiddleware:
    """The language of the request: the signed-in user's own choice, else the one chosen with the
    switcher (a cookie), else the first the browser asks for (``Accept-Language``) that GIA speaks,
    else, on an area's pages, the language of the area's country, else English. Django's pages and
    the core's messages (gettext domain ``gia``) both speak it. Comes after the authentication."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self.choose(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        with i18n.override(language):
            return self.get_response(request)

    @staticmethod
    def choose(request: HttpRequest) -> str:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            preference = Preference.objects.filter(user=user).values_list("language", flat=True).first()
            if preference:
                return preference
        for asked in (
            request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""),
            *(
                code
                for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
            ),
        ):
            if asked and asked != "*":
                try:
                    return translation.get_supported_language_variant(asked)
                except LookupError:
                    continue
        found = AREA_PAGE.match(request.path_info)
        if found:
            country = Area.objects.filter(slug=found["slug"]).values_list("country", flat=True).first()
            if country in i18n.COUNTRY_LANGUAGE:
                return i18n.COUNTRY_LANGUAGE[country]
        return settings.LANGUAGE_CODE


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
