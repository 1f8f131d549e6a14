"""Reading an assessment through a crosswalk to another scheme (G³, the EIP Framework).

A GIA criterion *meets* a mapped requirement when it is a passed gate, or a scored criterion with
at least the crosswalk's ``met_at_points``. A target requirement is **met** when a criterion mapped
as ``equal`` or ``superset`` (it demands at least what the requirement does) meets it, or when every
criterion mapped as ``subset`` meets it (the parts together make the whole); **partly evidenced**
when some mapped criteria meet it (``intersect`` criteria never give more than that); otherwise
**not met**. A criterion that is not applicable to the area is left out of the evidence.
"""

from __future__ import annotations

from typing import Any

from gia.assessment.result import CriterionResult, CrosswalkReading
from gia.standard.schema import Crosswalk, Relationship

FULL = {Relationship.EQUAL, Relationship.SUPERSET}


def criterion_meets(result: CriterionResult, met_at_points: float) -> bool:
    if result.gate_passed is False:
        return False
    if result.points is not None:
        return result.points >= met_at_points
    return result.gate_passed is True


def read_crosswalk(
    crosswalk: Crosswalk, criteria: list[CriterionResult], language: str = "en"
) -> CrosswalkReading:
    by_id = {c.id: c for c in criteria}
    requirements: list[dict[str, Any]] = []
    for requirement in crosswalk.requirements:
        mappings = [m for m in crosswalk.mappings if m.target == requirement.id]
        evidence = [
            {
                "criterion": m.source,
                "relationship": m.relationship.value,
                "meets": criterion_meets(by_id[m.source], crosswalk.met_at_points),
            }
            for m in mappings
            if m.source in by_id and by_id[m.source].applicable
        ]
        parts = [e for e in evidence if e["relationship"] == Relationship.SUBSET.value]
        if any(e["meets"] and Relationship(e["relationship"]) in FULL for e in evidence) or (
            parts and all(e["meets"] for e in parts)
        ):
            status = "met"
        elif any(e["meets"] for e in evidence):
            status = "partly_evidenced"
        else:
            status = "not_met"
        requirements.append(
            {
                "id": requirement.id,
                "kind": requirement.kind,
                "name": requirement.name.get(language),
                "status": status,
                "evidence": evidence,
            }
        )
    base = [r for r in requirements if r["kind"] in ("base", "prerequisite")]
    summary = {
        "base_requirements_met": all(r["status"] == "met" for r in base) if base else None,
        "met": [r["id"] for r in requirements if r["status"] == "met"],
        "add_ons_met": [r["id"] for r in requirements if r["kind"] == "add-on" and r["status"] == "met"],
    }
    return CrosswalkReading(crosswalk.id, crosswalk.target_scheme, tuple(requirements), summary)
