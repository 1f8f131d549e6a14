"""The location index of the symbiosis matcher: the same matches as comparing every pair.

``reference_matcher.reference_match_flows`` is the matcher as it was before the index (every offer ×
every need of a category pair). The indexed ``match_flows`` must return exactly its matches: the
same pairs, scores, components and order.
"""

from __future__ import annotations

import importlib.util
import math
import sys

import numpy as np
import pytest

from gia.accounting.provenance import FactorRef
from gia.symbiosis import matching, spatial
from gia.symbiosis.flows import WATER_QUALITY_ORDER, Flow
from gia.symbiosis.matching import EARTH_RADIUS_KM, MatchCounts, Substitution, Table, load_table, match_flows
from tests.conftest import ROOT
from tests.symbiosis.reference_matcher import reference_match_flows

FREIGHT = FactorRef("transport/road_freight", 0.1, "kg CO2e/tkm", "test factor", 2024, "CC0")
ROAD = FactorRef("transport/road_factor", 1.3, "ratio", "test factor", 2024, "CC0")
AVOIDED = FactorRef("symbiosis-avoided/test", 10.0, "kg CO2e/t", "test factor", 2024, "CC0")


def table(*rows: Substitution) -> Table:
    return Table(rows, {row.need_category: AVOIDED for row in rows}, FREIGHT, ROAD)


GYPSUM_200 = table(Substitution("fgd_gypsum", "gypsum", 0.9, "material", 200, "", "test", "t"))


def flow(flow_id, category, lon, lat, quantity=1000.0, unit="t", **fields):
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


def same_matches(offers, needs, table=None, **options):
    """The indexed matcher's matches, asserted equal to the reference's."""
    found = match_flows(offers, needs, table, **options)
    expected = reference_match_flows(offers, needs, table, **options)
    assert [(m.offer.id, m.need.id) for m in found] == [(m.offer.id, m.need.id) for m in expected]
    assert found == expected  # scores, road km, quantity, closeness, timing, rows: bit for bit
    # the reasons follow from the fields compared above; their wording is checked on a few
    assert [m.reasons for m in found[:20]] == [m.reasons for m in expected[:20]]
    return found


