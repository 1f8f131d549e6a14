"""Areas and companies: create and edit their identities."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from pydantic import ValidationError

from gia.dataset.area import Geometry
from gia.documents import problems_from
from gia.web.actions import ActionError
from gia.web.actions.audit import email_pseudonym, record
from gia.web.models import Area, Company, Membership, Role

AREA_FIELDS = (
    "slug",
    "name",
    "country",
    "total_area_ha",
    "boundary",
    "management_name",
    "management_contact",
    "management_mandate",
    "fictional",
)
COMPANY_FIELDS = ("slug", "name", "nace", "employees", "latitude", "longitude")
#: company fields a form may leave out (the site's coordinates)
OPTIONAL_COMPANY_FIELDS = ("latitude", "longitude")


def checked_boundary(boundary: Any) -> tuple[dict[str, Any], float, float]:
    """The boundary as GeoJSON checked by the core's schema, and its centre (latitude, longitude)."""
    try:
        geometry = Geometry.model_validate(boundary)
    except ValidationError as error:
        _place, message = problems_from(error)[0]
        raise ActionError(_("Boundary: {message}").format(message=message), "boundary") from None
    positions: list[list[float]] = []

    def collect(node: Any) -> None:
        if isinstance(node, list) and node and isinstance(node[0], (int, float)):
            positions.append(node)
        elif isinstance(node, list):
            for child in node:
                collect(child)

    collect(geometry.coordinates)
    longitude = sum(p[0] for p in positions) / len(positions)
    latitude = sum(p[1] for p in positions) / len(positions)
    return geometry.model_dump(mode="json"), latitude, longitude


#: letters that Unicode does not decompose into a base letter and an accent
_SPELLED = str.maketrans(
    {"ł": "l", "Ł": "L", "ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "đ": "d", "Đ": "D", "þ": "th"}
)


def identifier_from(name: str, taken: set[str]) -> str:
    """A short identifier for addresses made from a name (``Odlewnia Łódź`` → ``odlewnia-lodz``), not in ``taken``."""
    base = slugify(name.translate(_SPELLED))[:56].strip("-") or "x"
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _snapshot(obj: Area | Company, fields: tuple[str, ...]) -> dict[str, Any]:
    snapshot = {name: getattr(obj, name) for name in fields}
    if snapshot.get("management_contact"):  # may be a person's address: the trail keeps its pseudonym
        snapshot["management_contact"] = f"person:{email_pseudonym(snapshot['management_contact'])}"
    return snapshot


def do_create_area(actor: User, fields: dict[str, Any]) -> Area:
    """Register an area; its creator becomes one of its managers. Without an identifier, one is made
    from the name."""
    boundary, latitude, longitude = checked_boundary(fields["boundary"])
    if not fields.get("slug"):
        fields = {
            **fields,
            "slug": identifier_from(fields["name"], set(Area.objects.values_list("slug", flat=True))),
        }
    try:
        with transaction.atomic():
            area = Area.objects.create(
                **{**{k: fields[k] for k in AREA_FIELDS if k in fields}, "boundary": boundary},
                latitude=latitude,
                longitude=longitude,
            )
            Membership.objects.create(user=actor, role=Role.AREA_MANAGER, area=area)
            record(actor, "area.create", f"area:{area.slug}", after=_snapshot(area, AREA_FIELDS))
    except IntegrityError:
        raise ActionError(_("An area with this identifier exists already."), "slug") from None
    return area


def do_update_area(actor: User, area: Area, fields: dict[str, Any]) -> Area:
    with transaction.atomic():
        area = Area.objects.select_for_update().get(pk=area.pk)
        before = _snapshot(area, AREA_FIELDS)
        for name in AREA_FIELDS:
            if name in fields and name != "slug":
                setattr(area, name, fields[name])
        area.boundary, area.latitude, area.longitude = checked_boundary(area.boundary)
        area.save()
        record(actor, "area.update", f"area:{area.slug}", before=before, after=_snapshot(area, AREA_FIELDS))
    return area


def do_create_company(actor: User, area: Area, fields: dict[str, Any]) -> Company:
    """Add a company to an area; without an identifier, one is made from its name."""
    if not fields.get("slug"):
        taken = set(area.companies.values_list("slug", flat=True))
        fields = {**fields, "slug": identifier_from(fields["name"], taken)}
    try:
        with transaction.atomic():
            company = Company.objects.create(
                area=area,
                **{k: fields[k] for k in COMPANY_FIELDS if k in fields or k not in OPTIONAL_COMPANY_FIELDS},
            )
            record(
                actor,
                "company.create",
                f"company:{area.slug}/{company.slug}",
                after=_snapshot(company, COMPANY_FIELDS),
            )
    except IntegrityError:
        raise ActionError(_("A company with this identifier exists in this area already."), "slug") from None
    return company


def do_update_company(actor: User, company: Company, fields: dict[str, Any]) -> Company:
    with transaction.atomic():
        company = Company.objects.select_for_update().get(pk=company.pk)
        before = _snapshot(company, COMPANY_FIELDS)
        for name in COMPANY_FIELDS:
            if name in fields and name != "slug":
                setattr(company, name, fields[name])
        company.save()
        record(
            actor,
            "company.update",
            f"company:{company.area.slug}/{company.slug}",
            before=before,
            after=_snapshot(company, COMPANY_FIELDS),
        )
    return company
