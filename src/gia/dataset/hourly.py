"""The hourly part of a submission: meter files and the meters in them."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator

from gia.dataset.base import Identifier, Record
from gia.dataset.company import CARBON_FREE_TECHNOLOGIES, Technology
from gia.dataset.labels import choice_label
from gia.dataset.quantities import Share
from gia.errors import PlacedValueError
from gia.i18n import _

# --- hourly data ---------------------------------------------------------------------------------


class SeriesFile(Record):
    """A file of meter readings (CSV or Parquet), relative to the submission's folder."""

    path: Annotated[str, Field(min_length=1, max_length=500)]
    layout: Literal["long", "wide"] = "long"
    timezone: str | None = Field(
        default=None, description="IANA time zone of timestamps written without a UTC offset"
    )
    unit: str | None = Field(
        default=None, description="unit of every value, where the file has no unit column"
    )

    @field_validator("path")
    @classmethod
    def _inside_the_folder(cls, value: str) -> str:
        path = PurePosixPath(value.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or (path.parts and ":" in path.parts[0]):
            raise ValueError(_("give a path inside the submission's folder, without '..'"))
        if path.suffix.lower() not in (".csv", ".parquet"):
            raise ValueError(_("a series file is .csv or .parquet"))
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(
                    _("unknown time zone {zone!r}; use an IANA name such as Europe/Berlin").format(zone=value)
                ) from None
        return value


class Meter(Record):
    """A meter in the series files: whose it is and what it measures."""

    id: Annotated[str, Field(min_length=1, max_length=100)]
    company: Identifier | None = None
    role: Literal["load", "generation", "ppa", "certificates", "storage", "grid_cfe"] = Field(
        description=(
            "load: consumption; generation: own carbon-free generation; ppa: hourly PPA delivery; "
            "certificates: granular certificates; storage: energy released (+) or taken (−); "
            "grid_cfe: the grid's carbon-free share"
        )
    )
    technology: Technology | None = None
    metered: bool = Field(default=True, description="measured (true) or an estimated profile (false)")
    supplier_company: Identifier | None = Field(
        default=None,
        description="for a PPA from a company in the area: that company, whose generation meter holds the same energy",
    )

    @model_validator(mode="after")
    def _role_complete(self) -> Meter:
        if self.role == "grid_cfe":
            if self.company is not None:
                raise PlacedValueError("company", _("the grid's carbon-free share belongs to no company"))
        elif self.company is None:
            raise PlacedValueError(
                "company",
                _("a meter of {role} belongs to a company").format(
                    role=choice_label("Meter", "role", self.role)
                ),
            )
        if (
            self.role in ("generation", "ppa", "certificates")
            and self.technology not in CARBON_FREE_TECHNOLOGIES
        ):
            raise PlacedValueError(
                "technology", _("only carbon-free supply counts hour by hour: give a carbon-free technology")
            )
        return self


class Hourly(Record):
    """Hourly meter data of the reporting year (EN-04, data quality)."""

    files: list[SeriesFile] = Field(min_length=1)
    meters: list[Meter] = Field(min_length=1)
    timezone: str | None = Field(
        default=None, description="the area's local time zone (default: the country's)"
    )
    gaps: Literal["refuse", "fill"] = Field(
        default="refuse", description="refuse a series with gaps, or fill them by GIA's rule"
    )
    tolerance: Share = Field(
        default=0.02, description="accepted difference between series totals and declared yearly values"
    )

    @model_validator(mode="after")
    def _meters_unique(self) -> Hourly:
        seen: set[str] = set()
        grid = 0
        for index, meter in enumerate(self.meters):
            if meter.id in seen:
                raise PlacedValueError(f"meters[{index}].id", _("{id!r} is used twice").format(id=meter.id))
            seen.add(meter.id)
            grid += meter.role == "grid_cfe"
        if grid > 1:
            raise PlacedValueError("meters", _("give the grid's carbon-free share in one series at most"))
        if self.timezone is not None:
            SeriesFile._known_zone(self.timezone)
        return self
