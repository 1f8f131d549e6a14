"""Roadmap: the grid trajectory, the year a level becomes reachable, climate neutrality, the MAC curve."""

from __future__ import annotations

import dataclasses

import pytest

from gia.accounting import FactorSet, load_factor_set
from gia.dataset import load_submission
from gia.errors import GiaInputError
from gia.toolbox.mac import abatement_cost, abatement_costs, mac_svg, propose
from gia.toolbox.roadmap import load_trajectory, project
from gia.toolbox.scenario import MeasureChoice
from tests.conftest import EXAMPLES, company, make_submission


def without_german_residual_mix() -> FactorSet:
    """The factor set without DE's residual mix: market-based scope 2 then takes the grid factor, so the
    grid trajectory alone moves the emissions (the hand computations below)."""
    base = load_factor_set()
    data = dataclasses.replace(
        base.data, residual_mix=tuple(r for r in base.data.residual_mix if r.country != "DE")
    )
    return FactorSet(base.spec, data)


def area(baseline_kg: float = 280_000):
    """A DE area that passes every gate; only its 400 000 kWh of uncovered grid power emit anything.

    Alpha: 600 000 kWh with cancelled wind GOs + 400 000 kWh without instrument, ISO 50001;
    Beta: 100 000 kWh with cancelled solar GOs. No fuels, no heat, no refrigerants.
    """
    return make_submission(
        area={
            "sealed_area_ha": 20,
            "near_natural_green_ha": 16,
            "rainwater_managed_share": 0.8,
            "plans": {
                "energy_concept": {"adopted": "2022-03-01"},
                "climate_target": {
                    "target_year": 2045,
                    "adopted": "2023-01-10",
                    "milestones": [{"year": 2030, "reduction_share": 0.5}],
                },
                "land_management_plan": {
                    "adopted": "2023-01-10",
                    "measures": [{"kind": "land_saving", "description": "densify plots"}],
                },
                "climate_risk_assessment": {"adopted": "2023-05-01"},
                "adaptation_plan": {"adopted": "2023-06-01"},
                "mobility_plan": {"adopted": "2023-06-01"},
            },
            "baseline": {"year": 2020, "scope12_market_kg_co2e": baseline_kg, "source": "test baseline"},
        },
        companies=[
            company(
                "alpha",
                management_systems=[{"scheme": "iso_50001", "date": "2023-01-01"}],
                electricity_purchases=[
                    {
                        "amount_kwh": 600_000,
                        "instrument": "guarantee_of_origin",
                        "technology": "wind",
                        "cancelled": True,
                        "production_year": 2024,
                        "certificate_country": "DE",
                    },
                    {"amount_kwh": 400_000, "instrument": "none"},
                ],
            ),
            company(
                "beta",
                nace="G46.1",
                electricity_purchases=[
                    {
                        "amount_kwh": 100_000,
                        "instrument": "guarantee_of_origin",
                        "technology": "solar_pv",
                        "cancelled": True,
                        "production_year": 2024,
                        "certificate_country": "DE",
                    }
                ],
            ),
        ],
    )


def test_trajectory_interpolates_between_its_points():
    de = load_trajectory("DE")
    assert de.value("grid_location", 2024).value == 342  # Ember DE 2024
    assert de.value("grid_location", 2030).value == 210  # GIA judgement after EEG 2023
    assert de.value("grid_location", 2027).value == pytest.approx(342 + (210 - 342) * 3 / 6)  # 276
    assert de.value("grid_location", 2055).value == 20  # the last point is held
    for country in ("PL", "DE", "DK", "SE", "FI", "LT", "LV", "EE"):
        trajectory = load_trajectory(country)
        assert trajectory.value("grid_location", 2050).value < trajectory.value("grid_location", 2024).value
        assert 0 < trajectory.value("carbon_free_share", 2050).value <= 1


