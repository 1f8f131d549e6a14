"""Greenhouse-gas inventory of one company: scope 1, scope 2 by both methods, biogenic CO2.

Scope 1 (GHG Protocol Corporate Standard): fuel combustion (IPCC 2006 Vol. 2: CO2 by fuel, CH4
and N2O by the consumer's sector — manufacturing 1.A.2 or commercial 1.A.4.a from the NACE
section, road transport for vehicle fuel) converted with the factor set's GWP100, plus refrigerant
leakage × GWP. CO2 from biogenic fuels is reported apart, outside the scopes; their CH4 and N2O
count.

Scope 2 (GHG Protocol Scope 2 Guidance, 2015):

- *location-based*: grid electricity × the country's grid-average factor; bought heat × the
  network's factor (or the national default, or the factor set's flagged fallback).
- *market-based*, by precedence: a valid contractual instrument (guarantees of origin cancelled for
  the company, from the same market, of the reporting year or the year before; a PPA with its
  certificates bundled) gives its generation's rate (0 for renewable and nuclear); then a
  supplier-specific rate; then the residual mix; then, where no residual mix is sourced, the
  location-based factor, flagged. Own generation consumed on site counts 0 unless its certificates
  were sold, which gives it the residual mix.
"""

from __future__ import annotations

from gia import i18n
from gia.accounting.factors import FactorSet
from gia.accounting.provenance import FactorRef, Figure, Flag, given, total
from gia.dataset.labels import choice_label
from gia.dataset.submission import (
    CARBON_FREE_TECHNOLOGIES,
    RENEWABLE_TECHNOLOGIES,
    Company,
    ElectricityPurchase,
)
from gia.errors import GiaInputError
from gia.i18n import _

KWH_TO_TJ = 3.6e-6
G_TO_KG = 1e-3
#: countries whose guarantees of origin trade in the same market (the AIB's European Energy
#: Certificate System: EU member states and EEA/Energy Community members issuing EECS GOs)
EECS_MARKET = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CH",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IS",
        "IT",
        "LT",
        "LU",
        "LV",
        "NL",
        "NO",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)


