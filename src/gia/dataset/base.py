"""Base model and shared field types of the submission documents."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


class Record(BaseModel):
    """A part of a submission: unknown fields are errors (a typo must not vanish silently)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_\-]*$", max_length=64)]
Name = Annotated[str, Field(min_length=1, max_length=200)]
Text = Annotated[str, Field(max_length=2000)]
Year = Annotated[int, Field(ge=1990, le=2100)]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
SCHEMA_ID = "gia-submission/1"
