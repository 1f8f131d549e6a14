"""Energy balance of one company: consumption by carrier, generation, exports, heat.

Rules (each figure repeats its rule):

- **Electricity consumption** = electricity bought from the grid (whatever instrument covers it)
  + electricity from the company's own plants consumed on site.
- **Final energy** = grid electricity + self-consumed electricity from non-combustion plants (PV,
  wind, hydro) + fuels at net calorific value (all uses, CHP fuel included) + bought heat. The
  electricity of a CHP plant is not added again: its fuel is already counted.
- **Heat demand** = fuel used for space or process heat + useful heat of CHP plants + bought heat
  + heat pump output. **Renewable and recovered heat** = biogenic fuel heat + heat of biomass or
  biogas CHP + recovered waste heat bought + the declared renewable share of district heat + heat
  pump output (as the standard counts heat pumps, EN-03).
"""

from __future__ import annotations

from gia.accounting.factors import FactorSet
from gia.accounting.provenance import FactorRef, Figure, Flag, given, ratio, total
from gia.dataset.submission import (
    COMBUSTION_TECHNOLOGIES,
    RENEWABLE_TECHNOLOGIES,
    Company,
    FuelUse,
)
from gia.errors import GiaInputError
from gia.i18n import _

GJ_TO_KWH = 1000 / 3.6


def fuel_energy(fuel_use: FuelUse, factors: FactorSet, path: str) -> Figure:
    """Energy content of a fuel use at net calorific value [kWh]."""
    amount = fuel_use.amount
    fuel = fuel_use.fuel.value
    source = given("fuel_amount", amount.value, amount.unit, f"{path}.amount")
    if amount.unit == "kWh":
        if fuel_use.basis == "net":
            return Figure(
                "fuel_energy_kwh",
                amount.value,
                "kWh",
                _("energy given at net calorific value"),
                (source,),
                path=path,
            )
        ratio = _required(factors.fuel_property(fuel, "net_to_gross"), fuel, "net_to_gross", path)
        return Figure(
            "fuel_energy_kwh",
            amount.value * ratio.value,
            "kWh",
            _("gross energy × net/gross ratio"),
            (source,),
            (ratio,),
            path=path,
        )
    if amount.unit == "m3" and fuel_use.fuel.value == "natural_gas":
        per_volume = _required(
            factors.fuel_property(fuel, "net_energy_per_volume"), fuel, "net_energy_per_volume", path
        )
        return Figure(
            "fuel_energy_kwh",
            amount.value * per_volume.value,
            "kWh",
            _("volume [m3] × net energy per m3 [kWh/m3]"),
            (source,),
            (per_volume,),
            path=path,
        )
    ncv = _required(factors.fuel_factor(fuel, "ncv", "all"), fuel, "ncv", path)
    if amount.unit == "m3":
        density = _required(factors.fuel_property(fuel, "density"), fuel, "density", path)
        mass_t = amount.value * density.value
        return Figure(
            "fuel_energy_kwh",
            mass_t * ncv.value * GJ_TO_KWH,
            "kWh",
            _("volume [m3] × density [t/m3] × net calorific value [GJ/t = TJ/Gg] × 277.78 kWh/GJ"),
            (source,),
            (density, ncv),
            path=path,
        )
    return Figure(
        "fuel_energy_kwh",
        amount.value * ncv.value * GJ_TO_KWH,
        "kWh",
        _("mass [t] × net calorific value [GJ/t = TJ/Gg] × 277.78 kWh/GJ"),
        (source,),
        (ncv,),
        path=path,
    )


def _required(ref: FactorRef | None, fuel: str, parameter: str, path: str) -> FactorRef:
    if ref is None:
        raise GiaInputError(
            _("factor set"),
            [
                (
                    path,
                    _("no {parameter} for fuel {fuel} in the factor set").format(
                        parameter=parameter, fuel=fuel
                    ),
                )
            ],
        )
    return ref


def own_heat_production(
    company: Company, fuels: list[Figure], factors: FactorSet, path: str
) -> tuple[Figure, Figure]:
    """Heat the company makes itself (fuel for space and process heat, CHP heat, heat pump output) and its renewable part."""
    own: list[Figure] = []
    renewable: list[Figure] = []
    for i, (fuel_use, energy) in enumerate(zip(company.fuels, fuels, strict=True)):
        if fuel_use.use in ("space_heat", "process_heat"):
            own.append(energy)
            if factors.is_biogenic(fuel_use.fuel.value):
                renewable.append(
                    Figure(
                        "renewable_heat_kwh",
                        energy.value,
                        "kWh",
                        _("heat from a biogenic fuel"),
                        (energy,),
                        path=f"{path}.fuels[{i}]",
                    )
                )
    for i, plant in enumerate(company.generation):
        if plant.heat_generated_kwh:
            heat = given(
                "chp_heat_kwh", plant.heat_generated_kwh, "kWh", f"{path}.generation[{i}].heat_generated_kwh"
            )
            own.append(heat)
            if plant.technology in RENEWABLE_TECHNOLOGIES:
                renewable.append(
                    Figure(
                        "renewable_heat_kwh",
                        heat.value,
                        "kWh",
                        _("heat of a biomass or biogas CHP plant"),
                        (heat,),
                    )
                )
    for i, pump in enumerate(company.heat_pumps):
        output = given(
            "heat_pump_output_kwh", pump.heat_output_kwh, "kWh", f"{path}.heat_pumps[{i}].heat_output_kwh"
        )
        own.append(output)
        renewable.append(Figure("renewable_heat_kwh", output.value, "kWh", _("heat pump output"), (output,)))
    return (
        total(
            "own_heat_production_kwh",
            "kWh",
            _("fuel for space and process heat + CHP heat + heat pump output"),
            own,
        ),
        total(
            "own_renewable_heat_production_kwh",
            "kWh",
            _("renewable part of the own heat production"),
            renewable,
        ),
    )


