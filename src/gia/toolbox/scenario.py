"""Scenarios: measures applied to a submission, re-assessed with the real engine.

A scenario takes an assessed submission and a list of :class:`MeasureChoice` (a measure of the
compendium, the company that takes it, its size and the year it starts), writes each measure into a
copy of the submission — a PV plant becomes a ``generation`` entry with its self-consumption taken
off the company's grid purchases, a heat pump replaces fuel for heat and adds its electricity, and
so on — validates the new document and assesses it with :func:`gia.assessment.assess`. So the
indicators (EN-01, EN-02, CL-03 …) and the emissions of a scenario come out of the same code as
those of a certificate. Every change a measure makes is a :class:`~gia.accounting.Figure` with the
compendium values it used.

Rules (each figure repeats its own):

- generation: yield = size × yield per unit (per country); self-consumed = min(yield ×
  self-consumption share, the company's grid purchases); the rest is exported. Self-consumption is
  taken off grid purchases without an instrument first.
- heat supply and heat saving: fossil fuel for heat is reduced in proportion over the company's
  heat fuels by useful heat ÷ boiler efficiency. A heat pump adds grid electricity = heat ÷ COP.
- electricity saving: grid purchases fall by size × saving per unit.
- ppa: grid electricity without an instrument becomes a PPA with bundled certificates.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from gia.accounting import FactorSet, Figure, load_factor_set
from gia.accounting.energy import fuel_energy
from gia.accounting.hourly import HourlyData
from gia.accounting.provenance import FactorRef, given
from gia.assessment import Assessment, assess
from gia.dataset import Company, Submission, submission_from_data, to_data
from gia.errors import GiaInputError
from gia.i18n import _, number
from gia.standard import Standard, load_standard
from gia.toolbox.measures import (
    Compendium,
    Measure,
    _fossil_vehicles,
    _fuel_heat_kwh,
    _uncovered_grid_kwh,
    applicability_problems,
    load_compendium,
)

FOSSIL_DRIVES = ("diesel", "petrol", "gas", "hybrid")


@dataclass(frozen=True)
class MeasureChoice:
    """A measure to apply: the compendium id, the company (None: GIA picks), size and start year.

    ``size`` is in the measure's unit (kWp, kW_th, m2 …); None lets GIA propose a size by the
    measure's ``propose_share`` rule. ``year`` is the first year the measure works (None: the year
    after the reporting year).
    """

    measure: str
    company: str | None = None
    size: float | None = None
    year: int | None = None


@dataclass(frozen=True)
class AppliedMeasure:
    """A measure as applied: where, how big, what it changed and what it costs."""

    measure: Measure
    company: str | None
    size: Figure
    year: int
    changes: tuple[Figure, ...]
    capex_eur: Figure
    opex_eur_per_year: Figure
    lifetime: FactorRef

    def to_dict(self, language: str = "en") -> dict[str, Any]:
        return {
            "measure": self.measure.id,
            "name": self.measure.label(language),
            "company": self.company,
            "year": self.year,
            "size": self.size.to_dict(depth=1),
            "changes": [c.to_dict(depth=1) for c in self.changes],
            "capex_eur": self.capex_eur.to_dict(depth=1),
            "opex_eur_per_year": self.opex_eur_per_year.to_dict(depth=1),
            "lifetime_years": self.lifetime.to_dict(),
            "criteria": list(self.measure.criteria),
        }


@dataclass(frozen=True)
class Scenario:
    """The submission with the measures applied, and the measures as applied."""

    base: Submission
    submission: Submission
    applied: tuple[AppliedMeasure, ...] = field(default=())


# --- helpers on the submission document ---------------------------------------------------------


def _place(index: int | None) -> str:
    return "area" if index is None else f"companies[{index}]"


def _fail(measure: Measure, place: str, message: str) -> GiaInputError:
    return GiaInputError(_("measure {id}").format(id=measure.id), [(place, message)])


def _grid_purchases(company: dict[str, Any]) -> list[dict[str, Any]]:
    """The company's grid purchases that a measure may reduce: uncovered ones first, internal ones never."""
    purchases = [p for p in company["electricity_purchases"] if p.get("supplier_company") is None]
    return sorted(purchases, key=lambda p: (p["instrument"] != "none", -p["amount_kwh"]))


