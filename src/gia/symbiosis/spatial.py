"""Where offers and needs can meet: a grid over latitude and longitude that, for a reach (a
great-circle angle), names for each group of nearby offers the needs that may lie within it.

The grid only prunes. It is conservative: every need within the reach of an offer is among the
needs named for the offer's cell (with a margin of a millionth of the reach plus about 6 m on the
ground), and some needs named are farther away; the matcher decides every pair with its own exact
great-circle check, as it did without the grid.

How it works (numpy, no loops over flows):

- latitude is cut into bands of ``cell_fraction`` × the reach (in degrees of latitude); offers are
  grouped in cells of a band × a run of longitude of about the same width on the ground;
- needs are sorted by band, then by longitude, so the needs of one band in a range of longitude are
  one slice of that order;
- for each cell and each band near enough, the slice of needs whose longitude can be within reach of
  some offer of the cell. Two places at great-circle angle θ, latitudes φ₁, φ₂ and longitudes λ₁,
  λ₂ satisfy the haversine identity hav θ = hav(φ₂ − φ₁) + cos φ₁ cos φ₂ hav(λ₂ − λ₁), so θ ≤ d
  implies |φ₂ − φ₁| ≤ d and hav(λ₂ − λ₁) ≤ (hav d − hav Δφ_min) / (cos φ₁ cos φ₂), with Δφ_min the
  smallest latitude gap between the cell and the band and the cosines bounded below by the
  latitudes farthest from the equator in either. Where that bound allows any longitude (near a
  pole) or the window crosses the antimeridian, the whole band is named.

References
----------
Sinnott, R. W. (1984). Virtues of the Haversine. Sky and Telescope 68(2), 159.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

#: the reach is widened by this share of itself and by ``MARGIN_RAD`` (about 6 m on the ground) before
#: it prunes, so that rounding in the matcher's exact distance can never meet a pruned pair
MARGIN_RELATIVE = 1e-6
MARGIN_RAD = 1e-6
#: beyond this reach (about 5 000 km) the grid is not worth it: every offer meets every need
LARGEST_REACH_RAD = math.pi / 4
#: band height and offer-cell width as a share of the reach
CELL_FRACTION = 0.5
#: bands of need keys are this far apart, so that longitude + 180 (0–360) never reaches the next band
_BAND_STRIDE = 400.0


@dataclass(frozen=True)
class Neighbourhoods:
    """Offers grouped in cells and, for each cell, slices of the needs that may be within reach.

    ``offer_order`` lists offer positions cell by cell (cell ``c`` is
    ``offer_order[cell_bounds[c]:cell_bounds[c + 1]]``); ``need_order`` lists need positions sorted
    by band and longitude; the needs named for cell ``c`` are ``need_order[starts[c, s]:stops[c, s]]``
    for every slice ``s`` (empty slices have ``starts == stops``). Slices of one cell never overlap.
    """

    offer_order: np.ndarray
    cell_bounds: np.ndarray
    need_order: np.ndarray
    starts: np.ndarray
    stops: np.ndarray

    @property
    def widths(self) -> np.ndarray:
        """How many needs are named for each cell."""
        return (self.stops - self.starts).sum(axis=1)


def padded_reach(reach_rad: float) -> float:
    """The reach the grid prunes with: the given one plus the safety margin [rad]."""
    return max(reach_rad, 0.0) * (1 + MARGIN_RELATIVE) + MARGIN_RAD


def band_height_deg(reach_rad: float, cell_fraction: float = CELL_FRACTION) -> float:
    """Height of the grid's latitude bands for a reach [degrees of latitude]."""
    return math.degrees(padded_reach(reach_rad)) * cell_fraction