@pytest.fixture(scope="module")
def bench():
    """``bench/symbiosis.py``, imported from its file (the bench folder is not a package)."""
    spec = importlib.util.spec_from_file_location("gia_bench_symbiosis", ROOT / "bench" / "symbiosis.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_bench_case_of_20_000_offers_and_needs_matches_as_before(bench):
    shipped = load_table()
    offers, needs = bench.generate_flows(shipped, 20_000, 20_000, spread="box")
    counts = MatchCounts()
    found = match_flows(offers, needs, counts=counts)
    expected = reference_match_flows(offers, needs)
    assert len(found) == len(expected) > 90_000
    assert found == expected
    assert counts.candidate_pairs == bench.candidate_pairs(shipped, offers, needs)
    assert counts.pairs_compared < counts.candidate_pairs / 4  # the index leaves out most pairs


@pytest.mark.parametrize("across_areas", [False, True])
def test_flows_spread_over_the_baltic_regions_match_as_before(bench, across_areas):
    shipped = load_table()
    offers, needs = bench.generate_flows(shipped, 4_000, 4_000, seed=7, spread="baltic")
    assert len({f.area for f in offers}) > 30
    found = same_matches(offers, needs, shipped, across_areas=across_areas)
    assert any(m.offer.area != m.need.area for m in found) is across_areas


def test_a_pair_exactly_at_the_maximum_distance_is_no_match_and_just_inside_is():
    offer = flow("fgd", "fgd_gypsum", 11.10, 55.67)
    need = flow("plaster", "gypsum", 12.35, 56.41)
    road_km = match_flows([offer], [need], GYPSUM_200)[0].road_km
    assert 100 < road_km < 200

    def at(max_distance_km):
        row = Substitution("fgd_gypsum", "gypsum", 0.9, "material", max_distance_km, "", "test", "t")
        return same_matches([offer], [need], table(row))

    assert at(road_km) == []  # closeness 0: score 0, no match (as before)
    assert at(math.nextafter(road_km, 0)) == []  # just beyond
    (inside,) = at(math.nextafter(road_km, math.inf))  # just inside: a tiny positive score
    assert 0 < inside.score < 1e-12
    (nearer,) = at(road_km * 1.001)
    assert nearer.score > inside.score


def test_pairs_across_the_grid_borders_are_all_found():
    # needs on rings around offers placed on a latitude-band border and elsewhere, at 0.5 … 0.9999 of
    # the reach and just beyond, every 10°: inside the reach every one is found, beyond none
    row = Substitution("fgd_gypsum", "gypsum", 1.0, "material", 130.0, "", "test", "t")
    reach_km = row.max_distance_km / ROAD.value
    band = spatial.band_height_deg(reach_km / EARTH_RADIUS_KM)
    # a border between two cells of a band: cells are about as wide on the ground as a band is high
    middle = math.radians(min(abs(math.floor(7.5) + 0.5) * band, 89.0))
    width = band / math.cos(middle)
    border = -180 + math.ceil(190 / width) * width
    centres = [(10.0, 7 * band), (10.0, 7 * band - 1e-9), (10.0 + band / 3, 6.5 * band)]
    centres += [(border, 7.5 * band), (math.nextafter(border, 0), 7.5 * band), (24.93, 60.17)]
    offers, needs, inside = [], [], set()
    for number, (lon, lat) in enumerate(centres):
        offers.append(flow(f"o{number}", "fgd_gypsum", lon, lat))
        for ring, share in enumerate((0.0, 0.5, 0.9, 0.99, 0.9999, 1.0001, 1.01)):
            for bearing in range(0, 360, 10):
                far_lat, far_lon = destination(lat, lon, bearing, reach_km * share)
                need = flow(f"n{number}-{ring}-{bearing}", "gypsum", far_lon, far_lat)
                needs.append(need)
                if share < 1:
                    inside.add((f"o{number}", need.id))
    found = same_matches(offers, needs, table(row), top=len(needs))
    # a need near another offer's ring may match that offer too; the ring's own pairs are exact
    own = {(m.offer.id, m.need.id) for m in found if m.need.id.startswith(f"n{m.offer.id[1:]}-")}
    assert own == inside


def destination(lat, lon, bearing_deg, km):
    """The place ``km`` from (lat, lon) along ``bearing_deg`` on the sphere."""
    phi, lam, theta = math.radians(lat), math.radians(lon), math.radians(bearing_deg)
    delta = km / EARTH_RADIUS_KM
    phi2 = math.asin(math.sin(phi) * math.cos(delta) + math.cos(phi) * math.sin(delta) * math.cos(theta))
    lam2 = lam + math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(phi), math.cos(delta) - math.sin(phi) * math.sin(phi2)
    )
    return math.degrees(phi2), (math.degrees(lam2) + 540) % 360 - 180


def test_unknown_locations_are_matched_at_the_area_centre_as_before():
    centre = (11.10, 55.67)
    offers = [
        flow("estimated", "fgd_gypsum", *centre, location_estimated=True),
        flow("known", "fgd_gypsum", 11.30, 55.70),
    ]
    needs = [
        flow("at-centre", "gypsum", *centre, 800, location_estimated=True),
        flow("near", "gypsum", 11.20, 55.75, 900),
        flow("too-far", "gypsum", 16.0, 58.0, 1000, location_estimated=True),
    ]
    found = same_matches(offers, needs, GYPSUM_200)
    pairs = {(m.offer.id, m.need.id): m for m in found}
    assert set(pairs) == {
        ("estimated", "at-centre"),
        ("estimated", "near"),
        ("known", "at-centre"),
        ("known", "near"),
    }
    assert pairs[("estimated", "at-centre")].road_km == 0  # both at the centre
    assert not pairs[("estimated", "near")].distance_known
    assert any("distance unknown" in reason for reason in pairs[("known", "at-centre")].reasons)
    assert pairs[("known", "near")].distance_known


