"""Declarative schema of the standard's data files.

Every catalogue, country profile and crosswalk file is validated against these pydantic models
when it is loaded; nothing is used before the whole file has passed. The models are frozen: a
loaded standard cannot be changed by accident.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from itertools import pairwise
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from gia import i18n

#: Languages every edition must carry for its user-facing texts.
REQUIRED_LANGUAGES: tuple[str, ...] = ("en", "pl", "de")

Identifier = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", max_length=64)]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]


class Strict(BaseModel):
    """Base for all standard models: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalizedText(Strict):
    """A text in several languages; English, Polish and German are required."""

    en: str = Field(min_length=1)
    pl: str = Field(min_length=1)
    de: str = Field(min_length=1)
    da: str | None = None
    sv: str | None = None
    fi: str | None = None
    lt: str | None = None
    lv: str | None = None
    et: str | None = None

    def get(self, language: str) -> str:
        """Text in ``language``, falling back to English (every language, to choose later, in
        :func:`gia.i18n.neutral` mode)."""
        if i18n.is_neutral():
            return i18n.text(self.model_dump(exclude_none=True), self.en)
        value = getattr(self, language, None) if language in type(self).model_fields else None
        return value or self.en


#: the relative difference taken as a float's rounding noise when a value is compared with a bound
FLOAT_NOISE = 1e-12


class Operator(StrEnum):
    AT_LEAST = ">="
    AT_MOST = "<="
    GREATER = ">"
    LESS = "<"
    EQUAL = "=="

    def holds(self, value: float, bound: float) -> bool:
        """Whether ``value OPERATOR bound`` is true, for the value as computed (never rounded first:
        0.49999999996 is under 50 %). Only the last bits of a float's arithmetic are forgiven
        (:data:`FLOAT_NOISE`), so that 0.1 + 0.2 still counts as 0.3."""
        noise = FLOAT_NOISE * max(1.0, abs(bound))
        match self:
            case Operator.AT_LEAST:
                return value >= bound - noise
            case Operator.AT_MOST:
                return value <= bound + noise
            case Operator.GREATER:
                return value > bound + noise
            case Operator.LESS:
                return value < bound - noise
            case Operator.EQUAL:
                return abs(value - bound) <= noise
        raise AssertionError(self)  # pragma: no cover


class Condition(Strict):
    """``indicator OPERATOR value``; a true/false indicator counts true as 1 and false as 0."""

    indicator: Identifier
    operator: Operator
    value: float
    text: LocalizedText | None = None


class CriterionKind(StrEnum):
    GATE = "gate"
    SCORED = "scored"
    GATE_SCORED = "gate+scored"


class Direction(StrEnum):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


class Anchor(Strict):
    """One threshold of a points scale: reaching ``value`` earns ``points``."""

    value: float
    points: float = Field(ge=0, le=10)


class Component(Strict):
    """A yes/no part of an additive criterion (e.g. 'adaptation plan adopted: +5')."""

    indicator: Identifier
    points: float = Field(gt=0, le=10)
    text: LocalizedText


