"""Matching offers and needs: compatibility, heat temperatures, distance, quantity, savings."""

from __future__ import annotations

import pytest

from gia.accounting.provenance import FactorRef
from gia.symbiosis.flows import Flow
from gia.symbiosis.matching import Substitution, Table, match_flows

AVOIDED_GYPSUM = FactorRef("symbiosis-avoided/gypsum", 50.0, "kg CO2e/t", "test factor", 2024, "CC0")
AVOIDED_HEAT = FactorRef("symbiosis-avoided/process_heat", 0.224, "kg CO2e/kWh", "test factor", 2024, "CC0")
FREIGHT = FactorRef("transport/road_freight", 0.1, "kg CO2e/tkm", "test factor", 2024, "CC0")
ROAD = FactorRef("transport/road_factor", 1.3, "ratio", "test factor", 2024, "CC0")
TABLE = Table(
    (
        Substitution(
            "fgd_gypsum", "gypsum", 0.9, "material", 200, "FGD gypsum replaces natural gypsum", "test"
        ),
        Substitution("waste_heat", "process_heat", 1.0, "heat", 10, "heat at a usable temperature", "test"),
        Substitution("waste_heat", "space_heat", 1.0, "heat", 10, "heat at a usable temperature", "test"),
    ),
    {"gypsum": AVOIDED_GYPSUM, "process_heat": AVOIDED_HEAT, "space_heat": AVOIDED_HEAT},
    FREIGHT,
    ROAD,
)


def flow(flow_id, category, quantity=1000.0, unit="t", lon=11.10, lat=55.67, **fields):
    return Flow.model_validate(
        {
            "id": flow_id,
            "company": flow_id,
            "area": fields.pop("area", "dk"),
            "category": category,
            "quantity_per_year": quantity,
            "unit": unit,
            "location": {"longitude": lon, "latitude": lat},
            **fields,
        }
    )


def test_warm_heat_never_matches_a_hotter_need():
    offer = flow("heat-40", "waste_heat", 5e6, "kWh", temperature_c=40)
    hot = flow("process-90", "process_heat", 5e6, "kWh", temperature_c=90)
    warm = flow("greenhouse-30", "space_heat", 5e6, "kWh", temperature_c=30)
    matches = match_flows([offer], [hot, warm], TABLE)
    assert [m.need.id for m in matches] == ["greenhouse-30"]
    assert match_flows([offer], [hot], TABLE) == []


def test_a_residue_matches_a_compatible_need_and_not_another():
    gypsum = flow("fgd", "fgd_gypsum", ewc="10 01 05")
    matches = match_flows(
        [gypsum], [flow("plaster", "gypsum"), flow("kiln", "process_heat", unit="kWh")], TABLE
    )
    assert [m.need.id for m in matches] == ["plaster"]
    assert any("FGD gypsum replaces natural gypsum" in reason for reason in matches[0].reasons)


def test_distance_and_quantity_move_the_score():
    offer = flow("fgd", "fgd_gypsum", 1000)
    near, far = flow("near", "gypsum", 1000, lat=55.70), flow("far", "gypsum", 1000, lat=56.50)
    small = flow("small", "gypsum", 100, lat=55.70)
    scores = {m.need.id: m.score for m in match_flows([offer], [near, far, small], TABLE, top=5)}
    assert scores["near"] > scores["far"] > 0
    assert scores["near"] > scores["small"] > 0
    assert scores["small"] == pytest.approx(scores["near"] * 0.1)  # 100 of 1 000 t: a tenth


def test_timing_counts_the_shared_months():
    offer = flow("fgd", "fgd_gypsum", months=[1, 2, 3, 4, 5, 6])
    whole_year = match_flows([offer], [flow("plaster", "gypsum")], TABLE)[0]
    assert whole_year.timing == pytest.approx(0.5)
    assert match_flows([offer], [flow("summer", "gypsum", months=[7, 8])], TABLE) == []


def test_savings_of_one_match_by_hand():
    offer = flow("fgd", "fgd_gypsum", 1000, lon=11.10, lat=55.67)
    need = flow("plaster", "gypsum", 800, lon=11.10, lat=55.76)
    found = match_flows([offer], [need], TABLE)[0]
    # 0.09° of latitude = 10.0 km great circle (6 371 km × 0.09 × π/180); × 1.3 road factor = 13.0 km
    road_km = 6371.0088 * 0.09 * 3.141592653589793 / 180 * 1.3
    assert found.road_km == pytest.approx(road_km)
    # 800 t exchanged × 50 kg avoided − 800 t × 13.0 km × 0.1 kg/tkm
    assert found.exchanged == pytest.approx(800)
    assert found.savings.value == pytest.approx(800 * 50 - 800 * road_km * 0.1)
    assert found.score == pytest.approx(0.9 * (800 / 1000) * (1 - road_km / 200))


