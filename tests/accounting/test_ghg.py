"""Scope 1 and 2 against values computed by hand from the factor tables.

Hand computations use the IPCC 2006 values in shared/domain/reference-data.md:
natural gas 56 100 kg CO2/TJ, CH4 1 (manufacturing) / 5 (commercial) kg/TJ, N2O 0.1 kg/TJ;
gas/diesel oil 74 100 kg CO2/TJ, NCV 43.0 TJ/Gg, CH4 3, N2O 0.6 kg/TJ (manufacturing);
wood 112 000 kg CO2/TJ (biogenic), NCV 15.6 TJ/Gg, CH4 30, N2O 4 kg/TJ (manufacturing).
GWP100 (methane by origin, as AR5 Table 8.A.1 and AR6 WG1 Table 7.15 give it): AR5 CH4 fossil 30,
non-fossil 28, N2O 265; AR6 CH4 fossil 29.8, non-fossil 27.0, N2O 273.
"""

from __future__ import annotations

import pytest

from gia.accounting import account
from gia.errors import GiaInputError
from tests.conftest import company, make_submission


def scope1(fuels, factor_set="gia-fs-2026.2-ar6", nace="C25.1"):
    submission = make_submission(companies=[company(fuels=fuels, nace=nace)])
    return account(submission, factor_set)


def test_natural_gas_one_terajoule_ar5_and_ar6():
    fuels = [{"fuel": "natural_gas", "amount": "1 TJ", "use": "process_heat"}]
    # CO2 1 TJ × 56 100 = 56 100 kg; CH4 1 kg; N2O 0.1 kg
    ar5 = scope1(fuels, "gia-fs-2026.2-ar5")["scope1_kg_co2e"].value
    ar6 = scope1(fuels, "gia-fs-2026.2-ar6")["scope1_kg_co2e"].value
    assert ar5 == pytest.approx(56_100 + 1 * 30 + 0.1 * 265)  # 56 156.5
    assert ar6 == pytest.approx(56_100 + 1 * 29.8 + 0.1 * 273)  # 56 157.1


def test_each_gas_of_natural_gas_combustion_is_in_the_provenance():
    accounts = scope1([{"fuel": "natural_gas", "amount": "1 TJ", "use": "process_heat"}])
    fuel = accounts.companies[0]["scope1_combustion_kg_co2e"].inputs[0]
    by_name = {part.name: part.value for part in fuel.inputs}
    assert by_name["co2_kg_co2e"] == pytest.approx(56_100)
    assert by_name["ch4_kg_co2e"] == pytest.approx(29.8)  # fossil methane
    assert by_name["n2o_kg_co2e"] == pytest.approx(27.3)
    sources = {f.source for part in fuel.inputs for f in part.factors} | {
        f.source for part in fuel.inputs for i in part.inputs for f in i.factors
    }
    assert any("Table 1.4" in s for s in sources)
    assert any("Table 2.3" in s for s in sources)


def test_commercial_consumer_uses_commercial_methane_factor():
    # NACE section G (trade) is IPCC 1.A.4.a: CH4 5 kg/TJ instead of 1
    accounts = scope1([{"fuel": "natural_gas", "amount": "1 TJ", "use": "space_heat"}], nace="G46.1")
    assert accounts["scope1_kg_co2e"].value == pytest.approx(56_100 + 5 * 29.8 + 0.1 * 273)


def test_diesel_by_mass_uses_the_net_calorific_value():
    # 10 t × 43.0 GJ/t = 430 GJ = 0.43 TJ
    accounts = scope1(
        [{"fuel": "gas_diesel_oil", "amount": "10 t", "use": "process_heat"}], "gia-fs-2026.2-ar5"
    )
    assert accounts["fuel_energy_kwh"].value == pytest.approx(430_000 / 3.6)
    expected = 0.43 * 74_100 + 0.43 * 3 * 30 + 0.43 * 0.6 * 265  # 31 863 + 38.7 + 68.37
    assert accounts["scope1_kg_co2e"].value == pytest.approx(expected)


