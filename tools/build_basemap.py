"""Build the offline basemap of the Baltic Sea countries from Natural Earth (run by hand, not at run time).

The source is Natural Earth 1:10m (public domain) as TopoJSON, redistributed by the npm package
``world-atlas`` (ISC licence). To rebuild the vendored file::

    cd /tmp && npm pack world-atlas@2.0.2 && mkdir world-atlas && tar xzf world-atlas-2.0.2.tgz -C world-atlas
    python tools/build_basemap.py /tmp/world-atlas/package/countries-10m.json

It writes ``src/gia/web/static/vendor/world-atlas-2.0.2/baltic-basemap.geojson`` (beside the package's
LICENSE and README), a GeoJSON FeatureCollection that ``static/gia/map.js`` draws when no tile server
is set (``GIA_TILE_URL``):

- one ``land`` feature per country (MultiPolygon, property ``country``: ISO 3166 alpha-2 code, and
  ``label``: where the country's name goes at low zoom, [longitude, latitude]);
- one ``borders`` feature (MultiLineString): the land borders between countries.

Only what lies inside the region (``REGION``) is kept: the countries around the Baltic Sea and their
neighbours. The lines are simplified on the topology's arcs (Douglas–Peucker, ``TOLERANCE_DEGREES``)
before the polygons are assembled, so neighbouring countries still share their borders exactly, and
the coordinates are rounded to ``DIGITS`` decimals (about 100 m or less; the source's grid is about 200 m).
Pure standard library; the output is deterministic.
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

Point = tuple[float, float]
Ring = list[Point]

#: west, south, east, north [degrees]: the Baltic Sea with its neighbours, wide enough for zoom 4
REGION = (-12.0, 45.0, 65.0, 72.0)
#: Douglas–Peucker tolerance on longitude/latitude [degrees]; 0.002° is about 130 m at 55° N
TOLERANCE_DEGREES = 0.002
#: decimals kept in the coordinates
DIGITS = 3
#: the source's ISO 3166 numeric codes → alpha-2 (the countries that reach into ``REGION``)
ALPHA2 = {
    "008": "AL", "040": "AT", "056": "BE", "070": "BA", "100": "BG", "112": "BY", "191": "HR",
    "203": "CZ", "398": "KZ", "208": "DK", "233": "EE", "234": "FO", "246": "FI", "248": "AX", "250": "FR",
    "276": "DE", "348": "HU", "372": "IE", "380": "IT", "428": "LV", "438": "LI", "440": "LT",
    "442": "LU", "498": "MD", "528": "NL", "578": "NO", "616": "PL", "642": "RO", "643": "RU",
    "688": "RS", "703": "SK", "705": "SI", "752": "SE", "756": "CH", "804": "UA", "826": "GB", "860": "UZ",
    "831": "GG", "832": "JE", "833": "IM",
}  # fmt: skip
#: places without a numeric code in the source, by name → the country they belong to on this map
UNCODED = {"Baikonur": "KZ"}
#: where a country's name is written at low zoom [longitude, latitude] (chosen by hand to sit on land;
#: the Baltic Sea countries and their neighbours only)
LABELS: dict[str, Point] = {
    "NO": (9.0, 61.5),
    "SE": (15.0, 62.5),
    "FI": (26.0, 63.0),
    "EE": (25.8, 58.7),
    "LV": (25.3, 56.85),
    "LT": (23.9, 55.3),
    "PL": (19.3, 52.2),
    "DE": (10.3, 51.2),
    "DK": (9.2, 56.2),
    "RU": (36.0, 58.5),
    "BY": (28.0, 53.6),
    "UA": (30.5, 50.0),
    "NL": (5.6, 52.3),
    "BE": (4.6, 50.6),
    "CZ": (15.4, 49.8),
}


def decode_arcs(topology: dict) -> list[Ring]:
    """The topology's arcs as longitude/latitude points (undoing the quantisation and delta encoding)."""
    (scale_x, scale_y), (shift_x, shift_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs = []
    for encoded in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in encoded:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def simplify(line: Ring, tolerance: float) -> Ring:
    """Douglas–Peucker: the points of ``line`` that keep it within ``tolerance`` of the original
    (the first and last point always stay, so arcs still meet)."""
    if len(line) < 3:
        return list(line)
    keep = [False] * len(line)
    keep[0] = keep[-1] = True
    stack = [(0, len(line) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = line[first], line[last]
        dx, dy = bx - ax, by - ay
        length_squared = dx * dx + dy * dy
        farthest, distance = -1, tolerance
        for i in range(first + 1, last):
            px, py = line[i]
            if length_squared == 0:
                d = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            else:
                d = abs(dy * px - dx * py + bx * ay - by * ax) / length_squared**0.5
            if d > distance:
                farthest, distance = i, d
        if farthest >= 0:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(line, keep, strict=True) if kept]


def arc_points(arcs: list[Ring], index: int) -> Ring:
    """Arc ``index`` in TopoJSON's convention: a negative index ``~i`` is arc ``i`` reversed."""
    return arcs[index] if index >= 0 else arcs[~index][::-1]


def ring_from_arcs(arcs: list[Ring], indexes: list[int]) -> Ring:
    ring: Ring = []
    for index in indexes:
        points = arc_points(arcs, index)
        ring += points if not ring else points[1:]
    return ring


def unwrapped(line: Ring) -> Ring:
    """The line with its longitudes made continuous: a line crossing the antimeridian (Russia's far
    east) goes on past 180° instead of jumping across the whole map, so clipping leaves it out."""
    out: Ring = []
    for x, y in line:
        if out:
            while x - out[-1][0] > 180:
                x -= 360
            while out[-1][0] - x > 180:
                x += 360
        out.append((x, y))
    # and shifted by whole turns to where most of it lies within -180°…180° (a ring starting at -180°
    # in the far east would otherwise run west of the map)
    shift = max((-360, 0, 360), key=lambda turn: sum(-180 <= x + turn <= 180 for x, _ in out))
    return [(x + shift, y) for x, y in out]


def clip_ring(ring: Ring, region: tuple[float, float, float, float]) -> Ring:
    """Sutherland–Hodgman: the part of a closed ring inside the rectangle ``region``."""
    west, south, east, north = region
    edges = [
        (lambda p: p[0] >= west, lambda a, b: _at_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _at_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _at_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _at_y(a, b, north)),
    ]
    points = ring[:-1] if ring and ring[0] == ring[-1] else list(ring)
    for inside, crossing in edges:
        if not points:
            break
        clipped: Ring = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    clipped.append(crossing(previous, point))
                clipped.append(point)
            elif inside(previous):
                clipped.append(crossing(previous, point))
            previous = point
        points = clipped
    return points + points[:1]


def _at_x(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _at_y(a: Point, b: Point, y: float) -> Point:
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def clip_line(line: Ring, region: tuple[float, float, float, float]) -> list[Ring]:
    """The pieces of an open line inside ``region`` (segments crossing its edge are cut there)."""
    pieces: list[Ring] = []
    current: Ring = []
    for a, b in itertools.pairwise(line):
        segment = _clip_segment(a, b, region)
        if segment is None:
            if len(current) > 1:
                pieces.append(current)
            current = []
            continue
        start, end = segment
        if not current or current[-1] != start:
            if len(current) > 1:
                pieces.append(current)
            current = [start]
        current.append(end)
    if len(current) > 1:
        pieces.append(current)
    return pieces


def _clip_segment(
    a: Point, b: Point, region: tuple[float, float, float, float]
) -> tuple[Point, Point] | None:
    """Liang–Barsky: the part of segment a–b inside ``region``, or None."""
    west, south, east, north = region
    dx, dy = b[0] - a[0], b[1] - a[1]
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, a[0] - west), (dx, east - a[0]), (-dy, a[1] - south), (dy, north - a[1])):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    start = a if t0 == 0 else (a[0] + t0 * dx, a[1] + t0 * dy)
    end = b if t1 == 1 else (a[0] + t1 * dx, a[1] + t1 * dy)
    return start, end


def rounded(points: Ring) -> list[list[float]]:
    """Coordinates rounded to ``DIGITS``, without repeated points."""
    out: list[list[float]] = []
    for x, y in points:
        point = [round(x, DIGITS), round(y, DIGITS)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def polygons_of(geometry: dict) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def build(topology: dict) -> dict:
    """The basemap's FeatureCollection from the world-atlas topology."""
    arcs = [simplify(arc, TOLERANCE_DEGREES) for arc in decode_arcs(topology)]
    features = []
    #: which countries use each arc (an arc used by two countries is a land border)
    users: dict[int, set[str]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        country = ALPHA2.get(geometry.get("id", "")) or UNCODED.get(geometry["properties"]["name"])
        if country is None:
            continue
        polygons = []
        for polygon in polygons_of(geometry):
            for indexes in polygon:
                for index in indexes:
                    users.setdefault(index if index >= 0 else ~index, set()).add(country)
            # the outer ring first, then its holes; a polygon whose outer ring lies outside is left out
            rings = [
                rounded(clip_ring(unwrapped(ring_from_arcs(arcs, indexes)), REGION)) for indexes in polygon
            ]
            if len(rings[0]) >= 4:
                polygons.append([ring for ring in rings if len(ring) >= 4])
        if not polygons:
            continue
        properties: dict[str, object] = {"kind": "land", "country": country}
        if country in LABELS:
            properties["label"] = list(LABELS[country])
        features.append(
            {
                "type": "Feature",
                "properties": properties,
                "geometry": {"type": "MultiPolygon", "coordinates": polygons},
            }
        )
    borders = []
    for index in sorted(users):
        if len(users[index]) > 1:
            for piece in clip_line(unwrapped(arcs[index]), REGION):
                line = rounded(piece)
                if len(line) > 1:
                    borders.append(line)
    features.append(
        {
            "type": "Feature",
            "properties": {"kind": "borders"},
            "geometry": {"type": "MultiLineString", "coordinates": borders},
        }
    )
    features.sort(key=lambda f: (f["properties"]["kind"], f["properties"].get("country", "")))
    return {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:10m cultural vectors (public domain), via world-atlas 2.0.2; "
        "region and simplification: tools/build_basemap.py",
        "bbox": list(REGION),
        "features": features,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topology", type=Path, help="countries-10m.json of the world-atlas npm package")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parents[1]
        / "src/gia/web/static/vendor/world-atlas-2.0.2/baltic-basemap.geojson",
    )
    arguments = parser.parse_args()
    collection = build(json.loads(arguments.topology.read_text()))
    arguments.out.parent.mkdir(parents=True, exist_ok=True)
    arguments.out.write_text(json.dumps(collection, separators=(",", ":")) + "\n")
    size = arguments.out.stat().st_size
    print(f"{arguments.out}: {len(collection['features'])} features, {size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
