"""Indicators of climate (CL): each a small pure function over the accounted submission."""

from __future__ import annotations

from gia import i18n
from gia.accounting import Figure
from gia.accounting.provenance import given, ratio, total
from gia.assessment.figures import activity_words
from gia.assessment.indicators.common import (
    LOW_GWP_LIMIT,
    _adopted,
    _all_companies_final_energy,
    _baseline_activity,
    _final_energy_of,
    _reported_final_energy,
    _scope12_with_estimates,
    _share,
    _yes_no,
)
from gia.assessment.registry import Context, IndicatorValue, indicator
from gia.i18n import _


@indicator("ghg_inventory_coverage", "share")
def ghg_inventory_coverage(context: Context) -> IndicatorValue:
    """Final energy of companies with a scope 1 + 2 inventory by both scope 2 methods ÷ the area's final energy."""
    complete = {c.id for c in context.accounts.companies if c.inventory_complete}
    numerator = _final_energy_of(
        context,
        complete,
        "final_energy_inventoried_kwh",
        _("final energy of companies whose scope 1 + 2 inventory was computed by both methods"),
    )
    return _share(
        "ghg_inventory_coverage",
        numerator,
        _all_companies_final_energy(context),
        _("inventoried final energy ÷ the area's final energy"),
        _("no final energy reported"),
    )


@indicator("climate_target_valid", "yes/no")
def climate_target_valid(context: Context) -> IndicatorValue:
    """A climate-neutrality target no later than the country's legal year, with milestones, adopted by the end of the reporting year."""
    target = context.accounts.submission.area.plans.climate_target
    legal = context.profile.climate_neutrality_year
    problems = []
    if target is None:
        problems.append(_("no climate target"))
    else:
        if target.target_year > legal:
            problems.append(
                _("target year {year} is after {country}'s climate-neutrality year {legal}").format(
                    year=target.target_year, country=context.profile.id, legal=legal
                )
            )
        if not target.milestones:
            problems.append(_("no interim milestones"))
        if target.adopted is None or target.adopted > context.as_of:
            problems.append(_("not adopted by the area management by the end of the reporting year"))
    return _yes_no(
        "climate_target_valid",
        not problems,
        _("target year ≤ {legal} ({source}), milestones, adopted").format(
            legal=legal, source=context.profile.climate_neutrality_source
        ),
        "area.plans.climate_target",
        i18n.join("; ", problems),
    )


@indicator("ghg_reduction_vs_baseline", "share")
def ghg_reduction_vs_baseline(context: Context) -> IndicatorValue:
    """1 − market-based scope 1 + 2 ÷ baseline; per unit of activity (the area's activity unit) where the area grew."""
    baseline = context.accounts.submission.area.baseline
    if baseline is None:
        return IndicatorValue(
            "ghg_reduction_vs_baseline", None, "share", None, note=_("no baseline year declared")
        )
    if baseline.scope12_market_kg_co2e == 0:
        return IndicatorValue(
            "ghg_reduction_vs_baseline", None, "share", None, note=_("the baseline emissions are zero")
        )
    if _reported_final_energy(context).value == 0:
        return IndicatorValue(
            "ghg_reduction_vs_baseline", None, "share", None, note=_("no final energy reported")
        )
    now = _scope12_with_estimates(context)
    assert now is not None  # energy was reported
    base = given(
        "baseline_scope12_market_kg_co2e",
        baseline.scope12_market_kg_co2e,
        "kg CO2e",
        "area.baseline.scope12_market_kg_co2e",
    )
    unit = context.accounts.submission.area.activity_unit
    activity_now, activity_then = _baseline_activity(context)
    if activity_now and activity_then and activity_now > activity_then:
        now_per = Figure(
            "scope12_per_activity",
            now.value / activity_now,
            f"kg CO2e/{unit}",
            _("market-based scope 1 + 2 ÷ activity"),
            (now, given("activity", activity_now, unit, "companies[*]")),
        )
        base_per = Figure(
            "baseline_per_activity",
            base.value / activity_then,
            f"kg CO2e/{unit}",
            _("baseline ÷ baseline activity"),
            (base, given("baseline_activity", activity_then, unit, "area.baseline")),
        )
        figure = Figure(
            "ghg_reduction_vs_baseline",
            1 - now_per.value / base_per.value,
            "share",
            _("the area grew since {year}: 1 − (emissions per {unit} ÷ baseline per {unit})").format(
                year=baseline.year, unit=activity_words(unit)
            ),
            (now_per, base_per),
        )
        return IndicatorValue("ghg_reduction_vs_baseline", figure.value, "share", figure)
    figure = Figure(
        "ghg_reduction_vs_baseline",
        1 - now.value / base.value,
        "share",
        _("1 − market-based scope 1 + 2 ÷ baseline ({year})").format(year=baseline.year),
        (now, base),
    )
    return IndicatorValue("ghg_reduction_vs_baseline", figure.value, "share", figure)


