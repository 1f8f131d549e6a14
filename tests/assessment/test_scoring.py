"""Points, gates, levels and not-applicable criteria against hand-worked values."""

from __future__ import annotations

import pytest

from gia.assessment import assess
from gia.assessment.engine import decide_level
from gia.assessment.result import ThemeResult
from gia.assessment.scoring import linear_points
from gia.errors import GiaInputError
from gia.standard import load_standard
from tests.conftest import company, make_submission

CATALOGUE = load_standard().catalogue


def scale(criterion_id):
    return CATALOGUE.criterion(criterion_id).scale


@pytest.mark.parametrize(
    ("value", "points"),
    [
        (0.49, 0.0),  # short of the first threshold
        (0.50, 2.0),  # at a threshold
        (0.60, 3.2),  # 2 + (0.60 − 0.50) / 0.25 × 3
        (0.75, 5.0),
        (0.825, 6.5),  # halfway between 5 and 8
        (0.95, 9.0),  # 8 + (0.95 − 0.90) / 0.10 × 2
        (1.0, 10.0),
    ],
)
def test_en01_points_at_and_between_thresholds(value, points):
    assert linear_points(value, scale("EN-01")) == pytest.approx(points)


@pytest.mark.parametrize(
    ("value", "points"),
    [(250, 0.0), (200, 3.0), (150, 4.5), (100, 6.0), (75, 7.0), (50, 8.0), (20, 10.0), (5, 10.0)],
)
def test_lower_is_better_scale_cl04(value, points):
    # ≤ 200 → 3, ≤ 100 → 6, ≤ 50 → 8, ≤ 20 → 10; 150 is halfway between 200 and 100 → 4.5
    assert linear_points(value, scale("CL-04")) == pytest.approx(points)


def test_points_are_capped_at_the_last_threshold():
    # CE-05 counts shared services: 5 → 10; 9 services still give 10
    assert linear_points(9, scale("CE-05")) == 10.0


def renewable_share_submission(renewable_kwh: float, grid_kwh: float):
    purchases = [{"amount_kwh": grid_kwh, "instrument": "none"}]
    if renewable_kwh:
        purchases.append(
            {
                "amount_kwh": renewable_kwh,
                "instrument": "guarantee_of_origin",
                "technology": "hydro",
                "cancelled": True,
                "production_year": 2024,
                "certificate_country": "NO",
            }
        )
    return make_submission(companies=[company(electricity_purchases=purchases), company("beta")])


def test_gate_at_exactly_its_pass_mark_passes_and_just_under_fails():
    at_mark = assess(renewable_share_submission(500_000, 500_000)).criterion("EN-01")
    assert at_mark.value == 0.5
    assert at_mark.gate_passed is True
    assert at_mark.points == 2.0
    under = assess(renewable_share_submission(499_999, 500_001)).criterion("EN-01")
    assert under.gate_passed is False
    assert under.points == 0.0


def test_failed_gate_means_no_level_and_is_named():
    result = assess(renewable_share_submission(0, 1_000_000))
    assert result.level.level is None
    assert "EN-01" in result.failed_gates
    assert any("EN-01" in reason for reason in result.level.blocked_by)


def themes(**fulfilment):
    return [ThemeResult(t.id, t.id, t.weight, fulfilment.get(t.id, 0.9), 0, 0) for t in CATALOGUE.themes]


def test_level_blocked_by_one_theme_under_its_minimum():
    # total 70 % reaches Gold's 65 %, but LU at 45 % is under Gold's theme minimum of 50 %: Silver
    result = decide_level(CATALOGUE, themes(LU=0.45), 0.70, failed_gates=[], eligible=True)
    assert result.by_fulfilment == "gold"
    assert result.level == "silver"
    assert len(result.blocked_by) == 1
    assert "LU" in result.blocked_by[0]
    # at exactly 50 % the theme minimum is met
    assert decide_level(CATALOGUE, themes(LU=0.50), 0.70, [], True).level == "gold"


def test_level_thresholds_of_the_first_edition():
    cases = {0.34: None, 0.35: "bronze", 0.50: "silver", 0.65: "gold", 0.80: "platinum"}
    for total, level in cases.items():
        assert decide_level(CATALOGUE, themes(), total, [], True).level == level


def waste_heat_company():
    return company(waste_heat={"recoverable_kwh": "1 GWh", "used_kwh": "0.5 GWh"})


