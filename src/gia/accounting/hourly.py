"""Hourly (24/7) carbon-free electricity matching.

Rule (the GIA standard, edition gia-2026.1, criterion EN-04 "hourly carbon-free electricity"):

    CFE score = Σ_h [ min(S_h, L_h) + g_h × max(L_h − S_h, 0) ] ÷ Σ_h L_h

with ``L_h`` the load in hour ``h``, ``S_h`` the carbon-free supply procured for that hour (own
carbon-free generation, PPAs with an hourly profile, granular certificates, plus what storage
releases or minus what it takes, as its own series says) and ``g_h`` the grid's carbon-free share
in that hour (an hourly series where given, else the country's yearly share, flagged). Surplus in
one hour never carries to another. The area is scored as one portfolio: its load and supply are the
sums over its companies in each hour.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gia.accounting.provenance import FactorRef, Figure, Flag
from gia.i18n import _


@dataclass(frozen=True)
class HourlyData:
    """Hourly series of one reporting year, arranged per company (kWh per hour)."""

    year: int
    companies: tuple[str, ...]
    #: (companies × hours) load
    load: np.ndarray
    #: (companies × hours) carbon-free supply procured, storage included
    supply: np.ndarray
    #: (hours,) grid carbon-free share, or None: the country's yearly share is used
    grid_share: np.ndarray | None
    #: where the series came from (files), for provenance
    source: str
    #: data quality of the series, computed on import
    quality: DataQuality
    #: Σ of each company's series by meter role ("load", "generation" …) [kWh]
    role_totals: dict[tuple[str, str], float]
    #: what the import found worth saying (storage releasing more than it took in …)
    flags: tuple[Flag, ...] = ()
    #: (hours,) supply bought from companies in the area whose generation meters hold it already:
    #: counted for the buyer, but once only when the area is pooled
    internal_supply: np.ndarray | None = None

    @property
    def hours(self) -> int:
        return int(self.load.shape[1])


@dataclass(frozen=True)
class DataQuality:
    """How good the hourly data are: coverage, metered share, gaps filled, agreement with totals."""

    meter_hours_expected: int
    meter_hours_read: int
    filled_hours: int
    metered_load_kwh: float
    load_kwh: float
    fill_rule: str = ""

    @property
    def coverage(self) -> float:
        return self.meter_hours_read / self.meter_hours_expected if self.meter_hours_expected else 0.0

    @property
    def metered_share(self) -> float:
        return self.metered_load_kwh / self.load_kwh if self.load_kwh else 0.0

    @property
    def filled_share(self) -> float:
        return self.filled_hours / self.meter_hours_expected if self.meter_hours_expected else 0.0


def apply_storage(
    load: np.ndarray, own: np.ndarray, storage: np.ndarray
) -> tuple[np.ndarray, np.ndarray, float]:
    """One company's storage, hour by hour: (load, carbon-free supply, energy released beyond what it took).

    ``storage`` is the storage's own series: energy released (+) or taken (−) in each hour. What it
    takes beyond the hour's carbon-free surplus (own carbon-free supply − load) comes from the grid
    and is added to that hour's load. What it releases counts as carbon-free only up to the
    carbon-free energy it holds (taken from surplus earlier, first in, first out); the rest is grid
    energy released later, which lowers that hour's load instead. Losses are the storage series' own
    business: GIA takes the series as they are.
    """
    take = np.maximum(-storage, 0.0)
    release = np.maximum(storage, 0.0)
    surplus = np.maximum(own - load, 0.0)
    clean_take = np.minimum(take, surplus)
    clean_release = np.zeros_like(release)
    held = 0.0
    for hour in range(release.size):  # sequential: what can be released depends on what is held
        held += clean_take[hour]
        clean_release[hour] = min(release[hour], held)
        held -= clean_release[hour]
    other_release = release - clean_release
    released_beyond = max(float(release.sum() - take.sum()), 0.0)
    new_load = load + (take - clean_take) - np.minimum(other_release, load)
    return new_load, own - clean_take + clean_release, released_beyond


@dataclass(frozen=True)
class CfeResult:
    """Hourly CFE scores of the area and of each company, with their provenance."""

    area: Figure
    companies: dict[str, Figure]


def match(load: np.ndarray, supply: np.ndarray, grid_share: np.ndarray | float) -> tuple[float, float, float]:
    """(Σ matched supply, Σ carbon-free grid energy, Σ load) over the hours, for one load.

    ``load`` and ``supply`` are arrays of the same shape (hours last); ``grid_share`` an array over
    the hours or one number. Sums run over the last axis; for a 2-D input they are summed fully.
    """
    supply = np.maximum(supply, 0.0)
    matched = np.minimum(supply, load)
    remaining = np.maximum(load - supply, 0.0)
    return float(matched.sum()), float((remaining * grid_share).sum()), float(load.sum())


def cfe_scores(
    data: HourlyData,
    yearly_share: FactorRef | None,
    yearly_flags: list[Flag],
    unmetered: Figure | None = None,
) -> CfeResult | None:
    """The CFE score of the area (one portfolio) and of each company; None if no load at all.

    ``unmetered`` is the electricity of the area's companies that have no hourly series: it counts
    in the area's score as load met by the grid alone, at the grid's (mean) carbon-free share.
    """
    if data.grid_share is not None:
        share: np.ndarray | float = data.grid_share
        grid = Figure(
            "grid_carbon_free_share",
            float(np.mean(data.grid_share)),
            "share",
            _("hourly carbon-free share of the grid (mean shown)"),
            path=data.source,
        )
    elif yearly_share is not None:
        share = yearly_share.value
        grid = Figure(
            "grid_carbon_free_share",
            yearly_share.value,
            "share",
            _("the country's yearly carbon-free share of the grid, for every hour"),
            factors=(yearly_share,),
            flags=tuple(yearly_flags),
        )
    else:
        share = 0.0
        grid = Figure(
            "grid_carbon_free_share",
            0.0,
            "share",
            _("no carbon-free share of the grid known: the grid counts as not carbon-free"),
            flags=tuple(yearly_flags),
        )

    def score(name: str, load: np.ndarray, supply: np.ndarray, path: str) -> Figure | None:
        matched, from_grid, total = match(load, supply, share)
        if total <= 0:
            return None
        parts = (
            Figure(
                "cfe_matched_kwh",
                matched,
                "kWh",
                _("Σ over hours of min(carbon-free supply, load); no carry-over between hours"),
                path=path,
            ),
            Figure(
                "cfe_grid_kwh",
                from_grid,
                "kWh",
                _("Σ over hours of the grid's carbon-free share × load not met by own supply"),
                (grid,),
                path=path,
            ),
            Figure("hourly_load_kwh", total, "kWh", _("Σ of the hourly load"), path=path),
        )
        return Figure(
            name,
            (matched + from_grid) / total,
            "share",
            _("(matched supply + carbon-free grid energy) ÷ load, hour by hour"),
            parts,
            path=path,
        )

    companies = {}
    for index, company in enumerate(data.companies):
        figure = score("hourly_cfe_score", data.load[index], data.supply[index], data.source)
        if figure is not None:
            companies[company] = figure
    pooled = data.supply.sum(axis=0)
    if data.internal_supply is not None:
        pooled = np.maximum(pooled - data.internal_supply, 0.0)
    area = score("hourly_cfe_score", data.load.sum(axis=0), pooled, data.source)
    if area is None:
        return None
    if unmetered is not None and unmetered.value > 0:
        matched, from_grid, load = (part.value for part in area.inputs)
        flag = Flag(
            "unmetered_load",
            _(
                "{kwh} kWh of the area's electricity has no hourly series and counts at the grid's carbon-free share"
            ).format(kwh=round(unmetered.value)),
        )
        silent = Figure(
            "unmetered_cfe_kwh",
            unmetered.value * grid.value,
            "kWh",
            _(
                "electricity of companies without hourly series × the grid's carbon-free share: no own supply matched"
            ),
            (unmetered, grid),
            flags=(flag,),
        )
        area = Figure(
            "hourly_cfe_score",
            (matched + from_grid + silent.value) / (load + unmetered.value),
            "share",
            _(
                "(matched supply + carbon-free grid energy, with the companies without series at the grid's share) ÷ load"
            ),
            (*area.inputs, silent),
            path=data.source,
        )
    return CfeResult(area, companies)