def _uses(uses: tuple[str, ...]) -> str:
    """Fuel uses in words: ``space_heat, process_heat`` → ``space heating, process heat``."""
    words = {"space_heat": _("space heating"), "process_heat": _("process heat")}
    return ", ".join(words.get(use, use.replace("_", " ")) for use in uses)


def _reduce_grid(company: dict[str, Any], kwh: float, measure: Measure, place: str) -> None:
    available = sum(p["amount_kwh"] for p in _grid_purchases(company))
    if kwh > available * (1 + 1e-9) + 1e-9:
        raise _fail(
            measure,
            place,
            _(
                "the measure takes {kwh} kWh off grid purchases, but the company buys only {available} kWh"
            ).format(kwh=number(kwh), available=number(available)),
        )
    left = kwh
    for purchase in _grid_purchases(company):
        take = min(purchase["amount_kwh"], left)
        purchase["amount_kwh"] -= take
        left -= take
        if left <= 0:
            break


def _add_grid(company: dict[str, Any], kwh: float, what: str) -> None:
    company["electricity_purchases"].append({"amount_kwh": kwh, "instrument": "none", "supplier": what})


def _reduce_fuels(
    company_data: dict[str, Any],
    company: Company,
    kwh: float,
    uses: tuple[str, ...],
    measure: Measure,
    place: str,
) -> Figure:
    """Take ``kwh`` of net fuel energy off the company's fossil fuels for ``uses``, in proportion."""
    factors = load_factor_set()
    energies = {
        index: fuel_energy(fuel, factors, f"{place}.fuels[{index}]")
        for index, fuel in enumerate(company.fuels)
        if fuel.use in uses and not factors.is_biogenic(fuel.fuel.value)
    }
    available = sum(e.value for e in energies.values())
    if kwh > available * (1 + 1e-9) + 1e-9:
        raise _fail(
            measure,
            place,
            _(
                "the measure replaces {kwh} kWh of fuel, but the company burns only {available} kWh for {uses}"
            ).format(kwh=number(kwh), available=number(available), uses=_uses(uses)),
        )
    keep = 1 - kwh / available if available else 1.0
    for index in energies:
        company_data["fuels"][index]["amount"]["value"] *= keep
    return Figure(
        "fuel_replaced_kwh",
        kwh,
        "kWh",
        _(
            "fossil fuel for {uses} reduced in proportion over the company's fuels (net calorific value)"
        ).format(uses=_uses(uses)),
        tuple(energies.values()),
        path=f"{place}.fuels",
    )


def _electricity_kwh(company: Company) -> float:
    return sum(p.amount_kwh for p in company.electricity_purchases) + sum(
        g.self_consumed_kwh for g in company.generation
    )


def _unused_waste_heat(company: Company) -> float:
    if company.waste_heat is None:
        return 0.0
    return max(company.waste_heat.recoverable_kwh - company.waste_heat.used_kwh, 0.0)


def _product(name: str, size: Figure, per_unit: FactorRef, unit: str, rule: str) -> Figure:
    return Figure(name, size.value * per_unit.value, unit, rule, (size,), (per_unit,))


# --- effects: each writes one measure into the document -----------------------------------------

EffectFunction = Callable[[dict[str, Any], Submission, int | None, Figure, Measure, Compendium], list[Figure]]


def _generation(
    data: dict[str, Any], sub: Submission, index: int | None, size: Figure, m: Measure, c: Compendium
) -> list[Figure]:
    assert index is not None
    place = _place(index)
    company = data["companies"][index]
    yield_ref = c.for_country(m, "yield_kwh_per_unit", sub.area.country)
    share = c.parameter(m, "self_consumption_share")
    technology = c.text_parameter(m, "technology")
    generated = _product(
        "generated_kwh",
        size,
        yield_ref,
        "kWh",
        _("size × yearly yield per unit ({country})").format(country=sub.area.country),
    )
    available = sum(p["amount_kwh"] for p in _grid_purchases(company))
    self_consumed = Figure(
        "self_consumed_kwh",
        min(generated.value * share.value, available),
        "kWh",
        _("min(generation × self-consumption share, the company's grid purchases)"),
        (generated,),
        (share,),
        path=place,
    )
    exported = Figure(
        "exported_kwh",
        generated.value - self_consumed.value,
        "kWh",
        _("generation − self-consumption"),
        (generated, self_consumed),
        path=place,
    )
    _reduce_grid(company, self_consumed.value, m, place)
    company["generation"].append(
        {
            "technology": technology,
            "location": "within_5km" if technology == "wind" else "on_site",
            "capacity_kw": size.value,
            "generated_kwh": generated.value,
            "self_consumed_kwh": self_consumed.value,
            "exported_kwh": exported.value,
            "certificates": "kept",
        }
    )
    return [generated, self_consumed, exported]


