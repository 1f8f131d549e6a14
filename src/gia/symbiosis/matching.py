"""Matching offers with needs, with a score that explains itself, and the savings of each match.

Score of an (offer, need) pair = compatibility × quantity × distance × timing, each in [0, 1]:

- **compatibility**: from the substitution table (data) for the two categories; for heat the offer
  must be at least ``HEAT_MARGIN_K`` warmer than the need requires, for water of at least the
  quality the need asks for — otherwise the pair is not a match at all;
- **quantity**: the smaller yearly quantity ÷ the larger (1 when they are the same size);
- **distance**: 1 − road distance ÷ the table's maximum for the pair (great-circle distance × a road
  factor, both data); beyond the maximum, no match;
- **timing**: months in which both exist ÷ months of the need.

Offers and needs meet within their area, or across areas where both opted in.

Matching is indexed three ways, so that it scales to hundreds of thousands of flows over many areas
and countries, and returns exactly the matches of comparing every offer with every need:

- by category: only the category pairs the table allows are compared;
- by location (``gia.symbiosis.spatial``): within a category pair, a grid over latitude and
  longitude leaves out the needs that are certainly beyond the pair's maximum distance from an
  offer (with a safety margin); the great-circle check decides every pair that is left;
- by quantity: where an offer has many needs within reach, only its best ``top`` are kept, and a
  need can only be among them if its quantity is close enough to the offer's to reach the score of
  the ``top``-th best of a sample (compatibility × quantity bounds the score), so the others are
  not scored.

Within those, the work is vectorised over arrays, block by block.

Savings of a match: the quantity exchanged (the smaller of the two, for the shared months) × the
avoided factor of the need's category (data), minus road transport for materials (t × road km ×
kg CO2e/tkm); money where both prices are given (need price − offer price per unit).
"""

from __future__ import annotations

import csv
import gc
import itertools
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import attrgetter
from pathlib import Path

import numpy as np

from gia.accounting.provenance import FactorRef, Figure
from gia.errors import GiaInputError
from gia.i18n import _
from gia.i18n import number as format_number
from gia.i18n import percent as format_percent
from gia.symbiosis.flows import WATER_QUALITY_ORDER, Flow
from gia.symbiosis.labels import category_label, unit_label, water_quality_label
from gia.symbiosis.spatial import neighbourhoods

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


@lru_cache(maxsize=4096)
def _month_mask(months: tuple[int, ...]) -> int:
    """The months of a flow as bits of an integer (month m is bit m − 1; months are unique per flow)."""
    return sum(1 << (month - 1) for month in months)


_KIND = attrgetter("category", "unit")
#: what the matcher reads of a flow, in one call per flow
_FIELDS = attrgetter(
    "location.latitude",
    "location.longitude",
    "quantity_per_year",
    "months",
    "temperature_c",
    "water_quality",
    "area",
    "share_across_areas",
)


@dataclass(frozen=True)
class _Arrays:
    """Flow attributes as arrays, so that blocks of pairs are scored without Python loops."""

    latitude: np.ndarray  # degrees, for the location index
    longitude: np.ndarray
    sin_lat: np.ndarray  # sine and cosine of half the latitude and longitude, and cos of the latitude:
    cos_lat: np.ndarray  # the haversine of two places is then sums of products, without trigonometry
    sin_lon: np.ndarray
    cos_lon: np.ndarray
    cos_latitude: np.ndarray
    quantity: np.ndarray
    months: np.ndarray
    month_count: np.ndarray
    temperature: np.ndarray
    water: np.ndarray
    area: np.ndarray
    shared: np.ndarray

    @classmethod
    def of(
        cls, flows: list[Flow], areas: dict[str, int], missing_temperature: float, missing_water: str
    ) -> _Arrays:
        order = {q: i for i, q in enumerate(WATER_QUALITY_ORDER)}
        (latitude, longitude, quantity, months, temperature, water, area, shared) = (
            zip(*map(_FIELDS, flows), strict=True) if flows else ((),) * 8
        )
        latitude, longitude = np.array(latitude, dtype=float), np.array(longitude, dtype=float)
        lat, lon = np.radians(latitude), np.radians(longitude)
        masks = np.fromiter(map(_month_mask, map(tuple, months)), dtype=np.int32, count=len(flows))
        return cls(
            latitude=latitude,
            longitude=longitude,
            sin_lat=np.sin(lat / 2),
            cos_lat=np.cos(lat / 2),
            sin_lon=np.sin(lon / 2),
            cos_lon=np.cos(lon / 2),
            cos_latitude=np.cos(lat),
            quantity=np.array(quantity, dtype=float),
            months=masks,
            month_count=np.bitwise_count(masks).astype(np.int32),
            temperature=np.array([missing_temperature if t is None else t for t in temperature], dtype=float),
            water=np.array([order[q or missing_water] for q in water], dtype=np.int64),
            area=np.array([areas.setdefault(name, len(areas)) for name in area], dtype=np.int64),
            shared=np.array(shared, dtype=bool),
        )