def neighbourhoods(
    offer_latitude: np.ndarray,
    offer_longitude: np.ndarray,
    need_latitude: np.ndarray,
    need_longitude: np.ndarray,
    reach_rad: float,
    cell_fraction: float = CELL_FRACTION,
) -> Neighbourhoods:
    """For each cell of nearby offers, the needs that may be within ``reach_rad`` of one of them.

    Parameters
    ----------
    offer_latitude, offer_longitude : numpy.ndarray
        places of the offers [degrees, WGS 84]
    need_latitude, need_longitude : numpy.ndarray
        places of the needs [degrees, WGS 84]
    reach_rad : float
        the largest great-circle angle between an offer and a need that can meet [rad]
        (distance ÷ earth radius); not finite or very large: every need for every offer
    cell_fraction : float
        band height and cell width as a share of the reach [-]
    """
    offers, needs = offer_latitude.size, need_latitude.size
    reach = padded_reach(reach_rad) if not math.isnan(reach_rad) else math.inf
    if not reach < LARGEST_REACH_RAD or offers == 0 or needs == 0:
        return Neighbourhoods(
            np.arange(offers),
            np.array([0, offers]),
            np.arange(needs),
            np.array([[0]]),
            np.array([[needs]]),
        )
    reach_deg = math.degrees(reach)
    height = reach_deg * cell_fraction

    # needs: sorted by band, then longitude, as one key (the rounding of the key is monotone, so a
    # search with a key computed the same way finds every need in a longitude range, maybe a few more)
    need_band = np.floor(need_latitude / height).astype(np.int64)
    bands, band_of_need = np.unique(need_band, return_inverse=True)
    key = band_of_need * _BAND_STRIDE + (need_longitude + 180.0)
    need_order = np.argsort(key)
    sorted_key = key[need_order]
    sorted_latitude = need_latitude[need_order]
    band_first = np.searchsorted(band_of_need[need_order], np.arange(bands.size))
    band_lat_min = np.minimum.reduceat(sorted_latitude, band_first)
    band_lat_max = np.maximum.reduceat(sorted_latitude, band_first)

    # offers: cells of a band × a run of longitude about as wide on the ground as the band is high
    offer_band = np.floor(offer_latitude / height).astype(np.int64)
    middle = np.radians(np.minimum(np.abs(offer_band + 0.5) * height, 89.0))
    width = np.minimum(height / np.cos(middle), 360.0)
    offer_run = np.floor((offer_longitude + 180.0) / width).astype(np.int64)
    runs = int(offer_run.max()) + 1
    cell_key = (offer_band - offer_band.min()) * runs + offer_run
    offer_order = np.argsort(cell_key)
    sorted_cell = cell_key[offer_order]
    first = np.flatnonzero(np.r_[True, sorted_cell[1:] != sorted_cell[:-1]])
    cell_bounds = np.r_[first, offers]
    lat = offer_latitude[offer_order]
    lon = offer_longitude[offer_order]
    lat0, lat1 = np.minimum.reduceat(lat, first)[:, None], np.maximum.reduceat(lat, first)[:, None]
    lon0, lon1 = np.minimum.reduceat(lon, first)[:, None], np.maximum.reduceat(lon, first)[:, None]

    # the bands near each cell (one more on each side than the reach needs, against rounding in floor)
    span = math.ceil(1 / cell_fraction) + 1
    near = offer_band[offer_order][first][:, None] + np.arange(-span, span + 1)[None, :]
    found = np.minimum(np.searchsorted(bands, near), bands.size - 1)
    present = bands[found] == near
    blat0, blat1 = band_lat_min[found], band_lat_max[found]
    gap = np.radians(np.maximum(np.maximum(blat0 - lat1, lat0 - blat1), 0.0))
    reachable = present & (gap <= reach)
    spare = np.sin(reach / 2) ** 2 - np.sin(np.minimum(gap, reach) / 2) ** 2
    cosines = np.cos(np.radians(np.maximum(np.abs(lat0), np.abs(lat1)))) * np.cos(
        np.radians(np.maximum(np.abs(blat0), np.abs(blat1)))
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(cosines > 1e-12, spare / cosines, np.inf)
    half = np.degrees(2 * np.arcsin(np.sqrt(np.minimum(ratio, 1.0)))) * (1 + MARGIN_RELATIVE) + 1e-7
    low, high = lon0 - half, lon1 + half
    whole = ~(ratio < 1.0) | (low < -180.0) | (high > 180.0)
    low = np.where(whole, -180.0, low)
    high = np.where(whole, 180.0, high)
    starts = np.searchsorted(sorted_key, found * _BAND_STRIDE + (low + 180.0), side="left")
    stops = np.searchsorted(sorted_key, found * _BAND_STRIDE + (high + 180.0), side="right")
    starts = np.where(reachable, starts, 0)
    stops = np.where(reachable, np.maximum(stops, starts), 0)
    return Neighbourhoods(offer_order, cell_bounds, need_order, starts, stops)