def test_wood_co2_is_biogenic_and_reported_apart():
    # 100 t × 15.6 GJ/t = 1.56 TJ
    accounts = scope1([{"fuel": "wood", "amount": "100 t", "use": "process_heat"}])
    assert accounts["biogenic_co2_kg"].value == pytest.approx(1.56 * 112_000)
    assert accounts["scope1_kg_co2e"].value == pytest.approx(
        1.56 * 30 * 27.0 + 1.56 * 4 * 273
    )  # wood: non-fossil methane


def test_natural_gas_by_volume_and_gross_energy():
    by_volume = scope1([{"fuel": "natural_gas", "amount": "1000 m3", "use": "space_heat"}])
    assert by_volume["fuel_energy_kwh"].value == pytest.approx(10_350)  # 10.35 kWh net per Nm3
    gross = scope1([{"fuel": "natural_gas", "amount": "1000 kWh", "basis": "gross", "use": "space_heat"}])
    assert gross["fuel_energy_kwh"].value == pytest.approx(900)  # net ≈ 90 % of gross


def test_refrigerant_leakage_times_gwp():
    submission = make_submission(
        companies=[company(refrigerants=[{"gas": "HFC-134a", "charge_kg": 40, "leakage_kg": 2}])]
    )
    assert account(submission, "gia-fs-2026.2-ar5")["scope1_kg_co2e"].value == pytest.approx(2 * 1300)
    assert account(submission, "gia-fs-2026.2-ar6")["scope1_kg_co2e"].value == pytest.approx(2 * 1530)


def electricity(country, year, purchases, generation=()):
    submission = make_submission(
        reporting_year=year,
        area={"country": country},
        companies=[company(electricity_purchases=list(purchases), generation=list(generation))],
    )
    return account(submission)


GO_WIND_2024 = {
    "amount_kwh": "1 GWh",
    "instrument": "guarantee_of_origin",
    "technology": "wind",
    "cancelled": True,
    "production_year": 2024,
    "certificate_country": "NO",
}


def test_location_based_uses_the_grid_average_for_every_purchase():
    # PL 2024: 608 g/kWh (Ember); 2 GWh × 608 g = 1 216 000 kg whatever instruments cover them
    accounts = electricity("PL", 2024, [{"amount_kwh": "1 GWh", "instrument": "none"}, GO_WIND_2024])
    assert accounts["scope2_location_kg_co2e"].value == pytest.approx(1_216_000)


def test_market_based_with_guarantees_of_origin_and_the_residual_mix():
    # PL 2024: residual mix 808.30 g/kWh (AIB 2024) for the uncovered GWh; the GWh covered by
    # cancelled wind GOs of the reporting year counts 0
    accounts = electricity("PL", 2024, [{"amount_kwh": "1 GWh", "instrument": "none"}, GO_WIND_2024])
    assert accounts["scope2_market_kg_co2e"].value == pytest.approx(808_300)
    assert "residual_mix_missing" not in {f.code for f in accounts.flags()}
    assert accounts["renewable_electricity_kwh"].value == pytest.approx(1_000_000)


def test_market_based_falls_back_to_the_location_based_factor_where_no_residual_mix_is_sourced():
    # DE 2021: no residual mix within reach; the grid factor of 2022 (420 g/kWh) is the last resort
    accounts = electricity("DE", 2021, [{"amount_kwh": "1 GWh", "instrument": "none"}])
    assert accounts["scope2_market_kg_co2e"].value == pytest.approx(420_000)
    assert "residual_mix_missing" in {f.code for f in accounts.flags()}


