"""An area's suggested symbiosis matches as a job: ``match_flows`` over the area's active flows and the
flows other areas opted in to share (across every area of the platform, which grows with the
platform), kept in the file store under a fingerprint of what they were computed from. The matches
page shows the kept matches while nothing they were computed from has changed — a flow posted,
changed or withdrawn, a company's site moved, the substitution table changed — and else asks for a
job and shows its progress."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_noop

from gia.symbiosis.flows import Flow
from gia.symbiosis.matching import Match, Table, load_table, match_flows
from gia.web import files
from gia.web.actions.symbiosis import visible_flows
from gia.web.models import Area, FlowKind

MATCH_STEPS = (
    gettext_noop("Gathering the flows of this area and those shared by other areas"),
    gettext_noop("Matching offers and needs"),
)
#: the most matches one offer keeps (its alternatives)
TOP = 5


def _inputs(area: Area) -> tuple[list[Flow], list[Flow]]:
    rows = list(visible_flows(area))
    offers = [row.core_flow() for row in rows if row.kind == FlowKind.OFFER]
    needs = [row.core_flow() for row in rows if row.kind == FlowKind.NEED]
    return offers, needs


def fingerprint(area: Area, offers: list[Flow], needs: list[Flow], table: Table) -> str:
    body = json.dumps(
        [
            area.slug,
            [f.model_dump(mode="json") for f in offers],
            [f.model_dump(mode="json") for f in needs],
            repr(table.substitutions),
            TOP,
        ],
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(body.encode()).hexdigest()


def _name(area: Area, print_: str) -> str:
    return f"symbiosis/{area.slug}/matches-{print_[:32]}.json"


def kept_name(area: Area) -> tuple[str, str]:
    """The name the area's matches are (or would be) kept under now, and its fingerprint."""
    offers, needs = _inputs(area)
    print_ = fingerprint(area, offers, needs, load_table())
    return _name(area, print_), print_


def compute(area: Area, step: Callable[[int], None] = lambda number: None) -> str:
    """Match and keep; returns the kept file's name."""
    step(1)
    table = load_table()
    offers, needs = _inputs(area)
    name = _name(area, fingerprint(area, offers, needs, table))
    step(2)
    found = [
        m
        for m in match_flows(offers, needs, table, top=TOP, across_areas=True)
        if area.slug in (m.offer.area, m.need.area)
    ]
    kept = [
        {
            "offer": m.offer.model_dump(mode="json"),
            "need": m.need.model_dump(mode="json"),
            "row": table.substitutions.index(m.row),
            "score": m.score,
            "quantity": m.quantity,
            "distance": m.distance,
            "timing": m.timing,
            "road_km": m.road_km,
        }
        for m in found
    ]
    files.save(name, json.dumps(kept).encode())
    return name


def load(name: str) -> list[Match]:
    """The kept matches, as the matcher made them."""
    table = load_table()
    return [
        Match(
            offer=Flow.model_validate(item["offer"]),
            need=Flow.model_validate(item["need"]),
            row=table.substitutions[item["row"]],
            table=table,
            score=item["score"],
            quantity=item["quantity"],
            distance=item["distance"],
            timing=item["timing"],
            road_km=item["road_km"],
        )
        for item in json.loads(files.read(name))
    ]


def matches_job_result(area: Area, step: Callable[[int], None]) -> dict[str, Any]:
    return {"matches": compute(area, step)}
