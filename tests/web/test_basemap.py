"""The offline basemap (static/vendor/world-atlas-2.0.2) and the script that builds it from Natural Earth."""

from __future__ import annotations

import importlib.util
import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from gia.web.models.areas import COUNTRIES

ROOT = Path(__file__).resolve().parents[2]
VENDORED = ROOT / "src/gia/web/static/vendor/world-atlas-2.0.2"
BASEMAP = VENDORED / "baltic-basemap.geojson"


def load_tool() -> Any:
    spec = importlib.util.spec_from_file_location("build_basemap", ROOT / "tools/build_basemap.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def basemap() -> dict[str, Any]:
    return json.loads(BASEMAP.read_text())


def points(geometry: dict[str, Any]) -> list[list[float]]:
    if geometry["type"] == "MultiPolygon":
        return [p for polygon in geometry["coordinates"] for ring in polygon for p in ring]
    return [p for line in geometry["coordinates"] for p in line]


def test_the_basemap_has_land_for_every_country_an_area_may_be_in_and_their_neighbours(basemap) -> None:
    land = {f["properties"]["country"] for f in basemap["features"] if f["properties"]["kind"] == "land"}
    assert {code for code, _ in COUNTRIES} <= land
    assert {"NO", "RU", "BY", "NL", "CZ"} <= land
    borders = [f for f in basemap["features"] if f["properties"]["kind"] == "borders"]
    assert len(borders) == 1 and len(borders[0]["geometry"]["coordinates"]) > 50


def test_the_basemap_stays_inside_its_region_and_small(basemap) -> None:
    west, south, east, north = basemap["bbox"]
    for feature in basemap["features"]:
        for x, y in points(feature["geometry"]):
            assert west <= x <= east and south <= y <= north, feature["properties"]
    assert BASEMAP.stat().st_size < 1_500_000


def test_every_country_name_sits_on_its_own_land(basemap) -> None:
    labelled = [f for f in basemap["features"] if "label" in f["properties"]]
    assert {f["properties"]["country"] for f in labelled} >= {code for code, _ in COUNTRIES}
    for feature in labelled:
        x, y = feature["properties"]["label"]
        inside = any(contains(polygon[0], x, y) for polygon in feature["geometry"]["coordinates"])
        assert inside, f"the name of {feature['properties']['country']} is not on its land"


def contains(ring: list[list[float]], x: float, y: float) -> bool:
    """Ray casting: is (x, y) inside the ring?"""
    inside = False
    for (ax, ay), (bx, by) in itertools.pairwise(ring):
        if (ay > y) != (by > y) and x < ax + (y - ay) * (bx - ax) / (by - ay):
            inside = not inside
    return inside


def test_the_vendored_basemap_keeps_its_licence_and_names_its_source() -> None:
    assert "Permission to use, copy, modify" in (VENDORED / "LICENSE").read_text()
    assert "Natural Earth" in (VENDORED / "SOURCE.md").read_text()
    assert '"version": "2.0.2"' in (VENDORED / "package.json").read_text()


def test_clipping_keeps_the_part_of_a_ring_inside_the_region() -> None:
    tool = load_tool()
    square = [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0), (-1.0, -1.0)]
    clipped = tool.clip_ring(square, (0.0, 0.0, 5.0, 5.0))
    assert sorted(set(clipped)) == [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)]
    assert clipped[0] == clipped[-1]
    assert tool.clip_ring(square, (10.0, 10.0, 20.0, 20.0)) == []


def test_clipping_cuts_a_line_at_the_regions_edge() -> None:
    tool = load_tool()
    pieces = tool.clip_line([(-2.0, 0.5), (0.5, 0.5), (0.5, 3.0), (0.7, 0.5)], (0.0, 0.0, 1.0, 1.0))
    assert len(pieces) == 2
    assert pieces[0] == [(0.0, 0.5), (0.5, 0.5), (0.5, 1.0)]
    assert [tuple(pytest.approx(c) for c in p) for p in pieces[1]] == [(0.66, 1.0), (0.7, 0.5)]


def test_a_ring_across_the_antimeridian_is_not_drawn_across_the_map() -> None:
    tool = load_tool()
    island = [(179.0, 71.0), (-179.0, 71.0), (-179.0, 71.5), (179.0, 71.5), (179.0, 71.0)]
    assert tool.clip_ring(tool.unwrapped(island), tool.REGION) == []
    far_east_first = [(-180.0, 65.0), (170.0, 65.0), (30.0, 60.0), (170.0, 70.0), (-180.0, 65.0)]
    assert min(x for x, _ in tool.unwrapped(far_east_first)) >= -180


def test_simplifying_keeps_the_ends_and_the_shape() -> None:
    tool = load_tool()
    line = [(0.0, 0.0), (1.0, 0.0001), (2.0, 0.0), (3.0, 1.0)]
    assert tool.simplify(line, 0.01) == [(0.0, 0.0), (2.0, 0.0), (3.0, 1.0)]