def test_market_based_uses_the_residual_mix_where_sourced():
    # FI 2023: residual mix 554.9 g/kWh; location-based 81 g/kWh
    accounts = electricity("FI", 2023, [{"amount_kwh": "1 GWh", "instrument": "none"}])
    assert accounts["scope2_market_kg_co2e"].value == pytest.approx(554_900)
    assert accounts["scope2_location_kg_co2e"].value == pytest.approx(81_000)
    assert "residual_mix_missing" not in {f.code for f in accounts.flags()}


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"cancelled": False}, "not cancelled"),
        ({"production_year": 2021}, "not close in time"),
        ({"certificate_country": "US"}, "outside the market"),
    ],
)
def test_invalid_guarantees_of_origin_get_the_residual_mix(change, reason):
    accounts = electricity("FI", 2023, [{**GO_WIND_2024, "production_year": 2023, **change}])
    assert accounts["scope2_market_kg_co2e"].value == pytest.approx(554_900)
    assert accounts["renewable_electricity_kwh"].value == 0
    assert any(reason in f.message for f in accounts.flags() if f.code == "instrument_rejected")


def test_ppa_counts_only_with_bundled_certificates():
    ppa = {"amount_kwh": "1 GWh", "instrument": "ppa", "technology": "wind"}
    bundled = electricity("FI", 2023, [{**ppa, "certificates_bundled": True}])
    unbundled = electricity("FI", 2023, [ppa])
    assert bundled["scope2_market_kg_co2e"].value == 0
    assert unbundled["scope2_market_kg_co2e"].value == pytest.approx(554_900)


def test_own_generation_with_certificates_sold_gets_the_residual_mix():
    plant = {
        "technology": "solar_pv",
        "generated_kwh": "500 MWh",
        "self_consumed_kwh": "400 MWh",
        "exported_kwh": "100 MWh",
    }
    kept = electricity("FI", 2023, [], [plant])
    sold = electricity("FI", 2023, [], [{**plant, "certificates": "sold"}])
    assert kept["scope2_market_kg_co2e"].value == 0
    assert kept["renewable_electricity_kwh"].value == pytest.approx(400_000)
    assert sold["scope2_market_kg_co2e"].value == pytest.approx(400_000 * 0.5549)
    assert sold["renewable_electricity_kwh"].value == 0
    assert sold["local_renewable_electricity_kwh"].value == pytest.approx(400_000)
    assert kept["scope2_location_kg_co2e"].value == 0


def test_supplier_specific_rate_comes_before_the_residual_mix():
    purchase = {
        "amount_kwh": "1 GWh",
        "instrument": "none",
        "supplier_factor_g_per_kwh": 300,
        "supplier_factor_source": "supplier disclosure 2023",
    }
    accounts = electricity("FI", 2023, [purchase])
    assert accounts["scope2_market_kg_co2e"].value == pytest.approx(300_000)


def test_grid_factor_of_an_earlier_year_is_used_and_flagged():
    accounts = electricity("DE", 2025, [{"amount_kwh": "1 GWh", "instrument": "none"}])
    assert accounts["scope2_location_kg_co2e"].value == pytest.approx(336_000)  # DE 2024
    assert "factor_year_differs" in {f.code for f in accounts.flags()}


def test_district_heat_national_default_and_flagged_fallback():
    heat = [{"source": "district_heating", "amount_kwh": "1 GWh"}]
    de = account(make_submission(companies=[company(heat_purchases=heat)]))
    assert de["scope2_location_kg_co2e"].value == pytest.approx(180_000)  # GEG CHP gas/liquid
    pl = account(make_submission(area={"country": "PL"}, companies=[company(heat_purchases=heat)]))
    assert pl["scope2_market_kg_co2e"].value == pytest.approx(400_000)  # conservative fallback
    assert "district_heat_fallback" in {f.code for f in pl.flags()}


