"""Pages without login: the home page, the registry of certified areas and its map, an area's
profile, and the comparison of areas.

Figures come from the stored assessment of the submitted year a certificate was granted on (the
area's aggregates, never a company's), with their units, their reporting year and the reader's
number format.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gia import i18n
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
#: the marker an example's data file appends to its name; the pages mark a fictional area once
FICTIONAL_MARKER = re.compile(r"\s*\((?:fictional|fikcyjn\w*|fiktiv\w*)\)\s*$", re.IGNORECASE)
#: units of energy [kWh] and of mass of emissions [kg] by magnitude, largest first
ENERGY_UNITS = (("GWh", 1e6), ("MWh", 1e3), ("kWh", 1.0))
EMISSION_UNITS = (("t", 1e3), ("kg", 1.0))
#: how many certificates the home page shows
LATEST = 6


def level_names(language: str) -> dict[str, str]:
    catalogue = load_standard().catalogue
    return {level.id: level.name.get(language) for level in catalogue.levels}


def public_name(area: Area) -> str:
    """The area's name for the public pages: a fictional example without the marker of its data
    file, since the pages say "fictional example" once in the reader's language."""
    return FICTIONAL_MARKER.sub("", area.name) if area.fictional else area.name


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


def _indicator(summary: dict[str, Any], name: str) -> float | None:
    """An eligibility indicator's value in a stored summary (the number of companies, the size)."""
    for eligibility_rule in summary.get("eligibility", []):
        for condition in eligibility_rule.get("conditions", []):
            if condition.get("indicator") == name and condition.get("value") is not None:
                return float(condition["value"])
    return None


def stored_summaries(certificates: Sequence[Certificate], language: str) -> dict[int, dict[str, Any]]:
    """The stored assessment summaries of the certificates' versions in ``language``, in one query."""
    chosen = AssessmentRecord.objects.only("version_id", "language", "summary").of_versions(
        [c.version_id for c in certificates], language
    )
    return {version: record.summary_in(language) for version, record in chosen.items()}


def public_summary(
    certificate: Certificate,
    language: str,
    summary: dict[str, Any] | None = None,
    with_employees: bool = False,
) -> dict[str, Any]:
    """What the public may know of the certified year: themes, fulfilment, key figures, the reporting
    year, the area's size and its resident companies (from the stored result); with ``with_employees``
    also their employees in that year (read from the submitted document)."""
    if summary is None:
        summary = stored_summaries([certificate], language).get(certificate.version_id, {})
    companies = _indicator(summary, "company_count")
    area_ha = _indicator(summary, "area_size_ha") or certificate.area.total_area_ha
    result: dict[str, Any] = {
        "themes": summary.get("themes", []),
        "total_fulfilment": summary.get("total_fulfilment"),
        "figures": {k: summary.get("key_figures", {}).get(k) for k in PUBLIC_FIGURES},
        "year": certificate.version.year,
        "area_ha": float(area_ha) if area_ha else None,
        "companies": None if companies is None else int(companies),
        "employees": None,
    }
    if with_employees:
        people = certificate.version.data().get("companies") or []
        result["employees"] = sum(int(c.get("employees") or 0) for c in people)
    return result


def _figure(summary: dict[str, Any], name: str) -> float | None:
    figure = summary["figures"].get(name) or {}
    value = figure.get("value")
    return None if value is None else float(value)


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator


# --- numbers with units chosen by magnitude ------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    """One unit for a row of figures: its name, the factor from the stored unit, the decimals."""

    unit: str
    factor: float
    decimals: int

    def show(self, value: float | None) -> str:
        return "—" if value is None else f"{i18n.number(value / self.factor, self.decimals)} {self.unit}"


def scale(
    values: Sequence[float | None], units: Sequence[tuple[str, float]], written: str = "{unit}"
) -> Scale:
    """The unit that suits the largest of ``values`` (stored in the smallest of ``units``), written
    as ``written`` says (``"{unit}/ha"``), with as many decimals as three significant digits of that
    largest value need: one unit per row, so that a row reads at a glance."""
    present = [abs(v) for v in values if v is not None]
    largest = max(present, default=0.0)
    unit, factor = next(((u, f) for u, f in units if largest >= f), units[-1])
    shown = largest / factor
    decimals = 0 if shown >= 100 or shown == 0 else (1 if shown >= 10 else 2)
    return Scale(written.format(unit=unit), factor, decimals)


def per_hectare() -> str:
    return "{unit}/ha"


def per_employee() -> str:
    return _("{unit} per employee")


