"""Benchmark of the industrial-symbiosis matchmaker: 20 000 offers × 20 000 needs in one box, and
200 000 × 200 000 spread over the eight Baltic Sea countries.

``python bench/symbiosis.py`` (also run by ``make bench`` after ``bench/run.py``) generates a seeded,
synthetic set of flows (``gia.symbiosis.flows.Flow``) and times
``gia.symbiosis.matching.match_flows(offers, needs)`` with the shipped substitution table:

- categories drawn uniformly from the table: offers from its offer categories, needs from its need
  categories; the unit of a flow is the unit of its (or its first) need category's avoided factor
  (t, kWh or m3);
- yearly quantities log-uniform (t: 10–100 000; kWh: 10^5–10^9; m3: 10^3–10^7);
- months: 60 % of the flows all year, the others a random run of 3–11 consecutive months;
- heat flows (rule ``heat``) with a temperature uniform in 30–200 °C, water flows (rule ``water``)
  with a random quality;
- where they are (``--spread``):

  - ``box``: uniform in a box of about 300 km × 300 km over northern Germany and Denmark, all flows
    in one area, so that every pair the table allows is a candidate (the worst case for one region);
  - ``baltic``: in the industrial regions of the eight Baltic Sea countries (PL DE DK SE FI LT LV
    EE; ``REGIONS``: 45 boxes of 10–100 km around the Ruhr, Upper Silesia, Hamburg, Kalundborg,
    Gothenburg, Kilpilahti, Klaipėda, Riga, Ida-Viru …), a region drawn for each flow with the
    region's weight, the place uniform in its box. Each region is an area and every flow is shared
    across areas and matched with ``across_areas=True``, so that again every pair the table allows
    is a candidate by area, and only distance keeps neighbouring regions (Copenhagen–Malmö,
    Ruhr–Rhine-Main, Helsinki–Tallinn …) apart or together;
  - ``auto`` (the default): ``box`` up to 100 000 flows a side, ``baltic`` above.

  ``--offers 20000 --needs 20000 --spread box`` (the default) makes exactly the flows this benchmark
  made before ``--spread`` existed (same seed, same draws).

The matcher is called once to warm up (table loading, caches), then ``--repeats`` times (3) in the
same process; the best time counts. "Candidate pairs" are the offer × need pairs of the category
pairs the table allows (what the category index alone leaves); "pairs compared" the ones the matcher
actually scored (``MatchCounts``), after its location index and quantity windows (a few of them twice:
the sample that sets an offer's window is scored again in the window). Peak RSS is
``resource.getrusage(RUSAGE_SELF).ru_maxrss`` at the end, so it includes the interpreter, the
libraries and the generated flows (the RSS before the first call is shown as "base"). MB here are
MiB.

Targets: ≤ 0.5 s for 20 000 × 20 000 (``box``) and ≤ 10 s for 200 000 × 200 000 (``baltic``), on the
two-core machine the project is built on; other sizes have none. The exit code is 0 when the
benchmark ran, even if a target is missed (it is a report; a miss is printed as ``MISS``); 1 if the
matcher is missing or failed.
"""

from __future__ import annotations

import argparse
import math
import platform
import resource
import sys
import time
from collections import Counter

import numpy as np