def test_energy_balance_does_not_count_chp_electricity_twice():
    chp = company(
        fuels=[{"fuel": "wood", "amount": "1 GWh", "use": "chp"}],
        generation=[
            {
                "technology": "biomass",
                "generated_kwh": "250 MWh",
                "self_consumed_kwh": "250 MWh",
                "heat_generated_kwh": "600 MWh",
            }
        ],
        electricity_purchases=[{"amount_kwh": "100 MWh", "instrument": "none"}],
    )
    accounts = account(make_submission(companies=[chp]))
    assert accounts["final_energy_kwh"].value == pytest.approx(1_100_000)  # wood + grid, not the CHP power
    assert accounts["electricity_consumption_kwh"].value == pytest.approx(350_000)
    assert accounts["heat_demand_kwh"].value == pytest.approx(600_000)
    assert accounts["renewable_heat_kwh"].value == pytest.approx(600_000)


def steam_supplier_and_buyer(delivered="200 MWh"):
    supplier = company(
        fuels=[{"fuel": "natural_gas", "amount": "1 TJ", "use": "process_heat"}], heat_delivered_kwh=delivered
    )
    buyer = company(
        "beta",
        heat_purchases=[
            {
                "source": "district_heating",
                "amount_kwh": "200 MWh",
                "supplier_company": "alpha",
                "factor_g_per_kwh": 220,
                "factor_source": "supplier's steam factor 2024",
            }
        ],
    )
    return make_submission(companies=[supplier, buyer])


def test_heat_passed_between_companies_is_counted_once_in_the_area():
    accounts = account(steam_supplier_and_buyer())
    gas_kwh = 1e6 / 3.6  # 1 TJ
    # each company keeps its own view: the buyer's steam is its final energy and its scope 2
    assert accounts.company("beta")["final_energy_kwh"].value == pytest.approx(200_000)
    assert accounts.company("beta")["scope2_market_kg_co2e"].value == pytest.approx(44_000)
    # the area counts the gas once and the steam's emissions once, at the supplier (scope 1)
    assert accounts["final_energy_kwh"].value == pytest.approx(gas_kwh)
    assert accounts["heat_demand_kwh"].value == pytest.approx(gas_kwh)
    assert accounts["scope2_market_kg_co2e"].value == pytest.approx(0)
    assert accounts["scope12_market_kg_co2e"].value == pytest.approx(56_157.1)


def test_more_heat_delivered_than_produced_is_refused_with_its_place():
    with pytest.raises(GiaInputError) as caught:
        account(steam_supplier_and_buyer(delivered="300 MWh"))
    assert caught.value.problems[0][0] == "companies[0].heat_delivered_kwh"


def test_heat_bought_from_a_company_cannot_exceed_what_it_delivers():
    supplier = company(
        fuels=[{"fuel": "natural_gas", "amount": "1 TJ", "use": "process_heat"}], heat_delivered_kwh="100 MWh"
    )
    buyer = company(
        "beta",
        heat_purchases=[{"source": "district_heating", "amount_kwh": "150 MWh", "supplier_company": "alpha"}],
    )
    with pytest.raises(GiaInputError) as caught:
        make_submission(companies=[supplier, buyer])
    place, message = caught.value.problems[0]
    assert place == "companies[1].heat_purchases[0].amount_kwh"
    assert "more than the heat it delivers to others (100,000 kWh)" in message


def test_power_bought_from_a_company_cannot_exceed_what_its_plants_export():
    pv = {
        "technology": "solar_pv",
        "generated_kwh": "10 MWh",
        "self_consumed_kwh": "5 MWh",
        "exported_kwh": "5 MWh",
    }
    buyer = company(
        "beta",
        electricity_purchases=[
            {
                "amount_kwh": "10 GWh",
                "instrument": "none",
                "technology": "solar_pv",
                "supplier_company": "alpha",
            }
        ],
    )
    with pytest.raises(GiaInputError) as caught:
        make_submission(companies=[company(generation=[pv]), buyer])
    assert caught.value.problems[0][0] == "companies[1].electricity_purchases[0].amount_kwh"


