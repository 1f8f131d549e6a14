"""The demo platform: the example areas with their data submitted and assessed, and a user per role."""

from __future__ import annotations

import datetime as dt
import math
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from gia.documents import load, read_path
from gia.symbiosis.flows import Flow, FlowsDocument
from gia.web.actions import certification as workflow
from gia.web.actions.areas import do_create_area, do_update_company
from gia.web.actions.submissions import do_attach_series, do_replace_draft, do_submit
from gia.web.actions.symbiosis import do_post_flow
from gia.web.models import (
    Area,
    AssessmentRecord,
    Certificate,
    Company,
    FlowKind,
    Membership,
    Role,
    SubmissionVersion,
)

EXAMPLES = ("de-g3-park.yaml", "dk-symbiosis.yaml", "pl-ssez-subzone.yaml")
#: offers and needs posted on the demo areas' symbiosis boards (flows of companies the demo does not
#: register — other areas, planned companies — are left out)
FLOW_EXAMPLES = ("de-symbiosis-flows.yaml", "dk-symbiosis-flows.yaml", "pl-symbiosis-flows.yaml")
#: the least distance between two demo companies' sites [degrees of latitude, about 80 m]
SITE_SPACING_DEG = 0.0007


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str
    scope: str


def examples_dir() -> Path:
    for candidate in (Path(__file__).resolve().parents[3] / "examples", Path.cwd() / "examples"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("examples/")


def _user(username: str, full_name: str, password: str) -> User:
    first, _sep, last = full_name.partition(" ")
    return User.objects.create_user(
        username=username, email=username, password=password, first_name=first, last_name=last
    )


def load_demo(password: str | None = None, today: dt.date | None = None) -> list[DemoUser]:
    """Create the demo users and areas; returns the users with their passwords (shown once).

    ``password`` gives every demo user the same password (tests); by default each gets a random one.
    """
    today = today or dt.date.today()
    created: list[DemoUser] = []

    def new_password() -> str:
        return password or secrets.token_urlsafe(12)

    managers: dict[str, User] = {}
    with transaction.atomic():
        body_password = new_password()
        body = _user("certification@gia.example", "Clara Certa", body_password)
        Membership.objects.create(user=body, role=Role.CERTIFICATION_BODY)
        body.is_staff = True
        body.is_superuser = True
        body.save()
        created.append(DemoUser(body.username, body_password, str(Role.CERTIFICATION_BODY.label), "GIA"))
        auditor_password = new_password()
        auditor = _user("auditor@gia.example", "Arne Audit", auditor_password)
        created.append(DemoUser(auditor.username, auditor_password, str(Role.AUDITOR.label), ""))

        for name in EXAMPLES:
            path = examples_dir() / name
            document, _lines = read_path(path)
            area_block = document["area"]
            slug = area_block["id"]
            manager_password = new_password()
            manager = _user(f"manager@{slug}.example", f"Manager {area_block['name']}", manager_password)
            Membership.objects.create(user=manager, role=Role.AREA_MANAGER)
            entity = area_block["management_entity"]
            area = do_create_area(
                manager,
                {
                    "slug": slug,
                    "name": area_block["name"],
                    "country": area_block["country"],
                    "total_area_ha": float(str(area_block["total_area_ha"]).split()[0]),
                    "boundary": area_block["boundary"],
                    "management_name": entity["name"],
                    "management_contact": entity["contact"],
                    "management_mandate": entity["mandate"],
                    "fictional": bool(document.get("fictional", False)),
                },
            )
            created.append(
                DemoUser(manager.username, manager_password, str(Role.AREA_MANAGER.label), area.name)
            )
            Membership.objects.create(user=auditor, role=Role.AUDITOR, area=area)
            year = int(document["reporting_year"])
            for series in (document.get("hourly") or {}).get("files", []):
                source = path.parent / series["path"]
                with source.open("rb") as stream:
                    do_attach_series(manager, area, year, stream, source.stat().st_size, source.name)
                series["path"] = f"series/{source.name}"
            do_replace_draft(manager, area, year, document, name)
            version = do_submit(manager, area, year, "demo data")
            first_company = area.companies.order_by("slug").first()
            if first_company is not None:
                contributor_password = new_password()
                contributor = _user(
                    f"{first_company.slug}@{slug}.example",
                    f"Contact {first_company.name}",
                    contributor_password,
                )
                Membership.objects.create(
                    user=contributor, role=Role.COMPANY_CONTRIBUTOR, area=area, company=first_company
                )
                created.append(
                    DemoUser(
                        contributor.username,
                        contributor_password,
                        str(Role.COMPANY_CONTRIBUTOR.label),
                        first_company.name,
                    )
                )
            level = AssessmentRecord.objects.of(version).level
            if level:
                certify(manager, auditor, body, area, version, level, today)
            managers[area.slug] = manager
        flows = _example_flows()
        for area in Area.objects.filter(slug__in=managers):
            place_companies(managers[area.slug], area, flows)
        post_example_flows(managers, flows)
    return created


def _example_flows() -> list[tuple[str, Flow]]:
    """(offer or need, flow) of every flows example, in file order."""
    found: list[tuple[str, Flow]] = []
    for name in FLOW_EXAMPLES:
        document = load(FlowsDocument, examples_dir() / name)
        found += [(FlowKind.OFFER, flow) for flow in document.offers]
        found += [(FlowKind.NEED, flow) for flow in document.needs]
    return found


def inside(longitude: float, latitude: float, ring: list[list[float]]) -> bool:
    """Whether a point lies inside a polygon's ring (ray casting; longitude, latitude pairs)."""
    result = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > latitude) != (y2 > latitude) and longitude < x1 + (latitude - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


def near_edge(longitude: float, latitude: float, ring: list[list[float]], metres: float = 300.0) -> bool:
    """Whether a point lies within ``metres`` of the ring's edge (a site at the boundary)."""
    scale = math.cos(math.radians(latitude))  # degrees of longitude are shorter than of latitude
    limit = metres / 111_320.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        ax, ay, bx, by = (x1 - longitude) * scale, y1 - latitude, (x2 - longitude) * scale, y2 - latitude
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, -(ax * dx + ay * dy) / (dx * dx + dy * dy or 1.0)))
        if math.hypot(ax + t * dx, ay + t * dy) <= limit:
            return True
    return False


