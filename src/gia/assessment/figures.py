"""Figures in words: what each figure the engine makes is called, its value as a person reads it,
and what each reference factor is.

The engine names its figures for code (``scope2_market_kg_co2e``, ``electricity_purchase_kwh``);
people read them by the labels below, in their language. Every name the accounting and the
indicators produce has a label (a test walks the examples and the source to make sure), and a value
is shown in the unit a reader expects: energy in kWh, MWh or GWh, emissions in kg or t CO2e, shares
as percentages, yes or no, with the reader's digits.
"""

from __future__ import annotations

import re
from typing import Any

from gia.accounting.factors import supply_words
from gia.dataset.labels import choice_label
from gia.i18n import gettext, number, percent, points_unit


def N_(message: str) -> str:  # noqa: N802  (the conventional name of gettext's no-op marker)
    """Mark ``message`` for translation; it is translated where it is shown."""
    return message


#: the words for each figure the engine makes (keys: ``Figure.name``)
FIGURE_LABELS: dict[str, str] = {
    # --- energy: electricity
    "electricity_purchase_kwh": N_("Electricity bought"),
    "covered_share": N_("Share covered by the guarantees or the PPA"),
    "covered_kwh": N_("Electricity covered by the guarantees or the PPA"),
    "uncovered_kwh": N_("Electricity not covered by the guarantees or the PPA"),
    "electricity_grid_kwh": N_("Electricity bought from the grid"),
    "electricity_consumption_kwh": N_("Electricity consumption"),
    "electricity_generated_kwh": N_("Electricity generated on site"),
    "electricity_exported_kwh": N_("Electricity fed into the grid"),
    "electricity_self_consumed_kwh": N_("Own generation used on site"),
    "electricity_self_consumed_non_combustion_kwh": N_("Own generation used on site (without combustion)"),
    "generated_kwh": N_("Electricity generated"),
    "exported_kwh": N_("Electricity fed into the grid"),
    "self_consumed_kwh": N_("Own generation used on site"),
    "renewable_electricity_kwh": N_("Renewable electricity"),
    "local_renewable_electricity_kwh": N_("Local renewable electricity"),
    "renewable_electricity_share": N_("Renewable share of electricity"),
    "local_renewable_generation_share": N_("Local renewable generation share"),
    # --- energy: fuels and heat
    "fuel_amount": N_("Fuel used (as reported)"),
    "fuel_energy_kwh": N_("Energy of the fuel (net calorific value)"),
    "chp_heat_kwh": N_("Heat from combined heat and power"),
    "heat_purchase_kwh": N_("Heat bought"),
    "heat_purchased_kwh": N_("Heat bought"),
    "heat_delivered_kwh": N_("Heat delivered to others"),
    "heat_demand_kwh": N_("Heat demand"),
    "heat_pump_output_kwh": N_("Heat from heat pumps"),
    "own_heat_production_kwh": N_("Own heat production"),
    "own_heat_used_kwh": N_("Own heat used"),
    "own_renewable_heat_production_kwh": N_("Own renewable heat production"),
    "own_renewable_heat_used_kwh": N_("Own renewable heat used"),
    "renewable_heat_kwh": N_("Renewable and recovered heat"),
    "renewable_heat_share": N_("Renewable and recovered share of heat"),
    "renewable_share": N_("Renewable or recovered share (declared)"),
    "supplier_renewable_heat_share": N_("Supplier's renewable share of heat"),
    # --- energy: totals, intensity, management
    "final_energy_kwh": N_("Final energy"),
    "final_energy_reported_kwh": N_("Final energy of the companies that reported"),
    "final_energy_estimated_kwh": N_("Final energy estimated for companies that did not report"),
    "final_energy_covered_kwh": N_("Final energy under energy management"),
    "final_energy_ems_kwh": N_("Final energy under environmental management"),
    "final_energy_inventoried_kwh": N_("Final energy with a greenhouse-gas inventory"),
    "companies_final_energy_kwh": N_("Final energy of all companies"),
    "internal_final_energy_kwh": N_("Energy passed between companies of the area"),
    "energy_intensity_now": N_("Energy intensity in the reporting year"),
    "energy_intensity_then": N_("Energy intensity in the first year"),
    "energy_intensity_improvement": N_("Yearly improvement of energy intensity"),
    "energy_management_coverage": N_("Share of final energy under energy management"),
    "environmental_management_share": N_("Share of final energy under environmental management"),
    "activity": N_("Activity"),
    "baseline_activity": N_("Activity in the baseline year"),
    # --- waste heat and flexibility
    "recoverable_kwh": N_("Recoverable waste heat"),
    "used_kwh": N_("Waste heat used"),
    "waste_heat_recoverable_kwh": N_("Recoverable waste heat"),
    "waste_heat_used_kwh": N_("Waste heat used"),
    "waste_heat_use_share": N_("Share of recoverable waste heat used"),
    "peak_load_kw": N_("Peak electric load"),
    "storage_power_kw": N_("Storage power"),
    "flexible_load_kw": N_("Flexible load"),
    "flexible_capacity_kw": N_("Flexible capacity"),
    "flexibility_share": N_("Flexibility share"),
    # --- hourly carbon-free electricity
    "hourly_cfe_score": N_("Hourly carbon-free electricity score"),
    "hourly_load_kwh": N_("Electricity load (hourly series)"),
    "cfe_matched_kwh": N_("Load matched hour by hour by carbon-free supply"),
    "cfe_grid_kwh": N_("Carbon-free electricity from the grid"),
    "grid_carbon_free_share": N_("Carbon-free share of the grid"),
    "unmetered_electricity_kwh": N_("Electricity without hourly series"),
    "unmetered_cfe_kwh": N_("Carbon-free electricity counted for companies without hourly series"),
    # --- greenhouse gases
    "co2_fossil_kg": N_("Fossil CO2 from the fuel"),
    "co2_biogenic_kg": N_("Biogenic CO2 from the fuel"),
    "co2_kg_co2e": N_("Fossil CO2"),
    "ch4_kg_co2e": N_("Methane (CH4) in CO2 equivalent"),
    "n2o_kg_co2e": N_("Nitrous oxide (N2O) in CO2 equivalent"),
    "fuel_scope1_kg_co2e": N_("Direct emissions of the fuel"),
    "leakage_kg": N_("Refrigerant leaked"),
    "charge_kg": N_("Refrigerant charge"),
    "refrigerant_kg_co2e": N_("Emissions of the refrigerant leaked"),
    "low_gwp_charge_kg": N_("Charge of low-GWP refrigerants"),
    "refrigerant_charge_kg": N_("Total refrigerant charge"),
    "low_gwp_refrigerant_share": N_("Share of low-GWP refrigerants"),
    "scope1_combustion_kg_co2e": N_("Scope 1 from burning fuels"),
    "scope1_refrigerants_kg_co2e": N_("Scope 1 from refrigerant leakage"),
    "scope1_kg_co2e": N_("Scope 1 emissions"),
    "scope2_electricity_location_kg_co2e": N_("Scope 2 of electricity (location-based)"),
    "scope2_electricity_market_kg_co2e": N_("Scope 2 of electricity (market-based)"),
    "scope2_heat_kg_co2e": N_("Scope 2 of heat bought"),
    "scope2_location_kg_co2e": N_("Scope 2 emissions (location-based)"),
    "scope2_market_kg_co2e": N_("Scope 2 emissions (market-based)"),
    "scope12_location_kg_co2e": N_("Scope 1 + 2 emissions (location-based)"),
    "scope12_market_kg_co2e": N_("Scope 1 + 2 emissions (market-based)"),
    "scope12_estimated_kg_co2e": N_("Estimated emissions of companies that did not report"),
    "scope12_market_with_estimates_kg_co2e": N_("Scope 1 + 2 (market-based) with the estimates"),
    "internal_scope2_location_kg_co2e": N_("Emissions passed between companies of the area (location-based)"),
    "internal_scope2_market_kg_co2e": N_("Emissions passed between companies of the area (market-based)"),
    "biogenic_co2_kg": N_("Biogenic CO2 (reported outside the scopes)"),
    "baseline_scope12_market_kg_co2e": N_("Scope 1 + 2 in the baseline year (market-based)"),
    "scope12_per_activity": N_("Emissions per unit of activity"),
    "baseline_per_activity": N_("Baseline emissions per unit of activity"),
    "ghg_reduction_vs_baseline": N_("Emission reduction since the baseline year"),
    "scope12_market_vs_baseline_ratio": N_("Emissions compared with the baseline year"),
    "carbon_intensity_kg_per_mwh": N_("Carbon intensity of the energy used"),
    "ghg_inventory_coverage": N_("Share of final energy with a greenhouse-gas inventory"),
    # --- plans and governance (yes or no)
    "area_management_entity_named": N_("A management entity is named"),
    "area_boundary_given": N_("The area's boundary is given"),
    "energy_concept_adopted": N_("Energy concept adopted"),
    "climate_target_valid": N_("Climate-neutrality target valid"),
    "land_management_plan_adopted": N_("Land management plan adopted"),
    "adaptation_plan_adopted": N_("Climate adaptation plan adopted"),
    "climate_risk_assessment_done": N_("Climate risk assessment done"),
    "mobility_plan_adopted": N_("Mobility plan adopted"),
    "public_transport_served": N_("Served by public transport"),
    "community_activities": N_("Activities with neighbours and the municipality"),
    "energy_training_programmes": N_("Training programmes on energy and climate"),
    "unresolved_major_violation": N_("Unresolved major environmental violation"),
    "network_event": N_("Network event"),
    "network_events_count": N_("Network events in the year"),
    "reported_company": N_("Company that reported"),
    "reported_companies": N_("Companies that reported"),
    "reporting_coverage_companies": N_("Share of companies that reported"),
    "reporting_coverage_energy": N_("Share of final energy reported"),
    "company_count": N_("Resident companies"),
    "companies": N_("Companies in the submission"),
    "resident_companies": N_("Resident companies"),
    "consenting_company": N_("Company consenting to the use of its data"),
    "consenting_companies": N_("Companies consenting to the use of their data"),
    "company_consent_share": N_("Share of companies consenting to the use of their data"),
    "area_size_ha": N_("Size of the area"),
    # --- circularity
    "participating_company": N_("Company taking part in an exchange"),
    "participating_companies": N_("Companies taking part in exchanges"),
    "symbiosis_participation_share": N_("Share of companies taking part in exchanges"),
    "residue_t": N_("Residue or by-product"),
    "residues_generated_t": N_("Residues and by-products generated"),
    "residues_used_by_others_t": N_("Residues used by another company"),
    "residues_used_by_others_share": N_("Share of residues used by others"),
    "waste_t": N_("Waste"),
    "waste_generated_t": N_("Waste generated"),
    "recovered_t": N_("Waste recovered"),
    "waste_recovered_t": N_("Waste recovered"),
    "waste_recovery_share": N_("Waste recovery share"),
    "withdrawn_m3": N_("Water withdrawn"),
    "reused_m3": N_("Water reused"),
    "water_use_m3": N_("Water use"),
    "water_reused_m3": N_("Water reused or recycled"),
    "water_reuse_share": N_("Water reuse share"),
    "shared_service": N_("Shared service"),
    "shared_services_count": N_("Shared services in operation"),
    # --- land
    "total_area_ha": N_("Total area"),
    "sealed_area_ha": N_("Sealed area"),
    "sealed_share_ha": N_("Sealed area"),
    "sealed_share": N_("Sealed share of the area"),
    "near_natural_green_ha": N_("Near-natural green space"),
    "green_roofs_facades_ha": N_("Green roofs and facades"),
    "near_natural_green_share_ha": N_("Near-natural green space with green roofs and facades"),
    "near_natural_green_share": N_("Share of near-natural green space"),
    "rainwater_managed_share": N_("Share of rainwater managed on site"),
    # --- mobility
    "employees": N_("Employees"),
    "surveyed_employees": N_("Employees covered by a commuting survey"),
    "sustainable_trips": N_("Employees commuting sustainably"),
    "sustainable_commuters": N_("Employees commuting sustainably"),
    "sustainable_commuting_share": N_("Sustainable commuting share"),
    "charging_points": N_("Charging points"),
    "charging_points_per_100_employees": N_("Charging points per 100 employees"),
    "vehicles": N_("Vehicles"),
    "fleet": N_("Company road vehicles"),
    "zero_emission_vehicles": N_("Zero-emission vehicles"),
    "zero_emission_fleet_share": N_("Zero-emission share of the fleet"),
}