@indicator("scope12_market_vs_baseline_ratio", "share")
def scope12_market_vs_baseline_ratio(context: Context) -> IndicatorValue:
    """Market-based scope 1 + 2 (with estimates for companies that did not report) ÷ baseline-year emissions."""
    baseline = context.accounts.submission.area.baseline
    if baseline is None or baseline.scope12_market_kg_co2e == 0:
        return IndicatorValue(
            "scope12_market_vs_baseline_ratio", None, "share", None, note=_("no baseline year declared")
        )
    now = _scope12_with_estimates(context)
    if now is None:
        return IndicatorValue(
            "scope12_market_vs_baseline_ratio", None, "share", None, note=_("no final energy reported")
        )
    base = given(
        "baseline_scope12_market_kg_co2e",
        baseline.scope12_market_kg_co2e,
        "kg CO2e",
        "area.baseline.scope12_market_kg_co2e",
    )
    figure = ratio(
        "scope12_market_vs_baseline_ratio",
        now,
        base,
        _("market-based scope 1 + 2 ÷ baseline ({year})").format(year=baseline.year),
    )
    if figure is None:
        return IndicatorValue(
            "scope12_market_vs_baseline_ratio",
            None,
            "share",
            None,
            note=_("not computable: the baseline is too close to zero"),
        )
    return IndicatorValue("scope12_market_vs_baseline_ratio", figure.value, "share", figure)


@indicator("carbon_intensity_kg_per_mwh", "kg CO2e/MWh")
def carbon_intensity_kg_per_mwh(context: Context) -> IndicatorValue:
    """Market-based scope 1 + 2 of the reporting companies ÷ their final energy [kg CO2e/MWh]."""
    energy = _reported_final_energy(context)
    if energy.value == 0:
        return IndicatorValue(
            "carbon_intensity_kg_per_mwh", None, "kg CO2e/MWh", None, note=_("no final energy reported")
        )
    emissions = context.accounts["scope12_market_kg_co2e"]
    figure = Figure(
        "carbon_intensity_kg_per_mwh",
        emissions.value / (energy.value / 1000),
        "kg CO2e/MWh",
        _("market-based scope 1 + 2 [kg CO2e] ÷ final energy [MWh]"),
        (emissions, energy),
    )
    return IndicatorValue("carbon_intensity_kg_per_mwh", figure.value, "kg CO2e/MWh", figure)


@indicator("low_gwp_refrigerant_share", "share")
def low_gwp_refrigerant_share(context: Context) -> IndicatorValue:
    """Refrigerant charge with GWP100 below 150 ÷ total refrigerant charge; not applicable without refrigerants."""
    factors = context.accounts.factor_set
    low, charge = [], []
    for i, c in enumerate(context.accounts.submission.companies):
        for j, r in enumerate(c.refrigerants):
            item = given("charge_kg", r.charge_kg, "kg", f"companies[{i}].refrigerants[{j}].charge_kg")
            charge.append(item)
            gwp = factors.gwp(r.gas)
            if gwp is not None and gwp.value < LOW_GWP_LIMIT:
                low.append(
                    Figure(
                        "low_gwp_charge_kg",
                        r.charge_kg,
                        "kg",
                        _("{gas}: GWP100 {gwp} < 150").format(gas=r.gas, gwp=gwp.value),
                        (item,),
                        (gwp,),
                    )
                )
    if not charge:
        return IndicatorValue(
            "low_gwp_refrigerant_share", None, "share", None, not_applicable=_("no refrigerants reported")
        )
    return _share(
        "low_gwp_refrigerant_share",
        total("low_gwp_charge_kg", "kg", _("charge of refrigerants with GWP100 < 150"), low),
        total("refrigerant_charge_kg", "kg", _("total refrigerant charge"), charge),
        _("low-GWP charge ÷ total charge"),
        _("no refrigerant charge"),
    )


@indicator("climate_risk_assessment_done", "yes/no")
def climate_risk_assessment_done(context: Context) -> IndicatorValue:
    """A climate risk assessment of the area completed by the end of the reporting year."""
    return _adopted(context, "climate_risk_assessment")


@indicator("adaptation_plan_adopted", "yes/no")
def adaptation_plan_adopted(context: Context) -> IndicatorValue:
    """A climate adaptation plan adopted by the end of the reporting year."""
    return _adopted(context, "adaptation_plan")