def _halton(index: int, base: int) -> float:
    value, fraction = 0.0, 1.0
    while index:
        fraction /= base
        value += fraction * (index % base)
        index //= base
    return value


def outer_ring(boundary: dict[str, Any]) -> list[list[float]] | None:
    """The outer ring of a Polygon (the first polygon of a MultiPolygon), without the closing point."""
    if boundary.get("type") not in ("Polygon", "MultiPolygon"):
        return None
    rings = boundary["coordinates"] if boundary["type"] == "Polygon" else boundary["coordinates"][0]
    ring = [[float(p[0]), float(p[1])] for p in rings[0]]
    return ring[:-1] if ring[0] == ring[-1] else ring


def site_candidates(
    boundary: dict[str, Any], count: int, taken: list[tuple[float, float]]
) -> list[tuple[float, float]]:
    """``count`` well-spread (latitude, longitude) points inside the area's boundary, deterministic
    (a Halton sequence over the boundary's box), apart from each other and from ``taken``."""
    ring = outer_ring(boundary)
    if ring is None:  # a point: a small grid around it
        longitude, latitude = boundary["coordinates"]
        return [
            (round(latitude + 0.001 * (i % 3 - 1), 5), round(longitude + 0.0015 * (i // 3 % 3 - 1), 5))
            for i in range(1, count + 1)
        ]
    west, east = min(p[0] for p in ring), max(p[0] for p in ring)
    south, north = min(p[1] for p in ring), max(p[1] for p in ring)
    chosen: list[tuple[float, float]] = []
    used = list(taken)
    index = 1
    while len(chosen) < count and index < 20_000:
        longitude = round(west + (east - west) * _halton(index, 2), 5)
        latitude = round(south + (north - south) * _halton(index, 3), 5)
        index += 1
        if not inside(longitude, latitude, ring):
            continue
        if any(
            abs(latitude - a) < SITE_SPACING_DEG and abs(longitude - b) < 2 * SITE_SPACING_DEG
            for a, b in used
        ):
            continue
        chosen.append((latitude, longitude))
        used.append((latitude, longitude))
    return chosen


def place_companies(manager: User, area: Area, flows: list[tuple[str, Flow]]) -> None:
    """Give every company of the area its site, as a manager does on the company's page: where a
    flows example places the company (inside the boundary), else a spread point inside it."""
    companies = list(area.companies.order_by("slug"))
    given: dict[str, tuple[float, float]] = {}
    ring = outer_ring(area.boundary)
    for _kind, flow in flows:
        here = flow.location
        placed = (
            ring is None
            or inside(here.longitude, here.latitude, ring)
            or near_edge(here.longitude, here.latitude, ring)
        )
        if flow.area == area.slug and flow.company not in given and placed:
            given[flow.company] = (here.latitude, here.longitude)
    sites: dict[int, tuple[float, float]] = {}
    for company in companies:
        if company.slug in given:
            sites[company.pk] = given[company.slug]
    free = site_candidates(area.boundary, len(companies) - len(sites), list(sites.values()))
    for company in companies:
        if company.pk not in sites and free:
            sites[company.pk] = free.pop(0)
    for company in companies:
        if company.pk in sites:
            latitude, longitude = sites[company.pk]
            do_update_company(manager, company, {"latitude": latitude, "longitude": longitude})


def post_example_flows(managers: dict[str, User], flows: list[tuple[str, Flow]]) -> None:
    """Post the example offers and needs of the demo's companies, as their area's manager would."""
    companies = {(c.area.slug, c.slug): c for c in Company.objects.select_related("area")}
    for kind, flow in flows:
        company = companies.get((flow.area, flow.company))
        if company is None or flow.area not in managers:
            continue
        fields = flow.model_dump(
            mode="json", exclude={"id", "company", "area", "location", "location_estimated"}
        )
        do_post_flow(managers[flow.area], company, {"kind": kind, **fields})


def certify(
    manager: User,
    auditor: User,
    body: User,
    area: Area,
    version: SubmissionVersion,
    level: str,
    today: dt.date,
) -> Certificate:
    """The whole certification path, as the three users would walk it in the pages."""
    application = workflow.do_apply(manager, area, version.data().get("stage", "certificate"), version)
    application = workflow.do_check_completeness(body, application)
    application = workflow.do_assign_auditor(body, application, auditor)
    for criterion in AssessmentRecord.objects.of(version).summary_in("en")["criteria"]:
        workflow.do_review_criterion(auditor, application, criterion["id"], "accepted")
    workflow.do_recommend(auditor, application, "grant", level, "demo: every criterion accepted")
    workflow.do_decide(body, application, "grant", level, "demo", today=today)
    return application.certificates.get()


def demo_loaded() -> bool:
    return (
        Area.objects.filter(slug__in=["de-g3-park"]).exists()
        or User.objects.filter(username="certification@gia.example").exists()
    )