def _chp(
    data: dict[str, Any], sub: Submission, index: int | None, size: Figure, m: Measure, c: Compendium
) -> list[Figure]:
    assert index is not None
    place = _place(index)
    company_data = data["companies"][index]
    hours = c.parameter(m, "full_load_hours")
    electrical = c.parameter(m, "electrical_efficiency")
    thermal = c.parameter(m, "thermal_efficiency")
    boiler = c.parameter(m, "boiler_efficiency")
    generated = _product("generated_kwh", size, hours, "kWh", _("size [kW_el] × full-load hours"))
    heat = Figure(
        "chp_heat_kwh",
        generated.value * thermal.value / electrical.value,
        "kWh",
        _("electricity × thermal efficiency ÷ electrical efficiency"),
        (generated,),
        (thermal, electrical),
    )
    fuel = Figure(
        "chp_fuel_kwh",
        generated.value / electrical.value,
        "kWh",
        _("electricity ÷ electrical efficiency (net calorific value)"),
        (generated,),
        (electrical,),
    )
    replaced = _reduce_fuels(
        company_data,
        sub.companies[index],
        heat.value / boiler.value,
        ("space_heat", "process_heat"),
        m,
        place,
    )
    available = sum(p["amount_kwh"] for p in _grid_purchases(company_data))
    self_consumed = Figure(
        "self_consumed_kwh",
        min(generated.value, available),
        "kWh",
        _("min(generation, the company's grid purchases)"),
        (generated,),
        path=place,
    )
    _reduce_grid(company_data, self_consumed.value, m, place)
    company_data["fuels"].append(
        {
            "fuel": c.text_parameter(m, "fuel"),
            "amount": {"value": fuel.value, "unit": "kWh"},
            "basis": "net",
            "use": "chp",
        }
    )
    company_data["generation"].append(
        {
            "technology": c.text_parameter(m, "technology"),
            "location": "on_site",
            "capacity_kw": size.value,
            "generated_kwh": generated.value,
            "self_consumed_kwh": self_consumed.value,
            "exported_kwh": generated.value - self_consumed.value,
            "heat_generated_kwh": heat.value,
            "certificates": "kept",
        }
    )
    return [generated, heat, fuel, replaced, self_consumed]


def _ppa(
    data: dict[str, Any], sub: Submission, index: int | None, size: Figure, m: Measure, c: Compendium
) -> list[Figure]:
    assert index is not None
    place = _place(index)
    company = data["companies"][index]
    covered = Figure("ppa_kwh", size.value * 1000, "kWh", _("size [MWh/year] × 1000"), (size,), path=place)
    uncovered = _uncovered_grid_kwh(sub.companies[index])
    if covered.value > uncovered * (1 + 1e-9) + 1e-9:
        raise _fail(
            m,
            place,
            _(
                "a PPA of {kwh} kWh is more than the company's grid electricity without an instrument ({available} kWh)"
            ).format(kwh=round(covered.value), available=round(uncovered)),
        )
    left = covered.value
    for purchase in _grid_purchases(company):
        if purchase["instrument"] != "none" or left <= 0:
            continue
        take = min(purchase["amount_kwh"], left)
        purchase["amount_kwh"] -= take
        left -= take
    company["electricity_purchases"].append(
        {
            "amount_kwh": covered.value,
            "instrument": "ppa",
            "technology": c.text_parameter(m, "technology"),
            "certificates_bundled": True,
            "supplier": _("renewable PPA (scenario)"),
        }
    )
    return [covered]


