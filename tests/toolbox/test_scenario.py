"""Scenarios: measures written into a submission and re-assessed with the real engine."""

from __future__ import annotations

import pytest

from gia.accounting import load_factor_set
from gia.errors import GiaInputError
from gia.toolbox.measures import load_compendium
from gia.toolbox.scenario import MeasureChoice, apply_measures, evaluate
from tests.conftest import company, make_submission


def pv_area():
    """DE area: Alpha buys 1 000 000 kWh of grid electricity without an instrument, Beta 200 000 kWh."""
    return make_submission(
        companies=[
            company(
                "alpha",
                electricity_purchases=[{"amount_kwh": 1_000_000, "instrument": "none"}],
                fuels=[{"fuel": "natural_gas", "amount": "500000 kWh", "use": "space_heat"}],
            ),
            company(
                "beta", nace="G46.1", electricity_purchases=[{"amount_kwh": 200_000, "instrument": "none"}]
            ),
        ]
    )


def test_pv_raises_en01_en02_and_lowers_market_based_emissions_by_the_hand_computed_amount():
    submission = pv_area()
    # numbers from the data files, written out:
    compendium = load_compendium()
    pv = compendium.measures["pv_rooftop"]
    assert pv.per_country["yield_kwh_per_unit"]["DE"].value == 950  # kWh/kWp/year (measures.yaml)
    assert pv.parameters["self_consumption_share"].value == 0.8
    grid, _flags = load_factor_set().grid_location("DE", 2024)
    assert grid is not None and grid.value == 336  # g CO2e/kWh, Ember DE 2024 (grid_electricity.csv)
    residual, _flags = load_factor_set().residual_mix("DE", 2024)
    assert residual is not None and residual.value == 724.56  # g CO2/kWh, AIB 2024 (residual_mix.csv)

    result = evaluate(submission, [MeasureChoice("pv_rooftop", company="alpha", size=200)])

    # by hand: 200 kWp × 950 kWh/kWp = 190 000 kWh generated; × 0.8 = 152 000 kWh self-consumed
    # (less than Alpha's 1 000 000 kWh of grid purchases), 38 000 kWh exported.
    generated = 200 * 950
    self_consumed = generated * 0.8
    assert generated == 190_000 and self_consumed == 152_000
    # consumption of the area stays 1 200 000 kWh: grid 1 048 000 + own PV 152 000
    consumption = 1_200_000
    en01_before, en01_after = result.indicator("EN-01")
    en02_before, en02_after = result.indicator("EN-02")
    assert en01_before == 0.0 and en02_before == 0.0
    assert en01_after == pytest.approx(self_consumed / consumption)  # 0.126 666…
    assert en02_after == pytest.approx(self_consumed / consumption)
    assert result.after.criterion("EN-01").points >= result.before.criterion("EN-01").points
    assert result.after.criterion("EN-02").points > result.before.criterion("EN-02").points  # 12.7 % > 10 %
    # market-based scope 2 falls by self-consumption × the residual mix it no longer buys:
    # 152 000 × 0.72456 = 110 133.12 kg CO2e
    market_before = result.before.key_figures["scope12_market_kg_co2e"].value
    market_after = result.after.key_figures["scope12_market_kg_co2e"].value
    assert market_before - market_after == pytest.approx(110_133.12, abs=0.01)
    # location-based by self-consumption × the grid average (own generation used on site has no
    # scope 2): 152 000 × 0.336 = 51 072 kg CO2e
    location_drop = (
        result.before.key_figures["scope2_location_kg_co2e"].value
        - result.after.key_figures["scope2_location_kg_co2e"].value
    )
    assert location_drop == pytest.approx(51_072.0, abs=0.01)
    applied = result.scenario.applied[0]
    assert applied.capex_eur.value == pytest.approx(200 * 750)
    assert applied.capex_eur.inputs[0].value == 200
    assert applied.capex_eur.factors[0].source.startswith("Danish Energy Agency")


def test_heat_pump_replaces_gas_and_adds_its_electricity():
    submission = pv_area()
    scenario = apply_measures(submission, [MeasureChoice("heat_pump_air", size=100)])
    alpha = scenario.submission.company("alpha")
    # 100 kW_th × 2 200 h = 220 000 kWh heat; ÷ COP 3 = 73 333 kWh electricity; gas −220 000/0.9 kWh
    assert alpha.heat_pumps[0].heat_output_kwh == pytest.approx(220_000)
    assert alpha.electricity_purchases[-1].amount_kwh == pytest.approx(220_000 / 3)
    assert alpha.fuels[0].amount.value == pytest.approx(500_000 - 220_000 / 0.9)


def test_every_measure_applies_with_a_proposed_size():
    submission = make_submission(
        area={"sealed_area_ha": 30, "near_natural_green_ha": 5},
        companies=[
            company(
                "alpha",
                electricity_purchases=[{"amount_kwh": 2_000_000, "instrument": "none"}],
                fuels=[
                    {"fuel": "natural_gas", "amount": "900000 kWh", "use": "space_heat"},
                    {"fuel": "natural_gas", "amount": "1500000 kWh", "use": "process_heat"},
                    {"fuel": "gas_diesel_oil", "amount": "80000 kWh", "use": "vehicles"},
                ],
                waste_heat={"recoverable_kwh": 800_000, "used_kwh": 0},
                peak_load_kw=600,
                water={"withdrawn_m3": 20_000},
                vehicles=[{"drive": "diesel", "kind": "van", "count": 8}],
            ),
            company(
                "beta", nace="G46.1", electricity_purchases=[{"amount_kwh": 200_000, "instrument": "none"}]
            ),
        ],
    )
    for measure_id in load_compendium().measures:
        scenario = apply_measures(submission, [MeasureChoice(measure_id)])
        applied = scenario.applied[0]
        assert applied.size.value > 0, measure_id
        assert applied.size.unit == applied.measure.unit


def test_user_errors_name_the_measure_and_the_place():
    submission = pv_area()
    with pytest.raises(GiaInputError, match="unknown measure 'solar_roof'"):
        apply_measures(submission, [MeasureChoice("solar_roof")])
    with pytest.raises(GiaInputError, match="size must be a positive number"):
        apply_measures(submission, [MeasureChoice("pv_rooftop", size=-5)])
    with pytest.raises(GiaInputError, match="not applicable in any company"):
        apply_measures(submission, [MeasureChoice("water_reuse")])
    with pytest.raises(GiaInputError, match="not applicable to Beta"):  # the company by its name
        apply_measures(submission, [MeasureChoice("heat_pump_air", company="beta")])
    with pytest.raises(GiaInputError, match="buys only"):
        apply_measures(submission, [MeasureChoice("led_lighting", company="beta", size=1000)])
