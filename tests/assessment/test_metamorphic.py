"""Metamorphic properties: changes to a submission that must not change (or must change in a known
way) what GIA computes, checked on generated submissions (hypothesis) and on the examples."""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gia.assessment import assess
from gia.dataset import submission_from_data
from tests.conftest import BASE, company

SHARES = ("renewable_electricity_share",)
EMISSIONS = ("scope1_kg_co2e", "scope2_location_kg_co2e", "scope2_market_kg_co2e", "scope12_market_kg_co2e")


def _document(companies: list[dict]) -> dict:
    data = copy.deepcopy(BASE)
    data["companies"] = companies
    return data


def _figures(data: dict) -> dict[str, float | None]:
    result = assess(submission_from_data(data))
    figures = {name: figure.get("value") for name, figure in result.to_dict()["key_figures"].items()}
    figures.update({f"{c.id} value": c.value for c in result.criteria})
    figures.update({f"{c.id} points": c.points for c in result.criteria})
    return figures


def _close(a: dict[str, float | None], b: dict[str, float | None], scale: float = 1.0) -> None:
    assert a.keys() == b.keys()
    for name in a:
        if a[name] is None or b[name] is None:
            assert a[name] is None and b[name] is None, name
        else:
            assert b[name] == pytest.approx(a[name] * scale, rel=1e-6, abs=1e-6), (
                name
            )  # the result rounds what it writes


amounts = st.floats(min_value=1_000, max_value=50_000_000, allow_nan=False, allow_infinity=False)
purchase = st.fixed_dictionaries(
    {
        "amount_kwh": amounts,
        "instrument": st.sampled_from(["none", "guarantee_of_origin"]),
    }
)
fuel = st.fixed_dictionaries(
    {"fuel": st.sampled_from(["natural_gas", "gas_diesel_oil", "wood"]), "amount_kwh": amounts}
)
companies = st.lists(
    st.tuples(st.lists(purchase, min_size=1, max_size=3), st.lists(fuel, max_size=2)), min_size=2, max_size=4
).map(
    lambda rows: [
        company(
            f"c{index}",
            electricity_purchases=[
                {
                    "amount_kwh": f"{p['amount_kwh']} kWh",
                    "instrument": p["instrument"],
                    **(
                        {
                            "technology": "wind",
                            "cancelled": True,
                            "production_year": 2024,
                            "certificate_country": "DE",
                        }
                        if p["instrument"] == "guarantee_of_origin"
                        else {}
                    ),
                }
                for p in purchases
            ],
            fuels=[
                {"fuel": f["fuel"], "amount": f"{f['amount_kwh']} kWh", "use": "space_heat"} for f in fuels
            ],
        )
        for index, (purchases, fuels) in enumerate(rows)
    ]
)
FAST = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(companies, st.randoms(use_true_random=False))
def test_reordering_companies_and_their_lines_changes_no_figure(rows, random):
    before = _figures(_document(rows))
    shuffled = copy.deepcopy(rows)
    random.shuffle(shuffled)
    for entry in shuffled:
        random.shuffle(entry["electricity_purchases"])
        random.shuffle(entry["fuels"])
    _close(before, _figures(_document(shuffled)))


@FAST
@given(companies)
def test_doubling_every_energy_quantity_doubles_emissions_and_keeps_every_share(rows):
    before = assess(submission_from_data(_document(rows))).to_dict()["key_figures"]
    doubled = copy.deepcopy(rows)
    for entry in doubled:
        for line in entry["electricity_purchases"]:
            line["amount_kwh"] = f"{2 * float(line['amount_kwh'].split()[0])} kWh"
        for line in entry["fuels"]:
            line["amount"] = f"{2 * float(line['amount'].split()[0])} kWh"
    after = assess(submission_from_data(_document(doubled))).to_dict()["key_figures"]
    for name in EMISSIONS:
        if name in before:
            assert after[name]["value"] == pytest.approx(2 * before[name]["value"], rel=1e-6), name
    for name in SHARES:
        if name in before and before[name]["value"] is not None:
            assert after[name]["value"] == pytest.approx(before[name]["value"], rel=1e-6), name


@FAST
@given(companies, st.floats(min_value=0.05, max_value=0.95))
def test_splitting_a_purchase_line_in_two_changes_nothing(rows, part):
    plain = [
        (i, j)
        for i, entry in enumerate(rows)
        for j, line in enumerate(entry["electricity_purchases"])
        if line["instrument"] == "none"
    ]
    if not plain:
        return
    before = _figures(_document(rows))
    i, j = plain[0]
    split = copy.deepcopy(rows)
    line = split[i]["electricity_purchases"][j]
    amount = float(line["amount_kwh"].split()[0])
    split[i]["electricity_purchases"][j : j + 1] = [
        {**line, "amount_kwh": f"{amount * part} kWh"},
        {**line, "amount_kwh": f"{amount * (1 - part)} kWh"},
    ]
    _close(before, _figures(_document(split)))
