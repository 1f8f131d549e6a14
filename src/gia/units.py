"""Units: parsing quantities such as ``"1.2 GWh"`` with pint and converting to GIA's canonical units.

GIA stores energy in kWh, mass in t, volume in m3, area in ha, floor area in m2, power in kW and
shares as fractions of one. A value given as a bare number is taken to be in the canonical unit of
the field; a string (``"1.2 GWh"``, ``"45 %"``) or a mapping ``{"value": 1.2, "unit": "GWh"}`` is
parsed with pint and converted. A value in the wrong dimension (``"5 t"`` for an energy) is refused
with a message naming the expected unit.
"""

from __future__ import annotations

import logging
import math
from functools import cache
from typing import Any

import pint

from gia.i18n import _

#: decimals kept after conversion to the canonical unit, so that a value survives a JSON round trip
CANONICAL_DECIMALS = 6
MAX_TEXT_LENGTH = 64

#: canonical unit per dimension name, as pint spells it
CANONICAL = {
    "energy": "kWh",
    "mass": "t",
    "refrigerant_mass": "kg",
    "volume": "m**3",
    "area": "ha",
    "floor_area": "m**2",
    "power": "kW",
    "temperature": "degC",
}
#: what each dimension is called in messages
DIMENSION_LABELS = {
    "energy": "an energy",
    "mass": "a mass",
    "refrigerant_mass": "a mass",
    "volume": "a volume",
    "area": "an area",
    "floor_area": "an area",
    "power": "a power",
    "temperature": "a temperature",
}
#: how a canonical unit is written in documents
DISPLAY = {
    "kWh": "kWh",
    "t": "t",
    "kg": "kg",
    "m**3": "m3",
    "ha": "ha",
    "m**2": "m2",
    "kW": "kW",
    "degC": "°C",
}


@cache
def registry() -> pint.UnitRegistry:
    """The unit registry, built once (pint's registry takes a moment to build)."""
    ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    # pint knows toe (tonne of oil equivalent, 41.868 GJ); kilo-toe and friends come with prefixes
    ureg.define("Nm3 = m**3")  # normal cubic metre: a volume at reference conditions
    ureg.define("m3 = m**3")
    ureg.define("m2 = m**2")
    ureg.define("km2 = km**2")  # pint alone reads km2 as "km × 2"
    ureg.define("cm2 = cm**2")
    # peak power of solar modules, as installers and bills state it ("199,8 kWp")
    ureg.define("Wp = W")
    ureg.define("kWp = kW")
    ureg.define("MWp = MW")
    pint_log = logging.getLogger("pint.util")
    level = pint_log.level
    pint_log.setLevel(logging.ERROR)  # redefining kt is intended: say nothing about it
    try:
        ureg.define("kt = 1000 * t")  # kilotonne (pint reads kt as knot)
    finally:
        pint_log.setLevel(level)
    ureg.define("Mt = 1000000 * t")
    return ureg


def _reject(message: str) -> ValueError:
    return ValueError(message)


def to_pint(value: Any) -> pint.Quantity:
    """Parse a string or ``{"value", "unit"}`` mapping into a pint quantity."""
    ureg = registry()
    if isinstance(value, dict):
        if set(value) != {"value", "unit"}:
            raise _reject(_("a quantity mapping needs exactly the keys 'value' and 'unit'"))
        number, unit = value["value"], value["unit"]
        if isinstance(number, bool) or not isinstance(number, int | float):
            raise _reject(_("'value' must be a number"))
        if not isinstance(unit, str) or len(unit) > MAX_TEXT_LENGTH:
            raise _reject(_("'unit' must be a unit name such as 'MWh'"))
        try:
            return ureg.Quantity(float(number), _normalise_unit(unit))
        except (pint.errors.PintError, AttributeError, TypeError, ValueError, SyntaxError):
            raise _reject(_("unknown unit {unit!r}").format(unit=unit)) from None
    if isinstance(value, str):
        text = value.strip()
        if not text or len(text) > MAX_TEXT_LENGTH:
            raise _reject(_("write a number with its unit, such as '1.2 GWh'"))
        number_text, _sep, unit_text = text.partition(" ")
        try:
            number = float(number_text.replace("_", ""))
        except ValueError:
            raise _reject(
                _("{text!r} does not start with a number; write it like '1.2 GWh'").format(text=text)
            ) from None
        unit_text = unit_text.strip() or "dimensionless"
        try:
            return ureg.Quantity(number, _normalise_unit(unit_text))
        except (pint.errors.PintError, AttributeError, TypeError, ValueError, SyntaxError):
            raise _reject(_("unknown unit {unit!r}").format(unit=unit_text)) from None
    raise _reject(_("expected a number, a text such as '1.2 GWh' or a mapping with 'value' and 'unit'"))