#: the rule of a figure read from the submission (``gia.accounting.provenance.given``)
REPORTED = N_("reported in the submission")


def rule_words(rule: str) -> str:
    """A figure's rule in the active language: the rules the engine writes are translated when the
    assessment is made, except the one every submitted value shares."""
    return gettext(REPORTED) if rule == REPORTED else rule


def activity_words(unit: str) -> str:
    """An activity unit in words for a rule: ``employee`` → "employee", ``floor_area`` → "m² of floor area"."""
    return gettext(_ACTIVITY_WORDS[unit]) if unit in _ACTIVITY_WORDS else unit.replace("_", " ")


def figure_label(name: str) -> str:
    """The words for the figure ``name`` in the active language."""
    words = FIGURE_LABELS.get(name)
    if words is None:  # a figure without a label is a bug (a test finds it); never show the name
        return gettext("Computed value")
    return gettext(words)


# --- units and values ---------------------------------------------------------------------------

#: units written for people (the engine writes m3, share, yes/no, activity units as codes)
_UNIT_WORDS = {
    "m3": "m³",
    "m2": "m²",
    "t/m3": "t/m³",
    "kWh/m3": "kWh/m³",
}
_ACTIVITY_WORDS = {
    "employee": N_("employee"),
    "employees": N_("employees"),
    "floor_area": N_("m² of floor area"),
    "value_added": N_("euro of value added"),
}
_WORD_UNITS = {
    "count": "",
    "ratio": "",
    "points": N_("points"),
    "per 100 employees": N_("per 100 employees"),
    "employee": N_("employees"),
    "employees": N_("employees"),
}


