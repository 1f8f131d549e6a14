"""Loading an edition of the standard with its country profiles and crosswalks.

Every file is validated against :mod:`gia.standard.schema` first; cross-file references (a profile
overriding a criterion that does not exist, a crosswalk mapping an unknown criterion) are checked
before anything is returned. The result is immutable and cached per edition.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from gia.documents import load
from gia.errors import GiaInputError
from gia.i18n import _
from gia.standard.schema import Catalogue, CountryProfile, Criterion, Crosswalk

DATA_DIR = Path(__file__).parent
CATALOGUE_DIR = DATA_DIR / "catalogues"
PROFILE_DIR = DATA_DIR / "profiles"
CROSSWALK_DIR = DATA_DIR / "crosswalks"
DEFAULT_EDITION = "gia-2026.1"


@dataclass(frozen=True)
class Standard:
    """An edition of the standard with everything that refers to it."""

    catalogue: Catalogue
    profiles: dict[str, CountryProfile]
    crosswalks: dict[str, Crosswalk]

    @property
    def edition(self) -> str:
        return self.catalogue.header.id

    def profile(self, country: str) -> CountryProfile:
        try:
            return self.profiles[country]
        except KeyError:
            raise GiaInputError(
                _("country"),
                [
                    (
                        "",
                        _("no country profile for {country!r} in edition {edition}; known: {known}").format(
                            country=country, edition=self.edition, known=", ".join(sorted(self.profiles))
                        ),
                    )
                ],
            ) from None

    def catalogue_for(self, country: str) -> Catalogue:
        """The catalogue with the country's threshold overrides applied."""
        return apply_overrides(self.catalogue, self.profile(country))


def available_editions() -> list[str]:
    return sorted(p.name for p in CATALOGUE_DIR.iterdir() if (p / "catalogue.yaml").is_file())


def load_catalogue(path: Path) -> Catalogue:
    catalogue = load(Catalogue, path)
    if catalogue.header.id != path.parent.name:
        raise GiaInputError(
            str(path),
            [
                (
                    "header.id",
                    _("{id!r} must equal the folder name {folder!r}").format(
                        id=catalogue.header.id, folder=path.parent.name
                    ),
                )
            ],
        )
    return catalogue


def check_profile(profile: CountryProfile, catalogue: Catalogue, path: Path) -> None:
    ids = {c.id for c in catalogue.criteria}
    for index, override in enumerate(profile.threshold_overrides):
        place = f"threshold_overrides[{index}]"
        if override.criterion not in ids:
            raise GiaInputError(
                str(path),
                [
                    (
                        f"{place}.criterion",
                        _("unknown criterion {id!r} in edition {edition}").format(
                            id=override.criterion, edition=catalogue.header.id
                        ),
                    )
                ],
            )
        criterion = catalogue.criterion(override.criterion)
        if override.gate is not None and not criterion.is_gate:
            raise GiaInputError(
                str(path), [(f"{place}.gate", _("{id} is not a gate").format(id=criterion.id))]
            )
        if override.scale is not None and not criterion.is_scored:
            raise GiaInputError(
                str(path), [(f"{place}.scale", _("{id} is not scored").format(id=criterion.id))]
            )
    if path.stem != profile.id:
        raise GiaInputError(
            str(path),
            [("id", _("{id!r} must equal the file name {stem!r}").format(id=profile.id, stem=path.stem))],
        )


def check_crosswalk(crosswalk: Crosswalk, catalogue: Catalogue, path: Path) -> None:
    ids = {c.id for c in catalogue.criteria}
    for index, mapping in enumerate(crosswalk.mappings):
        if mapping.source not in ids:
            raise GiaInputError(
                str(path),
                [
                    (
                        f"mappings[{index}].source",
                        _("unknown criterion {id!r} in edition {edition}").format(
                            id=mapping.source, edition=catalogue.header.id
                        ),
                    )
                ],
            )


def apply_overrides(catalogue: Catalogue, profile: CountryProfile) -> Catalogue:
    """A copy of ``catalogue`` with the profile's gates and scales in place of the edition's."""
    if not profile.threshold_overrides:
        return catalogue
    by_id = {o.criterion: o for o in profile.threshold_overrides}
    criteria: list[Criterion] = []
    for criterion in catalogue.criteria:
        override = by_id.get(criterion.id)
        if override is None:
            criteria.append(criterion)
            continue
        changes: dict[str, object] = {}
        if override.gate is not None:
            changes["gate"] = override.gate
        if override.scale is not None:
            changes["scale"] = override.scale
        criteria.append(criterion.model_copy(update=changes))
    return catalogue.model_copy(update={"criteria": tuple(criteria)})


@cache
def load_standard(edition: str = DEFAULT_EDITION) -> Standard:
    """Load and cross-check an edition, its country profiles and its crosswalks."""
    path = CATALOGUE_DIR / edition / "catalogue.yaml"
    if not path.is_file():
        raise GiaInputError(
            _("standard"),
            [
                (
                    "",
                    _("unknown edition {edition!r}; available: {available}").format(
                        edition=edition, available=", ".join(available_editions())
                    ),
                )
            ],
        )
    catalogue = load_catalogue(path)
    profiles: dict[str, CountryProfile] = {}
    for profile_path in sorted(PROFILE_DIR.glob("*.yaml")):
        profile = load(CountryProfile, profile_path)
        if edition in profile.editions:
            check_profile(profile, catalogue, profile_path)
            profiles[profile.id] = profile
    crosswalks: dict[str, Crosswalk] = {}
    for crosswalk_path in sorted(CROSSWALK_DIR.glob("*.yaml")):
        crosswalk = load(Crosswalk, crosswalk_path)
        if crosswalk.source_edition == edition:
            check_crosswalk(crosswalk, catalogue, crosswalk_path)
            crosswalks[crosswalk.id] = crosswalk
    return Standard(catalogue=catalogue, profiles=profiles, crosswalks=crosswalks)