def _normalise_unit(unit: str) -> str:
    cleaned = unit.strip().replace("³", "**3").replace("²", "**2").replace("%", "percent")
    if cleaned in ("°C", "degC", "C"):
        return "degC"
    return cleaned


#: no real amount comes near this in GIA's canonical units (10^12 kWh is 1 000 TWh): larger values
#: are typing mistakes, and would overflow once multiplied by a factor
MAX_MAGNITUDE = 1e12


def _finite(number: float) -> float:
    if math.isnan(number) or math.isinf(number):
        raise _reject(_("the value must be a finite number"))
    if abs(number) > MAX_MAGNITUDE:
        raise _reject(
            _("{value:g} is beyond any real amount here (at most {limit:g})").format(
                value=number, limit=MAX_MAGNITUDE
            )
        )
    return number


def parse_in(value: Any, dimension: str) -> float:
    """Parse ``value`` as a quantity of ``dimension`` and return it in the canonical unit."""
    unit = CANONICAL[dimension]
    if isinstance(value, bool):
        raise _reject(_("expected a quantity, not true/false"))
    if isinstance(value, int | float):
        return round(_finite(float(value)), CANONICAL_DECIMALS)
    quantity = to_pint(value)
    try:
        converted = quantity.to(unit).magnitude
    except pint.errors.DimensionalityError:
        raise _reject(
            _("expected {dimension} (for example in {unit}), got {given!r}").format(
                dimension=_(DIMENSION_LABELS[dimension]),
                unit=DISPLAY[unit],
                given=str(value if not isinstance(value, dict) else f"{value['value']} {value['unit']}"),
            )
        ) from None
    return round(_finite(float(converted)), CANONICAL_DECIMALS)


def parse_share(value: Any) -> float:
    """A share: a fraction between 0 and 1, or a text such as ``"45 %"``."""
    if isinstance(value, bool):
        raise _reject(_("expected a share, not true/false"))
    if isinstance(value, int | float):
        share = _finite(float(value))
        if share > 1:
            raise _reject(
                _("a share is a fraction between 0 and 1; write '{percent} %' for a percentage").format(
                    percent=share
                )
            )
    else:
        quantity = to_pint(value)
        if not quantity.dimensionless:
            raise _reject(_("expected a share such as 0.45 or '45 %', got {given!r}").format(given=value))
        share = _finite(float(quantity.to("dimensionless").magnitude))
    if share < 0 or share > 1:
        raise _reject(_("a share must lie between 0 and 1 (0 % and 100 %)"))
    return round(share, CANONICAL_DECIMALS)


def dimension_of(quantity: pint.Quantity) -> str | None:
    """The GIA dimension name of a pint quantity (energy, mass or volume), or None."""
    for name in ("energy", "mass", "volume"):
        if quantity.check(registry().Quantity(1, CANONICAL[name]).dimensionality):
            return name
    return None


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert a bare number between two units (for reference data in non-canonical units)."""
    return float(
        registry().Quantity(value, _normalise_unit(from_unit)).to(_normalise_unit(to_unit)).magnitude
    )