def energy_row(values: Sequence[float | None], per: str = "{unit}") -> list[str]:
    row = scale(values, ENERGY_UNITS, per)
    return [row.show(v) for v in values]


def emissions_row(values: Sequence[float | None], per: str = "{unit}") -> list[str]:
    row = scale(values, EMISSION_UNITS, per.replace("{unit}", "{unit} CO2e"))
    return [row.show(v) for v in values]


def count(value: float | None) -> str:
    return "—" if value is None else i18n.number(value)


def hectares(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{i18n.number(value, 0 if value >= 100 or float(value).is_integer() else 1)} ha"


def percent(value: float | None) -> str:
    return "—" if value is None else i18n.percent(value)


# --- home ----------------------------------------------------------------------------------------


def _levels(language: str) -> list[dict[str, Any]]:
    """The standard's levels in words: name and the minimum fulfilment in total and in every theme."""
    rows = []
    for level in sorted(load_standard().catalogue.levels, key=lambda lv: lv.order):
        total = i18n.percent(level.min_total)
        if level.min_theme > 0:
            rule_text = _("at least {total} of all points and at least {theme} in every theme").format(
                total=total, theme=i18n.percent(level.min_theme)
            )
        else:
            rule_text = _("at least {total} of all points").format(total=total)
        rows.append({"id": level.id, "name": level.name.get(language), "rule": rule_text})
    return rows


def headline(certificates: list[Certificate], language: str) -> dict[str, Any]:
    """Totals over the certified areas' certified years (stored results, never recomputed)."""
    stored = stored_summaries(certificates, language)
    summaries = [public_summary(c, language, stored.get(c.version_id, {})) for c in certificates]
    electricity = sum(_figure(s, "electricity_consumption_kwh") or 0 for s in summaries)
    renewable = sum(_figure(s, "renewable_electricity_kwh") or 0 for s in summaries)
    emissions = [_figure(s, "scope12_market_kg_co2e") for s in summaries]
    years = sorted({s["year"] for s in summaries})
    if not years:
        period = ""
    elif years[0] == years[-1]:
        period = str(years[0])
    else:
        period = f"{years[0]}–{years[-1]}"
    total_emissions = (
        sum(e for e in emissions if e is not None) if any(e is not None for e in emissions) else None
    )
    return {
        "areas": len(certificates),
        "countries": len({c.area.country for c in certificates}),
        "companies": count(sum(s["companies"] or 0 for s in summaries)),
        "renewable_share": percent(_ratio(renewable, electricity)),
        "emissions": emissions_row([total_emissions])[0],
        "period": period,
    }


@rule(PUBLIC)
def home(request: HttpRequest) -> HttpResponse:
    """What the certificate is, its levels, how an area joins, the map, the latest certificates and
    the certified areas' headline figures (cached per language, data version and day)."""
    language = translation.get_language() or "en"

    def build() -> dict[str, Any]:
        standard = load_standard()
        catalogue = standard.catalogue
        everything = certified()
        names = level_names(language)
        latest = sorted(everything, key=lambda c: (c.valid_from, c.number), reverse=True)[:LATEST]
        certificate_stage = next((s for s in catalogue.stages if s.id == "certificate"), None)
        return {
            "standard_description": catalogue.header.description.get(language),
            "themes": [t.name.get(language) for t in sorted(catalogue.themes, key=lambda t: t.order)],
            "criteria_count": len(catalogue.criteria),
            "levels": _levels(language),
            "distinctions": [
                {"name": d.name.get(language), "description": d.description.get(language)}
                for d in catalogue.distinctions
            ],
            "validity_years": certificate_stage.validity_years if certificate_stage else None,
            "latest": [
                {
                    "certificate": c,
                    "name": public_name(c.area),
                    "fictional": c.area.fictional,
                    "country": c.area.get_country_display(),
                    "level": names.get(c.level, c.level),
                }
                for c in latest
            ],
            "map_names": [public_name(c.area) for c in everything],
            "headline": headline(everything, language),
        }

    body = cached_fragment(request, "home", (dt.date.today().isoformat(),), "gia/_home_body.html", build)
    return render(request, "gia/home.html", {"body": body})


# --- registry and profile ------------------------------------------------------------------------


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
            {"certificate": c, "name": public_name(c.area), "level": names.get(c.level, c.level)}
            for c in certified()
            if (not country or c.area.country == country) and (not level or c.level == level)
        ]
        return {
            "rows": rows,
            "map_names": [row["name"] for row in rows],
            "countries": COUNTRIES,
            "levels": list(names.items()),
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
                "name": public_name(c.area),
                "country": c.area.country,
                "level": names.get(c.level, c.level),
                "url": reverse("public_area", kwargs={"area": c.area.slug}),
                "latitude": c.area.latitude,
                "longitude": c.area.longitude,
            },
        }
        for c in certified()
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