def test_power_from_a_neighbour_leaves_location_based_but_not_market_based_scope2():
    # FI 2023: location 82 g/kWh, residual mix 554.9 g/kWh. A PV plant in the area sells 1 GWh to a
    # neighbour without its certificates: physically local (location-based 0 for the area), but the
    # attributes went elsewhere, so the residual mix stays at area level.
    pv = {"technology": "solar_pv", "generated_kwh": "1 GWh", "self_consumed_kwh": 0, "exported_kwh": "1 GWh"}
    buyer = company(
        "beta",
        electricity_purchases=[
            {
                "amount_kwh": "1 GWh",
                "instrument": "ppa",
                "technology": "solar_pv",
                "supplier_company": "alpha",
            }
        ],
    )
    accounts = account(
        make_submission(
            reporting_year=2023, area={"country": "FI"}, companies=[company(generation=[pv]), buyer]
        )
    )
    assert accounts.company("beta")["scope2_location_kg_co2e"].value == pytest.approx(81_000)
    assert accounts["scope2_location_kg_co2e"].value == pytest.approx(0)
    assert accounts["scope2_market_kg_co2e"].value == pytest.approx(554_900)
    assert accounts["final_energy_kwh"].value == pytest.approx(1_000_000)  # PV power is counted at the buyer


def test_heat_from_a_renewable_neighbour_is_renewable_for_the_buyer():
    # a wood-fired CHP makes 1.2 GWh of heat and delivers 1 GWh to a neighbour: all of it renewable
    chp = company(
        fuels=[{"fuel": "wood", "amount": "2 GWh", "use": "chp"}],
        generation=[
            {
                "technology": "biomass",
                "generated_kwh": "500 MWh",
                "self_consumed_kwh": "500 MWh",
                "heat_generated_kwh": "1.2 GWh",
            }
        ],
        heat_delivered_kwh="1 GWh",
    )
    buyer = company(
        "beta",
        heat_purchases=[{"source": "district_heating", "amount_kwh": "1 GWh", "supplier_company": "alpha"}],
    )
    accounts = account(make_submission(companies=[chp, buyer]))
    assert accounts["heat_demand_kwh"].value == pytest.approx(1_200_000)
    assert accounts["renewable_heat_kwh"].value == pytest.approx(1_200_000)
    assert "renewable_share_missing" not in {f.code for f in accounts.flags()}


def test_refrigerant_designations_of_pure_hfcs_are_understood():
    r134a = make_submission(
        companies=[company(refrigerants=[{"gas": "R-134a", "charge_kg": 40, "leakage_kg": 2}])]
    )
    assert account(r134a, "gia-fs-2026.2-ar6")["scope1_kg_co2e"].value == pytest.approx(2 * 1530)
    unknown = make_submission(
        companies=[company(refrigerants=[{"gas": "R-9999", "charge_kg": 1, "leakage_kg": 1}])]
    )
    with pytest.raises(GiaInputError) as caught:
        account(unknown)
    place, message = caught.value.problems[0]
    assert place == "companies[0].refrigerants[0].gas"
    assert "R-410A" in message and "CH4" not in message


def test_power_station_uses_energy_industry_methane_factor():
    # NACE D (energy supply) is IPCC 1.A.1: coal CH4 1 kg/TJ (manufacturing would be 10)
    coal = [{"fuel": "other_bituminous_coal", "amount": "1 TJ", "use": "process_heat"}]
    accounts = account(make_submission(companies=[company(fuels=coal, nace="D35.1")]))
    assert accounts["scope1_kg_co2e"].value == pytest.approx(94_600 + 1 * 29.8 + 1.5 * 273)


def test_district_heat_factor_of_another_year_is_flagged():
    heat = [{"source": "district_heating", "amount_kwh": "1 GWh"}]
    dk = account(make_submission(area={"country": "DK"}, companies=[company(heat_purchases=heat)]))
    # 2024: the latest earlier national value is BR18's 2023 figure, 105 g/kWh
    assert dk["scope2_location_kg_co2e"].value == pytest.approx(105_000)
    assert "factor_year_differs" in {f.code for f in dk.flags()}


