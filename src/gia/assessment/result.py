"""The assessment result: a plain, immutable object with a stable, deterministic JSON form."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from gia.accounting import Figure, Flag
from gia.accounting.provenance import clean
from gia.assessment.scoring import ConditionResult

RESULT_SCHEMA = "gia-assessment/1"


def _num(value: float | None) -> float | None:
    return None if value is None else clean(value)


@dataclass(frozen=True)
class ComponentResult:
    indicator: str
    points: float
    earned: bool
    value: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "points": self.points,
            "earned": self.earned,
            "value": _num(self.value),
        }


@dataclass(frozen=True)
class CriterionResult:
    id: str
    theme: str
    kind: str
    name: str
    weight: float
    indicator: str | None
    value: float | None
    unit: str
    #: points earned (None for a gate-only criterion or a not-applicable one)
    points: float | None
    max_points: float | None
    applicable: bool
    gate: tuple[ConditionResult, ...] = ()
    components: tuple[ComponentResult, ...] = ()
    not_applicable_reason: str | None = None
    not_applicable_source: str | None = None
    zeroed_by: str | None = None
    note: str = ""
    figure: Figure | None = None
    gate_figures: tuple[Figure, ...] = ()

    @property
    def gate_passed(self) -> bool | None:
        if not self.gate:
            return None
        return all(c.passed for c in self.gate)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "theme": self.theme,
            "kind": self.kind,
            "name": self.name,
            "weight": self.weight,
            "indicator": self.indicator,
            "value": _num(self.value),
            "unit": self.unit,
            "points": self.points,
            "max_points": self.max_points,
            "applicable": self.applicable,
        }
        if self.gate:
            data["gate_passed"] = self.gate_passed
            data["gate"] = [c.to_dict() for c in self.gate]
        if self.components:
            data["components"] = [c.to_dict() for c in self.components]
        if self.not_applicable_reason:
            data["not_applicable"] = {
                "reason": self.not_applicable_reason,
                "source": self.not_applicable_source,
            }
        if self.zeroed_by:
            data["zeroed_by"] = self.zeroed_by
        if self.note:
            data["note"] = self.note
        if self.figure is not None:
            data["provenance"] = self.figure.to_dict()
        return data


@dataclass(frozen=True)
class ThemeResult:
    id: str
    name: str
    weight: float
    fulfilment: float | None
    points: float
    max_points: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "weight": self.weight,
            "fulfilment": _num(self.fulfilment),
            "weighted_points": _num(self.points),
            "weighted_max_points": _num(self.max_points),
        }


@dataclass(frozen=True)
class RuleResult:
    id: str
    text: str
    passed: bool
    conditions: tuple[ConditionResult, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "passed": self.passed,
            "conditions": [c.to_dict() for c in self.conditions],
        }


@dataclass(frozen=True)
class LevelResult:
    #: the level awarded (None: no level)
    level: str | None
    #: the level the total fulfilment alone would reach
    by_fulfilment: str | None
    #: why the awarded level is below ``by_fulfilment`` (failed gates, theme minimums, eligibility)
    blocked_by: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "by_fulfilment": self.by_fulfilment, "blocked_by": list(self.blocked_by)}


@dataclass(frozen=True)
class GapStep:
    criterion: str
    indicator: str | None
    value_now: float | None
    value_needed: float | None
    points_now: float
    points_then: float
    gain: float
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion,
            "indicator": self.indicator,
            "value_now": _num(self.value_now),
            "value_needed": _num(self.value_needed),
            "points_now": self.points_now,
            "points_then": self.points_then,
            "total_fulfilment_gain": _num(self.gain),
            "text": self.text,
        }


@dataclass(frozen=True)
class LevelPath:
    level: str
    reachable: bool
    steps: tuple[GapStep, ...]
    gates_to_pass: tuple[str, ...]
    fulfilment_after: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "reachable": self.reachable,
            "gates_to_pass": list(self.gates_to_pass),
            "fulfilment_after": _num(self.fulfilment_after),
            "steps": [s.to_dict() for s in self.steps],
        }


@dataclass(frozen=True)
class CrosswalkReading:
    crosswalk: str
    scheme: str
    requirements: tuple[dict[str, Any], ...]
    summary: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "crosswalk": self.crosswalk,
            "scheme": self.scheme,
            "summary": self.summary,
            "requirements": list(self.requirements),
        }


@dataclass(frozen=True)
class Assessment:
    edition: str
    country_profile: str
    factor_set: str
    factor_set_digest: str
    gwp: str
    reporting_year: int
    stage: str
    area: dict[str, Any]
    fictional: bool
    eligibility: tuple[RuleResult, ...]
    criteria: tuple[CriterionResult, ...]
    themes: tuple[ThemeResult, ...]
    total_fulfilment: float | None
    level: LevelResult
    distinctions: tuple[RuleResult, ...]
    gaps: tuple[GapStep, ...]
    level_paths: tuple[LevelPath, ...]
    crosswalks: tuple[CrosswalkReading, ...]
    key_figures: dict[str, Figure]
    flags: tuple[Flag, ...]
    overrides: tuple[str, ...] = field(default=())
    data_quality: dict[str, Any] = field(default_factory=dict)
    #: how many reference factors the result used, how many were verified against their primary
    #: publication, how many were declared in the submission, and the unverified ones in full
    reference_factors: dict[str, Any] = field(default_factory=dict)
    #: hourly CFE scores of the area and each company (None without hourly data)
    hourly_cfe: dict[str, Any] | None = None

    @property
    def eligible(self) -> bool:
        return all(r.passed for r in self.eligibility)

    @property
    def failed_gates(self) -> list[str]:
        return [c.id for c in self.criteria if c.gate_passed is False]

    def criterion(self, criterion_id: str) -> CriterionResult:
        for result in self.criteria:
            if result.id == criterion_id:
                return result
        raise KeyError(criterion_id)

    def theme(self, theme_id: str) -> ThemeResult:
        for result in self.themes:
            if result.id == theme_id:
                return result
        raise KeyError(theme_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": RESULT_SCHEMA,
            "edition": self.edition,
            "country_profile": self.country_profile,
            "threshold_overrides": list(self.overrides),
            "factor_set": self.factor_set,
            "factor_set_digest": self.factor_set_digest,
            "gwp": self.gwp,
            "reporting_year": self.reporting_year,
            "stage": self.stage,
            "area": self.area,
            "fictional": self.fictional,
            "eligible": self.eligible,
            "eligibility": [r.to_dict() for r in self.eligibility],
            "gates": {"all_passed": not self.failed_gates, "failed": self.failed_gates},
            "level": self.level.to_dict(),
            "total_fulfilment": _num(self.total_fulfilment),
            "themes": [t.to_dict() for t in self.themes],
            "distinctions": [d.to_dict() for d in self.distinctions],
            "criteria": [c.to_dict() for c in self.criteria],
            "gaps": [g.to_dict() for g in self.gaps],
            "level_paths": [p.to_dict() for p in self.level_paths],
            "crosswalks": [c.to_dict() for c in self.crosswalks],
            "key_figures": {name: figure.to_dict(depth=0) for name, figure in self.key_figures.items()},
            "flags": [f.to_dict() for f in self.flags],
            "data_quality": self.data_quality,
            "reference_factors": self.reference_factors,
            "hourly_cfe": None
            if self.hourly_cfe is None
            else {
                "area": self.hourly_cfe["area"].to_dict(),
                "companies": {cid: _num(f.value) for cid, f in self.hourly_cfe["companies"].items()},
            },
        }

    def to_json(self) -> str:
        """Deterministic JSON: the same inputs give the same bytes."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