def _profile_figures(public: dict[str, Any]) -> list[tuple[str, str]]:
    energy = _figure(public, "final_energy_kwh")
    electricity = _figure(public, "electricity_consumption_kwh")
    renewable = _figure(public, "renewable_electricity_kwh")
    emissions = _figure(public, "scope12_market_kg_co2e")
    return [
        (_("final energy use"), energy_row([energy])[0]),
        (_("electricity use"), energy_row([electricity])[0]),
        (_("renewable share of electricity use"), percent(_ratio(renewable, electricity))),
        (_("scope 1 + 2 emissions (market-based)"), emissions_row([emissions])[0]),
        (_("companies"), count(public["companies"])),
        (_("employees"), count(public["employees"])),
    ]


@rule(PUBLIC)
def public_area(request: HttpRequest, area: Area) -> HttpResponse:
    """An area's public profile: only while it holds a certificate in force (otherwise a page that says
    so, with status 404); cached per language, data version and day."""
    language = translation.get_language() or "en"
    key = fragment_key("public_area", (area.pk, dt.date.today().isoformat()))
    cached = cache.get(key)
    if cached is None:
        certificate = next((c for c in certified() if c.area_id == area.pk), None)
        context: dict[str, Any] = {"area": area, "name": public_name(area), "certificate": certificate}
        if certificate is not None:
            public = public_summary(certificate, language, with_employees=True)
            context.update(
                {
                    "level_name": level_names(language).get(certificate.level, certificate.level),
                    "public": public,
                    "figures": _profile_figures(public),
                    "area_ha": hectares(public["area_ha"]),
                }
            )
        cached = (certificate is not None, render_to_string("gia/_public_area_body.html", context, request))
        cache.set(key, cached, 3600)
    found, body = cached
    return render(
        request,
        "gia/public_area.html",
        {"area": area, "name": public_name(area) if found else "", "body": mark_safe(body)},
        status=200 if found else 404,
    )


# --- comparison ----------------------------------------------------------------------------------

#: the comparison chart's drawing: width, height of a row and of a bar [px], longest name shown
CHART_WIDTH = 340
CHART_ROW = 36
CHART_BAR = 12
CHART_NAME = 24
#: colours of the areas in the chart (contrast ≥ 3:1 against white)
CHART_COLOURS = ("#1f7a4d", "#135c8a", "#8a4b08", "#6b3f8f")


def _short(name: str) -> str:
    return name if len(name) <= CHART_NAME else name[: CHART_NAME - 1].rstrip() + "…"


def _chart(columns: list[dict[str, Any]]) -> dict[str, Any]:
    """Small multiples of a few headline indicators, one bar per area, each panel on its own scale;
    every number in an attribute is written by Python (never localised), every text escaped by the
    template."""
    indicators = [
        (_("Fulfilment of the standard"), [c["fulfilment"] for c in columns], "percent"),
        (_("Renewable share of electricity use"), [c["renewable_share"] for c in columns], "percent"),
        (
            _("Scope 1 + 2 emissions per employee"),
            [c["emissions_per_employee"] for c in columns],
            "emissions",
        ),
        (_("Final energy use per hectare"), [c["energy_per_ha"] for c in columns], "energy"),
    ]
    panels = []
    y = 0.0
    for title, values, kind in indicators:
        if kind == "percent":
            shown = [percent(v) for v in values]
            top = 1.0
        elif kind == "emissions":
            shown = emissions_row(values, per=per_employee())
            top = max((v for v in values if v is not None), default=0.0)
        else:
            shown = energy_row(values, per=per_hectare())
            top = max((v for v in values if v is not None), default=0.0)
        bars = []
        title_y = y + 16
        for index, (value, text) in enumerate(zip(values, shown, strict=True)):
            row_y = title_y + 6 + index * CHART_ROW
            length = 0.0 if value is None or top <= 0 else max(0.0, min(1.0, value / top)) * CHART_WIDTH
            bars.append(
                {
                    "name": _short(columns[index]["name"]),
                    "text": text,
                    "colour": CHART_COLOURS[index % len(CHART_COLOURS)],
                    "label_y": f"{row_y + 12:.1f}",
                    "bar_y": f"{row_y + 16:.1f}",
                    "width": f"{length:.1f}",
                }
            )
        panels.append({"title": title, "title_y": f"{title_y:.1f}", "bars": bars})
        y = title_y + 6 + len(values) * CHART_ROW + 12
    return {
        "panels": panels,
        "width": str(CHART_WIDTH),
        "height": f"{y:.0f}",
        "bar_height": str(CHART_BAR),
    }