def test_not_applicable_criterion_leaves_numerator_and_denominator():
    # EN-07: 50 % of the waste heat used → 6 points. Declared not applicable, the EN theme's
    # fulfilment is computed over the other seven criteria.
    green = [
        {
            "amount_kwh": 1000,
            "instrument": "guarantee_of_origin",
            "technology": "hydro",
            "cancelled": True,
            "production_year": 2024,
            "certificate_country": "NO",
        }
    ]
    submission = make_submission(
        companies=[waste_heat_company(), company("beta", electricity_purchases=green)]
    )
    scored = assess(submission)
    assert scored.criterion("EN-01").points == 10.0  # all electricity covered by valid GOs
    en07 = scored.criterion("EN-07")
    assert (en07.value, en07.points) == (0.5, 6.0)
    declared = assess(
        submission.model_copy(update={"not_applicable": {"EN-07": "no process heat above 40 °C in the area"}})
    )
    en07_na = declared.criterion("EN-07")
    assert en07_na.applicable is False
    assert en07_na.points is None
    # apart from EN-01 (10) and EN-07 (6), the EN criteria earn 0 points here
    others = [c for c in scored.criteria if c.theme == "EN" and c.id not in ("EN-01", "EN-07")]
    assert [c.points for c in others] == [0.0] * 6
    assert scored.theme("EN").fulfilment == pytest.approx(16 / 80)  # (10 + 6) of 8 × 10 points
    assert declared.theme("EN").fulfilment == pytest.approx(10 / 70)  # EN-07 leaves both sides


def test_not_applicable_found_by_the_indicator():
    # CL-05 without any refrigerant is not applicable (the standard says so)
    result = assess(make_submission())
    cl05 = result.criterion("CL-05")
    assert cl05.applicable is False
    assert cl05.not_applicable_source == "indicator"


def test_gates_and_unknown_criteria_cannot_be_declared_not_applicable():
    with pytest.raises(GiaInputError) as caught:
        assess(make_submission(not_applicable={"EN-01": "we have no electricity", "XX-99": "?"}))
    places = [p for p, _m in caught.value.problems]
    assert places == ["not_applicable.EN-01", "not_applicable.XX-99"]


def test_major_unresolved_violation_sets_gm05_to_zero():
    ems = [{"scheme": "iso_14001", "date": "2023-05-01"}]
    companies = [
        company(management_systems=ems, electricity_purchases=[{"amount_kwh": 1000, "instrument": "none"}])
    ]
    assert assess(make_submission(companies=companies)).criterion("GM-05").points == 10.0
    violation = {
        "date": "2024-03-01",
        "company": "alpha",
        "severity": "major",
        "resolved": False,
        "description": "oil spill",
    }
    result = assess(
        make_submission(companies=companies, area={"environmental_violations": [violation]})
    ).criterion("GM-05")
    assert result.points == 0.0
    assert result.zeroed_by
    resolved = {**violation, "resolved": True}
    assert (
        assess(make_submission(companies=companies, area={"environmental_violations": [resolved]}))
        .criterion("GM-05")
        .points
        == 10.0
    )


def test_additive_criterion_adds_its_components():
    submission = make_submission(area={"plans": {"climate_risk_assessment": {"adopted": "2024-02-01"}}})
    cl06 = assess(submission).criterion("CL-06")
    assert cl06.points == 5.0
    assert [c.earned for c in cl06.components] == [True, False]


def test_hourly_criterion_without_hourly_data_scores_zero_not_na():
    en04 = assess(make_submission()).criterion("EN-04")
    assert en04.applicable is True
    assert en04.points == 0.0
    assert "hourly" in en04.note


def test_country_override_changes_the_scale():
    se = load_standard().catalogue_for("SE").criterion("EN-04").scale
    de = load_standard().catalogue_for("DE").criterion("EN-04").scale
    assert se.anchors[0].value == 0.9
    assert de.anchors[0].value == 0.5


@pytest.mark.parametrize(
    ("system", "covered"),
    [
        ({"scheme": "iso_50001", "date": "2022-01-10"}, True),  # valid three years: until 2025-01-10
        ({"scheme": "iso_50001", "date": "2021-06-01"}, False),  # expired 2024-06-01
        ({"scheme": "iso_50001", "date": "2021-06-01", "valid_until": "2025-05-31"}, True),
        ({"scheme": "en_16247_audit", "date": "2020-12-31"}, True),  # exactly four years old
        ({"scheme": "en_16247_audit", "date": "2020-12-30"}, False),
        ({"scheme": "emas", "date": "2024-02-29"}, True),  # leap day: valid until 2027-02-28
        ({"scheme": "iso_50001", "date": "2025-01-15"}, False),  # after the reporting year
        ({"scheme": "iso_14001", "date": "2024-01-15"}, False),  # not an energy management system
    ],
)
def test_energy_management_coverage_counts_valid_systems_at_year_end(system, covered):
    purchase = [{"amount_kwh": 1000, "instrument": "none"}]
    submission = make_submission(
        companies=[
            company(management_systems=[system], electricity_purchases=purchase),
            company("beta", electricity_purchases=purchase),
        ]
    )
    assert assess(submission).criterion("EN-05").value == (0.5 if covered else 0.0)