def fuel_emissions(
    company: Company, index: int, energy: Figure, factors: FactorSet, path: str
) -> dict[str, Figure]:
    """Fossil CO2e (scope 1) and biogenic CO2 of one fuel use."""
    fuel_use = company.fuels[index]
    fuel = fuel_use.fuel.value
    place = f"{path}.fuels[{index}]"
    flags: list[Flag] = []
    sector = company.ipcc_sector
    if fuel_use.use == "vehicles":
        if factors.fuel_factor(fuel, "ch4", "transport") is not None:
            sector = "transport"
        else:
            flags.append(
                Flag(
                    "stationary_factor_for_vehicles",
                    _("{place}: no road-transport CH4/N2O factor for {fuel}; stationary factors used").format(
                        place=place, fuel=choice_label("FuelUse", "fuel", fuel)
                    ),
                )
            )
    energy_tj = energy.value * KWH_TO_TJ
    co2 = factors.fuel_factor(fuel, "co2", "all")
    if co2 is None:
        raise GiaInputError(_("factor set"), [(place, _("no CO2 factor for fuel {fuel}").format(fuel=fuel))])
    gases: list[Figure] = []
    gwp_refs: list[FactorRef] = []
    co2_kg = energy_tj * co2.value
    biogenic = factors.is_biogenic(fuel)
    for gas in ("ch4", "n2o"):
        ref = factors.fuel_factor(fuel, gas, sector)
        # methane's GWP by its origin where the report gives one (AR5 Table 8.A.1, AR6 WG1 Table 7.15:
        # fossil methane also counts the CO2 it oxidises to), as the GHG Protocol asks
        origin = "CH4-non-fossil" if biogenic else "CH4-fossil"
        gwp = (factors.gwp(origin) if gas == "ch4" else None) or factors.gwp(gas.upper())
        if gwp is None:
            raise GiaInputError(
                _("factor set"),
                [("", _("no GWP for {gas} in factor set {set}").format(gas=gas.upper(), set=factors.id))],
            )
        if ref is None:
            flags.append(
                Flag(
                    "factor_missing",
                    _("{place}: no {gas} factor for {fuel}; counted as 0").format(
                        place=place, gas=gas.upper(), fuel=choice_label("FuelUse", "fuel", fuel)
                    ),
                )
            )
            continue
        mass_kg = energy_tj * ref.value
        gases.append(
            Figure(
                f"{gas}_kg_co2e",
                mass_kg * gwp.value,
                "kg CO2e",
                _("energy [TJ] × {gas} factor [kg/TJ] × GWP100 ({report})").format(
                    gas=gas.upper(), report=factors.spec.gwp
                ),
                (energy,),
                (ref, gwp),
                path=place,
            )
        )
        gwp_refs.append(gwp)
    co2_figure = Figure(
        "co2_biogenic_kg" if biogenic else "co2_fossil_kg",
        co2_kg,
        "kg CO2",
        _("energy [TJ] × CO2 factor [kg/TJ]")
        + (" — " + _("biogenic, reported outside the scopes") if biogenic else ""),
        (energy,),
        (co2,),
        path=place,
    )
    parts = (
        list(gases)
        if biogenic
        else [Figure("co2_kg_co2e", co2_kg, "kg CO2e", _("fossil CO2 (GWP 1)"), (co2_figure,)), *gases]
    )
    scope1 = total(
        "fuel_scope1_kg_co2e",
        "kg CO2e",
        _("{fuel}: CH4 and N2O in CO2e (biogenic CO2 apart)").format(
            fuel=choice_label("FuelUse", "fuel", fuel)
        )
        if biogenic
        else _("{fuel}: fossil CO2 + CH4 and N2O in CO2e").format(fuel=choice_label("FuelUse", "fuel", fuel)),
        parts,
        flags,
    )
    result = {"scope1": scope1}
    if biogenic:
        result["biogenic"] = co2_figure
    return result


def refrigerant_emissions(company: Company, factors: FactorSet, path: str) -> list[Figure]:
    figures = []
    for index, refrigerant in enumerate(company.refrigerants):
        place = f"{path}.refrigerants[{index}]"
        gwp = factors.gwp(refrigerant.gas)
        if gwp is None:
            raise GiaInputError(
                _("submission"),
                [
                    (
                        f"{place}.gas",
                        _("unknown refrigerant {gas!r}; known: {known}").format(
                            gas=refrigerant.gas, known=", ".join(factors.known_refrigerants())
                        ),
                    )
                ],
            )
        leak = given("leakage_kg", refrigerant.leakage_kg, "kg", f"{place}.leakage_kg")
        figures.append(
            Figure(
                "refrigerant_kg_co2e",
                leak.value * gwp.value,
                "kg CO2e",
                _("leakage [kg] × GWP100 of {gas} ({report})").format(
                    gas=refrigerant.gas, report=factors.spec.gwp
                ),
                (leak,),
                (gwp,),
                path=place,
            )
        )
    return figures


def instrument_validity(purchase: ElectricityPurchase, reporting_year: int) -> tuple[bool, str]:
    """Whether a purchase's contractual instrument counts for the market-based method, and why not."""
    if purchase.instrument == "none":
        return False, _("no contractual instrument")
    if purchase.instrument == "ppa" and not purchase.certificates_bundled:
        return False, _("PPA without its certificates transferred and cancelled: residual mix applies")
    if purchase.instrument == "guarantee_of_origin":
        if not purchase.cancelled:
            return False, _("guarantees of origin not cancelled for the company")
        if purchase.production_year is not None and not 0 <= reporting_year - purchase.production_year <= 1:
            return False, _(
                "guarantees of origin produced in {year}, not close in time to {reporting}"
            ).format(year=purchase.production_year, reporting=reporting_year)
        if purchase.certificate_country is not None and purchase.certificate_country not in EECS_MARKET:
            return False, _(
                "guarantees of origin from {country}, outside the market of the consumption"
            ).format(country=purchase.certificate_country)
    if purchase.technology not in CARBON_FREE_TECHNOLOGIES and purchase.instrument_factor_g_per_kwh is None:
        return False, _(
            "instrument for {technology} electricity without the rate it states: residual mix applies"
        ).format(technology=purchase.technology)
    return True, ""


