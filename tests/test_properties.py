"""Properties over generated submissions (hypothesis): any valid submission assesses, shares stay in
[0, 1], emissions are never negative, and assessing twice gives byte-identical JSON."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gia.accounting import account
from gia.assessment import assess
from gia.dataset import submission_from_data

COUNTRIES = ["PL", "DE", "DK", "SE", "FI", "LT", "LV", "EE"]
TECHNOLOGIES = ["solar_pv", "wind", "hydro", "biomass", "nuclear", "natural_gas"]
energy = st.floats(min_value=0, max_value=5e7, allow_nan=False, allow_infinity=False)
share = st.floats(min_value=0, max_value=1)

#: indicators that are reductions or trends, which may be negative when things got worse
SIGNED = {"energy_intensity_improvement", "ghg_reduction_vs_baseline"}


@st.composite
def purchases(draw: st.DrawFn) -> dict[str, Any]:
    instrument = draw(st.sampled_from(["none", "guarantee_of_origin", "ppa"]))
    data: dict[str, Any] = {"amount_kwh": draw(energy), "instrument": instrument}
    if instrument != "none":
        data["technology"] = draw(st.sampled_from(TECHNOLOGIES))
    if instrument == "guarantee_of_origin":
        data["cancelled"] = draw(st.booleans())
        data["production_year"] = draw(st.integers(2019, 2025))
        data["certificate_country"] = draw(st.sampled_from([*COUNTRIES, "NO", "US"]))
    if instrument == "ppa":
        data["certificates_bundled"] = draw(st.booleans())
        data["local"] = draw(st.booleans())
    return data


@st.composite
def generation(draw: st.DrawFn) -> dict[str, Any]:
    generated = draw(energy)
    used = draw(st.floats(0, 1)) * generated
    technology = draw(st.sampled_from(["solar_pv", "wind", "biomass"]))
    return {
        "technology": technology,
        "generated_kwh": generated,
        "self_consumed_kwh": used,
        "exported_kwh": (generated - used) * draw(st.floats(0, 0.999)),
        "certificates": draw(st.sampled_from(["kept", "sold"])),
        "heat_generated_kwh": draw(energy) if technology == "biomass" else 0,
    }


@st.composite
def companies(draw: st.DrawFn, index: int) -> dict[str, Any]:
    reported = draw(st.booleans()) if index else True
    data: dict[str, Any] = {
        "id": f"c{index}",
        "name": f"Company {index}",
        "nace": draw(st.sampled_from(["C20.1", "C25", "G46.1", "H52.1", "D35.1"])),
        "employees": draw(st.integers(0, 3000)),
        "reported": reported,
        "management_systems": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "scheme": st.sampled_from(["iso_50001", "emas", "iso_14001", "en_16247_audit"]),
                        "date": st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2025, 12, 31)).map(
                            str
                        ),
                    }
                ),
                max_size=2,
            )
        ),
        "electricity_purchases": draw(st.lists(purchases(), max_size=3)),
        "generation": draw(st.lists(generation(), max_size=2)),
        "fuels": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "fuel": st.sampled_from(
                            ["natural_gas", "gas_diesel_oil", "wood", "biogas", "lignite", "lpg", "peat"]
                        ),
                        "amount": st.one_of(
                            energy.map(lambda v: f"{v} kWh"), st.floats(0, 5e4).map(lambda v: f"{v} t")
                        ),
                        "use": st.sampled_from(["space_heat", "process_heat", "chp", "vehicles", "other"]),
                    }
                ),
                max_size=3,
            )
        ),
        "heat_purchases": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "source": st.sampled_from(["district_heating", "waste_heat"]),
                        "amount_kwh": energy,
                    },
                    optional={
                        "renewable_share": share,
                        "network": st.sampled_from(["Stockholm", "Elsewhere"]),
                    },
                ),
                max_size=2,
            )
        ),
        "refrigerants": draw(
            st.lists(
                st.floats(0, 500).flatmap(
                    lambda charge: st.fixed_dictionaries(
                        {
                            "gas": st.sampled_from(["HFC-134a", "R-410A", "R-744", "HFC-32"]),
                            "charge_kg": st.just(charge),
                            "leakage_kg": st.floats(0, 1).map(lambda f: f * charge),
                        }
                    )
                ),
                max_size=2,
            )
        ),
        "waste": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "ewc": st.sampled_from(["10 01 05", "15 01 01", "16 06 01*"]),
                        "amount_t": st.floats(0, 1e5),
                        "treatment": st.sampled_from(["R1", "R3", "R5", "R12", "D1", "D10"]),
                    },
                    optional={"used_by": st.sampled_from(["c0", "elsewhere"])},
                ),
                max_size=3,
            )
        ),
        "vehicles": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "drive": st.sampled_from(["battery_electric", "diesel", "petrol", "fuel_cell"]),
                        "count": st.integers(0, 50),
                    }
                ),
                max_size=2,
            )
        ),
        "charging_points": draw(st.integers(0, 40)),
        "storage": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "kind": st.sampled_from(["battery", "thermal"]),
                        "power_kw": st.floats(0, 1e4),
                        "capacity_kwh": st.floats(0, 1e5),
                    }
                ),
                max_size=1,
            )
        ),
    }
    if any(plant["technology"] == "biomass" for plant in data["generation"]):
        data["fuels"].append({"fuel": "wood", "amount": f"{draw(energy)} kWh", "use": "chp"})
    if not reported:
        for field in ("electricity_purchases", "generation", "fuels", "heat_purchases", "refrigerants"):
            data[field] = []
        data["estimated_final_energy_kwh"] = draw(energy)
    if draw(st.booleans()):
        withdrawn = draw(st.floats(0, 1e6))
        data["water"] = {"withdrawn_m3": withdrawn, "reused_m3": draw(st.floats(0, 1e6))}
    if draw(st.booleans()):
        recoverable = draw(energy)
        data["waste_heat"] = {"recoverable_kwh": recoverable, "used_kwh": recoverable * draw(st.floats(0, 1))}
    if draw(st.booleans()):
        walk, bike = draw(st.floats(0, 0.5)), draw(st.floats(0, 0.5))
        data["commuting"] = {"walk": walk, "bicycle": bike, "car_alone": 1 - walk - bike}
    if draw(st.booleans()):
        data["peak_load_kw"] = draw(st.floats(0, 5e4))
    return data


@st.composite
def submissions(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(1, 4))
    total = draw(st.floats(0.5, 500))
    year = draw(st.integers(2022, 2025))
    area: dict[str, Any] = {
        "id": "generated",
        "name": "Generated area",
        "country": draw(st.sampled_from(COUNTRIES)),
        "total_area_ha": total,
        "sealed_area_ha": total * draw(st.floats(0, 1)),
        "rainwater_managed_share": draw(share),
    }
    if draw(st.booleans()):
        area["baseline"] = {
            "year": year - 5,
            "scope12_market_kg_co2e": draw(st.floats(0, 1e8)),
            "source": "generated",
        }
    if draw(st.booleans()):
        area["history"] = [
            {"year": year - 2, "final_energy_kwh": draw(energy), "employees": draw(st.integers(0, 5000))}
        ]
    members = [draw(companies(i)) for i in range(count)]
    ids = [c["id"] for c in members]
    if count >= 2:
        area["shared_services"] = [
            {
                "name": "joint canteen",
                "kind": draw(st.sampled_from(["shared_canteen", "shared_energy_plant"])),
                "companies": ids[:2],
            }
        ]
    data: dict[str, Any] = {
        "schema": "gia-submission/1",
        "reporting_year": year,
        "area": area,
        "companies": members,
    }
    if count >= 2 and draw(st.booleans()):
        data["exchanges"] = [
            {
                "supplier": ids[0],
                "receiver": ids[1],
                "kind": "material",
                "description": "gypsum",
                "amount": f"{draw(st.floats(0, 1e5))} t",
            }
        ]
    if draw(st.booleans()):
        data["not_applicable"] = {"EN-07": "no process heat above 40 °C"}
    return data


PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(submissions())
def test_any_valid_submission_assesses_with_shares_in_range(data: dict[str, Any]) -> None:
    result = assess(submission_from_data(data))
    assert result.total_fulfilment is None or 0 <= result.total_fulfilment <= 1
    for theme in result.themes:
        assert theme.fulfilment is None or 0 <= theme.fulfilment <= 1
    for criterion in result.criteria:
        if criterion.points is not None:
            assert 0 <= criterion.points <= 10
        if criterion.unit == "share" and criterion.value is not None and criterion.indicator not in SIGNED:
            assert 0 <= criterion.value <= 1, (criterion.id, criterion.value)


@PROPERTY_SETTINGS
@given(submissions())
def test_emissions_are_never_negative(data: dict[str, Any]) -> None:
    accounts = account(submission_from_data(data))
    for name, figure in accounts.area.items():
        if name.endswith(("_kg_co2e", "_kg", "_kwh")):
            assert figure.value >= 0, name
    for company in accounts.companies:
        for name, figure in company.figures.items():
            assert figure.value >= 0, (company.id, name)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(submissions())
def test_assessing_twice_gives_byte_identical_json(data: dict[str, Any]) -> None:
    first = assess(submission_from_data(data)).to_json()
    second = assess(submission_from_data(data)).to_json()
    assert first == second