#: the offers of a grid cell for which the location index names at least ``_WINDOW_FROM`` needs are
#: scored by quantity windows (``_Scorer.windowed``), after a sample of the ``2 × _SAMPLE`` needs
#: nearest to each in quantity; the offers of a cell with fewer are scored as one dense block against
#: them when that makes at least ``_DENSE_PAIRS`` pairs (and the cell has ``_DENSE_OFFERS`` offers),
#: else pooled with the offers of other small cells, each with its own row of needs
_WINDOW_FROM = 128
_SAMPLE = 16
_DENSE_PAIRS = 4096
_DENSE_OFFERS = 4
#: about this many pairs are scored at a time (so that the intermediate arrays stay in cache)
_BLOCK_PAIRS = 32_768
#: relative slack of the quantity window, far above the rounding of a score (about 1e-16)
_QUANTITY_SLACK = 1e-9
_SMALLEST_POSITIVE = np.nextafter(0.0, 1.0)
#: what the scorer reads of each flow
_SCORED_FIELDS = (
    "sin_lat",
    "cos_lat",
    "sin_lon",
    "cos_lon",
    "cos_latitude",
    "quantity",
    "months",
    "month_count",
)


def match_flows(
    offers: list[Flow],
    needs: list[Flow],
    table: Table | None = None,
    top: int = 5,
    across_areas: bool = False,
    *,
    counts: MatchCounts | None = None,
) -> list[Match]:
    """The best ``top`` needs for each offer, over the category pairs the table allows; best first.

    Offer and need must be given in the same unit (the table's for the pair). The matches of one
    offer are alternatives: each claims the whole quantity exchanged, so their savings do not add up.

    Within a category pair, a grid over latitude and longitude (``gia.symbiosis.spatial``) leaves
    out the needs that are certainly beyond the pair's maximum distance, and quantity windows the
    needs that certainly cannot be among an offer's ``top`` best; every pair left is decided by the
    exact great-circle check and scored as before, so the matches are exactly those of comparing
    every offer with every need. ``counts``, if given, is told how many pairs were compared.
    """
    if top < 1:
        raise ValueError("top must be at least 1")
    with _collector_paused():
        return _match_flows(offers, needs, table or load_table(), top, across_areas, counts or MatchCounts())


@dataclass
class MatchCounts:
    """How much one ``match_flows`` call compared."""

    #: offer × need pairs of the category pairs the table allows (in the same unit)
    candidate_pairs: int = 0
    #: of those, the pairs scored exactly; the location index and the quantity windows left the others
    #: out (too far apart, or too different in quantity to be among an offer's best). A pair of the
    #: sample that sets an offer's quantity window is counted again if it falls in the window.
    pairs_compared: int = 0


def _match_flows(
    offers: list[Flow],
    needs: list[Flow],
    table: Table,
    top: int,
    across_areas: bool,
    counts: MatchCounts,
) -> list[Match]:
    by_need, by_offer = _by_kind(needs), _by_kind(offers)
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
            if offer_index is not None and need_index is not None:
                found.extend(
                    _score_row(
                        o,
                        n,
                        offer_index,
                        need_index,
                        row,
                        row_number,
                        table.road_factor.value,
                        across_areas,
                        top,
                        counts,
                    )
                )
    if not found:
        return []
    offer_at, need_at, score, road, quantity, closeness, timing, row_at = _ranked(found, top, len(needs))
    return list(
        map(
            Match,
            map(offers.__getitem__, offer_at),
            map(needs.__getitem__, need_at),
            map(rows.__getitem__, row_at),
            itertools.repeat(table),
            score,
            quantity,
            closeness,
            timing,
            road,
        )
    )