SEED = 20260
N_OFFERS = 20_000
N_NEEDS = 20_000
REPEATS = 3
TOP = 5
#: target seconds by (offers, needs, spread)
TARGETS_S = {(20_000, 20_000, "box"): 0.5, (200_000, 200_000, "baltic"): 10.0}
#: ``--spread auto`` spreads over the Baltic Sea countries from this many flows a side
AUTO_BALTIC_FROM = 100_000
MB = 1024 * 1024
#: a box of about 300 km × 300 km: 53.5° N + 300 km of latitude; 300 km of longitude at the box's middle
LAT_MIN = 53.5
LAT_MAX = LAT_MIN + 300 / 111.2
LON_MIN = 8.5
LON_MAX = LON_MIN + 300 / (111.32 * math.cos(math.radians((LAT_MIN + LAT_MAX) / 2)))
AREA = "bench-north"
QUANTITY_RANGE = {"t": (1e1, 1e5), "kWh": (1e5, 1e9), "m3": (1e3, 1e7)}
UNIT_OF_FACTOR = {"kg CO2e/t": "t", "kg CO2e/kWh": "kWh", "kg CO2e/m3": "m3"}
WATER_QUALITIES = ("potable", "process", "cooling", "grey", "waste")
#: industrial regions of the eight Baltic Sea countries: (area, south, north, west, east [degrees],
#: weight). Boxes drawn by hand around each region's industrial estates and ports (approximate, for a
#: benchmark only); weights roughly follow the size of the country's industry.
REGIONS: tuple[tuple[str, float, float, float, float, float], ...] = (
    # Germany
    ("de-ruhr", 51.30, 51.65, 6.60, 7.70, 8.0),
    ("de-rhine-main", 49.90, 50.20, 8.30, 9.00, 4.0),
    ("de-rhine-neckar", 49.35, 49.60, 8.30, 8.70, 3.0),
    ("de-stuttgart", 48.65, 48.95, 8.95, 9.40, 3.0),
    ("de-munich", 48.05, 48.30, 11.35, 11.85, 3.0),
    ("de-chemical-triangle", 51.20, 51.55, 11.85, 12.50, 3.0),
    ("de-hamburg", 53.40, 53.65, 9.70, 10.20, 4.0),
    ("de-bremen", 53.00, 53.20, 8.55, 8.90, 2.0),
    ("de-hanover-wolfsburg", 52.15, 52.45, 9.60, 10.90, 3.0),
    ("de-berlin", 52.35, 52.65, 13.10, 13.70, 3.0),
    ("de-rostock", 54.05, 54.20, 12.00, 12.20, 1.0),
    ("de-lusatia", 51.40, 51.75, 13.90, 14.60, 1.5),
    # Poland
    ("pl-upper-silesia", 50.05, 50.45, 18.55, 19.35, 6.0),
    ("pl-krakow", 49.95, 50.12, 19.80, 20.20, 2.0),
    ("pl-lodz", 51.65, 51.85, 19.30, 19.65, 2.0),
    ("pl-warsaw", 52.10, 52.38, 20.80, 21.25, 3.0),
    ("pl-poznan", 52.30, 52.50, 16.75, 17.10, 2.0),
    ("pl-wroclaw", 51.03, 51.20, 16.85, 17.20, 2.0),
    ("pl-tricity", 54.30, 54.60, 18.40, 18.75, 2.0),
    ("pl-szczecin-police", 53.35, 53.65, 14.45, 14.70, 1.5),
    ("pl-plock", 52.50, 52.60, 19.60, 19.80, 1.0),
    # Denmark
    ("dk-copenhagen", 55.60, 55.80, 12.25, 12.65, 2.0),
    ("dk-kalundborg", 55.64, 55.72, 11.05, 11.18, 1.0),
    ("dk-aarhus", 56.10, 56.22, 10.05, 10.25, 1.0),
    ("dk-triangle", 55.45, 55.62, 9.45, 9.80, 1.0),
    ("dk-esbjerg", 55.44, 55.52, 8.38, 8.52, 0.5),
    # Sweden
    ("se-stockholm", 59.20, 59.45, 17.75, 18.20, 2.5),
    ("se-gothenburg", 57.62, 57.78, 11.75, 12.05, 2.0),
    ("se-oresund", 55.50, 56.10, 12.85, 13.15, 1.5),
    ("se-norrkoping-linkoping", 58.35, 58.62, 15.50, 16.25, 1.0),
    ("se-sundsvall", 62.35, 62.45, 17.20, 17.45, 0.5),
    ("se-lulea", 65.55, 65.65, 22.00, 22.25, 0.5),
    # Finland
    ("fi-helsinki", 60.15, 60.32, 24.70, 25.15, 2.0),
    ("fi-kilpilahti", 60.28, 60.35, 25.50, 25.62, 0.5),
    ("fi-turku", 60.40, 60.50, 22.15, 22.35, 1.0),
    ("fi-tampere", 61.45, 61.55, 23.60, 23.90, 1.0),
    ("fi-kotka-hamina", 60.45, 60.60, 26.85, 27.20, 0.5),
    ("fi-oulu", 65.00, 65.10, 25.35, 25.60, 0.5),
    # Lithuania
    ("lt-vilnius", 54.60, 54.75, 25.15, 25.35, 0.8),
    ("lt-kaunas", 54.85, 54.95, 23.85, 24.05, 0.6),
    ("lt-klaipeda", 55.65, 55.75, 21.10, 21.22, 0.5),
    # Latvia
    ("lv-riga", 56.90, 57.05, 24.00, 24.25, 0.8),
    ("lv-ventspils-liepaja", 56.48, 57.42, 21.00, 21.65, 0.3),
    # Estonia
    ("ee-tallinn", 59.38, 59.47, 24.60, 24.90, 0.6),
    ("ee-ida-viru", 59.33, 59.42, 27.20, 28.20, 0.4),
)
SPREADS = ("auto", "box", "baltic")


