"""Figures in words: every figure the engine makes has a label, values are shown in units that suit
them in the reader's format, factors and gate conditions read as words."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from gia import i18n
from gia.accounting import Figure
from gia.assessment import assess
from gia.assessment.figures import (
    FIGURE_LABELS,
    INTERNAL_NAME,
    condition_words,
    factor_label,
    figure_label,
    readable_value,
    unit_words,
)
from gia.assessment.registry import registry
from gia.dataset import load_submission
from gia.io.hourly import load_hourly
from gia.standard import load_standard
from tests.conftest import EXAMPLES, ROOT

#: the functions that make a figure, with the position of its name
MAKERS = {"given", "total", "ratio", "Figure", "_share", "_yes_no", "_final_energy_of"}


def _walk(figure: Figure) -> Iterator[Figure]:
    yield figure
    for part in figure.inputs:
        yield from _walk(part)


def names_made_by_the_examples() -> dict[str, str]:
    """Every figure name in the chains of the example areas (with their hourly series), and where."""
    found: dict[str, str] = {}
    for path in sorted(EXAMPLES.glob("*.yaml")):
        if "flows" in path.name:  # the symbiosis offers and needs of an area, not a submission
            continue
        submission = load_submission(path)
        timezone = load_standard().profile(submission.area.country).timezone
        result = assess(submission, hourly=load_hourly(submission, EXAMPLES, timezone))
        tops = [c.figure for c in result.criteria if c.figure is not None]
        tops += [f for c in result.criteria for f in c.gate_figures]
        tops += list(result.key_figures.values())
        if result.hourly_cfe is not None:
            tops += [result.hourly_cfe["area"], *result.hourly_cfe["companies"].values()]
        for top in tops:
            for figure in _walk(top):
                found.setdefault(figure.name, path.name)
    return found


def names_written_in_the_source() -> dict[str, str]:
    """Every figure name written as a literal where the accounting and the indicators make figures."""
    found: dict[str, str] = {}
    for package in ("accounting", "assessment"):
        for path in sorted((ROOT / "src" / "gia" / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                function = node.func
                called = (
                    function.id
                    if isinstance(function, ast.Name)
                    else function.attr
                    if isinstance(function, ast.Attribute)
                    else ""
                )
                if called not in MAKERS or not node.args:
                    continue
                index = 2 if called == "_final_energy_of" else 0
                if len(node.args) <= index:
                    continue
                name = node.args[index]
                if isinstance(name, ast.Constant) and isinstance(name.value, str):
                    found.setdefault(name.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_figure_the_engine_makes_has_a_label() -> None:
    made = names_made_by_the_examples()
    written = names_written_in_the_source()
    indicators = dict.fromkeys(registry(), "indicator registry")
    everything = {**indicators, **written, **made}
    assert len(made) > 100  # the examples exercise the engine widely
    missing = {name: where for name, where in everything.items() if name not in FIGURE_LABELS}
    assert missing == {}


def test_labels_are_words_in_each_language() -> None:
    for language in ("en", "pl", "de"):
        with i18n.override(language):
            for name in FIGURE_LABELS:
                words = figure_label(name)
                assert not INTERNAL_NAME.search(words), (language, name, words)
    with i18n.override("pl"):
        assert figure_label("electricity_purchase_kwh") != "Electricity bought"
    with i18n.override("de"):
        assert figure_label("scope2_market_kg_co2e") != "Scope 2 emissions (market-based)"


def test_an_unlabelled_figure_never_shows_its_name() -> None:
    assert "mystery" not in figure_label("mystery_kwh")


@pytest.mark.parametrize(
    ("language", "amount", "unit", "shown"),
    [
        ("en", 95_320_000, "kWh", "95.3 GWh"),
        ("pl", 95_320_000, "kWh", "95,3 GWh"),
        ("de", 505_000, "kWh", "505 MWh"),
        ("en", 850, "kWh", "850 kWh"),
        ("en", 67_253_000.4, "kg CO2e", "67,253 t CO2e"),
        ("de", 0.1333, "share", "13,3 %"),
        ("pl", 1, "yes/no", "tak"),
        ("en", 12.5, "kg CO2e/employee", "12.5 kg CO2e per employee"),
        ("en", 1234, "m3", "1,234 m³"),
        ("en", 3, "count", "3"),
    ],
)
def test_values_are_shown_in_a_unit_that_suits_them(
    language: str, amount: float, unit: str, shown: str
) -> None:
    with i18n.override(language):
        assert readable_value(amount, unit).replace("\u00a0", " ").replace("\u202f", " ") == shown


def test_units_and_factors_read_as_words() -> None:
    assert unit_words("kWh/floor_area") == "kWh per m² of floor area"
    assert factor_label("ipcc2006/natural_gas/co2/all") == "CO2 emission factor of natural gas"
    assert factor_label("grid/ember/PL/2024") == "emission factor of the grid electricity, PL 2024"
    assert "coal-fired" in factor_label("district-heat/DE/heat_only_coal/2024")
    for factor in ("ipcc2006/wood/ch4/energy", "fuel-properties/natural_gas/net_to_gross", "gwp/AR6/R-410A"):
        assert not INTERNAL_NAME.search(factor_label(factor)), factor


def test_gate_conditions_read_as_words() -> None:
    share = {"indicator": "renewable_electricity_share", "operator": ">=", "threshold": 0.5}
    assert condition_words(share) == "Renewable share of electricity ≥ 50.0%"
    adopted = {"indicator": "climate_target_valid", "operator": ">=", "threshold": 1}
    assert condition_words(adopted) == "Climate-neutrality target valid: yes"


def test_every_module_that_makes_figures_is_scanned() -> None:
    scanned = names_written_in_the_source()
    assert "electricity_purchase_kwh" in scanned and "scope1_kg_co2e" in scanned
    assert Path(scanned["scope1_kg_co2e"]).parts[:3] == ("src", "gia", "accounting")