def is_renewable_instrument(purchase: ElectricityPurchase, reporting_year: int) -> bool:
    valid, _reason = instrument_validity(purchase, reporting_year)
    return valid and purchase.technology in RENEWABLE_TECHNOLOGIES


def _declared_rate(
    kind: str, name: str, value: float | None, source: str | None, year: int
) -> FactorRef | None:
    """A rate the submission declares (a supplier's, an instrument's), or None where it states none."""
    if value is None:
        return None
    return FactorRef(
        id=f"{kind}/{name}",
        value=value,
        unit="g CO2e/kWh",
        source=source or "",
        year=year,
        licence=_("declared in the submission"),
        declared=True,
    )


def _supplier_rate(purchase: ElectricityPurchase, year: int) -> FactorRef | None:
    """The supplier's declared rate (its mix for the product, or its residual mix)."""
    kind = "supplier-residual" if purchase.supplier_factor_basis == "residual_mix" else "supplier"
    return _declared_rate(
        kind,
        purchase.supplier or "declared",
        purchase.supplier_factor_g_per_kwh,
        purchase.supplier_factor_source,
        year,
    )


def _instrument_rate(purchase: ElectricityPurchase, year: int) -> FactorRef | None:
    """The rate a valid instrument states for electricity that is not carbon-free (None: 0 g/kWh)."""
    return _declared_rate(
        "instrument",
        purchase.supplier or purchase.instrument,
        purchase.instrument_factor_g_per_kwh,
        purchase.instrument_factor_source,
        year,
    )


def covered_parts(purchase: ElectricityPurchase, amount: Figure, place: str) -> tuple[Figure, Figure | None]:
    """The part of a purchase its instrument covers and the rest (None when it covers all)."""
    if purchase.covered_share is None or purchase.covered_share >= 1:
        return amount, None
    share = given("covered_share", purchase.covered_share, "share", f"{place}.covered_share")
    covered = Figure(
        "covered_kwh",
        amount.value * share.value,
        "kWh",
        _("amount [kWh] × covered share"),
        (amount, share),
        path=place,
    )
    rest = Figure(
        "uncovered_kwh",
        amount.value * (1 - share.value),
        "kWh",
        _("amount [kWh] × (1 − covered share)"),
        (amount, share),
        path=place,
    )
    return covered, rest