def peak_rss_mb() -> float:
    """Peak resident set size of this process [MiB] (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / MB if platform.system() == "Darwin" else peak / 1024


def categories(table) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """Offer and need categories of the table, each with its (unit, rule)."""
    need_unit = {category: UNIT_OF_FACTOR[factor.unit] for category, factor in table.avoided.items()}
    offer_kinds: dict[str, tuple[str, str]] = {}
    need_kinds: dict[str, tuple[str, str]] = {}
    for row in table.substitutions:
        unit = need_unit.get(row.need_category, "t")
        offer_kinds.setdefault(row.offer_category, (unit, row.rule))
        need_kinds.setdefault(row.need_category, (unit, row.rule))
    return offer_kinds, need_kinds


def spread_for(offers: int, needs: int, spread: str = "auto") -> str:
    """``box`` or ``baltic``: ``auto`` is ``baltic`` from ``AUTO_BALTIC_FROM`` flows a side."""
    if spread != "auto":
        return spread
    return "baltic" if max(offers, needs) >= AUTO_BALTIC_FROM else "box"


def generate(
    count: int,
    kinds: dict[str, tuple[str, str]],
    prefix: str,
    rng: np.random.Generator,
    spread: str = "box",
) -> list:
    """``count`` seeded random flows of the given categories, in the box or the Baltic regions."""
    from gia.symbiosis.flows import Flow

    names = sorted(kinds)
    picked = rng.integers(0, len(names), count)
    uniform = rng.random((count, 5))
    season_start = rng.integers(1, 13, count)
    season_length = rng.integers(3, 12, count)
    if spread == "baltic":
        weights = np.array([region[5] for region in REGIONS])
        region_of = rng.choice(len(REGIONS), size=count, p=weights / weights.sum())
    elif spread != "box":
        raise ValueError(f"spread must be box or baltic, not {spread!r}")
    all_year = list(range(1, 13))
    flows = []
    for i in range(count):
        category = names[picked[i]]
        unit, rule = kinds[category]
        low, high = QUANTITY_RANGE[unit]
        quantity = math.exp(math.log(low) + uniform[i, 0] * (math.log(high) - math.log(low)))
        months = (
            all_year
            if uniform[i, 1] < 0.6
            else sorted((season_start[i] - 1 + k) % 12 + 1 for k in range(season_length[i]))
        )
        if spread == "baltic":
            area, south, north, west, east, _ = REGIONS[region_of[i]]
        else:
            area, south, north, west, east = AREA, LAT_MIN, LAT_MAX, LON_MIN, LON_MAX
        data = {
            "id": f"{prefix}-{i}",
            "company": f"company-{i % 5000}",
            "area": area,
            "category": category,
            "quantity_per_year": quantity,
            "unit": unit,
            "location": {
                "longitude": west + uniform[i, 2] * (east - west),
                "latitude": south + uniform[i, 3] * (north - south),
            },
            "months": months,
        }
        if spread == "baltic":
            data["share_across_areas"] = True
        if rule == "heat":
            data["temperature_c"] = 30 + uniform[i, 4] * 170
        elif rule == "water":
            data["water_quality"] = WATER_QUALITIES[int(uniform[i, 4] * len(WATER_QUALITIES))]
        flows.append(Flow.model_validate(data))
    return flows


def generate_flows(
    table, offers: int, needs: int, seed: int = SEED, spread: str = "box"
) -> tuple[list, list]:
    """The benchmark's offers and needs (``spread`` box or baltic), as ``main`` makes them."""
    offer_kinds, need_kinds = categories(table)
    rng = np.random.default_rng(seed)
    return (
        generate(offers, offer_kinds, "offer", rng, spread),
        generate(needs, need_kinds, "need", rng, spread),
    )


