"""The measures compendium and the good-practice library, for anyone: lists with filters, one page
per measure and one page per case.

The pages only read the core's data (:mod:`gia.toolbox.measures`, :mod:`gia.toolbox.cases`) and
show it in words (:mod:`gia.toolbox.labels`): no internal field name or code reaches the reader.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gia import i18n
from gia.standard import load_standard
from gia.toolbox import labels
from gia.toolbox.cases import SYMBIOSIS, Case, case, find_cases, load_cases
from gia.toolbox.measures import Compendium, Measure, Value, cost_per_mwh, load_compendium
from gia.web.models.areas import COUNTRIES
from gia.web.permissions import PUBLIC
from gia.web.views.common import rule

#: ranges of the yearly cost per MWh a measure generates, supplies or saves [EUR/MWh]
COST_BANDS: dict[str, tuple[float | None, float | None, Any]] = {
    "under-20": (None, 20, gettext_lazy("under 20 EUR per MWh")),
    "20-50": (20, 50, gettext_lazy("20 to 50 EUR per MWh")),
    "50-100": (50, 100, gettext_lazy("50 to 100 EUR per MWh")),
    "over-100": (100, None, gettext_lazy("over 100 EUR per MWh")),
    "none": (None, None, gettext_lazy("no energy effect (storage, charging, water, land)")),
}


def _language() -> str:
    return translation.get_language() or "en"


def _criteria(language: str) -> dict[str, dict[str, str]]:
    """The standard's criteria by id: name and theme name, in ``language``."""
    catalogue = load_standard().catalogue
    themes = {t.id: t.name.get(language) for t in catalogue.themes}
    return {
        c.id: {"name": c.name.get(language), "theme": themes.get(c.theme, c.theme)}
        for c in catalogue.criteria
    }


def _criterion_groups(language: str) -> list[dict[str, Any]]:
    """The criteria the compendium's measures improve, grouped by the standard's themes."""
    catalogue = load_standard().catalogue
    improved = {c for m in load_compendium().measures.values() for c in m.criteria}
    groups = []
    for theme in sorted(catalogue.themes, key=lambda t: t.order):
        criteria = [
            (c.id, c.name.get(language))
            for c in sorted(catalogue.criteria, key=lambda c: (c.order, c.id))
            if c.theme == theme.id and c.id in improved
        ]
        if criteria:
            groups.append({"theme": theme.name.get(language), "criteria": criteria})
    return groups


def _cost_text(band: tuple[float, float] | None) -> str:
    if band is None:
        return _("no energy effect")
    low, high = (labels.number(round(v)) for v in band)
    if low == high:
        return _("{cost} EUR per MWh").format(cost=low)
    return _("{low} to {high} EUR per MWh").format(low=low, high=high)


def _in_band(cost: tuple[float, float] | None, key: str) -> bool:
    low, high, _label = COST_BANDS[key]
    if key == "none":
        return cost is None
    if cost is None:
        return False
    return (low is None or cost[1] >= low) and (high is None or cost[0] < high)


def _applies_in(measure: Measure, country: str) -> bool:
    countries = measure.countries()
    return countries is None or country in countries


def _card(
    measure: Measure, language: str, country: str, criteria: dict[str, dict[str, str]]
) -> dict[str, Any]:
    return {
        "id": measure.id,
        "name": measure.label(language),
        "description": measure.describe(language),
        "category": labels.category(measure.category),
        "cost": _cost_text(cost_per_mwh(measure, country or None)),
        "criteria": [criteria[c]["name"] for c in measure.criteria if c in criteria],
        "cases": len(find_cases(measure.id)),
    }