def unit_words(unit: str) -> str:
    """A unit as a person reads it: ``m³``, ``kg CO2e per employee``, ``per 100 employees``."""
    if unit in _UNIT_WORDS:
        return _UNIT_WORDS[unit]
    if unit == "points":
        return points_unit()
    if unit in _WORD_UNITS:
        return gettext(_WORD_UNITS[unit]) if _WORD_UNITS[unit] else ""
    if "/" in unit:
        top, _slash, bottom = unit.rpartition("/")
        if bottom in _ACTIVITY_WORDS:
            return gettext("{unit} per {activity}").format(
                unit=_UNIT_WORDS.get(top, top), activity=gettext(_ACTIVITY_WORDS[bottom])
            )
    return unit


def _digits(amount: float) -> str:
    """Three significant digits at most below 100, whole numbers above (``12.7``, ``1.3``, ``505``)."""
    size = abs(amount)
    decimals = 2 if size < 10 else 1 if size < 100 else 0
    text = number(amount, decimals)
    if decimals:
        decimal_sign = number(1.5, 1)[1]
        text = text.rstrip("0").rstrip(decimal_sign)
    return text


#: a unit and the larger units it is shown in when the number is large (factor from the base unit)
_SCALES: dict[str, tuple[tuple[float, str], ...]] = {
    "kWh": ((1e6, "GWh"), (1e3, "MWh")),
    "kW": ((1e3, "MW"),),
    "kg CO2e": ((1e3, "t CO2e"),),
    "kg CO2": ((1e3, "t CO2"),),
}