def candidate_pairs(table, offers: list, needs: list) -> int:
    """Offer × need pairs of the category pairs the table allows."""
    offer_count = Counter(flow.category for flow in offers)
    need_count = Counter(flow.category for flow in needs)
    return sum(offer_count[row.offer_category] * need_count[row.need_category] for row in table.substitutions)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=N_OFFERS, help="number of offers (20 000)")
    parser.add_argument("--needs", type=int, default=N_NEEDS, help="number of needs (20 000)")
    parser.add_argument(
        "--spread",
        choices=SPREADS,
        default="auto",
        help="box: one 300 km box, one area; baltic: the industrial regions of the eight Baltic Sea "
        f"countries; auto: box below {AUTO_BALTIC_FROM:,} flows a side, baltic from there",
    )
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--repeats", type=int, default=REPEATS)
    args = parser.parse_args(argv)

    try:
        from gia.symbiosis.matching import MatchCounts, load_table, match_flows
    except ImportError as error:
        print(f"symbiosis benchmark: gia.symbiosis.matching is not available ({error})", file=sys.stderr)
        return 1

    spread = spread_for(args.offers, args.needs, args.spread)
    across_areas = spread == "baltic"
    table = load_table()
    started = time.perf_counter()
    offers, needs = generate_flows(table, args.offers, args.needs, args.seed, spread)
    generated_s = time.perf_counter() - started
    pairs = candidate_pairs(table, offers, needs)
    base_mb = peak_rss_mb()

    where = (
        "one 300 km box, one area"
        if spread == "box"
        else f"{len({f.area for f in offers + needs})} regions of PL DE DK SE FI LT LV EE, across areas"
    )
    print(
        f"symbiosis matching: {len(offers):,} offers × {len(needs):,} needs ({where}), seed {args.seed}, "
        f"{len(table.substitutions)} substitution rows (generated in {generated_s:.1f} s)",
        flush=True,
    )
    try:
        match_flows(offers, needs, top=TOP, across_areas=across_areas)  # warm-up
        times = []
        for _ in range(args.repeats):
            counts = MatchCounts()
            started = time.perf_counter()
            matches = match_flows(offers, needs, top=TOP, across_areas=across_areas, counts=counts)
            times.append(time.perf_counter() - started)
    except Exception as error:
        print(f"symbiosis benchmark: match_flows failed: {error!r}", file=sys.stderr)
        return 1
    best = min(times)
    target = TARGETS_S.get((args.offers, args.needs, spread))
    verdict = "—" if target is None else ("ok" if best <= target else "MISS")
    rows = [
        ("offers", f"{len(offers):,}"),
        ("needs", f"{len(needs):,}"),
        ("spread", spread),
        ("candidate pairs", f"{pairs:,} (category pairs the table allows)"),
        (
            "pairs compared",
            f"{counts.pairs_compared:,} ({counts.pairs_compared / max(pairs, 1):.1%}; scored exactly, after "
            "the location index and the quantity windows)",
        ),
        ("matches", f"{len(matches):,} (top {TOP} a offer)"),
        ("seconds", f"{best:.3f} best of {args.repeats} ({', '.join(f'{t:.3f}' for t in times)})"),
        ("peak RSS", f"{peak_rss_mb():.0f} MB (base {base_mb:.0f} MB)"),
        ("target", "none for this size" if target is None else f"≤ {target:g} s"),
        ("result", verdict),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"  {label:<{width}}  {value}")
    print("MB = MiB; peak RSS includes the interpreter, the libraries and the generated flows.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