def test_bronze_becomes_reachable_in_2027_as_the_grid_factor_falls_by_hand():
    roadmap = project(area(), [], factor_set=without_german_residual_mix())
    # Criteria that do not depend on the grid (read nowhere else: computed here by hand):
    #   EN-01 = 700 000 / 1 100 000 = 63.6 % → 2 + (0.636 − 0.50)/0.25 × 3 = 3.64 points
    #   EN-05 = 1 000 000 / 1 100 000 = 90.9 % → 10 points; all other EN criteria 0 → EN = 13.64 / 80
    #   CL-06 = 10 (risk assessment and adaptation plan); CL-05 not applicable (no refrigerants)
    #   LU-02, LU-03, LU-04 = 10 each → LU = 100 %; MO-01 = 4 (mobility plan) → MO = 4/40;
    #   GM-03 = 10 → GM = 10/40; CE = 0.
    # Only CL-03 and CL-04 move: emissions = 400 000 kWh × grid factor (DE has no residual mix).
    # Grid factor (grid_trajectory.csv, DE): 342 g/kWh in 2024, 210 in 2030, linear between.
    #
    # 2026: 342 − 132 × 2/6 = 298 g/kWh → 119 200 kg CO2e
    #   CL-03: 1 − 119 200/280 000 = 57.43 % → 8 + (0.5743 − 0.50)/0.25 × 2 = 8.59
    #   CL-04: 119 200 kg / 1 100 MWh = 108.4 kg/MWh → 3 + (200 − 108.4)/100 × 3 = 5.75
    #   total = (30 × 13.64/80 + 20 × (8.59 + 5.75 + 10)/30 + 10 × 1 + 10 × 0.1 + 10 × 0.25) / 100
    #         = (5.115 + 16.227 + 13.5) / 100 = 34.84 % < 35 % → no level
    # 2027: 342 − 132 × 3/6 = 276 g/kWh → 110 400 kg CO2e
    #   CL-03: 1 − 110 400/280 000 = 60.57 % → 8 + 0.1057/0.25 × 2 = 8.85
    #   CL-04: 110 400 / 1 100 = 100.4 kg/MWh → 3 + 99.64/100 × 3 = 5.99
    #   total = (5.115 + 20 × 24.84/30 + 13.5) / 100 = 35.18 % ≥ 35 % → Bronze (no theme minimum)
    hand = {}
    for year, grid in ((2026, 298.0), (2027, 276.0)):
        emissions = 400_000 * grid / 1000
        cl03 = round(8 + ((1 - emissions / 280_000) - 0.5) / 0.25 * 2, 2)
        cl04 = round(3 + (200 - emissions / 1100) / 100 * 3, 2)
        hand[year] = (30 * 13.64 / 80 + 20 * (cl03 + cl04 + 10) / 30 + 10 + 1 + 2.5) / 100
        row = roadmap.year(year)
        assert row.grid["grid_location"].value == pytest.approx(grid)
        assert row.assessment.key_figures["scope12_market_kg_co2e"].value == pytest.approx(emissions)
        assert row.assessment.criterion("CL-03").points == cl03
        assert row.assessment.criterion("CL-04").points == cl04
        assert row.assessment.total_fulfilment == pytest.approx(hand[year], abs=1e-9)
    assert hand[2026] == pytest.approx(0.34842, abs=1e-5) and hand[2027] == pytest.approx(0.35175, abs=1e-5)
    assert roadmap.year(2026).level is None
    assert roadmap.year(2027).level == "bronze"
    assert roadmap.level_years["bronze"] == 2027
    assert roadmap.level_years["silver"] is None  # EN stays at 17 %, below Silver's 35 % theme minimum


def test_climate_neutrality_year_against_the_target():
    roadmap = project(area(), [], factor_set=without_german_residual_mix())
    # threshold: 10 % of the 280 000 kg baseline = 28 000 kg → grid ≤ 70 g/kWh for 400 000 kWh:
    # DE trajectory 90 g (2035) → 45 g (2040): 90 − 9 × (y − 2035) ≤ 70 from 2038 (63 g/kWh)
    assert roadmap.neutrality.threshold.value == pytest.approx(28_000)
    assert roadmap.neutrality.year_reached == 2038
    assert roadmap.neutrality.target_year == 2045 and roadmap.neutrality.meets_target
    # with a PPA covering the 400 000 kWh from 2026, the emissions are 0 from 2026 on
    with_ppa = project(
        area(),
        [MeasureChoice("renewable_ppa", company="alpha", size=400, year=2026)],
        factor_set=without_german_residual_mix(),
    )
    assert with_ppa.neutrality.year_reached == 2026
    assert with_ppa.year(2025).assessment.criterion("EN-01").value == pytest.approx(700 / 1100)
    assert with_ppa.year(2026).assessment.criterion("EN-01").value == pytest.approx(1.0)


def test_roadmap_refuses_bad_years():
    with pytest.raises(GiaInputError, match="target year"):
        project(area(), [], target_year=2020)
    with pytest.raises(GiaInputError, match=r"measures\[0\]\.year"):
        project(area(), [MeasureChoice("renewable_ppa", year=2099)], target_year=2030)


def test_abatement_cost_of_a_ppa_by_hand():
    cost = abatement_cost(area(), MeasureChoice("renewable_ppa", company="alpha", size=400))
    # the PPA replaces electricity bought at DE's residual mix (AIB 2024: 724.56 g/kWh):
    # 400 MWh × 724.56 g/kWh = 289.824 t CO2e a year; cost 400 MWh × 5 EUR/MWh premium = 2 000 EUR a year
    assert cost.abatement.value == pytest.approx(289.824)
    assert cost.annual_cost.value == pytest.approx(2000.0)
    assert cost.cost_per_t is not None and cost.cost_per_t.value == pytest.approx(2000 / 289.824)


def test_the_residual_mix_falls_with_the_grid_trajectory():
    roadmap = project(area(), [])
    # DE: residual mix 724.56 g/kWh (AIB 2024) × grid trajectory 298 (2026) ÷ 342 (2024) = 631.34 g/kWh
    residual_2026 = 724.56 * 298 / 342
    row = roadmap.year(2026)
    assert row.grid["residual_mix"].value == pytest.approx(residual_2026)
    assert row.assessment.key_figures["scope12_market_kg_co2e"].value == pytest.approx(400 * residual_2026)


def test_mac_curve_and_proposal_for_the_polish_example():
    submission = load_submission(EXAMPLES / "pl-ssez-subzone.yaml")
    chosen, curve = propose(submission)
    assert chosen, "a coal-heavy grid leaves cheap abatement to propose"
    values = [c.cost_per_t.value for c in curve if c.cost_per_t is not None]
    assert values == sorted(values)
    picture = mac_svg(curve)
    assert picture.startswith("<svg") and picture.count("<rect") > len(curve)
    assert picture == mac_svg(
        abatement_costs(submission, [MeasureChoice(c.applied.measure.id) for c in curve])
    )
    roadmap = project(submission, chosen, target_year=2035)
    first, last = roadmap.years[0], roadmap.years[-1]
    assert (
        last.assessment.key_figures["scope12_market_kg_co2e"].value
        < first.assessment.key_figures["scope12_market_kg_co2e"].value
    )
    assert last.assessment.criterion("EN-01").value > first.assessment.criterion("EN-01").value
