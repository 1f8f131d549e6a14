"""The compendium and the library in words: every unit, parameter, category, requirement and note the
data files use has words for people, in the reader's language and number format."""

from __future__ import annotations

import pytest

from gia import i18n
from gia.toolbox import labels
from gia.toolbox.cases import load_cases
from gia.toolbox.measures import (
    APPLICABILITY,
    capital_recovery_factor,
    cost_per_mwh,
    load_compendium,
    load_economics,
    yearly_energy_kwh,
)


def _units_of_the_compendium() -> set[str]:
    units: set[str] = set()
    for measure in load_compendium().measures.values():
        units |= {measure.capex.unit, measure.opex.unit, measure.lifetime.unit}
        units |= {v.unit for name, v in measure.parameters.items() if name not in labels.TEXT_PARAMETERS}
        units |= {v.unit for table in measure.per_country.values() for v in table.values()}
    return units


def test_every_unit_parameter_and_category_of_the_data_has_words():
    units = _units_of_the_compendium() | {c.result.unit for c in load_cases()}
    missing = sorted(u for u in units if u not in labels.UNIT_PATTERNS and u not in ("year", "share"))
    assert missing == []
    compendium = load_compendium()
    for measure in compendium.measures.values():
        assert measure.unit in labels.SIZE_UNITS, measure.id
        assert measure.category in labels.CATEGORIES, measure.id
        for name, value in measure.parameters.items():
            assert name in labels.PARAMETERS, (measure.id, name)
            if name in labels.TEXT_PARAMETERS:
                assert value.unit in labels.TEXT_VALUES, (measure.id, value.unit)
        for name in measure.per_country:
            assert name in labels.PARAMETERS, (measure.id, name)
    assert set(APPLICABILITY) <= set(labels.REQUIREMENTS)
    assert {s.verified for s in compendium.sources.values()} <= set(labels.VERIFICATION)


def test_figures_read_as_words_in_the_readers_language():
    with i18n.override("en"):
        assert labels.value(30, "year") == "30 years"
        assert labels.value(1, "year") == "1 year"
        assert labels.value(0.7, "share") == "70%"
        assert labels.value(750, "EUR/kWp") == "750 EUR per kWp"
        assert labels.value(13, "EUR/kWp/year") == "13 EUR per kWp a year"
        assert (
            labels.value(0.2, "share of the company's electricity") == "20% of the company's electricity use"
        )
        assert labels.value(3.5, "kWh heat/kWh electricity") == "3.5 kWh of heat per kWh of electricity"
        assert labels.value(1900, "kWh/kW/year") == "1,900 kWh per kW a year"
        assert labels.parameter("self_consumption_share") == "self-consumption share"
        assert labels.text_value("solar_pv") == "solar PV"
    with i18n.override("pl"):
        assert labels.value(30, "year") == "30 lat"
        assert labels.value(2, "year") == "2 lata"
        assert labels.value(3.5, "kWh heat/kWh electricity") == "3,5 kWh ciepła na kWh energii elektrycznej"
        assert labels.value(1900, "kWh/kW/year") == "1\xa0900 kWh na kW rocznie"
    with i18n.override("de"):
        assert labels.value(0.7, "share") == "70\xa0%"
        assert labels.value(25, "year") == "25 Jahre"


def test_cost_per_mwh_annualises_the_investment_over_the_lifetime():
    compendium = load_compendium()
    pv = compendium.measures["pv_rooftop"]
    rate = load_economics().get("discount_rate").value
    yearly = pv.capex.value * capital_recovery_factor(rate, pv.lifetime.value) + pv.opex.value
    yields = [v.value for v in pv.per_country["yield_kwh_per_unit"].values()]
    low, high = cost_per_mwh(pv)  # type: ignore[misc]
    assert low == pytest.approx(yearly / (max(yields) / 1000))
    assert high == pytest.approx(yearly / (min(yields) / 1000))
    poland = cost_per_mwh(pv, "PL")
    assert poland is not None and poland[0] == poland[1] == pytest.approx(yearly / 0.98)
    # a CHP counts its electricity and its useful heat
    chp = compendium.measures["biogas_chp"]
    hours = chp.parameters["full_load_hours"].value
    ratio = chp.parameters["thermal_efficiency"].value / chp.parameters["electrical_efficiency"].value
    assert yearly_energy_kwh(chp) == (pytest.approx(hours * (1 + ratio)),) * 2
    # storage, charging points, water and land have no energy effect to divide by
    for measure_id in ("battery_storage", "charging_points", "water_reuse", "green_roofs"):
        assert cost_per_mwh(compendium.measures[measure_id]) is None
    assert cost_per_mwh(pv, "NO") is None  # no yield for a country outside the compendium