def test_flows_meet_within_their_area_unless_both_opt_in():
    offer = flow("fgd", "fgd_gypsum", area="dk", share_across_areas=True)
    other = flow("plaster", "gypsum", area="se")
    assert match_flows([offer], [other], TABLE, across_areas=True) == []
    shared = flow("plaster", "gypsum", area="se", share_across_areas=True)
    assert len(match_flows([offer], [shared], TABLE, across_areas=True)) == 1
    assert match_flows([offer], [shared], TABLE) == []


def test_great_circle_distance_of_a_known_pair():
    # Copenhagen (12.5683 E, 55.6761 N) to Kalundborg (11.0880 E, 55.6795 N): about 93 km great circle
    offer = flow("fgd", "fgd_gypsum", lon=12.5683, lat=55.6761)
    need = flow("plaster", "gypsum", lon=11.0880, lat=55.6795)
    assert match_flows([offer], [need], TABLE)[0].road_km == pytest.approx(93.0 * 1.3, abs=1.5)


def test_savings_with_the_shipped_factor_data():
    import csv

    from gia.symbiosis.matching import DATA_DIR, load_table

    with (DATA_DIR / "avoided.csv").open(encoding="utf-8") as handle:
        gypsum = next(float(r["value"]) for r in csv.DictReader(handle) if r["need_category"] == "gypsum")
    with (DATA_DIR / "transport.csv").open(encoding="utf-8") as handle:
        transport = {r["mode"]: float(r["value"]) for r in csv.DictReader(handle)}
    found = match_flows(
        [flow("fgd", "fgd_gypsum", 1000)], [flow("plaster", "gypsum", 600, lat=55.76)], load_table()
    )[0]
    road_km = 6371.0088 * 0.09 * 3.141592653589793 / 180 * transport["road_factor"]
    assert found.savings.value == pytest.approx(600 * gypsum - 600 * road_km * transport["road_freight"])
    sources = {f.source for part in found.savings.inputs for f in part.factors}
    assert any("ICE" in s or "gypsum" in s for s in sources)


def test_the_example_flows_find_the_new_opportunities():
    from gia.documents import load
    from gia.symbiosis.flows import FlowsDocument
    from tests.conftest import EXAMPLES

    document = load(FlowsDocument, EXAMPLES / "dk-symbiosis-flows.yaml")
    matches = match_flows(document.offers, document.needs)
    pairs = {(m.offer.category, m.need.category) for m in matches}
    assert ("fermentation_residue", "biogas_feedstock") in pairs
    warm = [
        m
        for m in matches
        if m.offer.category == "waste_heat"
        and m.offer.temperature_c is not None
        and m.offer.temperature_c < 50
    ]
    assert warm and all(m.need.temperature_c + 5 <= m.offer.temperature_c for m in warm)


def test_offer_and_need_must_share_the_unit():
    shipped_like = Table(
        (Substitution("fgd_gypsum", "gypsum", 0.9, "material", 200, "", "test", "t"),),
        {"gypsum": AVOIDED_GYPSUM},
        FREIGHT,
        ROAD,
    )
    assert (
        match_flows([flow("fgd", "fgd_gypsum", unit="kWh")], [flow("plaster", "gypsum")], shipped_like) == []
    )
    assert (
        match_flows([flow("fgd", "fgd_gypsum")], [flow("plaster", "gypsum", unit="m3")], shipped_like) == []
    )
    assert len(match_flows([flow("fgd", "fgd_gypsum")], [flow("plaster", "gypsum")], shipped_like)) == 1
    # without a unit in the table row, offer and need must still agree
    assert (
        match_flows([flow("fgd", "fgd_gypsum", unit="t")], [flow("plaster", "gypsum", unit="m3")], TABLE)
        == []
    )


def test_ties_are_broken_by_the_needs_order():
    needs = [flow(f"n{i}", "gypsum", 900) for i in range(30)] + [flow("best", "gypsum", 1000)]
    matches = match_flows([flow("fgd", "fgd_gypsum", 1000)], needs, TABLE, top=5)
    assert [m.need.id for m in matches] == ["best", "n0", "n1", "n2", "n3"]


def test_flows_that_can_never_match_are_named():
    from gia.symbiosis.matching import flow_warnings

    offers = [flow("heat", "waste_heat", unit="kWh"), flow("odd", "unobtainium")]
    warnings = flow_warnings(offers, [], TABLE)
    assert any("offers[0] (heat)" in w and "temperature_c" in w for w in warnings)
    assert any("offers[1] (odd)" in w and "not in the substitution table" in w for w in warnings)