def renewable_heat_share_of(company: Company, factors: FactorSet, path: str) -> Figure | None:
    """The renewable share of a company's own heat production: what its heat customers receive."""
    fuels = [fuel_energy(f, factors, f"{path}.fuels[{i}]") for i, f in enumerate(company.fuels)]
    produced, renewable = own_heat_production(company, fuels, factors, path)
    return ratio(
        "supplier_renewable_heat_share",
        renewable,
        produced,
        _("renewable own heat ÷ own heat production of the supplier"),
    )


def _bought_heat(
    company: Company, path: str, supplier_shares: dict[str, Figure]
) -> tuple[list[Figure], list[Figure]]:
    """Bought heat and its renewable part, purchase by purchase."""
    bought_parts: list[Figure] = []
    renewable_parts: list[Figure] = []
    for i, purchase in enumerate(company.heat_purchases):
        place = f"{path}.heat_purchases[{i}]"
        bought = given("heat_purchase_kwh", purchase.amount_kwh, "kWh", f"{place}.amount_kwh")
        bought_parts.append(bought)
        supplier_share = supplier_shares.get(purchase.supplier_company or "")
        if purchase.source == "waste_heat":
            renewable_parts.append(
                Figure("renewable_heat_kwh", bought.value, "kWh", _("recovered waste heat bought"), (bought,))
            )
        elif purchase.renewable_share is not None:
            share = given("renewable_share", purchase.renewable_share, "share", f"{place}.renewable_share")
            renewable_parts.append(
                Figure(
                    "renewable_heat_kwh",
                    bought.value * share.value,
                    "kWh",
                    _("district heat × declared renewable share"),
                    (bought, share),
                )
            )
        elif supplier_share is not None:
            renewable_parts.append(
                Figure(
                    "renewable_heat_kwh",
                    bought.value * supplier_share.value,
                    "kWh",
                    _(
                        "heat from {supplier} in the area × the renewable share of its own heat production"
                    ).format(supplier=purchase.supplier_company),
                    (bought, supplier_share),
                )
            )
        else:
            flag = Flag(
                "renewable_share_missing",
                _("{place}: renewable share of the district heat not declared; counted as 0").format(
                    place=place
                ),
            )
            renewable_parts.append(
                Figure(
                    "renewable_heat_kwh",
                    0.0,
                    "kWh",
                    _("district heat without a declared renewable share counts as not renewable"),
                    (bought,),
                    flags=(flag,),
                )
            )
    return bought_parts, renewable_parts


def _heat_kept(company: Company, produced: Figure, renewable: Figure, path: str) -> tuple[Figure, Figure]:
    """The company's own heat production less the heat it delivered to others, and its renewable part."""
    if not company.heat_delivered_kwh:
        return (
            Figure("own_heat_used_kwh", produced.value, "kWh", produced.rule, produced.inputs),
            Figure("own_renewable_heat_used_kwh", renewable.value, "kWh", renewable.rule, renewable.inputs),
        )
    place = f"{path}.heat_delivered_kwh"
    if company.heat_delivered_kwh > produced.value * (1 + 1e-6) + 1e-6:
        raise GiaInputError(
            _("submission"),
            [
                (
                    place,
                    _(
                        "{delivered} kWh delivered, but the company produced only {produced} kWh of heat (fuel for heat, CHP heat, heat pumps)"
                    ).format(delivered=company.heat_delivered_kwh, produced=round(produced.value, 1)),
                )
            ],
        )
    delivered = given("heat_delivered_kwh", company.heat_delivered_kwh, "kWh", place)
    kept_share = 1 - delivered.value / produced.value if produced.value else 0.0
    return (
        Figure(
            "own_heat_used_kwh",
            max(produced.value - delivered.value, 0.0),
            "kWh",
            _("own heat production − heat delivered to others"),
            (produced, delivered),
        ),
        Figure(
            "own_renewable_heat_used_kwh",
            renewable.value * kept_share,
            "kWh",
            _("renewable own heat × share of the production kept (delivered heat leaves in proportion)"),
            (renewable, delivered),
        ),
    )