def random_flows(rng, count, kinds, prefix):
    """Flows around a few centres (one near the Arctic circle, one by the antimeridian)."""
    centres = [(11.1, 55.7, 0.5), (7.0, 51.5, 2.0), (25.5, 67.0, 3.0), (179.9, -17.8, 0.4), (18.0, 59.3, 6.0)]
    flows = []
    for i in range(count):
        category, unit, rule = kinds[rng.integers(len(kinds))]
        lon, lat, spread = centres[rng.integers(len(centres))]
        fields = {}
        if rule == "heat":
            fields["temperature_c"] = float(rng.uniform(20, 200))
        elif rule == "water":
            fields["water_quality"] = WATER_QUALITY_ORDER[rng.integers(5)]
        if rng.random() < 0.4:
            start = int(rng.integers(1, 13))
            fields["months"] = sorted({(start + k - 1) % 12 + 1 for k in range(int(rng.integers(1, 12)))})
        flows.append(
            flow(
                f"{prefix}{i}",
                category,
                (lon + rng.normal(0, spread) + 180) % 360 - 180,
                float(np.clip(lat + rng.normal(0, spread / 2), -89.9, 89.9)),
                float(10 ** rng.uniform(1, 5)),
                unit,
                area=f"a{rng.integers(3)}",
                share_across_areas=bool(rng.random() < 0.5),
                location_estimated=bool(rng.random() < 0.1),
                **fields,
            )
        )
    return flows


MIXED = table(
    Substitution("slag", "aggregate", 0.8, "material", 1.0, "", "test", "t"),
    Substitution("slag", "cement", 0.95, "material", 300.0, "", "test", "t"),
    Substitution("ash", "cement", 0.7, "material", 900.0, "", "test", "t"),
    Substitution("ash", "road", 0.6, "material", 60.0, "", "test"),  # no unit: offer and need agree
    Substitution("heat", "process_heat", 0.9, "heat", 10.0, "", "test", "kWh"),
    Substitution("water", "cooling", 1.0, "water", 25.0, "", "test", "m3"),
)
OFFER_KINDS = [("slag", "t", "material"), ("ash", "t", "material"), ("ash", "m3", "material")]
OFFER_KINDS += [("heat", "kWh", "heat"), ("water", "m3", "water")]
NEED_KINDS = [("aggregate", "t", "material"), ("cement", "t", "material"), ("road", "t", "material")]
NEED_KINDS += [("road", "m3", "material"), ("process_heat", "kWh", "heat"), ("cooling", "m3", "water")]

#: thresholds that send every cell down one path of the scorer (quantity windows, dense blocks,
#: pooled rows), with tiny blocks so that runs and chunks are cut often
PATHS = {
    "as shipped": {},
    "windows": {"_WINDOW_FROM": 12, "_SAMPLE": 4, "_BLOCK_PAIRS": 200},
    "dense": {"_WINDOW_FROM": 10**9, "_DENSE_PAIRS": 0, "_DENSE_OFFERS": 1, "_BLOCK_PAIRS": 150},
    "pooled": {"_WINDOW_FROM": 10**9, "_DENSE_OFFERS": 10**9, "_BLOCK_PAIRS": 300},
}


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("seed", [1, 2])
def test_random_flows_match_as_before_on_every_path(monkeypatch, path, seed):
    for name, value in PATHS[path].items():
        monkeypatch.setattr(matching, name, value)
    rng = np.random.default_rng(seed)
    offers = random_flows(rng, 700, OFFER_KINDS, "o")
    needs = random_flows(rng, 900, NEED_KINDS, "n")
    for across_areas in (False, True):
        for top in (1, 5):
            assert same_matches(offers, needs, MIXED, top=top, across_areas=across_areas)