def _ranked(found: list[tuple[np.ndarray, ...]], top: int, need_count: int) -> list[list]:
    """The best ``top`` candidates of each offer, best first overall (ties in the offers' and then the
    needs' order), as lists of offer, need, score, road km, quantity, closeness, timing and row.

    Within an offer, candidates rank by score, ties in the needs' order. Sorted by unique integer keys
    (an offer meets a need at most once) and one stable sort of the scores: the same order as sorting
    by (offer, −score, need) and by (−score, offer, need). Empties ``found`` as it goes.
    """
    arrays = [np.concatenate(parts) for parts in zip(*found, strict=True)]
    found.clear()
    offer_all, need_all, score_all = arrays[0], arrays[1], arrays[2]
    count = offer_all.size
    by_pair = np.argsort(offer_all * need_count + need_all)
    by_score = by_pair[np.argsort(-score_all[by_pair], kind="stable")]
    rank = np.empty(count, dtype=np.int64)
    rank[by_score] = np.arange(count)
    order = np.argsort(offer_all * count + rank)
    by_offer_sorted = offer_all[order]
    starts = np.flatnonzero(np.r_[True, by_offer_sorted[1:] != by_offer_sorted[:-1]])
    place = np.arange(count) - np.repeat(starts, np.diff(np.r_[starts, count]))
    keep = order[place < top]
    keep = keep[np.argsort(rank[keep])]
    return [x[keep].tolist() for x in arrays]


