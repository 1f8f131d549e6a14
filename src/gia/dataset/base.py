"""Base model and shared field types of the submission documents."""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from gia.i18n import _

#: characters that reorder the text shown around them (a name would read reversed in a signed PDF)
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def refuse_controls(text: str, allowed: str = "") -> str:
    """``text`` unchanged, or a ValueError naming the first control or direction-changing character
    (and where it is): such characters break files, databases and printed documents."""
    for index, character in enumerate(text):
        if character in allowed:
            continue
        if character in BIDI_CONTROLS or unicodedata.category(character) in ("Cc", "Cs"):
            raise ValueError(
                _("contains the invisible character U+{code:04X} at position {position}: remove it").format(
                    code=ord(character), position=index + 1
                )
            )
    return text


def _one_line(text: str) -> str:
    return refuse_controls(text)


def _lines(text: str) -> str:
    return refuse_controls(text, allowed="\n\r\t")


class Record(BaseModel):
    """A part of a submission: unknown fields are errors (a typo must not vanish silently)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_\-]*$", max_length=64)]
Name = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_one_line)]
Text = Annotated[str, Field(max_length=2000), AfterValidator(_lines)]
Year = Annotated[int, Field(ge=1990, le=2100)]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
SCHEMA_ID = "gia-submission/1"