def readable_value(amount: float | None, unit: str) -> str:
    """A figure's value in the reader's format with its unit, in a unit that suits its size:
    ``95 320 000 kWh`` → ``95,3 GWh`` (pl), ``67 253 000 kg CO2e`` → ``67 253 t CO2e``, ``0.133`` share
    → ``13.3%``, ``1`` yes/no → ``yes``."""
    if amount is None:
        return "—"
    if unit == "share":
        return percent(amount, 1)
    if unit == "yes/no":
        return gettext("yes") if amount else gettext("no")
    if unit in ("count", "ratio"):
        return number(amount, 0) if float(amount).is_integer() else _digits(amount)
    for factor, larger in _SCALES.get(unit, ()):
        if abs(amount) >= factor:
            return f"{_digits(amount / factor)} {larger}"
    words = unit_words(unit)
    shown = number(amount, 0) if float(amount).is_integer() else _digits(amount)
    return f"{shown} {words}".strip()


# --- reference factors --------------------------------------------------------------------------

_GASES = {"co2": "CO2", "ch4": "CH4", "n2o": "N2O"}
_SECTORS = {
    "energy": N_("energy industries"),
    "manufacturing": N_("manufacturing"),
    "commercial": N_("commercial and institutional"),
    "transport": N_("road transport"),
    "residential": N_("households"),
}
_FUEL_PROPERTIES = {
    "density": N_("density of {fuel}"),
    "net_energy_per_volume": N_("energy content of {fuel} per volume (net)"),
    "net_energy_per_mass": N_("energy content of {fuel} per mass (net)"),
    "net_to_gross": N_("ratio of net to gross calorific value of {fuel}"),
}


def _fuel_words(fuel: str) -> str:
    return choice_label("FuelUse", "fuel", fuel).replace("_", " ")