def _by_kind(flows: list[Flow]) -> dict[tuple[str, str], np.ndarray]:
    """The indices of the flows of each (category, unit), ascending."""
    if not flows:
        return {}
    kinds = list(map(_KIND, flows))
    code = {kind: number for number, kind in enumerate(dict.fromkeys(kinds))}
    codes = np.fromiter(map(code.__getitem__, kinds), dtype=np.int64, count=len(kinds))
    order = np.argsort(codes, kind="stable")
    groups = np.split(order, np.cumsum(np.bincount(codes, minlength=len(code)))[:-1])
    return dict(zip(code, groups, strict=True))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the matcher runs.

    Reading tens of thousands of flows and making a hundred thousand matches otherwise sets off full
    collections that walk every object of the process (the caller's flows among them) and cost a
    third of the matching; the matcher makes no reference cycles, so there is nothing for the
    collector to find among what it makes.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _score_row(
    o: _Arrays,
    n: _Arrays,
    offer_index: np.ndarray,
    need_index: np.ndarray,
    row: Substitution,
    row_number: int,
    road_factor: float,
    across_areas: bool,
    top: int,
    counts: MatchCounts,
) -> list[tuple[np.ndarray, ...]]:
    """Score the offers × needs of one category pair that the location index leaves (every pair
    within the row's maximum distance, and some beyond); keep each offer's ``top`` best needs with a
    positive score (with every need tied at the last place)."""
    # the great-circle angle the row's maximum road distance allows; a road factor that is not
    # positive makes every distance short enough, so nothing is left out
    reach = row.max_distance_km / (road_factor * EARTH_RADIUS_KM) if road_factor > 0 else math.inf
    hood = neighbourhoods(
        o.latitude[offer_index],
        o.longitude[offer_index],
        n.latitude[need_index],
        n.longitude[need_index],
        reach,
    )
    offers = offer_index[hood.offer_order]  # cell by cell
    needs = need_index[hood.need_order]  # by latitude band, then longitude
    scorer = _Scorer(o, n, offers, needs, row, row_number, road_factor, across_areas, top)
    windowed = not scorer.strict
    results: list[tuple[np.ndarray, ...]] = []
    bounds, starts, stops = hood.cell_bounds, hood.starts, hood.stops
    sizes, widths = np.diff(bounds), hood.widths
    wide = (widths >= _WINDOW_FROM) if windowed else np.zeros(sizes.size, dtype=bool)
    dense = wide | ((sizes >= _DENSE_OFFERS) & (sizes * widths >= _DENSE_PAIRS) & (widths > 0))
    if wide.any():
        results.extend(scorer.windowed(bounds, starts[wide], stops[wide], np.flatnonzero(wide)))
    for cell in np.flatnonzero(dense & ~wide).tolist():
        columns = _concatenated(starts[cell : cell + 1], stops[cell : cell + 1])
        results.extend(scorer.dense(np.arange(bounds[cell], bounds[cell + 1]), columns))
    # the offers of the other cells, each with the needs named for its cell, in ragged rows padded
    # to the longest of a group of about the same length
    cell_of = np.repeat(np.arange(sizes.size), sizes)
    pooled = np.flatnonzero(~dense[cell_of] & (widths[cell_of] > 0))
    if pooled.size:
        length = widths[cell_of[pooled]]
        order = np.argsort(length)
        pooled, length = pooled[order], length[order]
        for first, last, width in _runs(length):
            cells = cell_of[pooled[first:last]]
            columns = _ragged_columns(starts[cells], stops[cells], width, spare=needs.size)
            results.extend(scorer.pooled(pooled[first:last], columns, int(length[first:last].sum())))
    counts.candidate_pairs += offer_index.size * need_index.size
    counts.pairs_compared += scorer.compared
    return results


def _runs(length: np.ndarray) -> Iterator[tuple[int, int, int]]:
    """Cut rows of ascending ``length`` into runs of about ``_BLOCK_PAIRS`` pairs whose lengths are
    within a factor of two: (first, last, the longest length) of each run."""
    group = np.ceil(np.log2(np.maximum(length, 1))).astype(np.int64)
    edges = np.flatnonzero(np.r_[True, group[1:] != group[:-1], True]).tolist()
    for begin, end in itertools.pairwise(edges):
        chunk = max(1, _BLOCK_PAIRS // max(int(length[end - 1]), 1))
        for first in range(begin, end, chunk):
            last = min(first + chunk, end)
            yield first, last, int(length[last - 1])


def _concatenated(starts: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """The positions of the slices ``starts[i, s]:stops[i, s]``, row by row, slice by slice."""
    lengths = (stops - starts).ravel()
    ends = np.cumsum(lengths)
    return np.arange(int(ends[-1]) if ends.size else 0) + np.repeat(
        starts.ravel() - (ends - lengths), lengths
    )


def _ragged_columns(starts: np.ndarray, stops: np.ndarray, width: int, spare: int) -> np.ndarray:
    """Rows of need positions, one row per offer: the concatenated slices ``starts[i, s]:stops[i, s]``
    of row ``i``, padded with ``spare`` to ``width``."""
    filled = (stops - starts).sum(axis=1)
    columns = np.full((starts.shape[0], width), spare, dtype=np.int64)
    total = int(filled.sum())
    row_ends = np.cumsum(filled)
    rows = np.repeat(np.arange(filled.size), filled)
    columns[rows, np.arange(total) - np.repeat(row_ends - filled, filled)] = _concatenated(starts, stops)
    return columns


def _best(score: np.ndarray, top: int, strict: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns of each row's ``top`` best positive scores, with every score tied at the
    ``top``-th (the final cut breaks ties by the needs' order, so the choice does not depend on how
    numpy partitions). ``strict``: as before the index, with scores that may not be numbers."""
    width = score.shape[1]
    if strict:
        k = min(top, width)
        kth = -np.partition(-score, k - 1, axis=1)[:, k - 1 : k]
        keep = (score >= kth) & (score > 0)
    elif width > top:
        kth = np.partition(score, width - top, axis=1)[:, width - top, None]
        keep = score >= np.maximum(kth, _SMALLEST_POSITIVE)
    else:
        keep = score > 0
    return np.divmod(np.flatnonzero(keep), width)


class _Scorer:
    """Scores blocks of offer × need pairs of one substitution row; every pair gets the value it gets
    in one dense matrix of all pairs, and each offer keeps its ``top`` best needs of the block with a
    positive score (with every need tied at the last place).

    Offers and needs are named by position in the row: ``offers`` and ``needs`` map positions to the
    indices of the caller's lists (a position ``needs.size`` is a spare need that pads ragged rows
    and never matches). ``compared`` counts the pairs scored.
    """

    def __init__(
        self,
        o: _Arrays,
        n: _Arrays,
        offers: np.ndarray,
        needs: np.ndarray,
        row: Substitution,
        row_number: int,
        road_factor: float,
        across_areas: bool,
        top: int,
    ) -> None:
        self.offers, self.needs, self.row, self.row_number, self.top = offers, needs, row, row_number, top
        self.road_scale = 2 * EARTH_RADIUS_KM * road_factor
        # with a positive, finite compatibility and road factor and a positive maximum distance, a
        # pair that breaks a rule scores 0 or less by itself (see ``scores``), and a score is at most
        # compatibility × quantity (``windowed``). A table made by hand with other values is scored
        # strictly as before: rules as a mask, no quantity windows.
        self.strict = not (
            0 < row.compatibility < math.inf and row.max_distance_km > 0 and 0 < road_factor < math.inf
        )
        self.across_areas = across_areas
        areas = np.concatenate([o.area[offers], n.area[needs]])
        # one area on both sides: every pair is in the same area
        self.one_area = bool(areas.size == 0 or areas.min() == areas.max())
        fields = list(_SCORED_FIELDS)
        if row.rule in ("heat", "water"):
            fields.append("temperature" if row.rule == "heat" else "water")
        if not self.one_area:
            fields += ["area", "shared"]
        self.o = {name: getattr(o, name)[offers] for name in fields}
        self.n = {}
        for name in fields:
            values = getattr(n, name)
            self.n[name] = np.concatenate([values[needs], np.zeros(1, values.dtype)])
        self.n["month_count"] = self.n["month_count"].astype(float)
        self.n["month_count"][-1] = 1.0  # the spare need: no month (so no match), no division by 0
        if row.rule == "heat":
            self.n["temperature"] = self.n["temperature"] + HEAT_MARGIN_K  # what the offer must reach
        # the needs' quantities sorted, and each need's rank among them (for quantity windows)
        quantity = self.n["quantity"][:-1]
        by_quantity = np.argsort(quantity, kind="stable")
        self.sorted_quantity = quantity[by_quantity]
        self.rank = np.empty(by_quantity.size, dtype=np.int64)
        self.rank[by_quantity] = np.arange(by_quantity.size)
        self.compared = 0

    def scores(self, o: dict[str, np.ndarray], n: dict[str, np.ndarray]) -> tuple[np.ndarray, ...]:
        """Score, road km, quantity, closeness and timing of offers × needs given as arrays that
        broadcast (offers (k, 1), needs (1, m) or (k, m)); the score of a pair that is not a match
        is not positive."""
        row = self.row
        # haversine by the difference formulas: sin((y − x)/2) = sin(y/2)cos(x/2) − cos(y/2)sin(x/2)
        half_lat = n["sin_lat"] * o["cos_lat"]
        half_lat -= n["cos_lat"] * o["sin_lat"]
        half_lon = n["sin_lon"] * o["cos_lon"]
        half_lon -= n["cos_lon"] * o["sin_lon"]
        np.square(half_lat, out=half_lat)
        np.square(half_lon, out=half_lon)
        haversine = o["cos_latitude"] * n["cos_latitude"]
        haversine *= half_lon
        haversine += half_lat  # half_lat² + cos φ₁ cos φ₂ half_lon², added in the same order
        road = np.minimum(haversine, 1.0, out=haversine)
        np.sqrt(road, out=road)
        np.arcsin(road, out=road)
        road *= self.road_scale
        # a pair is a match when its score is positive: beyond the maximum distance its closeness is
        # not positive, without a shared month its timing is 0; a pair that breaks the heat, water or
        # area rule is given no shared month (so timing 0)
        shared = np.bitwise_count(o["months"] & n["months"])
        ok = (road <= row.max_distance_km) & (shared > 0) if self.strict else shared
        if row.rule == "heat":
            ok *= o["temperature"] >= n["temperature"]
        elif row.rule == "water":
            ok *= o["water"] <= n["water"]
        if not self.one_area:
            same_area = o["area"] == n["area"]
            ok *= (same_area | (o["shared"] & n["shared"])) if self.across_areas else same_area
        quantity = np.minimum(o["quantity"], n["quantity"])
        quantity /= np.maximum(o["quantity"], n["quantity"])
        closeness = road / row.max_distance_km
        np.subtract(1, closeness, out=closeness)
        timing = shared / n["month_count"]
        score = row.compatibility * quantity
        score *= closeness
        score *= timing
        if self.strict:
            score = np.where(ok, score, 0.0)
        return score, road, quantity, closeness, timing

    def _offers(self, rows: np.ndarray) -> dict[str, np.ndarray]:
        """The offers at ``rows`` as a column, shape (k, 1)."""
        return {name: values[rows, None] for name, values in self.o.items()}

    def _kept(
        self,
        rows: np.ndarray,
        need_position: np.ndarray,
        scored: tuple[np.ndarray, ...],
        r: np.ndarray,
        c: np.ndarray,
    ) -> tuple[np.ndarray, ...]:
        """The kept pairs (block rows ``r``, columns ``c``) as the caller's indices and components."""
        score, road, quantity, closeness, timing = scored
        return (
            self.offers[rows[r]],
            self.needs[need_position],
            score[r, c],
            road[r, c],
            quantity[r, c],
            closeness[r, c],
            timing[r, c],
            np.full(r.size, self.row_number),
        )

    def dense(self, rows: np.ndarray, columns: np.ndarray) -> list[tuple[np.ndarray, ...]]:
        """The offers at ``rows`` × the needs at ``columns``, every pair."""
        needs = {name: values[columns][None, :] for name, values in self.n.items()}
        results = []
        chunk = max(1, _BLOCK_PAIRS // columns.size)
        for first in range(0, rows.size, chunk):
            part = rows[first : first + chunk]
            scored = self.scores(self._offers(part), needs)
            self.compared += scored[0].size
            r, c = _best(scored[0], self.top, self.strict)
            if r.size:
                results.append(self._kept(part, columns[c], scored, r, c))
        return results

    def pooled(self, rows: np.ndarray, columns: np.ndarray, pairs: int) -> list[tuple[np.ndarray, ...]]:
        """The offer at each of ``rows`` × the needs in its row of ``columns`` (``pairs`` of them
        real, the rest the spare need)."""
        scored = self.scores(self._offers(rows), {name: values[columns] for name, values in self.n.items()})
        self.compared += pairs
        r, c = _best(scored[0], self.top, self.strict)
        return [self._kept(rows, columns[r, c], scored, r, c)] if r.size else []

    def windowed(
        self, bounds: np.ndarray, starts: np.ndarray, stops: np.ndarray, cells: np.ndarray
    ) -> list[tuple[np.ndarray, ...]]:
        """The offers of ``cells`` (``bounds[c]:bounds[c + 1]``) × the needs named for each cell
        (``starts``/``stops``, one row per cell), without scoring every pair.

        A score is compatibility × quantity × closeness × timing, the last two at most 1, so a need
        scores L or more only if compatibility × quantity ≥ L: only if its yearly quantity is within
        a factor compatibility ÷ L of the offer's. The ``top``-th best score of any needs of the
        offer (here: the ``2 × _SAMPLE`` of its cell nearest to it in quantity) is such an L for its
        ``top`` best, so they are all among the needs of its cell in that window; only those are
        scored. With each cell's needs sorted by quantity, a window is one slice; the slices of a
        run of offers are widened to the longest of the run (the needs added are needs of the cell,
        scored like any other; what a slice reaches beyond its cell does not count).
        """
        top, compatibility = self.top, self.row.compatibility
        # every cell's needs, one segment each, sorted by quantity within it (by the quantity's rank
        # among the row's needs: integer keys segment × needs + rank)
        widths = (stops - starts).sum(axis=1)
        columns = _concatenated(starts, stops)
        stride = self.rank.size
        key = np.repeat(np.arange(cells.size), widths) * stride + self.rank[columns]
        order = np.argsort(key)
        columns, key = columns[order], key[order]
        total = columns.size
        segment_end = np.cumsum(widths)
        # the offers, cell by cell, each with its segment
        sizes = bounds[cells + 1] - bounds[cells]
        segment_of = np.repeat(np.arange(cells.size), sizes)
        rows = np.arange(int(sizes.sum())) + np.repeat(bounds[cells] - (np.cumsum(sizes) - sizes), sizes)
        first, end = (segment_end - widths)[segment_of], segment_end[segment_of]
        offer_quantity = self.o["quantity"][rows]

        def position(quantity: np.ndarray, side: str) -> np.ndarray:
            """Where ``quantity`` falls in each offer's segment (``side`` as for searchsorted)."""
            rank = np.searchsorted(self.sorted_quantity, quantity, side=side)
            return np.searchsorted(key, segment_of * stride + rank, side="left")

        needs = {name: values[columns] for name, values in self.n.items()}
        # pad with spare needs (no month: never a match), so that any slice of a segment's length
        # fits, even from the last segment
        longest_segment = int(widths.max())
        needs = {
            name: np.concatenate([values, np.zeros(longest_segment, values.dtype)])
            for name, values in needs.items()
        }
        needs["month_count"][total:] = 1.0
        # 1. each offer against the needs of its cell nearest in quantity (a cell's needs are distinct,
        # so these are as many different needs): a lower bound of its top-th best score
        sample = min(2 * _SAMPLE, int(widths.min()))
        start = np.clip(position(offer_quantity, "left") - sample // 2, first, end - sample)
        least = np.zeros(rows.size)
        if sample > top:
            chunk = max(1, _BLOCK_PAIRS // sample)
            for at in range(0, rows.size, chunk):
                part = slice(at, at + chunk)
                score = self.scores(self._offers(rows[part]), _windows(needs, start[part], sample))[0]
                self.compared += score.size
                least[part] = np.partition(score, sample - top, axis=1)[:, sample - top]
        # 2. the window of each offer: the needs of its cell whose quantity can reach that score
        ratio = least / compatibility * (1 - _QUANTITY_SLACK)
        bounded = ratio > 0  # fewer than top positive scores in the sample (or none): no bound
        with np.errstate(divide="ignore", invalid="ignore"):
            smallest = np.where(bounded, offer_quantity * ratio * (1 - _QUANTITY_SLACK), 0.0)
            largest = np.where(bounded, offer_quantity / ratio * (1 + _QUANTITY_SLACK), np.inf)
        start = position(smallest, "left")
        length = position(largest, "right") - start
        order = np.argsort(length)
        rows, start, length, first, end = rows[order], start[order], length[order], first[order], end[order]
        results = []
        for at, last, longest in _runs(length):
            if longest == 0:
                continue
            part = slice(at, last)
            # the slice widened to the longest of the run, within the offer's segment if it is long
            # enough; what lies beyond the segment (needs of the next cell, maybe named in this one
            # too, or spare needs) does not count
            begin = np.clip(start[part], first[part], np.maximum(first[part], end[part] - longest))
            scored = self.scores(self._offers(rows[part]), _windows(needs, begin, longest))
            inside = end[part] - begin
            if (inside < longest).any():
                scored[0][np.arange(longest)[None, :] >= inside[:, None]] = 0.0
            self.compared += scored[0].size
            r, c = _best(scored[0], top)
            if r.size:
                results.append(self._kept(rows[part], columns[begin[r] + c], scored, r, c))
        return results


def _windows(arrays: dict[str, np.ndarray], start: np.ndarray, width: int) -> dict[str, np.ndarray]:
    """Row i of each (one-dimensional, contiguous) array: the slice ``start[i]:start[i] + width``,
    copied from a view of every such slice."""
    windows = {}
    for name, values in arrays.items():
        step = values.strides[0]
        every = np.ndarray((values.size - width + 1, width), values.dtype, values, 0, (step, step))
        windows[name] = every[start]
    return windows
