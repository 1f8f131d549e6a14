"""Reading an assessment through a crosswalk to another scheme (G³, the EIP Framework).

A GIA criterion *meets* a mapped requirement when it is a passed gate, or a scored criterion with
at least the crosswalk's ``met_at_points``. The reading follows what the mapping says about the two:

- **met** when a criterion mapped as ``equal`` or ``superset`` (it demands at least what the
  requirement does) meets it, or every criterion mapped as ``subset`` meets it (the parts together
  make the whole);
- **not met** when a criterion mapped as ``equal`` (the same bar) does not meet it;
- **cannot tell** otherwise, with why: some of the mapped criteria meet it but not enough to say
  (``partly_evidenced``); a stricter (``superset``) GIA criterion is not met, which says nothing
  about the other scheme's own, lower bar (``stricter_not_met``); the parts or overlaps GIA measures
  are not met, but the requirement may be met in ways GIA does not measure (``not_evidenced``); or
  no GIA criterion applicable to the area maps to it (``no_evidence``).

A criterion that is not applicable to the area is left out of the evidence. The summary's
``base_requirements_met`` is True when every base requirement is met, False when one is not met,
and None when GIA's criteria cannot tell.
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


def _status(evidence: list[dict[str, Any]]) -> tuple[str, str]:
    """(met / not_met / cannot_tell, why) of one requirement from its evidence."""

    def of(relationship: Relationship) -> list[dict[str, Any]]:
        return [e for e in evidence if e["relationship"] == relationship.value]

    parts = of(Relationship.SUBSET)
    if any(e["meets"] for e in of(Relationship.EQUAL) + of(Relationship.SUPERSET)) or (
        parts and all(e["meets"] for e in parts)
    ):
        return "met", ""
    if any(not e["meets"] for e in of(Relationship.EQUAL)):
        return "not_met", ""
    if not evidence:
        return "cannot_tell", "no_evidence"
    if any(e["meets"] for e in evidence):
        return "cannot_tell", "partly_evidenced"
    if of(Relationship.SUPERSET):
        return "cannot_tell", "stricter_not_met"
    return "cannot_tell", "not_evidenced"


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
        status, why = _status(evidence)
        requirements.append(
            {
                "id": requirement.id,
                "kind": requirement.kind,
                "name": requirement.name.get(language),
                "status": status,
                "why": why,
                "evidence": evidence,
            }
        )
    base = [r for r in requirements if r["kind"] in ("base", "prerequisite")]
    if not base:
        base_met = None
    elif any(r["status"] == "not_met" for r in base):
        base_met = False
    elif all(r["status"] == "met" for r in base):
        base_met = True
    else:
        base_met = None
    summary = {
        "base_requirements_met": base_met,
        "cannot_tell": [r["id"] for r in requirements if r["status"] == "cannot_tell"],
        "base_cannot_tell": [r["id"] for r in base if r["status"] == "cannot_tell"],
        "met": [r["id"] for r in requirements if r["status"] == "met"],
        "add_ons_met": [r["id"] for r in requirements if r["kind"] == "add-on" and r["status"] == "met"],
    }
    return CrosswalkReading(crosswalk.id, crosswalk.target_scheme, tuple(requirements), summary)
