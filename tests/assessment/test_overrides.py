"""An auditor's value is typed in the criterion's own unit and the reader's number format, and stored in
the indicator's unit; values that cannot stand for the criterion are refused with its name."""

from __future__ import annotations

import math

import pytest

from gia import i18n
from gia.assessment.overrides import (
    AuditorValueError,
    check_auditor_value,
    entry_for,
    entry_unit,
    format_entry,
    parse_auditor_value,
)
from gia.assessment.registry import registry
from gia.standard.loader import load_standard

EN01 = ("EN-01 Renewable electricity supply", "renewable_electricity_share", "share")
CL04 = ("CL-04 Carbon intensity of energy use", "carbon_intensity_kg_per_mwh", "kg CO2e/MWh")
CE05 = ("CE-05 Shared services", "shared_services_count", "count")
CL02 = ("CL-02 Climate-neutrality target and roadmap", "climate_target_valid", "yes/no")
MO03 = ("MO-03 Charging points", "charging_points_per_100_employees", "per 100 employees")
CL03 = ("CL-03 Emission reduction", "ghg_reduction_vs_baseline", "share")


def parse(text: str, criterion: tuple[str, str, str], language: str = "en") -> float:
    with i18n.override(language):
        return parse_auditor_value(text, *criterion)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("55", "en", 0.55),
        ("55 %", "en", 0.55),
        ("55%", "pl", 0.55),
        ("55,5 %", "pl", 0.555),
        ("55,5 %", "de", 0.555),
        ("55.5 %", "en", 0.555),
        ("55,5", "en", 0.555),  # a decimal comma on an English page is still a decimal comma
        ("100 %", "de", 1.0),
        ("0", "pl", 0.0),
        ("7 percent", "en", 0.07),
    ],
)
def test_a_share_is_typed_in_percent(text: str, language: str, expected: float) -> None:
    assert parse(text, EN01, language) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("350", "en", 350.0),
        ("350 kg CO2e/MWh", "en", 350.0),
        ("350 kg CO₂e/MWh", "pl", 350.0),
        ("350,5 kg CO2e/MWh", "pl", 350.5),
        ("0,35 t CO2e/MWh", "de", 350.0),
        ("350 g/kWh", "en", 350.0),
        ("1.234,5", "de", 1234.5),
        ("1 234,5", "pl", 1234.5),
        ("1,234.5", "en", 1234.5),
    ],
)
def test_a_carbon_intensity_is_typed_in_its_own_unit(text: str, language: str, expected: float) -> None:
    assert parse(text, CL04, language) == pytest.approx(expected)


def test_counts_yes_no_and_per_employee_values() -> None:
    assert parse("4", CE05) == 4.0
    assert parse("tak", CL02, "pl") == 1.0
    assert parse("nein", CL02, "de") == 0.0
    assert parse("yes", CL02, "de") == 1.0  # the form's own values work in every language
    assert parse("5,5", MO03, "pl") == 5.5
    assert parse("5 per 100 employees", MO03) == 5.0
    assert parse("-35 %", CL03) == pytest.approx(-0.35)  # emissions grew: a negative reduction makes sense


@pytest.mark.parametrize(
    ("text", "criterion", "says"),
    [
        ("350 kg CO2e/MWh", EN01, "not a unit of it"),  # the bug a user met, the other way round
        ("55 %", CL04, "not a unit of it"),
        ("150 %", EN01, "outside the range"),
        ("-5 %", EN01, "outside the range"),
        ("999999999999999999999", CL04, "outside the range"),
        ("3000", CL04, "outside the range"),
        ("nan", CL04, "not a number"),
        ("inf", EN01, "not a number"),
        ("1e308", CL04, "not a unit of it"),
        ("", EN01, "enter the auditor's value"),
        ("2,5", CE05, "whole number"),
        ("maybe", CL02, "choose yes or no"),
        ("1,2,3", CL04, "not a number"),
        ("x" * 80, CL04, "too long"),
    ],
)
def test_values_that_cannot_stand_are_refused_naming_the_criterion(
    text: str, criterion: tuple[str, str, str], says: str
) -> None:
    with pytest.raises(AuditorValueError, match=says) as refused:
        parse(text, criterion)
    assert refused.value.message.startswith(criterion[0].split(" ")[0])


def test_the_refusal_says_the_range_in_the_readers_unit_and_language() -> None:
    with pytest.raises(AuditorValueError) as refused:
        parse("150", EN01, "de")
    message = refused.value.message.replace("\xa0", " ")
    assert "EN-01" in message
    assert "150 %" in message and "0 %" in message and "100 %" in message
    assert (
        message
        != "EN-01 Renewable electricity supply: 150 % is outside the range that makes sense here, 0 % to 100 %."
    )  # translated


def test_a_criterion_scored_from_parts_has_no_value_to_set() -> None:
    assert entry_for(None, "points") is None
    with pytest.raises(AuditorValueError, match="several parts"):
        parse_auditor_value("5", "CL-06 Climate risk and adaptation", None, "points")


def test_values_from_elsewhere_are_checked_too() -> None:
    for bad in (math.nan, math.inf, -math.inf, 1e300):
        with pytest.raises(AuditorValueError):
            check_auditor_value(bad, "CL-04", "carbon_intensity_kg_per_mwh", "kg CO2e/MWh")
    assert check_auditor_value(0.6, "EN-01", "renewable_electricity_share", "share") == 0.6


def test_every_indicator_of_the_standard_has_an_entry_or_is_scored_from_parts() -> None:
    catalogue = load_standard().catalogue
    indicators = registry()
    for criterion in catalogue.criteria:
        entry = entry_for(criterion.indicator, criterion.unit)
        if criterion.indicator is None:
            assert entry is None, criterion.id
            continue
        assert entry is not None, criterion.id
        assert entry.unit == indicators[criterion.indicator].unit, criterion.id
        # the criterion's gate and scale sit inside the sensible range
        anchors = [a.value for a in criterion.scale.anchors] if criterion.scale else []
        thresholds = [g.value for g in criterion.gate or ()]
        for value in anchors + thresholds:
            assert entry.low <= value <= entry.high, (criterion.id, value)


def test_a_stored_value_reads_back_as_typed() -> None:
    with i18n.override("pl"):
        assert format_entry(0.555, "share") == "55,5"
        assert format_entry(1234.5, "kg CO2e/MWh") == "1\xa0234,5"
        assert parse_auditor_value(format_entry(0.555, "share"), *EN01) == pytest.approx(0.555)
        assert entry_unit("per 100 employees") != "per 100 employees"
    assert format_entry(None, "share") == ""
    assert entry_unit("share") == "%"