def _heat_supply(
    data: dict[str, Any], sub: Submission, index: int | None, size: Figure, m: Measure, c: Compendium
) -> list[Figure]:
    assert index is not None
    place = _place(index)
    company_data = data["companies"][index]
    company = sub.companies[index]
    source = c.text_parameter(m, "heat_source")
    hours = c.parameter(m, "full_load_hours")
    boiler = c.parameter(m, "boiler_efficiency")
    heat = _product("heat_supplied_kwh", size, hours, "kWh", _("size [kW_th] × full-load hours"))
    changes = [heat]
    recovered = 0.0
    if source in ("air", "water", "ground", "waste_heat"):
        cop = c.parameter(m, "cop")
        electricity = Figure(
            "heat_pump_electricity_kwh", heat.value / cop.value, "kWh", _("heat ÷ COP"), (heat,), (cop,)
        )
        changes.append(electricity)
        company_data["heat_pumps"].append(
            {"heat_source": source, "heat_output_kwh": heat.value, "electricity_kwh": electricity.value}
        )
        _add_grid(company_data, electricity.value, _("heat pump electricity (scenario)"))
        if source == "waste_heat":
            recovered = heat.value - electricity.value
    elif source == "recovered":
        recovered = heat.value
    elif source == "district_heating":
        share = c.for_country(m, "renewable_share", sub.area.country)
        company_data["heat_purchases"].append(
            {
                "source": "district_heating",
                "amount_kwh": heat.value,
                "renewable_share": share.value,
                "network": _("district heating (scenario)"),
            }
        )
        changes.append(
            Figure(
                "renewable_heat_kwh",
                heat.value * share.value,
                "kWh",
                _("district heat × renewable share of the country's district heat"),
                (heat,),
                (share,),
            )
        )
    if recovered:
        unused = _unused_waste_heat(company)
        if recovered > unused * (1 + 1e-9) + 1e-9:
            raise _fail(
                m,
                f"{place}.waste_heat",
                _(
                    "the measure uses {kwh} kWh of waste heat, but only {unused} kWh of recoverable waste heat is unused"
                ).format(kwh=round(recovered), unused=round(unused)),
            )
        company_data["waste_heat"]["used_kwh"] += recovered
        changes.append(
            Figure("waste_heat_used_kwh", recovered, "kWh", _("recovered waste heat now used"), (heat,))
        )
    changes.append(
        _reduce_fuels(
            company_data,
            company,
            heat.value / boiler.value,
            ("space_heat", "process_heat"),
            m,
            place,
        )
    )
    return changes


def _heat_saving(
    data: dict[str, Any], sub: Submission, index: int | None, size: Figure, m: Measure, c: Compendium
) -> list[Figure]:
    assert index is not None
    per_unit = c.for_country(m, "saving_kwh_per_unit", sub.area.country)
    boiler = c.parameter(m, "boiler_efficiency")
    saved = _product(
        "heat_saved_kwh",
        size,
        per_unit,
        "kWh",
        _("size × heat saved per unit ({country})").format(country=sub.area.country),
    )
    fuel = _reduce_fuels(
        data["companies"][index],
        sub.companies[index],
        saved.value / boiler.value,
        ("space_heat",),
        m,
        _place(index),
    )
    return [saved, fuel]


def _electricity_saving(
    data: dict[str, Any], sub: Submission, index: int | None, size: Figure, m: Measure, c: Compendium
) -> list[Figure]:
    assert index is not None
    per_unit = c.parameter(m, "saving_kwh_per_unit")
    saved = _product("electricity_saved_kwh", size, per_unit, "kWh", _("size × electricity saved per unit"))
    _reduce_grid(data["companies"][index], saved.value, m, _place(index))
    return [saved]


def _storage(
    data: dict[str, Any], sub: Submission, index: int | None, size: Figure, m: Measure, c: Compendium
) -> list[Figure]:
    assert index is not None
    ratio = c.parameter(m, "power_per_unit")
    power = _product("storage_power_kw", size, ratio, "kW", _("capacity [kWh] × power per kWh"))
    data["companies"][index]["storage"].append(
        {"kind": c.text_parameter(m, "kind"), "power_kw": power.value, "capacity_kwh": size.value}
    )
    return [power]


def _charging(
    data: dict[str, Any], sub: Submission, index: int | None, size: Figure, m: Measure, c: Compendium
) -> list[Figure]:
    assert index is not None
    points = round(size.value)
    if points != size.value:
        raise _fail(m, _place(index), _("charging points are counted in whole numbers"))
    data["companies"][index]["charging_points"] += points
    return [Figure("charging_points_added", points, "count", _("charging points added"), (size,))]