class Scale(Strict):
    """How a scored criterion turns its indicator into 0–10 points.

    ``linear``: anchors sorted from worst to best; below the first anchor 0 points, linear between
    anchors, the last anchor's points beyond it. ``additive``: the sum of the components whose
    yes/no indicator is true.
    """

    kind: Literal["linear", "additive"] = "linear"
    direction: Direction = Direction.HIGHER_IS_BETTER
    anchors: tuple[Anchor, ...] = ()
    components: tuple[Component, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Scale:
        if self.kind == "linear":
            if len(self.anchors) < 1:
                raise ValueError("a linear scale needs at least one anchor")
            if self.components:
                raise ValueError("a linear scale has anchors, not components")
            values = [a.value for a in self.anchors]
            points = [a.points for a in self.anchors]
            if self.direction == Direction.HIGHER_IS_BETTER:
                ordered = all(b > a for a, b in pairwise(values))
            else:
                ordered = all(b < a for a, b in pairwise(values))
            if not ordered:
                raise ValueError(
                    f"anchor values must run strictly from worst to best ({self.direction.value})"
                )
            if not all(b > a for a, b in pairwise(points)):
                raise ValueError("anchor points must increase from worst to best")
        else:
            if not self.components:
                raise ValueError("an additive scale needs components")
            if self.anchors:
                raise ValueError("an additive scale has components, not anchors")
            if sum(c.points for c in self.components) > 10:
                raise ValueError("the components of an additive scale add up to more than 10 points")
        return self


class Override(Strict):
    """Sets a scored criterion to 0 points when a yes/no indicator is true."""

    indicator: Identifier
    text: LocalizedText


class Criterion(Strict):
    id: Annotated[str, Field(pattern=r"^[A-Z]{2}-\d{2}$")]
    theme: Identifier
    order: int = Field(ge=0)
    kind: CriterionKind
    weight: float = Field(default=1.0, gt=0)
    name: LocalizedText
    description: LocalizedText
    #: indicator whose value is scored and shown; an additive scale scores its components and a
    #: gate-only criterion shows its first gate condition's indicator when this is left out
    indicator: Identifier | None = None
    unit: Literal["share", "count", "points", "kg CO2e/MWh", "per 100 employees", "yes/no"]
    gate: tuple[Condition, ...] = ()
    scale: Scale | None = None
    zero_if: tuple[Override, ...] = ()
    not_applicable_allowed: bool = False
    evidence: tuple[LocalizedText, ...] = Field(min_length=1)
    note: LocalizedText | None = None

    @model_validator(mode="after")
    def _kind_matches(self) -> Criterion:
        gated = self.kind in (CriterionKind.GATE, CriterionKind.GATE_SCORED)
        scored = self.kind in (CriterionKind.SCORED, CriterionKind.GATE_SCORED)
        if gated and not self.gate:
            raise ValueError(f"a {self.kind.value} criterion needs 'gate' conditions")
        if not gated and self.gate:
            raise ValueError("only a gate criterion has 'gate' conditions")
        if scored and self.scale is None:
            raise ValueError(f"a {self.kind.value} criterion needs a 'scale'")
        if not scored and self.scale is not None:
            raise ValueError("a gate-only criterion has no 'scale'")
        if gated and self.not_applicable_allowed:
            raise ValueError("a gate cannot be declared not applicable")
        if self.scale is not None and self.scale.kind == "linear" and self.indicator is None:
            raise ValueError("a criterion with a linear scale must name its 'indicator'")
        return self

    @property
    def shown_indicator(self) -> str | None:
        """The indicator whose value represents this criterion (None: points of an additive scale)."""
        if self.indicator is not None:
            return self.indicator
        if self.scale is None and self.gate:
            return self.gate[0].indicator
        return None

    @property
    def is_gate(self) -> bool:
        return self.kind in (CriterionKind.GATE, CriterionKind.GATE_SCORED)

    @property
    def is_scored(self) -> bool:
        return self.kind in (CriterionKind.SCORED, CriterionKind.GATE_SCORED)


class Theme(Strict):
    id: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    order: int = Field(ge=0)
    weight: float = Field(gt=0)
    name: LocalizedText


class Level(Strict):
    id: Identifier
    order: int = Field(ge=0)
    name: LocalizedText
    min_total: float = Field(ge=0, le=1)
    min_theme: float = Field(default=0.0, ge=0, le=1)


class Distinction(Strict):
    id: Identifier
    name: LocalizedText
    description: LocalizedText
    all_of: tuple[Condition, ...] = Field(min_length=1)


class EligibilityRule(Strict):
    id: Identifier
    text: LocalizedText
    all_of: tuple[Condition, ...] = ()
    any_of: tuple[Condition, ...] = ()

    @model_validator(mode="after")
    def _has_conditions(self) -> EligibilityRule:
        if not self.all_of and not self.any_of:
            raise ValueError("an eligibility rule needs 'all_of' or 'any_of' conditions")
        return self


class Stage(Strict):
    id: Literal["pre_certificate", "certificate"]
    name: LocalizedText
    description: LocalizedText
    validity_years: int | None = Field(default=None, ge=1)
    #: a certificate whose monitoring year fails a gate has this long to pass it again
    corrective_period_months: int | None = Field(default=None, ge=1)


class CatalogueHeader(Strict):
    id: Identifier
    version: str
    published: dt.date
    provider: str
    locale: Literal["en"] = "en"
    languages: tuple[str, ...]
    title: LocalizedText
    description: LocalizedText

    @field_validator("languages")
    @classmethod
    def _required_languages(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        missing = [lang for lang in REQUIRED_LANGUAGES if lang not in value]
        if missing:
            raise ValueError(f"languages must include {', '.join(missing)}")
        return value


class Catalogue(Strict):
    """One edition of the GIA standard."""

    schema_: Literal["gia-standard/1"] = Field(alias="schema")
    header: CatalogueHeader
    stages: tuple[Stage, ...]
    themes: tuple[Theme, ...] = Field(min_length=1)
    criteria: tuple[Criterion, ...] = Field(min_length=1)
    levels: tuple[Level, ...] = Field(min_length=1)
    distinctions: tuple[Distinction, ...] = ()
    eligibility: tuple[EligibilityRule, ...] = ()

    @model_validator(mode="after")
    def _references(self) -> Catalogue:
        theme_ids = [t.id for t in self.themes]
        _unique("themes", theme_ids)
        _unique("criteria", [c.id for c in self.criteria])
        _unique("levels", [lvl.id for lvl in self.levels])
        for index, criterion in enumerate(self.criteria):
            if criterion.theme not in theme_ids:
                raise ValueError(
                    f"criteria[{index}] ({criterion.id}) names theme {criterion.theme!r}, "
                    f"which is not one of {', '.join(theme_ids)}"
                )
            if not criterion.id.startswith(criterion.theme + "-"):
                raise ValueError(
                    f"criteria[{index}] ({criterion.id}) must start with its theme id {criterion.theme}"
                )
        for theme in self.themes:
            if not any(c.theme == theme.id and c.is_scored for c in self.criteria):
                raise ValueError(f"theme {theme.id} has no scored criterion")
        levels = sorted(self.levels, key=lambda lvl: lvl.order)
        for lower, higher in pairwise(levels):
            if higher.min_total <= lower.min_total or higher.min_theme < lower.min_theme:
                raise ValueError(f"level {higher.id} must ask for more than level {lower.id}")
        return self

    def criterion(self, criterion_id: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(criterion_id)

    def theme(self, theme_id: str) -> Theme:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(theme_id)

    def indicator_names(self) -> set[str]:
        """Every indicator the catalogue refers to."""
        names: set[str] = set()
        for criterion in self.criteria:
            if criterion.indicator:
                names.add(criterion.indicator)
            names.update(c.indicator for c in criterion.gate)
            names.update(o.indicator for o in criterion.zero_if)
            if criterion.scale:
                names.update(c.indicator for c in criterion.scale.components)
        for distinction in self.distinctions:
            names.update(c.indicator for c in distinction.all_of)
        for rule in self.eligibility:
            names.update(c.indicator for c in (*rule.all_of, *rule.any_of))
        return names


# --- country profiles ---------------------------------------------------------------------------


class ThresholdOverride(Strict):
    """A country's change to one criterion's gate or scale, with its written justification."""

    criterion: Annotated[str, Field(pattern=r"^[A-Z]{2}-\d{2}$")]
    gate: tuple[Condition, ...] | None = None
    scale: Scale | None = None
    justification: LocalizedText

    @model_validator(mode="after")
    def _changes_something(self) -> ThresholdOverride:
        if self.gate is None and self.scale is None:
            raise ValueError("an override must change 'gate' or 'scale'")
        return self


class CountryProfile(Strict):
    schema_: Literal["gia-country-profile/1"] = Field(alias="schema")
    id: CountryCode
    name: LocalizedText
    languages: tuple[str, ...] = Field(min_length=1)
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    #: IANA time zone of the country: the reporting year of hourly data runs in local time
    timezone: Annotated[str, Field(pattern=r"^[A-Za-z_]+/[A-Za-z_]+$")]
    climate_neutrality_year: int = Field(ge=2030, le=2100)
    climate_neutrality_source: str = Field(min_length=1)
    default_factor_set: Identifier
    editions: tuple[Identifier, ...] = Field(min_length=1)
    threshold_overrides: tuple[ThresholdOverride, ...] = ()
    note: LocalizedText | None = None


# --- crosswalks ---------------------------------------------------------------------------------


class Relationship(StrEnum):
    """How a GIA criterion relates to a requirement of another scheme (set semantics)."""

    EQUAL = "equal"
    SUBSET = "subset"  # the GIA criterion covers part of the target requirement
    SUPERSET = "superset"  # the GIA criterion covers all of the target requirement and more
    INTERSECT = "intersect"  # overlap, neither contains the other


class TargetRequirement(Strict):
    id: Identifier
    kind: Literal["base", "add-on", "category", "prerequisite", "performance"]
    name: LocalizedText


class Mapping(Strict):
    source: Annotated[str, Field(pattern=r"^[A-Z]{2}-\d{2}$")]
    target: Identifier
    relationship: Relationship
    rationale: str = Field(min_length=1)


class Crosswalk(Strict):
    schema_: Literal["gia-crosswalk/1"] = Field(alias="schema")
    id: Identifier
    source_edition: Identifier
    target_scheme: str
    target_version: str
    target_source: str
    #: points from which a scored GIA criterion counts as meeting a mapped requirement
    met_at_points: float = Field(default=5.0, ge=0, le=10)
    requirements: tuple[TargetRequirement, ...] = Field(min_length=1)
    mappings: tuple[Mapping, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _targets_exist(self) -> Crosswalk:
        ids = [r.id for r in self.requirements]
        _unique("requirements", ids)
        for index, mapping in enumerate(self.mappings):
            if mapping.target not in ids:
                raise ValueError(
                    f"mappings[{index}] names target {mapping.target!r}, not a listed requirement"
                )
        return self


def _unique(what: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ValueError(f"{what}: id {item!r} appears twice")
        seen.add(item)