def reporting_area(silent_energy_kwh: float | None):
    """Three gas users of 1 TJ each, a baseline of 200 t; the third one stays silent if given an estimate."""
    gas = [{"fuel": "natural_gas", "amount": "1 TJ", "use": "process_heat"}]
    third = (
        company("gamma", fuels=gas)
        if silent_energy_kwh is None
        else company("gamma", reported=False, estimated_final_energy_kwh=silent_energy_kwh)
    )
    baseline = {"year": 2019, "scope12_market_kg_co2e": 200_000, "source": "inventory 2019"}
    return make_submission(
        area={"baseline": baseline}, companies=[company(fuels=gas), company("beta", fuels=gas), third]
    )


def test_companies_that_did_not_report_count_at_the_others_intensity():
    # each gas user: 56 157.1 kg CO2e (AR6) for 277 777.8 kWh. All report: 168 465.6 kg → 1 − 168 465.6/200 000 = 15.77 %
    everyone = assess(reporting_area(None)).criterion("CL-03")
    assert everyone.value == pytest.approx(1 - 3 * 56_157.1 / 200_000)
    # the third is silent with the same estimated energy: it is counted at the same intensity, not as zero
    silent = assess(reporting_area(1e6 / 3.6)).criterion("CL-03")
    assert silent.value == pytest.approx(everyone.value)
    assert "emissions_estimated" in {f.code for f in silent.figure.all_flags()}


def test_no_energy_reported_gives_no_reduction_points():
    baseline = {"year": 2019, "scope12_market_kg_co2e": 200_000, "source": "inventory 2019"}
    history = [{"year": 2022, "final_energy_kwh": "1 GWh", "employees": 150}]
    result = assess(make_submission(area={"baseline": baseline, "history": history}))
    assert result.criterion("CL-03").points == 0.0
    assert result.criterion("CL-03").note
    assert result.criterion("EN-06").points == 0.0


def test_reduction_is_per_activity_where_the_area_grew():
    # baseline 200 t with 100 employees; now 150 employees and 168 465.6 kg:
    # per employee 1 123.1 kg against 2 000 kg → 43.85 % reduction
    baseline = {"year": 2019, "scope12_market_kg_co2e": 200_000, "employees": 100, "source": "inventory 2019"}
    gas = [{"fuel": "natural_gas", "amount": "3 TJ", "use": "process_heat"}]
    result = assess(
        make_submission(area={"baseline": baseline}, companies=[company(fuels=gas, employees=150)])
    )
    assert result.criterion("CL-03").value == pytest.approx(1 - (3 * 56_157.1 / 150) / 2_000)


def test_power_from_a_neighbour_links_both_companies_for_symbiosis():
    pv = {
        "technology": "solar_pv",
        "generated_kwh": "10 MWh",
        "self_consumed_kwh": 0,
        "exported_kwh": "10 MWh",
    }
    buyer = company(
        "beta",
        electricity_purchases=[
            {
                "amount_kwh": "10 MWh",
                "instrument": "none",
                "technology": "solar_pv",
                "supplier_company": "alpha",
            }
        ],
    )
    assert (
        assess(make_submission(companies=[company(generation=[pv]), buyer])).criterion("CE-01").value == 1.0
    )


def test_net_zero_distinction_needs_a_level():
    result = assess(make_submission())
    assert result.level.level is None
    assert all(not d.passed for d in result.distinctions)


def test_a_gate_compares_the_value_as_computed_not_rounded(monkeypatch):
    """0.49999999996 is under "≥ 50 %" (rounded to nine digits first it passed); only a float's last
    bits are forgiven, so that a sum like 0.1 + 0.2 still meets 0.3."""
    from gia.assessment import engine
    from gia.assessment.registry import IndicatorValue
    from gia.standard.schema import Operator

    assert not Operator.AT_LEAST.holds(0.49999999996, 0.5)
    assert Operator.AT_LEAST.holds(0.1 + 0.2, 0.3) and Operator.AT_MOST.holds(0.1 + 0.2, 0.3)
    assert not Operator.AT_MOST.holds(0.50000000004, 0.5)

    computed = engine.compute

    def just_under(name, context):
        found = computed(name, context)
        if name == "renewable_electricity_share":
            return IndicatorValue(
                name, 0.49999999996, found.unit, found.figure, found.note, found.not_applicable
            )
        return found

    monkeypatch.setattr(engine, "compute", just_under)
    result = assess(make_submission(companies=[company()]))
    en01 = result.criterion("EN-01")
    assert en01.value == pytest.approx(0.5) and en01.gate_passed is False