def _fleet(
    data: dict[str, Any], sub: Submission, index: int | None, size: Figure, m: Measure, c: Compendium
) -> list[Figure]:
    assert index is not None
    place = _place(index)
    company = sub.companies[index]
    company_data = data["companies"][index]
    count = round(size.value)
    if count != size.value:
        raise _fail(m, place, _("vehicles are counted in whole numbers"))
    fossil = _fossil_vehicles(company)
    if count > fossil:
        raise _fail(
            m,
            f"{place}.vehicles",
            _("{count} vehicles to electrify, but the company has only {fossil} fossil vehicles").format(
                count=count, fossil=fossil
            ),
        )
    left = count
    for drive in FOSSIL_DRIVES:
        for group in company_data["vehicles"]:
            if group["drive"] != drive or left <= 0:
                continue
            take = min(group["count"], left)
            group["count"] -= take
            left -= take
            company_data["vehicles"].append(
                {"drive": "battery_electric", "kind": group["kind"], "count": take}
            )
    fuel_per = c.parameter(m, "fuel_saved_kwh_per_unit")
    power_per = c.parameter(m, "electricity_kwh_per_unit")
    factors = load_factor_set()
    vehicle_fuel = sum(
        fuel_energy(f, factors, f"{place}.fuels[{i}]").value
        for i, f in enumerate(company.fuels)
        if f.use == "vehicles"
    )
    saved = Figure(
        "vehicle_fuel_saved_kwh",
        min(count * fuel_per.value, vehicle_fuel),
        "kWh",
        _("min(vehicles × fuel per vehicle, the company's vehicle fuel)"),
        (size,),
        (fuel_per,),
    )
    fuel = _reduce_fuels(company_data, company, saved.value, ("vehicles",), m, place)
    electricity = _product(
        "vehicle_electricity_kwh", size, power_per, "kWh", _("vehicles × electricity per vehicle")
    )
    _add_grid(company_data, electricity.value, _("fleet charging (scenario)"))
    return [saved, fuel, electricity]


def _water_reuse(
    data: dict[str, Any], sub: Submission, index: int | None, size: Figure, m: Measure, c: Compendium
) -> list[Figure]:
    assert index is not None
    water = data["companies"][index]["water"]
    if size.value > water["withdrawn_m3"]:
        raise _fail(
            m,
            f"{_place(index)}.water.withdrawn_m3",
            _("{size} m³ reused is more than the {withdrawn} m³ withdrawn").format(
                size=number(size.value), withdrawn=number(water["withdrawn_m3"])
            ),
        )
    water["withdrawn_m3"] -= size.value
    water["reused_m3"] += size.value
    return [Figure("water_reused_m3", size.value, "m3", _("fresh water replaced by reused water"), (size,))]


def _green_roof(
    data: dict[str, Any], sub: Submission, index: int | None, size: Figure, m: Measure, c: Compendium
) -> list[Figure]:
    area = data["area"]
    added = Figure("green_roof_ha", size.value / 10_000, "ha", _("size [m2] ÷ 10 000"), (size,))
    area["green_roofs_facades_ha"] = (area.get("green_roofs_facades_ha") or 0.0) + added.value
    return [added]


EFFECTS: dict[str, EffectFunction] = {
    "generation": _generation,
    "chp": _chp,
    "ppa": _ppa,
    "heat_supply": _heat_supply,
    "heat_saving": _heat_saving,
    "electricity_saving": _electricity_saving,
    "storage": _storage,
    "charging": _charging,
    "fleet": _fleet,
    "water_reuse": _water_reuse,
    "green_roof": _green_roof,
}
AREA_EFFECTS = frozenset({"green_roof"})


# --- choosing the company and proposing sizes ----------------------------------------------------


def _base(measure: Measure, submission: Submission, company: Company, c: Compendium) -> float:
    """The quantity a measure works on in a company; the company with the most takes the measure."""
    effect = measure.effect
    if effect in ("generation", "electricity_saving"):
        return _electricity_kwh(company)
    if effect == "ppa":
        return _uncovered_grid_kwh(company)
    if effect in ("heat_supply", "chp"):
        return _fuel_heat_kwh(company)
    if effect == "heat_saving":
        return _fuel_heat_kwh(company, ("space_heat",))
    if effect == "storage":
        return company.peak_load_kw or 0.0
    if effect == "charging":
        return float(company.employees)
    if effect == "fleet":
        return float(_fossil_vehicles(company))
    if effect == "water_reuse":
        return company.water.withdrawn_m3 if company.water else 0.0
    return 0.0