def scope2_electricity(
    company: Company, country: str, year: int, factors: FactorSet, path: str
) -> tuple[Figure, Figure]:
    """Location-based and market-based scope 2 of the company's electricity [kg CO2e]."""
    location_ref, location_flags = factors.grid_location(country, year)
    residual_ref, residual_flags = factors.residual_mix(country, year)
    location_parts: list[Figure] = []
    market_parts: list[Figure] = []

    def residual_or_location(amount: Figure, place: str, why: str) -> Figure:
        if residual_ref is not None:
            return Figure(
                "scope2_market_kg_co2e",
                amount.value * residual_ref.value * G_TO_KG,
                "kg CO2e",
                _("{why}: amount [kWh] × residual mix [g/kWh] ÷ 1000").format(why=why),
                (amount,),
                (residual_ref,),
                path=place,
                flags=tuple(residual_flags),
            )
        if location_ref is None:
            return Figure(
                "scope2_market_kg_co2e",
                0.0,
                "kg CO2e",
                _("no grid factor available"),
                (amount,),
                path=place,
                flags=tuple(location_flags),
            )
        return Figure(
            "scope2_market_kg_co2e",
            amount.value * location_ref.value * G_TO_KG,
            "kg CO2e",
            _(
                "{why}: no residual mix sourced, amount [kWh] × location-based factor [g/kWh] ÷ 1000 (last resort, flagged)"
            ).format(why=why),
            (amount,),
            (location_ref,),
            path=place,
            flags=tuple(residual_flags + location_flags),
        )

    for index, purchase in enumerate(company.electricity_purchases):
        place = f"{path}.electricity_purchases[{index}]"
        amount = given("electricity_purchase_kwh", purchase.amount_kwh, "kWh", f"{place}.amount_kwh")
        if location_ref is not None:
            location_parts.append(
                Figure(
                    "scope2_location_kg_co2e",
                    amount.value * location_ref.value * G_TO_KG,
                    "kg CO2e",
                    _("amount [kWh] × grid-average factor [g/kWh] ÷ 1000"),
                    (amount,),
                    (location_ref,),
                    path=place,
                    flags=tuple(location_flags),
                )
            )
        else:
            location_parts.append(
                Figure(
                    "scope2_location_kg_co2e",
                    0.0,
                    "kg CO2e",
                    _("no grid factor available"),
                    (amount,),
                    path=place,
                    flags=tuple(location_flags),
                )
            )
        valid, reason = instrument_validity(purchase, year)
        supplier = _supplier_rate(purchase, year)
        supplier_flags = (
            ()
            if supplier is None
            else (
                Flag(
                    "supplier_factor_declared",
                    _(
                        "{place}: the supplier's rate of {value} g/kWh is declared in the submission ({source}): the auditor checks its evidence"
                    ).format(place=place, value=i18n.number(supplier.value, 1), source=supplier.source),
                ),
            )
        )
        if valid:
            covered, rest = covered_parts(purchase, amount, place)
            rate = _instrument_rate(purchase, year)
            rule = (
                _("covered by valid {instrument} ({technology}): 0 g/kWh")
                if rate is None
                else _(
                    "covered by valid {instrument} ({technology}) at the rate it states: amount [kWh] × rate [g/kWh] ÷ 1000"
                )
            ).format(
                instrument=choice_label("ElectricityPurchase", "instrument", purchase.instrument),
                technology=choice_label("ElectricityPurchase", "technology", purchase.technology),
            )
            market_parts.append(
                Figure(
                    "scope2_market_kg_co2e",
                    0.0 if rate is None else covered.value * rate.value * G_TO_KG,
                    "kg CO2e",
                    rule,
                    (covered,),
                    () if rate is None else (rate,),
                    path=place,
                    flags=()
                    if rate is None
                    else (
                        Flag(
                            "instrument_factor_declared",
                            _(
                                "{place}: the instrument's rate of {value} g/kWh is declared in the submission ({source}): the auditor checks its evidence"
                            ).format(place=place, value=i18n.number(rate.value, 1), source=rate.source),
                        ),
                    ),
                )
            )
            if rest is not None:
                if supplier is not None and purchase.supplier_factor_basis == "residual_mix":
                    market_parts.append(
                        Figure(
                            "scope2_market_kg_co2e",
                            rest.value * supplier.value * G_TO_KG,
                            "kg CO2e",
                            _(
                                "the rest, not covered by the instrument, at the supplier's residual mix: amount [kWh] × rate [g/kWh] ÷ 1000"
                            ),
                            (rest,),
                            (supplier,),
                            path=place,
                            flags=supplier_flags,
                        )
                    )
                else:
                    market_parts.append(
                        residual_or_location(rest, place, _("the rest, not covered by the instrument"))
                    )
        elif supplier is not None:
            rule = (
                _("supplier's residual mix: amount [kWh] × supplier's residual mix [g/kWh] ÷ 1000")
                if purchase.supplier_factor_basis == "residual_mix"
                else _("supplier-specific rate: amount [kWh] × supplier factor [g/kWh] ÷ 1000")
            )
            flags = supplier_flags + (
                (Flag("instrument_rejected", i18n.join(": ", [place, reason])),)
                if purchase.instrument != "none"
                else ()
            )
            market_parts.append(
                Figure(
                    "scope2_market_kg_co2e",
                    amount.value * supplier.value * G_TO_KG,
                    "kg CO2e",
                    rule,
                    (amount,),
                    (supplier,),
                    path=place,
                    flags=flags,
                )
            )
        else:
            flags = (
                []
                if purchase.instrument == "none"
                else [Flag("instrument_rejected", i18n.join(": ", [place, reason]))]
            )
            figure = residual_or_location(amount, place, reason)
            market_parts.append(
                Figure(
                    figure.name,
                    figure.value,
                    figure.unit,
                    figure.rule,
                    figure.inputs,
                    figure.factors,
                    figure.path,
                    figure.flags + tuple(flags),
                )
            )
    for index, plant in enumerate(company.generation):
        place = f"{path}.generation[{index}]"
        used = given("self_consumed_kwh", plant.self_consumed_kwh, "kWh", f"{place}.self_consumed_kwh")
        location_parts.append(
            Figure(
                "scope2_location_kg_co2e",
                0.0,
                "kg CO2e",
                _("own generation consumed on site: no scope 2"),
                (used,),
                path=place,
            )
        )
        if plant.certificates == "sold" and plant.self_consumed_kwh > 0:
            market_parts.append(residual_or_location(used, place, _("certificates of own generation sold")))
        else:
            market_parts.append(
                Figure(
                    "scope2_market_kg_co2e",
                    0.0,
                    "kg CO2e",
                    _("own generation consumed on site with its certificates kept: 0"),
                    (used,),
                    path=place,
                )
            )
    location = total(
        "scope2_electricity_location_kg_co2e",
        "kg CO2e",
        _("location-based scope 2 of electricity"),
        location_parts,
    )
    market = total(
        "scope2_electricity_market_kg_co2e",
        "kg CO2e",
        _("market-based scope 2 of electricity (GHG Protocol precedence)"),
        market_parts,
    )
    return location, market