@pytest.mark.parametrize("seed", range(6))
def test_the_grid_names_every_need_within_reach(seed):
    rng = np.random.default_rng(seed)
    reach = [1e-7, 1e-4, 0.003, 0.02, 0.1, 0.5, 1.0][seed % 7]
    # clusters anywhere, near the poles and across the antimeridian among them
    centres = np.c_[rng.uniform(-88, 88, 4), rng.uniform(-180, 180, 4)]
    centres[0] = (89.5, 0.0)
    centres[1] = (10.0, 179.99)

    def places(count):
        which = rng.integers(len(centres), size=count)
        size = np.degrees(reach) * rng.choice([0.3, 1.0, 3.0], size=count)
        lat = np.clip(centres[which, 0] + rng.normal(0, 1, count) * size, -90, 90)
        lon = (centres[which, 1] + rng.normal(0, 1, count) * size + 180) % 360 - 180
        return lat, lon

    (olat, olon), (nlat, nlon) = places(400), places(500)
    hood = spatial.neighbourhoods(olat, olon, nlat, nlon, reach)
    named = np.zeros((olat.size, nlat.size), dtype=bool)
    for cell in range(hood.cell_bounds.size - 1):
        cell_offers = hood.offer_order[hood.cell_bounds[cell] : hood.cell_bounds[cell + 1]]
        for start, stop in zip(hood.starts[cell], hood.stops[cell], strict=True):
            assert not named[cell_offers[0], hood.need_order[start:stop]].any()  # slices never overlap
            named[np.ix_(cell_offers, hood.need_order[start:stop])] = True
    # the matcher's own haversine
    lat1, lat2 = np.radians(olat)[:, None], np.radians(nlat)[None, :]
    lon1, lon2 = np.radians(olon)[:, None], np.radians(nlon)[None, :]
    half_lat = np.sin(lat2 / 2) * np.cos(lat1 / 2) - np.cos(lat2 / 2) * np.sin(lat1 / 2)
    half_lon = np.sin(lon2 / 2) * np.cos(lon1 / 2) - np.cos(lon2 / 2) * np.sin(lon1 / 2)
    haversine = half_lat**2 + np.cos(lat1) * np.cos(lat2) * half_lon**2
    angle = 2 * np.arcsin(np.sqrt(np.minimum(haversine, 1.0)))
    within = angle <= reach
    assert within.any()
    assert not (within & ~named).any()
    assert named.sum() < named.size or reach >= 0.5  # and it does leave pairs out


@pytest.mark.parametrize(
    ("max_distance_km", "road_factor", "compatibility"),
    [
        (math.inf, 1.3, 0.9),  # no limit: nothing is left out
        (20_000.0, 1.3, 0.9),  # beyond the index's largest reach
        (-5.0, 1.3, 0.9),  # never a match
        (50.0, 0.0, 0.9),  # a road factor of 0: every pair is near
        (50.0, -1.3, 0.9),  # a negative road factor (closeness above 1)
        (50.0, 1.3, 1.7),  # a compatibility above 1
        (50.0, 1.3, -0.5),  # a negative compatibility: never a match
        (50.0, 1.3, math.inf),  # scores that are not numbers
        (0.0, 1.3, 0.9),  # a maximum of 0: closeness 0 ÷ 0
        (50.0, math.inf, 0.9),  # an infinite road factor
    ],
)
@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")
def test_tables_made_by_hand_match_as_before(max_distance_km, road_factor, compatibility):
    row = Substitution("slag", "cement", compatibility, "material", max_distance_km, "", "test", "t")
    road = FactorRef("transport/road_factor", road_factor, "ratio", "test factor", 2024, "CC0")
    odd = Table((row,), {"cement": AVOIDED}, FREIGHT, road)
    rng = np.random.default_rng(3)
    offers = random_flows(rng, 300, [("slag", "t", "material")], "o")
    needs = random_flows(rng, 400, [("cement", "t", "material")], "n")
    same_matches(offers, needs, odd, across_areas=True)