def _round(value: float) -> float:
    """Three significant digits: a proposed size reads like one a planner would choose."""
    if value <= 0:
        return 0.0
    digits = 2 - math.floor(math.log10(value))
    return round(value, digits)


def propose_size(measure: Measure, submission: Submission, company: Company | None, c: Compendium) -> Figure:
    """A size for ``measure`` by its ``propose_share`` rule, as a figure in the measure's unit."""
    share = c.parameter(measure, "propose_share")
    country = submission.area.country
    effect = measure.effect
    value: float
    factors: list[FactorRef] = [share]
    if effect == "green_roof":
        value = share.value * (submission.area.sealed_area_ha or 0.0) * 10_000
        rule = _("share × sealed area [m2]")
    else:
        assert company is not None
        base = _base(measure, submission, company, c)
        if effect == "generation":
            per = c.for_country(measure, "yield_kwh_per_unit", country)
            factors.append(per)
            value, rule = share.value * base / per.value, _("share × electricity use ÷ yield per unit")
        elif effect == "electricity_saving":
            per = c.parameter(measure, "saving_kwh_per_unit")
            factors.append(per)
            value, rule = share.value * base / per.value, _("share × electricity use ÷ saving per unit")
        elif effect == "ppa":
            value, rule = share.value * base / 1000, _("share × uncovered grid electricity [MWh]")
        elif effect == "heat_supply":
            boiler, hours = c.parameter(measure, "boiler_efficiency"), c.parameter(measure, "full_load_hours")
            factors += [boiler, hours]
            heat = share.value * base * boiler.value
            source = c.text_parameter(measure, "heat_source")
            if source == "waste_heat":
                cop = c.parameter(measure, "cop")
                heat = min(heat, _unused_waste_heat(company) / (1 - 1 / cop.value))
            elif source == "recovered":
                heat = min(heat, _unused_waste_heat(company))
            value, rule = heat / hours.value, _("share × fuel heat × boiler efficiency ÷ full-load hours")
        elif effect == "chp":
            boiler, hours = c.parameter(measure, "boiler_efficiency"), c.parameter(measure, "full_load_hours")
            electrical = c.parameter(measure, "electrical_efficiency")
            thermal = c.parameter(measure, "thermal_efficiency")
            factors += [boiler, hours, electrical, thermal]
            heat = share.value * base * boiler.value
            value = heat / thermal.value * electrical.value / hours.value
            rule = _(
                "share × fuel heat × boiler efficiency ÷ thermal × electrical efficiency ÷ full-load hours"
            )
        elif effect == "heat_saving":
            boiler = c.parameter(measure, "boiler_efficiency")
            per = c.for_country(measure, "saving_kwh_per_unit", country)
            factors += [boiler, per]
            value, rule = (
                share.value * base * boiler.value / per.value,
                _("share × space heat ÷ saving per m2"),
            )
        elif effect == "storage":
            ratio = c.parameter(measure, "power_per_unit")
            factors.append(ratio)
            value, rule = share.value * base / ratio.value, _("share × peak load ÷ power per kWh")
        elif effect == "charging":
            value = max(math.ceil(share.value * base / 100) - company.charging_points, 1)
            rule = _("points per 100 employees × employees ÷ 100 − points already there (at least 1)")
        elif effect == "fleet":
            value, rule = max(math.ceil(share.value * base), 1), _("share of the fossil vehicles, rounded up")
        elif effect == "water_reuse":
            value, rule = share.value * base, _("share × water withdrawn")
        else:  # pragma: no cover - every effect has a rule
            raise LookupError(effect)
    if effect not in ("charging", "fleet"):
        value = _round(value)
    return Figure(
        "size", float(value), measure.unit, _("proposed: {rule}").format(rule=rule), factors=tuple(factors)
    )