@rule(PUBLIC)
def compare(request: HttpRequest) -> HttpResponse:
    """Up to four certified areas side by side: level, fulfilment, the figures of their certified years
    in units chosen per row, per hectare and per employee, and a chart of a few of them."""
    slugs = list(dict.fromkeys(s for s in request.GET.getlist("areas") if s))[:4]
    language = translation.get_language() or "en"
    names = level_names(language)
    available = certified()
    chosen = [c for slug in slugs for c in available if c.area.slug == slug]
    columns = []
    stored = stored_summaries(chosen, language)
    for c in chosen:
        public = public_summary(c, language, stored.get(c.version_id, {}), with_employees=True)
        energy = _figure(public, "final_energy_kwh")
        electricity = _figure(public, "electricity_consumption_kwh")
        renewable = _figure(public, "renewable_electricity_kwh")
        emissions = _figure(public, "scope12_market_kg_co2e")
        columns.append(
            {
                "certificate": c,
                "name": public_name(c.area),
                "level_name": names.get(c.level, c.level),
                "public": public,
                "fulfilment": public["total_fulfilment"],
                "renewable_share": _ratio(renewable, electricity),
                "energy_per_ha": _ratio(energy, public["area_ha"]),
                "energy_per_employee": _ratio(energy, public["employees"]),
                "emissions_per_ha": _ratio(emissions, public["area_ha"]),
                "emissions_per_employee": _ratio(emissions, public["employees"]),
            }
        )
    theme_rows = []
    if columns:
        for index, theme in enumerate(columns[0]["public"]["themes"]):
            theme_rows.append(
                {
                    "name": theme["name"],
                    "values": [
                        percent(col["public"]["themes"][index]["fulfilment"])
                        if index < len(col["public"]["themes"])
                        else "—"
                        for col in columns
                    ],
                }
            )

    def values(name: str) -> list[float | None]:
        return [_figure(col["public"], name) for col in columns]

    figure_rows = [
        {"name": _("area"), "values": [hectares(col["public"]["area_ha"]) for col in columns]},
        {"name": _("companies"), "values": [count(col["public"]["companies"]) for col in columns]},
        {"name": _("employees"), "values": [count(col["public"]["employees"]) for col in columns]},
        {"name": _("final energy use"), "values": energy_row(values("final_energy_kwh"))},
        {"name": _("electricity use"), "values": energy_row(values("electricity_consumption_kwh"))},
        {"name": _("renewable electricity"), "values": energy_row(values("renewable_electricity_kwh"))},
        {
            "name": _("renewable share of electricity use"),
            "values": [percent(col["renewable_share"]) for col in columns],
        },
        {"name": _("scope 1 emissions"), "values": emissions_row(values("scope1_kg_co2e"))},
        {
            "name": _("scope 2 emissions (market-based)"),
            "values": emissions_row(values("scope2_market_kg_co2e")),
        },
        {
            "name": _("scope 1 + 2 emissions (market-based)"),
            "values": emissions_row(values("scope12_market_kg_co2e")),
        },
    ]
    relative_rows = [
        {
            "name": _("final energy use per hectare"),
            "values": energy_row([col["energy_per_ha"] for col in columns], per=per_hectare()),
        },
        {
            "name": _("scope 1 + 2 emissions per hectare"),
            "values": emissions_row([col["emissions_per_ha"] for col in columns], per=per_hectare()),
        },
        {
            "name": _("final energy use per employee"),
            "values": energy_row([col["energy_per_employee"] for col in columns], per=per_employee()),
        },
        {
            "name": _("scope 1 + 2 emissions per employee"),
            "values": emissions_row([col["emissions_per_employee"] for col in columns], per=per_employee()),
        },
    ]
    return render(
        request,
        "gia/compare.html",
        {
            "columns": columns,
            "theme_rows": theme_rows,
            "figure_rows": figure_rows,
            "relative_rows": relative_rows,
            "chart": _chart(columns) if columns else None,
            "available": [{"certificate": c, "name": public_name(c.area)} for c in available],
            "slugs": slugs,
            "too_many": len(request.GET.getlist("areas")) > 4,
        },
    )