@rule(PUBLIC)
def measures(request: HttpRequest) -> HttpResponse:
    """The compendium as cards by theme, filtered by theme, country, criterion improved and cost."""
    language = _language()
    compendium = load_compendium()
    criteria = _criteria(language)
    theme = request.GET.get("theme", "")
    theme = theme if theme in labels.CATEGORIES else ""
    country = request.GET.get("country", "")
    country = country if country in dict(COUNTRIES) else ""
    criterion = request.GET.get("criterion", "")
    criterion = criterion if criterion in criteria else ""
    cost = request.GET.get("cost", "")
    cost = cost if cost in COST_BANDS else ""
    chosen = [
        m
        for m in compendium.measures.values()
        if (not theme or m.category == theme)
        and (not country or _applies_in(m, country))
        and (not criterion or criterion in m.criteria)
        and (not cost or _in_band(cost_per_mwh(m, country or None), cost))
    ]
    groups = []
    for category in labels.CATEGORIES:
        cards = [_card(m, language, country, criteria) for m in chosen if m.category == category]
        if cards:
            groups.append({"id": category, "name": labels.category(category), "measures": cards})
    return render(
        request,
        "gia/toolbox_measures.html",
        {
            "groups": groups,
            "count": len(chosen),
            "total": len(compendium.measures),
            "themes": [(key, labels.category(key)) for key in labels.CATEGORIES],
            "countries": COUNTRIES,
            "criterion_groups": _criterion_groups(language),
            "cost_bands": [(key, label) for key, (_low, _high, label) in COST_BANDS.items()],
            "theme": theme,
            "country": country,
            "criterion": criterion,
            "cost": cost,
            "filtered": bool(theme or country or criterion or cost),
            "price_year": compendium.price_year,
            "discount_rate": i18n.percent(_discount_rate()),
        },
    )


def _discount_rate() -> float:
    from gia.toolbox.measures import load_economics

    return load_economics().get("discount_rate").value


def _sources_of(compendium: Compendium, values: list[Value]) -> dict[str, int]:
    """The sources a page cites, numbered in the order of first use."""
    numbers: dict[str, int] = {}
    for value in values:
        numbers.setdefault(value.source, len(numbers) + 1)
    return numbers


def _figure(label: str, value: Value, numbers: dict[str, int], text: str | None = None) -> dict[str, Any]:
    return {
        "label": label,
        "text": text or labels.value(value.value, value.unit),
        "source": numbers[value.source],
    }


def _not_found(request: HttpRequest, template: str) -> HttpResponse:
    return render(request, template, {}, status=404)


@rule(PUBLIC)
def measure_detail(request: HttpRequest, measure: str) -> HttpResponse:
    """One measure: what it is, its costs, lifetime and effects in words, where it applies, the
    criteria it improves, the cases that show it, and the sources of every number."""
    language = _language()
    compendium = load_compendium()
    found = compendium.measures.get(measure)
    if found is None:
        return _not_found(request, "gia/toolbox_measure.html")
    criteria = _criteria(language)
    values = [found.capex, found.opex, found.lifetime, *found.parameters.values()]
    values += [v for table in found.per_country.values() for v in table.values()]
    numbers = _sources_of(compendium, values)
    costs = [
        _figure(_("capital cost"), found.capex, numbers),
        _figure(_("operating cost"), found.opex, numbers),
        _figure(_("lifetime"), found.lifetime, numbers),
    ]
    effects = []
    for name, value in found.parameters.items():
        if name in labels.TEXT_PARAMETERS:
            effects.append(_figure(labels.parameter(name), value, numbers, labels.text_value(value.unit)))
        else:
            effects.append(_figure(labels.parameter(name), value, numbers))
    country_names = dict(COUNTRIES)
    per_country = [
        {
            "name": labels.parameter(name),
            "rows": [
                {
                    "country": str(country_names.get(country, country)),
                    "text": labels.value(v.value, v.unit),
                    "source": numbers[v.source],
                }
                for country, v in sorted(
                    table.items(), key=lambda item: str(country_names.get(item[0], item[0]))
                )
            ],
        }
        for name, table in found.per_country.items()
    ]
    sources = [
        {
            "number": number,
            "title": compendium.sources[key].title,
            "year": compendium.sources[key].year,
            "licence": compendium.sources[key].licence,
            "verified": labels.verification(compendium.sources[key].verified),
        }
        for key, number in numbers.items()
    ]
    return render(
        request,
        "gia/toolbox_measure.html",
        {
            "measure": found,
            "name": found.label(language),
            "description": found.describe(language),
            "category": labels.category(found.category),
            "size_unit": labels.size_unit(found.unit),
            "costs": costs,
            "cost_per_mwh": _cost_text(cost_per_mwh(found)),
            "has_cost_per_mwh": cost_per_mwh(found) is not None,
            "effects": effects,
            "per_country": per_country,
            "requirements": [labels.requirement(r) for r in found.applicability],
            "criteria": [
                {"id": c, "name": criteria[c]["name"], "theme": criteria[c]["theme"]}
                for c in found.criteria
                if c in criteria
            ],
            "cases": [
                {"id": c.id, "title": c.title.get(language), "area": c.area} for c in find_cases(found.id)
            ],
            "sources": sources,
            "price_year": compendium.price_year,
            "discount_rate": i18n.percent(_discount_rate()),
        },
    )