def choose_company(measure: Measure, submission: Submission, c: Compendium) -> int | None:
    """The index of the applicable company with the most to gain (None for an area measure)."""
    if measure.effect in AREA_EFFECTS:
        problems = applicability_problems(measure, submission, None)
        if problems:
            raise _fail(measure, "area", "; ".join(problems))
        return None
    candidates = [
        (index, _base(measure, submission, company, c))
        for index, company in enumerate(submission.companies)
        if company.reported and not applicability_problems(measure, submission, company)
    ]
    if not candidates:
        raise _fail(
            measure,
            "companies",
            _("not applicable in any company of the area: {reasons}").format(
                reasons="; ".join(
                    sorted(
                        {
                            p
                            for company in submission.companies
                            for p in applicability_problems(measure, submission, company)
                        }
                    )
                )
            ),
        )
    return max(candidates, key=lambda item: (item[1], -item[0]))[0]


# --- applying ------------------------------------------------------------------------------------


def apply_measure(
    submission: Submission, choice: MeasureChoice, compendium: Compendium | None = None
) -> tuple[Submission, AppliedMeasure]:
    """``submission`` with one measure applied (validated), and the measure as applied."""
    c = compendium or load_compendium()
    measure = c.measure(choice.measure)
    if choice.company is None:
        index = choose_company(measure, submission, c)
    elif measure.effect in AREA_EFFECTS:
        index = None
    else:
        ids = [company.id for company in submission.companies]
        if choice.company not in ids:
            raise _fail(
                measure,
                "company",
                _("no company with id {id!r} in this submission").format(id=choice.company),
            )
        index = ids.index(choice.company)
        problems = applicability_problems(measure, submission, submission.companies[index])
        if problems:
            raise _fail(
                measure,
                _place(index),
                _("not applicable to {company}: {reasons}").format(
                    company=submission.companies[index].name, reasons="; ".join(problems)
                ),
            )
    company = None if index is None else submission.companies[index]
    if choice.size is None:
        size = propose_size(measure, submission, company, c)
    else:
        if not math.isfinite(choice.size) or choice.size <= 0:
            raise _fail(
                measure, "size", _("the size must be a positive number, not {size}").format(size=choice.size)
            )
        size = given("size", choice.size, measure.unit, "measures", rule=_("chosen by the user"))
    if size.value <= 0:
        raise _fail(measure, _place(index), _("nothing to size the measure on: the proposed size is 0"))
    data = to_data(submission)
    changes = EFFECTS[measure.effect](data, submission, index, size, measure, c)
    new = submission_from_data(data, _("scenario with {id}").format(id=measure.id))
    capex_ref, opex_ref = c.capex(measure), c.opex(measure)
    applied = AppliedMeasure(
        measure=measure,
        company=None if index is None else submission.companies[index].id,
        size=size,
        year=choice.year if choice.year is not None else submission.reporting_year + 1,
        changes=tuple(changes),
        capex_eur=_product("capex_eur", size, capex_ref, "EUR", _("size × capital cost per unit")),
        opex_eur_per_year=_product(
            "opex_eur_per_year", size, opex_ref, "EUR/year", _("size × operating cost per unit and year")
        ),
        lifetime=c.lifetime(measure),
    )
    return new, applied


def apply_measures(
    submission: Submission, choices: Sequence[MeasureChoice], compendium: Compendium | None = None
) -> Scenario:
    """Apply the measures in order, each to the result of the one before."""
    current = submission
    applied: list[AppliedMeasure] = []
    for choice in choices:
        current, done = apply_measure(current, choice, compendium)
        applied.append(done)
    return Scenario(base=submission, submission=current, applied=tuple(applied))


@dataclass(frozen=True)
class ScenarioResult:
    """A scenario assessed beside the submission it started from."""

    scenario: Scenario
    before: Assessment
    after: Assessment

    def indicator(self, criterion: str) -> tuple[float | None, float | None]:
        return self.before.criterion(criterion).value, self.after.criterion(criterion).value


def evaluate(
    submission: Submission,
    choices: Sequence[MeasureChoice],
    standard: Standard | None = None,
    factor_set: str | FactorSet | None = None,
    language: str = "en",
    hourly: HourlyData | None = None,
) -> ScenarioResult:
    """Assess the submission before and after the measures, with the real assessment engine."""
    standard = standard or load_standard(submission.edition)
    scenario = apply_measures(submission, choices)
    before = assess(submission, standard, factor_set, language, hourly)
    after = assess(scenario.submission, standard, factor_set, language, hourly)
    return ScenarioResult(scenario, before, after)
