"""The GIA standard as data: editions (catalogues), country profiles and crosswalks."""

from gia.standard.loader import DEFAULT_EDITION, Standard, apply_overrides, available_editions, load_standard
from gia.standard.schema import Catalogue, CountryProfile, Criterion, Crosswalk, LocalizedText

__all__ = [
    "DEFAULT_EDITION",
    "Catalogue",
    "CountryProfile",
    "Criterion",
    "Crosswalk",
    "LocalizedText",
    "Standard",
    "apply_overrides",
    "available_editions",
    "load_standard",
]
