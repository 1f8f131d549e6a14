"""Pydantic field types for quantities with units.

A field named ``..._kwh`` holds energy in kWh, ``..._t`` mass in t, and so on; it accepts a bare
number in that unit, a text such as ``"1.2 GWh"`` or a mapping ``{"value": 1.2, "unit": "GWh"}``.
Negative values are refused everywhere: GIA's inputs are amounts, never balances.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

from gia.dataset.base import Record
from gia.i18n import _
from gia.units import CANONICAL, DISPLAY, dimension_of, parse_in, parse_share, to_pint


def _in(dimension: str) -> BeforeValidator:
    return BeforeValidator(lambda value: parse_in(value, dimension))


EnergyKWh = Annotated[float, _in("energy"), Field(ge=0, description="energy [kWh]")]
MassT = Annotated[float, _in("mass"), Field(ge=0, description="mass [t]")]
MassKg = Annotated[float, _in("refrigerant_mass"), Field(ge=0, description="mass [kg]")]
VolumeM3 = Annotated[float, _in("volume"), Field(ge=0, description="volume [m3]")]
AreaHa = Annotated[float, _in("area"), Field(ge=0, description="area [ha]")]
FloorAreaM2 = Annotated[float, _in("floor_area"), Field(ge=0, description="floor area [m2]")]
PowerKW = Annotated[float, _in("power"), Field(ge=0, description="power [kW]")]
Share = Annotated[float, BeforeValidator(parse_share), Field(ge=0, le=1, description="share [fraction of 1]")]


class Amount(Record):
    """An amount whose dimension depends on the case (a fuel in kWh, t or m3).

    Accepts ``"120 t"``, ``{"value": 120, "unit": "t"}`` and stores the value in the canonical unit
    of its dimension: kWh for energy, t for mass, m3 for volume.
    """

    value: float = Field(ge=0)
    unit: Literal["kWh", "t", "m3"]

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, data: Any) -> Any:
        if (
            isinstance(data, dict)
            and set(data) == {"value", "unit"}
            and data.get("unit") in ("kWh", "t", "m3")
            and isinstance(data["value"], int | float)
            and not isinstance(data["value"], bool)
        ):
            return data
        if isinstance(data, int | float) and not isinstance(data, bool):
            raise ValueError(_("give the amount with its unit, such as '120 t', '1.5 GWh' or '30000 m3'"))
        quantity = to_pint(data)
        dimension = dimension_of(quantity)
        if dimension is None:
            raise ValueError(
                _("expected an energy, a mass or a volume, got {given!r}").format(given=str(quantity))
            )
        value = parse_in({"value": float(quantity.magnitude), "unit": str(quantity.units)}, dimension)
        return {"value": value, "unit": DISPLAY[CANONICAL[dimension]]}

    @property
    def dimension(self) -> str:
        return {"kWh": "energy", "t": "mass", "m3": "volume"}[self.unit]

    def __str__(self) -> str:
        return f"{self.value:g} {self.unit}"
