"""TODAY's symbiosis matcher (before the location index of issue 15, W2), kept verbatim as the
reference the indexed ``gia.symbiosis.matching.match_flows`` must agree with, pair for pair.

It compares every offer with every need of each category pair the substitution table allows
(a dense matrix per pair, in chunks), which is quadratic. Do not "improve" this file: its only job is
to be the old behaviour. The ``Match``, ``Table`` and ``Substitution`` types are the library's own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gia.symbiosis.flows import WATER_QUALITY_ORDER, Flow
from gia.symbiosis.matching import EARTH_RADIUS_KM, HEAT_MARGIN_K, Match, Substitution, Table, load_table


def _month_mask(flows: list[Flow]) -> np.ndarray:
    """Each flow's months as bits of an integer (months are unique per flow, so a sum is an OR)."""
    months = [flow.months for flow in flows]
    owner = np.repeat(np.arange(len(flows)), [len(m) for m in months])
    bits = np.left_shift(1, np.concatenate(months) - 1) if flows else np.zeros(0)
    return np.bincount(owner, weights=bits, minlength=len(flows)).astype(np.int32)


_POPCOUNT = np.array([bin(v).count("1") for v in range(4096)], dtype=np.int32)


@dataclass(frozen=True)
class _Arrays:
    """Flow attributes as arrays, so that blocks of pairs are scored without Python loops."""

    sin_lat: np.ndarray  # sine and cosine of half the latitude and longitude, and cos of the latitude:
    cos_lat: np.ndarray  # the haversine of two places is then sums of products, without trigonometry
    sin_lon: np.ndarray
    cos_lon: np.ndarray
    cos_latitude: np.ndarray
    quantity: np.ndarray
    months: np.ndarray
    temperature: np.ndarray
    water: np.ndarray
    area: np.ndarray
    shared: np.ndarray

    @classmethod
    def of(
        cls, flows: list[Flow], areas: dict[str, int], missing_temperature: float, missing_water: str
    ) -> _Arrays:
        order = {q: i for i, q in enumerate(WATER_QUALITY_ORDER)}
        lat = np.radians(np.array([f.location.latitude for f in flows]))
        lon = np.radians(np.array([f.location.longitude for f in flows]))
        return cls(
            sin_lat=np.sin(lat / 2),
            cos_lat=np.cos(lat / 2),
            sin_lon=np.sin(lon / 2),
            cos_lon=np.cos(lon / 2),
            cos_latitude=np.cos(lat),
            quantity=np.array([f.quantity_per_year for f in flows]),
            months=_month_mask(flows),
            temperature=np.array(
                [f.temperature_c if f.temperature_c is not None else missing_temperature for f in flows]
            ),
            water=np.array([order[f.water_quality or missing_water] for f in flows]),
            area=np.array([areas.setdefault(f.area, len(areas)) for f in flows]),
            shared=np.array([f.share_across_areas for f in flows], dtype=bool),
        )