# --- what a purchase line can say: a supplier's residual mix, a partly covered purchase, a stated rate ---

GO_WIND_FI_2023 = {**GO_WIND_2024, "production_year": 2023}


def test_a_supplier_residual_mix_prices_what_no_instrument_covers():
    purchase = {
        "amount_kwh": "1 GWh",
        "instrument": "none",
        "supplier_factor_g_per_kwh": 420,
        "supplier_factor_basis": "residual_mix",
        "supplier_factor_source": "supplier's residual mix 2023, disclosure",
    }
    accounts = electricity("FI", 2023, [purchase])
    assert accounts["scope2_market_kg_co2e"].value == pytest.approx(420_000)
    flags = {f.code: f.message for f in accounts.flags()}
    assert "supplier's residual mix 2023" in flags["supplier_factor_declared"]


def test_a_purchase_partly_covered_by_guarantees_takes_the_residual_mix_for_the_rest():
    # 60 % covered by cancelled wind GOs: 0 g; the other 400 MWh at FI's residual mix 554.9 g/kWh
    accounts = electricity("FI", 2023, [{**GO_WIND_FI_2023, "covered_share": "60 %"}])
    assert accounts["scope2_market_kg_co2e"].value == pytest.approx(400_000 * 0.5549)
    assert accounts["renewable_electricity_kwh"].value == pytest.approx(600_000)
    # with the supplier's residual mix for the rest, the rest takes that rate
    with_supplier = electricity(
        "FI",
        2023,
        [
            {
                **GO_WIND_FI_2023,
                "covered_share": 0.6,
                "supplier_factor_g_per_kwh": 300,
                "supplier_factor_basis": "residual_mix",
                "supplier_factor_source": "supplier's residual mix",
            }
        ],
    )
    assert with_supplier["scope2_market_kg_co2e"].value == pytest.approx(400_000 * 0.3)


def test_the_rest_of_a_partly_covered_purchase_cannot_take_the_suppliers_whole_mix():
    purchase = {
        **GO_WIND_FI_2023,
        "covered_share": 0.6,
        "supplier_factor_g_per_kwh": 150,
        "supplier_factor_source": "fuel-mix disclosure",
    }
    with pytest.raises(GiaInputError) as caught:
        electricity("FI", 2023, [purchase])
    assert "supplier_factor_basis" in caught.value.render()
    assert "count twice" in caught.value.render()


def test_an_instrument_for_fossil_electricity_counts_at_the_rate_it_states():
    chp = {
        **GO_WIND_FI_2023,
        "technology": "natural_gas",
        "instrument_factor_g_per_kwh": 350,
        "instrument_factor_source": "GO no. 123, stated emissions",
    }
    accounts = electricity("FI", 2023, [chp])
    assert accounts["scope2_market_kg_co2e"].value == pytest.approx(350_000)
    assert accounts["renewable_electricity_kwh"].value == 0
    assert "instrument_factor_declared" in {f.code for f in accounts.flags()}
    # without the rate it states, the residual mix applies
    without = electricity("FI", 2023, [{**GO_WIND_FI_2023, "technology": "natural_gas"}])
    assert without["scope2_market_kg_co2e"].value == pytest.approx(554_900)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"instrument": "none", "covered_share": 0.5}, "covered_share"),
        ({"instrument_factor_g_per_kwh": 350}, "instrument_factor_source"),
    ],
)
def test_what_a_purchase_cannot_say_is_refused_naming_the_field(change, field):
    purchase = {**GO_WIND_FI_2023, **change}
    if purchase["instrument"] == "none":
        for key in ("technology", "cancelled", "production_year", "certificate_country"):
            purchase.pop(key)
    with pytest.raises(GiaInputError) as caught:
        electricity("FI", 2023, [purchase])
    assert field in caught.value.render()