def factor_label(factor_id: str) -> str:
    """What a reference factor is, in words: ``ipcc2006/natural_gas/co2/all`` → "CO2 emission factor
    of natural gas", ``grid/ember/PL/2024`` → "grid electricity emission factor, PL 2024"."""
    parts = factor_id.split("/")
    kind = parts[0]
    if kind == "ipcc2006" and len(parts) == 4:
        _kind, fuel, parameter, sector = parts
        if parameter == "ncv":
            return gettext("net calorific value of {fuel}").format(fuel=_fuel_words(fuel))
        words = gettext("{gas} emission factor of {fuel}").format(
            gas=_GASES.get(parameter, parameter.upper()), fuel=_fuel_words(fuel)
        )
        if sector in _SECTORS:
            words += f" ({gettext(_SECTORS[sector])})"
        return words
    if kind == "fuel-properties" and len(parts) == 3:
        template = _FUEL_PROPERTIES.get(parts[2])
        if template:
            return gettext(template).format(fuel=_fuel_words(parts[1]))
        return gettext("property of {fuel}").format(fuel=_fuel_words(parts[1]))
    if kind == "gwp" and len(parts) == 3:
        return gettext("global warming potential of {gas} ({report})").format(gas=parts[2], report=parts[1])
    if kind == "grid" and len(parts) == 4:
        return gettext("emission factor of the grid electricity, {country} {year}").format(
            country=parts[2], year=parts[3]
        )
    if kind == "residual-mix" and len(parts) == 3:
        return gettext("residual mix emission factor, {country} {year}").format(
            country=parts[1], year=parts[2]
        )
    if kind == "grid-cfe" and len(parts) == 3:
        return gettext("carbon-free share of the grid, {country} {year}").format(
            country=parts[1], year=parts[2]
        )
    if kind == "district-heat" and len(parts) == 4:
        return gettext("emission factor of district heat ({supply}), {country} {year}").format(
            supply=supply_words(parts[2]), country=parts[1], year=parts[3]
        )
    if kind == "heat-supplier" and len(parts) >= 2:
        name = "/".join(parts[1:])
        if name == "declared":
            return gettext("emission factor of the heat declared by its supplier")
        return gettext("emission factor of the heat declared by {supplier}").format(supplier=name)
    if kind == "supplier" and len(parts) >= 2:
        name = "/".join(parts[1:])
        if name == "declared":
            return gettext("emission factor of the electricity declared by its supplier")
        return gettext("emission factor of the electricity declared by {supplier}").format(supplier=name)
    return gettext("reference value")


def factor_in_words(factor: dict[str, Any]) -> dict[str, Any]:
    """A factor of a chain (its JSON form) with its name, value and unit in words."""
    return {
        **factor,
        "source": str(factor.get("source", "")),
        "note": str(factor.get("note", "")),
        "label": factor_label(str(factor.get("id", ""))),
        "shown": f"{_plain(factor.get('value'))} {unit_words(str(factor.get('unit', '')))}".strip(),
    }


def _plain(amount: Any) -> str:
    if not isinstance(amount, int | float):
        return str(amount)
    if float(amount).is_integer():
        return number(amount, 0)
    decimals = min(6, max(1, len(repr(float(amount)).split(".")[1].rstrip("0"))))
    return number(amount, decimals)


# --- conditions of a gate -----------------------------------------------------------------------

_OPERATORS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "=", "!=": "≠"}


def condition_words(condition: dict[str, Any], unit: str | None = None) -> str:
    """A gate's condition in words: ``renewable_electricity_share >= 0.5`` → "Renewable share of
    electricity ≥ 50.0%", ``climate_target_valid >= 1`` → "Climate-neutrality target valid: yes".
    ``unit`` is the indicator's unit (looked up in the registry when not given)."""
    from gia.assessment.registry import registry

    indicator = str(condition.get("indicator", ""))
    if unit is None:
        found = registry().get(indicator)
        unit = found.unit if found else ""
    operator = str(condition.get("operator"))
    threshold = condition.get("threshold")
    label = figure_label(indicator)
    if unit == "yes/no" and isinstance(threshold, int | float):
        wanted = not (operator in ("<", "<=") or (operator == "==" and threshold == 0))
        return "{label}: {answer}".format(label=label, answer=gettext("yes") if wanted else gettext("no"))
    return f"{label} {_OPERATORS.get(operator, operator)} {readable_value(threshold, unit)}"


#: the shape of a name the engine gives a figure (a test checks that none reaches a reader)
INTERNAL_NAME = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
