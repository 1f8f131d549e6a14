"""Matching offers with needs, with a score that explains itself, and the savings of each match.

Score of an (offer, need) pair = compatibility × quantity × distance × timing, each in [0, 1]:

- **compatibility**: from the substitution table (data) for the two categories; for heat the offer
  must be at least ``HEAT_MARGIN_K`` warmer than the need requires, for water of at least the
  quality the need asks for — otherwise the pair is not a match at all;
- **quantity**: the smaller yearly quantity ÷ the larger (1 when they are the same size);
- **distance**: 1 − road distance ÷ the table's maximum for the pair (great-circle distance × a road
  factor, both data); beyond the maximum, no match;
- **timing**: months in which both exist ÷ months of the need.

Matching is indexed by category: only the category pairs the table allows are ever compared, and
within them the work is vectorised over arrays, so it scales to tens of thousands of flows. Offers
and needs meet within their area, or across areas where both opted in.

Savings of a match: the quantity exchanged (the smaller of the two, for the shared months) × the
avoided factor of the need's category (data), minus road transport for materials (t × road km ×
kg CO2e/tkm); money where both prices are given (need price − offer price per unit).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from gia.accounting.provenance import FactorRef, Figure
from gia.errors import GiaInputError
from gia.i18n import _
from gia.i18n import number as format_number
from gia.i18n import percent as format_percent
from gia.symbiosis.flows import WATER_QUALITY_ORDER, Flow
from gia.symbiosis.labels import category_label, unit_label, water_quality_label

DATA_DIR = Path(__file__).parent / "data"
HEAT_MARGIN_K = 5.0
EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Substitution:
    offer_category: str
    need_category: str
    compatibility: float
    rule: str
    max_distance_km: float
    note: str
    source: str
    #: the unit both flows must be given in (from the need's avoided-emission factor); None: any,
    #: as long as offer and need share it
    unit: str | None = None


@dataclass(frozen=True)
class Table:
    """The substitution table and the factors savings are computed with."""

    substitutions: tuple[Substitution, ...]
    avoided: dict[str, FactorRef]
    road_freight: FactorRef
    road_factor: FactorRef


def _rows(name: str, required: tuple[str, ...]) -> list[dict[str, str]]:
    path = DATA_DIR / name
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for number, row in enumerate(rows, start=2):
        for column in required:
            if not (row.get(column) or "").strip():
                raise GiaInputError(
                    str(path),
                    [
                        (
                            _("row {row}, column {column}").format(row=number, column=column),
                            _("this field is required"),
                        )
                    ],
                )
    return rows


def _number(row: dict[str, str], column: str, name: str, number: int) -> float:
    try:
        value = float(row[column])
    except ValueError:
        raise GiaInputError(
            name, [(_("row {row}, column {column}").format(row=number, column=column), _("must be a number"))]
        ) from None
    if not math.isfinite(value):
        raise GiaInputError(
            name, [(_("row {row}, column {column}").format(row=number, column=column), _("must be a number"))]
        )
    return value


def _problem(name: str, number: int, message: str) -> GiaInputError:
    return GiaInputError(name, [(_("row {row}").format(row=number), message)])


#: the quantity unit of a need category, from the unit of its avoided-emission factor
FACTOR_UNITS = {"kg CO2e/t": "t", "kg CO2e/kWh": "kWh", "kg CO2e/m3": "m3"}


@cache
def load_table() -> Table:
    """The shipped substitution table and factors, validated row by row: numbers, rules, units,
    duplicates, and an avoided-emission factor for every need category."""
    avoided: dict[str, FactorRef] = {}
    for number, row in enumerate(
        _rows("avoided.csv", ("need_category", "value", "unit", "source", "year", "licence")), start=2
    ):
        category = row["need_category"].strip()
        if category in avoided:
            raise _problem("avoided.csv", number, _("{category} is listed twice").format(category=category))
        if row["unit"] not in FACTOR_UNITS:
            raise _problem(
                "avoided.csv", number, _("unit must be one of {units}").format(units=", ".join(FACTOR_UNITS))
            )
        avoided[category] = FactorRef(
            f"symbiosis-avoided/{category}",
            _number(row, "value", "avoided.csv", number),
            row["unit"],
            f"{row['source']} ({row.get('virgin_material', '')})",
            int(_number(row, "year", "avoided.csv", number)),
            row["licence"],
            row.get("verified", ""),
        )
    substitutions = []
    seen: set[tuple[str, str]] = set()
    required = ("offer_category", "need_category", "compatibility", "rule", "max_distance_km", "source")
    for number, row in enumerate(_rows("substitutions.csv", required), start=2):
        pair = (row["offer_category"].strip(), row["need_category"].strip())
        compatibility = _number(row, "compatibility", "substitutions.csv", number)
        distance = _number(row, "max_distance_km", "substitutions.csv", number)
        if not 0 < compatibility <= 1 or row["rule"] not in ("material", "heat", "water") or distance <= 0:
            raise _problem(
                "substitutions.csv",
                number,
                _("compatibility in (0, 1], rule material, heat or water, and a positive max_distance_km"),
            )
        if pair in seen:
            raise _problem(
                "substitutions.csv",
                number,
                _("{offer} → {need} is listed twice").format(offer=pair[0], need=pair[1]),
            )
        if pair[1] not in avoided:
            raise _problem(
                "substitutions.csv",
                number,
                _("no avoided-emission factor for {category} in avoided.csv").format(category=pair[1]),
            )
        seen.add(pair)
        substitutions.append(
            Substitution(
                pair[0],
                pair[1],
                compatibility,
                row["rule"],
                distance,
                row.get("note", ""),
                row["source"],
                FACTOR_UNITS[avoided[pair[1]].unit],
            )
        )
    transport: dict[str, FactorRef] = {}
    for number, row in enumerate(
        _rows("transport.csv", ("mode", "value", "unit", "source", "year", "licence")), start=2
    ):
        transport[row["mode"]] = FactorRef(
            f"transport/{row['mode']}",
            _number(row, "value", "transport.csv", number),
            row["unit"],
            row["source"],
            int(_number(row, "year", "transport.csv", number)),
            row["licence"],
            row.get("verified", ""),
        )
    for mode in ("road_freight", "road_factor"):
        if mode not in transport:
            raise GiaInputError("transport.csv", [("", _("no {mode} row").format(mode=mode))])
    return Table(tuple(substitutions), avoided, transport["road_freight"], transport["road_factor"])


def flow_warnings(offers: list[Flow], needs: list[Flow], table: Table) -> list[str]:
    """What keeps a flow from ever matching: an unknown category, a unit the table does not use for
    it, a heat flow without a temperature, a water flow without a quality."""
    warnings = []
    for side, flows, key in (("offers", offers, "offer_category"), ("needs", needs, "need_category")):
        rows: dict[str, list[Substitution]] = {}
        for row in table.substitutions:
            rows.setdefault(getattr(row, key), []).append(row)
        for index, flow in enumerate(flows):
            place = f"{side}[{index}] ({flow.id})"
            found = rows.get(flow.category)
            if not found:
                warnings.append(
                    _("{place}: category {category!r} is not in the substitution table").format(
                        place=place, category=flow.category
                    )
                )
                continue
            if all(row.unit is not None and row.unit != flow.unit for row in found):
                expected = ", ".join(sorted({row.unit for row in found if row.unit}))
                warnings.append(
                    _("{place}: {category} is matched in {expected}, not {unit}").format(
                        place=place, category=flow.category, expected=expected, unit=flow.unit
                    )
                )
            if any(row.rule == "heat" for row in found) and flow.temperature_c is None:
                warnings.append(_("{place}: heat without temperature_c never matches").format(place=place))
            if any(row.rule == "water" for row in found) and flow.water_quality is None:
                warnings.append(_("{place}: water without water_quality never matches").format(place=place))
    return warnings


def _plain(value: float | None) -> str:
    """A measured value as the reader writes it: whole numbers without decimals, else one."""
    if value is None:
        return "—"
    return format_number(value, 0 if float(value).is_integer() else 1)


@dataclass(slots=True)
class Match:
    """One offer matched with one need: the score's components; reasons and savings on request."""

    offer: Flow
    need: Flow
    row: Substitution
    table: Table
    score: float
    quantity: float
    distance: float
    timing: float
    road_km: float

    @property
    def compatibility(self) -> float:
        return self.row.compatibility

    @property
    def shared_months(self) -> int:
        return len(set(self.offer.months) & set(self.need.months))

    @property
    def exchanged(self) -> float:
        """The quantity exchanged a year: the smaller of offer and need, for the months both exist."""
        return min(
            self.offer.quantity_per_year * self.shared_months / len(self.offer.months),
            self.need.quantity_per_year * self.timing,
        )

    @property
    def distance_known(self) -> bool:
        """False when either company's place is not known (the area's centre stood in for it)."""
        return not (self.offer.location_estimated or self.need.location_estimated)

    @property
    def reasons(self) -> tuple[str, ...]:
        return self.explain(with_note=True)

    def explain(self, with_note: bool = True) -> tuple[str, ...]:
        """The score's components in words, in the active language; ``with_note`` adds the
        substitution table's note (English, from the data file) to the compatibility."""
        offer, need, row = self.offer, self.need, self.row
        replaces = _("{offer} can replace {need} (compatibility {value})").format(
            offer=category_label(offer.category),
            need=category_label(need.category),
            value=format_percent(row.compatibility),
        )
        if with_note:
            replaces = f"{replaces[:-1]}: {row.note or row.source})"
        unit = unit_label(need.unit)
        reasons = [
            replaces,
            _("quantities {offer} {unit} and {need} {unit} a year (overlap {value})").format(
                offer=format_number(offer.quantity_per_year),
                need=format_number(need.quantity_per_year),
                unit=unit,
                value=format_percent(self.quantity),
            ),
            _("{km} km by road of at most {limit} km").format(
                km=format_number(self.road_km, 1), limit=format_number(row.max_distance_km)
            )
            if self.distance_known
            else _(
                "distance unknown: a company's location is not given, so the area's centre stands in "
                "for it (at most {limit} km by road)"
            ).format(limit=format_number(row.max_distance_km)),
            _("available in {shared} of the {months} months needed").format(
                shared=self.shared_months, months=len(need.months)
            ),
        ]
        if row.rule == "heat":
            reasons.append(
                _("heat at {offer} °C for a need of {need} °C").format(
                    offer=_plain(offer.temperature_c), need=_plain(need.temperature_c)
                )
            )
        if row.rule == "water":
            reasons.append(
                _("water of {offer} for a need of {need}").format(
                    offer=water_quality_label(offer.water_quality),
                    need=water_quality_label(need.water_quality),
                )
            )
        return tuple(reasons)

    @property
    def savings(self) -> Figure:
        """CO2e avoided by using the offer instead of virgin supply, net of road transport [kg CO2e]."""
        exchanged, need, table = self.exchanged, self.need, self.table
        amount = Figure(
            "exchanged", exchanged, need.unit, _("the smaller of offer and need, for the months both exist")
        )
        factor = table.avoided.get(need.category)
        if factor is None:
            avoided = Figure(
                "avoided_kg_co2e",
                0.0,
                "kg CO2e",
                _("no avoided-emission factor for {category}").format(category=need.category),
                (amount,),
            )
        else:
            avoided = Figure(
                "avoided_kg_co2e",
                exchanged * factor.value,
                "kg CO2e",
                _("quantity exchanged × avoided emissions of the virgin supply"),
                (amount,),
                (factor,),
            )
        if need.unit == "t":
            transport = Figure(
                "transport_kg_co2e",
                exchanged * self.road_km * table.road_freight.value,
                "kg CO2e",
                _("t × road km (great circle × road factor) × kg CO2e per tkm"),
                (amount,),
                (table.road_freight, table.road_factor),
            )
        else:
            transport = Figure(
                "transport_kg_co2e", 0.0, "kg CO2e", _("by pipe: pumping energy not counted"), (amount,)
            )
        return Figure(
            "net_savings_kg_co2e",
            avoided.value - transport.value,
            "kg CO2e",
            _("avoided − transport"),
            (avoided, transport),
        )

    @property
    def money_eur(self) -> float | None:
        """What the receiver saves a year where both prices are given (need price − offer price)."""
        if (
            self.offer.price_eur_per_unit is None
            or self.need.price_eur_per_unit is None
            or self.offer.unit != self.need.unit
        ):
            return None
        return self.exchanged * (self.need.price_eur_per_unit - self.offer.price_eur_per_unit)


def great_circle_km(
    latitude: float, longitude: float, other_latitude: float, other_longitude: float
) -> float:
    """Great-circle distance between two places [km] (haversine; degrees in, WGS 84 mean radius)."""
    lat1, lat2 = math.radians(latitude), math.radians(other_latitude)
    half_lat = math.sin((lat2 - lat1) / 2)
    half_lon = math.sin(math.radians(other_longitude - longitude) / 2)
    haversine = half_lat**2 + math.cos(lat1) * math.cos(lat2) * half_lon**2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(haversine, 1.0)))


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


def match_flows(
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