def company_energy(
    company: Company, factors: FactorSet, path: str, supplier_heat_shares: dict[str, Figure] | None = None
) -> dict[str, Figure]:
    """The company's energy balance as named figures."""
    grid = total(
        "electricity_grid_kwh",
        "kWh",
        _("sum of electricity bought from the grid"),
        (
            given(
                "electricity_purchase_kwh",
                p.amount_kwh,
                "kWh",
                f"{path}.electricity_purchases[{i}].amount_kwh",
            )
            for i, p in enumerate(company.electricity_purchases)
        ),
    )
    generation_path = f"{path}.generation"
    self_consumed = total(
        "electricity_self_consumed_kwh",
        "kWh",
        _("sum of own generation consumed on site"),
        (
            given(
                "self_consumed_kwh", g.self_consumed_kwh, "kWh", f"{generation_path}[{i}].self_consumed_kwh"
            )
            for i, g in enumerate(company.generation)
        ),
    )
    generated = total(
        "electricity_generated_kwh",
        "kWh",
        _("sum of electricity generated by own plants"),
        (
            given("generated_kwh", g.generated_kwh, "kWh", f"{generation_path}[{i}].generated_kwh")
            for i, g in enumerate(company.generation)
        ),
    )
    exported = total(
        "electricity_exported_kwh",
        "kWh",
        _("sum of own generation exported to the grid"),
        (
            given("exported_kwh", g.exported_kwh, "kWh", f"{generation_path}[{i}].exported_kwh")
            for i, g in enumerate(company.generation)
        ),
    )
    consumption = total(
        "electricity_consumption_kwh",
        "kWh",
        _("grid electricity + own generation consumed on site"),
        (grid, self_consumed),
    )
    non_combustion_self = total(
        "electricity_self_consumed_non_combustion_kwh",
        "kWh",
        _("own generation from non-combustion plants consumed on site"),
        (
            given(
                "self_consumed_kwh", g.self_consumed_kwh, "kWh", f"{generation_path}[{i}].self_consumed_kwh"
            )
            for i, g in enumerate(company.generation)
            if g.technology not in COMBUSTION_TECHNOLOGIES
        ),
    )
    fuels = [fuel_energy(f, factors, f"{path}.fuels[{i}]") for i, f in enumerate(company.fuels)]
    fuel_total = total("fuel_energy_kwh", "kWh", _("sum of fuels at net calorific value"), fuels)
    heat_bought = total(
        "heat_purchased_kwh",
        "kWh",
        _("sum of heat bought (district heating and waste heat)"),
        (
            given("heat_purchase_kwh", h.amount_kwh, "kWh", f"{path}.heat_purchases[{i}].amount_kwh")
            for i, h in enumerate(company.heat_purchases)
        ),
    )
    if company.reported:
        final = total(
            "final_energy_kwh",
            "kWh",
            _(
                "grid electricity + self-consumed non-combustion generation + fuels (net calorific value) + bought heat"
            ),
            (grid, non_combustion_self, fuel_total, heat_bought),
        )
    else:
        final = given(
            "final_energy_kwh",
            company.estimated_final_energy_kwh or 0.0,
            "kWh",
            f"{path}.estimated_final_energy_kwh",
            rule=_("estimate by the area manager for a company that did not report"),
        )
        final = Figure(
            final.name,
            final.value,
            final.unit,
            final.rule,
            path=final.path,
            flags=(Flag("estimated", _("final energy of a company that did not report is estimated")),),
        )

    produced, renewable_produced = own_heat_production(company, fuels, factors, path)
    heat_parts, renewable_heat_parts = _bought_heat(company, path, supplier_heat_shares or {})
    own_heat, own_renewable = _heat_kept(company, produced, renewable_produced, path)
    heat_parts.insert(0, own_heat)
    renewable_heat_parts.insert(0, own_renewable)
    heat_demand = total(
        "heat_demand_kwh",
        "kWh",
        _(
            "own heat production kept (fuel for space and process heat + CHP heat + heat pump output − heat delivered) + bought heat"
        ),
        heat_parts,
    )
    renewable_heat = total(
        "renewable_heat_kwh",
        "kWh",
        _(
            "biogenic fuel heat + biomass/biogas CHP heat + recovered heat + renewable district heat + heat pump output"
        ),
        renewable_heat_parts,
    )

    return {
        "electricity_grid_kwh": grid,
        "electricity_self_consumed_kwh": self_consumed,
        "electricity_generated_kwh": generated,
        "electricity_exported_kwh": exported,
        "electricity_consumption_kwh": consumption,
        "fuel_energy_kwh": fuel_total,
        "heat_purchased_kwh": heat_bought,
        "final_energy_kwh": final,
        "heat_demand_kwh": heat_demand,
        "renewable_heat_kwh": renewable_heat,
    }
