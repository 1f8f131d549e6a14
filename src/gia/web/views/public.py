"""Pages without login: the registry of certified areas, its map, an area's profile, comparison."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from gia.standard.loader import load_standard
from gia.web.models import Area, AssessmentRecord, Certificate
from gia.web.models.areas import COUNTRIES
from gia.web.permissions import PUBLIC
from gia.web.views.common import cached_fragment, fragment_key, rule

#: the key figures an area's public profile shows (the area's aggregates, never a company's)
PUBLIC_FIGURES = {
    "final_energy_kwh": gettext_lazy("final energy use"),
    "electricity_consumption_kwh": gettext_lazy("electricity use"),
    "renewable_electricity_kwh": gettext_lazy("renewable electricity"),
    "scope1_kg_co2e": gettext_lazy("scope 1 emissions"),
    "scope2_market_kg_co2e": gettext_lazy("scope 2 emissions (market-based)"),
    "scope12_market_kg_co2e": gettext_lazy("scope 1 + 2 emissions (market-based)"),
}


def level_names(language: str) -> dict[str, str]:
    catalogue = load_standard().catalogue
    return {level.id: level.name.get(language) for level in catalogue.levels}


def certified(today: dt.date | None = None) -> list[Certificate]:
    """The certificates in force today, newest first, one per area."""
    today = today or dt.date.today()
    rows = (
        Certificate.objects.filter(
            status=Certificate.Status.VALID, valid_from__lte=today, valid_to__gte=today
        )
        .select_related("area", "version")
        .order_by("area__name", "-valid_from")
    )
    seen: set[int] = set()
    result = []
    for certificate in rows:
        if certificate.area_id not in seen:
            seen.add(certificate.area_id)
            result.append(certificate)
    return result


def public_summary(certificate: Certificate, language: str) -> dict[str, Any]:
    record = (
        AssessmentRecord.objects.filter(version=certificate.version, language=language)
        .only("summary")
        .first()
    )
    summary = record.summary if record else {}
    return {
        "themes": summary.get("themes", []),
        "total_fulfilment": summary.get("total_fulfilment"),
        "figures": {k: summary.get("key_figures", {}).get(k) for k in PUBLIC_FIGURES},
        "year": certificate.version.year,
    }


@rule(PUBLIC)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "gia/home.html", {"count": len(certified())})


@rule(PUBLIC)
def registry(request: HttpRequest) -> HttpResponse:
    language = translation.get_language() or "en"
    country = request.GET.get("country", "")
    country = country if country in dict(COUNTRIES) else ""
    level = request.GET.get("level", "")
    level = level if level in level_names(language) else ""

    def build() -> dict[str, Any]:
        names = level_names(language)
        rows = [
            c
            for c in certified()
            if (not country or c.area.country == country) and (not level or c.level == level)
        ]
        return {
            "certificates": rows,
            "countries": COUNTRIES,
            "levels": list(names.items()),
            "level_names": names,
            "country": country,
            "level": level,
        }

    # the registry changes with the data (every write moves the data version) and with the date
    body = cached_fragment(
        request, "registry", (dt.date.today().isoformat(), country, level), "gia/_registry_body.html", build
    )
    return render(request, "gia/registry.html", {"body": body})


@rule(PUBLIC)
def registry_geojson(request: HttpRequest) -> JsonResponse:
    """The certified areas as GeoJSON features (boundary, name, level, link) for the map."""
    names = level_names(translation.get_language() or "en")
    features = [
        {
            "type": "Feature",
            "geometry": c.area.boundary,
            "properties": {
                "name": c.area.name,
                "country": c.area.country,
                "level": names.get(c.level, c.level),
                "url": f"/registry/{c.area.slug}/",
                "latitude": c.area.latitude,
                "longitude": c.area.longitude,
            },
        }
        for c in certified()
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


@rule(PUBLIC)
def public_area(request: HttpRequest, area: Area) -> HttpResponse:
    """An area's public profile: only while it holds a certificate in force; cached per data version."""
    language = translation.get_language() or "en"
    key = fragment_key("public_area", (area.pk, dt.date.today().isoformat()))
    body = cache.get(key)
    if body is None:
        certificate = next((c for c in certified() if c.area_id == area.pk), None)
        if certificate is None:  # an area without a certificate in force is not public
            raise Http404
        body = render_to_string(
            "gia/_public_area_body.html",
            {
                "area": area,
                "certificate": certificate,
                "level_name": level_names(language).get(certificate.level, certificate.level),
                "public": public_summary(certificate, language),
            },
            request,
        )
        cache.set(key, body, 3600)
    context = {"area": area, "body": mark_safe(body)}
    return render(request, "gia/public_area.html", context)


@rule(PUBLIC)
def compare(request: HttpRequest) -> HttpResponse:
    """Up to four certified areas side by side."""
    slugs = [s for s in request.GET.getlist("areas") if s][:4]
    language = translation.get_language() or "en"
    names = level_names(language)
    available = certified()
    chosen = [c for slug in slugs for c in available if c.area.slug == slug]
    columns = [
        {"certificate": c, "level_name": names.get(c.level, c.level), "public": public_summary(c, language)}
        for c in chosen
    ]
    theme_rows = []
    if columns:
        for index, theme in enumerate(columns[0]["public"]["themes"]):
            theme_rows.append(
                {
                    "name": theme["name"],
                    "values": [
                        col["public"]["themes"][index]["fulfilment"]
                        if index < len(col["public"]["themes"])
                        else None
                        for col in columns
                    ],
                }
            )
    figure_rows = [
        {
            "name": label,
            "unit": (columns[0]["public"]["figures"].get(name) or {}).get("unit", "") if columns else "",
            "values": [(col["public"]["figures"].get(name) or {}).get("value") for col in columns],
        }
        for name, label in PUBLIC_FIGURES.items()
    ]
    return render(
        request,
        "gia/compare.html",
        {
            "columns": columns,
            "theme_rows": theme_rows,
            "figure_rows": figure_rows,
            "available": available,
            "slugs": slugs,
            "too_many": len(request.GET.getlist("areas")) > 4,
        },
    )
