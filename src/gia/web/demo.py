"""The demo platform: the example areas with their data submitted and assessed, and a user per role."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction

from gia.documents import read_path
from gia.web.actions import certification as workflow
from gia.web.actions.areas import do_create_area
from gia.web.actions.submissions import do_attach_series, do_replace_draft, do_submit
from gia.web.models import Area, Certificate, Membership, Role, SubmissionVersion

EXAMPLES = ("de-g3-park.yaml", "dk-symbiosis.yaml", "pl-ssez-subzone.yaml")


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
            level = version.assessments.get(language="en").level
            if level:
                certify(manager, auditor, body, area, version, level, today)
    return created


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
    for criterion in version.assessments.get(language="en").summary["criteria"]:
        workflow.do_review_criterion(auditor, application, criterion["id"], "accepted")
    workflow.do_recommend(auditor, application, "grant", level, "demo: every criterion accepted")
    workflow.do_decide(body, application, "grant", level, "demo", today=today)
    return application.certificates.get()


def demo_loaded() -> bool:
    return (
        Area.objects.filter(slug__in=["de-g3-park"]).exists()
        or User.objects.filter(username="certification@gia.example").exists()
    )