def reference_match_flows(
    offers: list[Flow],
    needs: list[Flow],
    table: Table | None = None,
    top: int = 5,
    across_areas: bool = False,
) -> list[Match]:
    """The best ``top`` needs for each offer, over the category pairs the table allows; best first.

    Offer and need must be given in the same unit (the table's for the pair). The matches of one
    offer are alternatives: each claims the whole quantity exchanged, so their savings do not add up.
    """
    if top < 1:
        raise ValueError("top must be at least 1")
    table = table or load_table()
    by_need: dict[tuple[str, str], list[int]] = {}
    by_offer: dict[tuple[str, str], list[int]] = {}
    for groups, flows in ((by_need, needs), (by_offer, offers)):
        for index, flow in enumerate(flows):
            groups.setdefault((flow.category, flow.unit), []).append(index)
    areas: dict[str, int] = {}
    # a heat flow without a temperature never qualifies; unknown water quality counts as the worst
    # on offer and the best in need
    o = _Arrays.of(offers, areas, -np.inf, "waste")
    n = _Arrays.of(needs, areas, np.inf, "potable")
    found: list[tuple[np.ndarray, ...]] = []
    rows = list(table.substitutions)
    for row_number, row in enumerate(rows):
        units = (
            [row.unit]
            if row.unit
            else sorted({unit for category, unit in by_offer if category == row.offer_category})
        )
        for unit in units:
            offer_index, need_index = (
                by_offer.get((row.offer_category, unit)),
                by_need.get((row.need_category, unit)),
            )
            if offer_index and need_index:
                found.extend(
                    _score_block(
                        o,
                        n,
                        np.array(offer_index),
                        np.array(need_index),
                        row,
                        row_number,
                        table.road_factor.value,
                        across_areas,
                        top,
                    )
                )
    if not found:
        return []
    arrays = [np.concatenate(parts) for parts in zip(*found, strict=True)]
    offer_all, need_all, score_all = arrays[0], arrays[1], arrays[2]
    order = np.lexsort((need_all, -score_all, offer_all))  # by offer, best first, ties in the needs' order
    by_offer_sorted = offer_all[order]
    starts = np.flatnonzero(np.r_[True, by_offer_sorted[1:] != by_offer_sorted[:-1]])
    rank = np.arange(order.size) - np.repeat(starts, np.diff(np.r_[starts, order.size]))
    keep = order[rank < top]
    keep = keep[
        np.lexsort((need_all[keep], offer_all[keep], -score_all[keep]))
    ]  # best first, ties in input order
    return [
        Match(offers[a], needs[b], rows[r], table, score, quantity, closeness, timing, road)
        for a, b, score, road, quantity, closeness, timing, r in zip(
            *(x[keep].tolist() for x in arrays), strict=True
        )
    ]


def _score_block(
    o: _Arrays,
    n: _Arrays,
    offer_index: np.ndarray,
    need_index: np.ndarray,
    row: Substitution,
    row_number: int,
    road_factor: float,
    across_areas: bool,
    top: int,
) -> list[tuple[np.ndarray, ...]]:
    """Score every offer × need of one category pair as a dense matrix, in chunks of rows; keep each
    offer's ``top`` best needs with a positive score."""
    results = []
    chunk = max(1, 4_000_000 // need_index.size)  # about 4 million pairs at a time
    for start in range(0, offer_index.size, chunk):
        a = offer_index[start : start + chunk][:, None]
        b = need_index[None, :]
        # haversine by the difference formulas: sin((y − x)/2) = sin(y/2)cos(x/2) − cos(y/2)sin(x/2)
        half_lat = n.sin_lat[b] * o.cos_lat[a] - n.cos_lat[b] * o.sin_lat[a]
        half_lon = n.sin_lon[b] * o.cos_lon[a] - n.cos_lon[b] * o.sin_lon[a]
        haversine = half_lat**2 + o.cos_latitude[a] * n.cos_latitude[b] * half_lon**2
        road = 2 * EARTH_RADIUS_KM * road_factor * np.arcsin(np.sqrt(np.minimum(haversine, 1.0)))
        shared = _POPCOUNT[o.months[a] & n.months[b]]
        ok = (road <= row.max_distance_km) & (shared > 0)
        if row.rule == "heat":
            ok &= o.temperature[a] >= n.temperature[b] + HEAT_MARGIN_K
        elif row.rule == "water":
            ok &= o.water[a] <= n.water[b]
        same_area = o.area[a] == n.area[b]
        ok &= (same_area | (o.shared[a] & n.shared[b])) if across_areas else same_area
        if not ok.any():
            continue
        quantity = np.minimum(o.quantity[a], n.quantity[b]) / np.maximum(o.quantity[a], n.quantity[b])
        closeness = 1 - road / row.max_distance_km
        timing = shared / _POPCOUNT[n.months[b]]
        score = np.where(ok, row.compatibility * quantity * closeness * timing, 0.0)
        k = min(top, score.shape[1])
        # each offer's k best, with every need tied at the k-th score (the final cut breaks ties by
        # the needs' order, so the choice does not depend on how numpy partitions)
        kth = -np.partition(-score, k - 1, axis=1)[:, k - 1 : k]
        r, c = np.nonzero((score >= kth) & (score > 0))
        results.append(
            (
                a[r, 0],
                need_index[c],
                score[r, c],
                road[r, c],
                quantity[r, c],
                closeness[r, c],
                timing[r, c],
                np.full(r.size, row_number),
            )
        )
    return results