# --- the good-practice library -------------------------------------------------------------------


def _measure_names(language: str) -> dict[str, str]:
    names = {m.id: m.label(language) for m in load_compendium().measures.values()}
    names[SYMBIOSIS] = _("industrial symbiosis")
    return names


def _case_card(item: Case, language: str, countries: dict[str, Any]) -> dict[str, Any]:
    return {
        "case": item,
        "title": item.title.get(language),
        "country": str(countries.get(item.country, item.country)),
        "what": item.result.what.get(language),
        "result": labels.value(item.result.value, item.result.unit),
        "year": item.result.year,
    }


@rule(PUBLIC)
def cases(request: HttpRequest) -> HttpResponse:
    """The good-practice library, filtered by the measure a case shows and by country."""
    language = _language()
    everything = load_cases()
    names = _measure_names(language)
    measure = request.GET.get("measure", "")
    country = request.GET.get("country", "")
    measure = measure if measure in names else ""
    country_names = dict(COUNTRIES)
    countries = sorted({c.country for c in everything}, key=lambda c: str(country_names.get(c, c)))
    country = country if country in countries else ""
    rows = find_cases(measure or None, country or None)
    shown = list(dict.fromkeys(m for c in everything for m in c.measures))
    return render(
        request,
        "gia/toolbox_cases.html",
        {
            "cases": [_case_card(c, language, country_names) for c in rows],
            "measures": sorted(((m, names[m]) for m in shown), key=lambda item: item[1]),
            "countries": [(c, country_names.get(c, c)) for c in countries],
            "measure": measure,
            "country": country,
        },
    )


@rule(PUBLIC)
def case_detail(request: HttpRequest, case_id: str) -> HttpResponse:
    """One case: what was done where, its figure with year, method and whether it was checked, the
    measures it illustrates (linked) and its sources with their addresses."""
    language = _language()
    found = case(case_id)
    if found is None:
        return _not_found(request, "gia/toolbox_case.html")
    names = _measure_names(language)
    compendium = load_compendium()
    return render(
        request,
        "gia/toolbox_case.html",
        {
            "case": found,
            "title": found.title.get(language),
            "description": found.description.get(language),
            "country": dict(COUNTRIES).get(found.country, found.country),
            "what": found.result.what.get(language),
            "result": labels.value(found.result.value, found.result.unit),
            "method": found.result.method.get(language),
            "measures": [
                {"id": m, "name": names.get(m, m), "linked": m in compendium.measures} for m in found.measures
            ],
            "others": [
                {"id": c.id, "title": c.title.get(language)}
                for c in load_cases()
                if c.area == found.area and c.id != found.id
            ],
        },
    )