def scope2_heat(company: Company, country: str, year: int, factors: FactorSet, path: str) -> Figure:
    """Scope 2 of bought heat [kg CO2e]; the same value serves both methods."""
    parts: list[Figure] = []
    for index, purchase in enumerate(company.heat_purchases):
        place = f"{path}.heat_purchases[{index}]"
        amount = given("heat_purchase_kwh", purchase.amount_kwh, "kWh", f"{place}.amount_kwh")
        if purchase.factor_g_per_kwh is not None:
            ref = FactorRef(
                id=f"heat-supplier/{purchase.network or purchase.supplier_company or 'declared'}",
                value=purchase.factor_g_per_kwh,
                unit="g CO2e/kWh",
                source=purchase.factor_source or "",
                year=year,
                licence=_("declared in the submission"),
                declared=True,
            )
            flags: list[Flag] = []
            rule = _("amount [kWh] × the supplier's declared factor [g/kWh] ÷ 1000")
        elif purchase.source == "waste_heat":
            ref, flags = factors.waste_heat(country)
            rule = _("amount [kWh] × industrial waste-heat factor [g/kWh] ÷ 1000")
        else:
            ref, flags = factors.district_heat(country, purchase.network, year)
            rule = _("amount [kWh] × district-heating factor [g/kWh] ÷ 1000")
        parts.append(
            Figure(
                "scope2_heat_kg_co2e",
                amount.value * ref.value * G_TO_KG,
                "kg CO2e",
                rule,
                (amount,),
                (ref,),
                path=place,
                flags=tuple(flags),
            )
        )
    return total(
        "scope2_heat_kg_co2e", "kg CO2e", _("scope 2 of bought heat (network or supplier factor)"), parts
    )
