"""The year's data entered by forms only, in a real browser, in English and in Polish.

1. A new area manager registers an area, adds three companies by name, fills every section of the
   area and of one company through the forms, submits, and reads the level or why there is none.
2. A company contributor fills its company's sections (decimal commas, units it knows), saves half
   done, comes back, finishes, sees every section complete and hands the data over.
3. A manager saves every section of every company of an example area unchanged and submits: no
   error anywhere, and the level is the one the core computes for the example.

A screenshot of every step is kept under ``tests/browser/artifacts/`` (not committed).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from gia.assessment.engine import assess
from gia.dataset import sections
from gia.dataset.io import submission_from_data
from gia.standard.loader import load_standard
from gia.web.actions.submissions import current_document
from gia.web.demo import load_demo
from gia.web.models import Area, AssessmentRecord, Membership, Role, SubmissionVersion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "demo-password-for-browser-tests"
ARTIFACTS = Path(__file__).parent / "artifacts"
LANGUAGES = ["en", "pl"]


class Steps:
    """Screenshots of a journey's steps, numbered, at the page's size."""

    def __init__(self, page: Any, name: str) -> None:
        self.page = page
        self.folder = ARTIFACTS / name
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def shot(self, what: str) -> None:
        self.count += 1
        self.page.screenshot(path=str(self.folder / f"{self.count:02d}-{what}.png"), full_page=True)


def browser_page(new_page: Any, base: str, language: str, width: int = 1280) -> Any:
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    return page


def sign_in(page: Any, base: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/app/$"))


def no_internal_names(page: Any) -> None:
    """Nothing a person reads names a field path or a field's internal name."""
    text = page.locator("main").inner_text()
    assert "companies[" not in text
    found = re.findall(r"\b[a-z]+_[a-z_0-9]+\b", text)
    assert found == [], found


def save(page: Any, button: str = "#save-section") -> None:
    page.locator(button).click()
    page.wait_for_load_state()
    errors = page.locator("#error-summary")
    assert errors.count() == 0, errors.inner_text()


def fill(page: Any, values: dict[str, str]) -> None:
    for name, value in values.items():
        field = page.locator(f'[name="{name}"]')
        tag = field.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
        if tag.startswith("select"):
            field.select_option(value)
        elif tag == "input:checkbox":
            field.set_checked(value == "on")
        else:
            field.fill(value)


def add_row(page: Any, list_name: str) -> None:
    page.locator(f'button[name="_add"][value="{list_name}"]').click()
    page.wait_for_load_state()


def section(page: Any, base: str, path: str) -> None:
    page.goto(base + path)
    no_internal_names(page)


AREA_SECTIONS: dict[str, list[tuple[str, dict[str, str]]]] = {
    # each section: (list to add a row to first, or "", the inputs to fill)
    "profile": [("", {"area.municipality": "Gliwice", "area.status": "operating", "stage": "certificate"})],
    "land": [
        (
            "",
            {
                "area.sealed_area_ha": "30,5",
                "area.near_natural_green_ha": "6",
                "area.green_roofs_facades_ha": "0,8",
                "area.rainwater_managed_share": "55 %",
            },
        )
    ],
    "plans": [
        (
            "",
            {
                "area.plans.energy_concept.adopted": "2023-03-14",
                "area.plans.energy_concept.by": "Rada Miasta",
                "area.plans.climate_target.target_year": "2040",
                "area.plans.climate_target.adopted": "2024-02-01",
            },
        ),
        (
            "area.plans.climate_target.milestones",
            {
                "area.plans.climate_target.milestones.0.year": "2030",
                "area.plans.climate_target.milestones.0.reduction_share": "55",
                "area.plans.land_management_plan.adopted": "2023-06-01",
            },
        ),
        (
            "area.plans.land_management_plan.measures",
            {
                "area.plans.land_management_plan.measures.0.kind": "unsealing",
                "area.plans.land_management_plan.measures.0.description": "Car park unsealed with grass pavers",
                "area.plans.climate_risk_assessment.adopted": "2024-05-01",
                "area.plans.adaptation_plan.adopted": "2024-09-01",
                "area.plans.mobility_plan.adopted": "2024-10-01",
            },
        ),
    ],
    "transport": [
        (
            "",
            {
                "area.public_transport.stop_name": "Park Wschód",
                "area.public_transport.distance_m": "350",
                "area.public_transport.departures_per_hour_at_shift_change": "4",
            },
        )
    ],
    "services": [
        (
            "area.shared_services",
            {
                "area.shared_services.0.name": "Joint waste collection",
                "area.shared_services.0.kind": "shared_waste_collection",
            },
        )
    ],
    "network": [
        (
            "area.network_events",
            {
                "area.network_events.0.date": "2025-04-10",
                "area.network_events.0.title": "Energy network meeting",
                "area.network_events.0.kind": "network_meeting",
            },
        ),
        (
            "area.skills.training_programmes",
            {"area.skills.training_programmes.0": "Energy efficiency for maintenance staff"},
        ),
    ],
    "compliance": [("", {})],
    "baseline": [
        (
            "",
            {
                "area.activity_unit": "employee",
                "area.baseline.year": "2022",
                "area.baseline.scope12_market_kg_co2e": "2 400 000",
                "area.baseline.final_energy_kwh": "9,5",
                "area.baseline.final_energy_kwh.unit": "GWh",
                "area.baseline.employees": "300",
                "area.baseline.source": "Survey of the companies, 2022",
            },
        )
    ],
    "exchanges": [("", {})],  # filled after the companies exist (below)
    "hourly": [("", {})],
    "not-applicable": [
        (
            "",
            {
                "not_applicable.EN-07.declared": "on",
                "not_applicable.EN-07.reason": "No process produces waste heat",
            },
        )
    ],
}

COMPANY_SECTIONS: dict[str, list[tuple[str, dict[str, str]]]] = {
    "profile": [("", {"floor_area_m2": "12 500"})],
    "electricity": [
        (
            "electricity_purchases",
            {
                "electricity_purchases.0.amount_kwh": "1,2",
                "electricity_purchases.0.amount_kwh.unit": "GWh",
                "electricity_purchases.0.instrument": "guarantee_of_origin",
                "electricity_purchases.0.technology": "wind",
                "electricity_purchases.0.cancelled": "on",
                "electricity_purchases.0.production_year": "2025",
                "electricity_purchases.0.certificate_country": "PL",
            },
        ),
        (
            "electricity_purchases",
            {
                "electricity_purchases.1.amount_kwh": "350 000",
                "electricity_purchases.1.amount_kwh.unit": "kWh",
                "electricity_purchases.1.instrument": "none",
            },
        ),
    ],
    "generation": [
        (
            "generation",
            {
                "generation.0.technology": "solar_pv",
                "generation.0.generated_kwh": "180",
                "generation.0.generated_kwh.unit": "MWh",
                "generation.0.self_consumed_kwh": "165",
                "generation.0.self_consumed_kwh.unit": "MWh",
                "generation.0.exported_kwh": "15",
                "generation.0.exported_kwh.unit": "MWh",
            },
        )
    ],
    "fuels": [
        (
            "fuels",
            {
                "fuels.0.fuel": "natural_gas",
                "fuels.0.amount": "27 000,5",
                "fuels.0.amount.unit": "m3",
                "fuels.0.use": "process_heat",
            },
        )
    ],
    "heat": [
        (
            "heat_purchases",
            {
                "heat_purchases.0.source": "district_heating",
                "heat_purchases.0.amount_kwh": "420",
                "heat_purchases.0.amount_kwh.unit": "MWh",
                "heat_purchases.0.renewable_share": "40 %",
            },
        )
    ],
    "refrigerants": [
        (
            "refrigerants",
            {
                "refrigerants.0.gas": "R-410A",
                "refrigerants.0.charge_kg": "35",
                "refrigerants.0.leakage_kg": "1,5",
            },
        )
    ],
    "waste": [
        (
            "waste",
            {
                "waste.0.ewc": "12 01 01",
                "waste.0.description": "Aluminium swarf",
                "waste.0.amount_t": "42",
                "waste.0.treatment": "R4",
            },
        )
    ],
    "water": [("", {"water.withdrawn_m3": "8 400", "water.reused_m3": "1 200"})],
    "mobility": [
        (
            "vehicles",
            {
                "vehicles.0.drive": "battery_electric",
                "vehicles.0.kind": "van",
                "vehicles.0.count": "3",
                "charging_points": "6",
                "commuting.car_alone": "60",
                "commuting.public_transport": "25",
                "commuting.bicycle": "15",
            },
        )
    ],
    "flexibility": [
        (
            "",
            {
                "waste_heat.recoverable_kwh": "300",
                "waste_heat.recoverable_kwh.unit": "MWh",
                "waste_heat.used_kwh": "120",
                "waste_heat.used_kwh.unit": "MWh",
                "peak_load_kw": "450",
                "flexible_load_kw": "60",
            },
        )
    ],
    "management": [
        (
            "management_systems",
            {"management_systems.0.scheme": "iso_50001", "management_systems.0.date": "2023-11-20"},
        )
    ],
}


def fill_section(page: Any, steps: list[tuple[str, dict[str, str]]]) -> None:
    for list_name, values in steps:
        if list_name:
            add_row(page, list_name)
        fill(page, values)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_new_manager_enters_a_whole_year_by_forms_and_submits(
    live_server: Any, new_page: Any, language: str
) -> None:
    base = live_server.url
    manager = User.objects.create_user(
        "anna@ostropa.example", "anna@ostropa.example", PASSWORD, first_name="Anna"
    )
    Membership.objects.create(user=manager, role=Role.AREA_MANAGER)
    page = browser_page(new_page, base, language)
    steps = Steps(page, f"data-entry-new-area-{language}")
    sign_in(page, base, manager.username)

    # register the area: a name, no identifier, the boundary clicked on the map
    page.locator("main a.button[href$='/app/areas/new/']").click()
    page.locator("#id_name").fill("Strefa Ostropa Wschód")
    page.locator("#id_country").select_option("PL")
    page.locator("#id_total_area_ha").fill("48")
    box = page.locator("#boundary-map").bounding_box()
    for dx, dy in ((0.4, 0.4), (0.6, 0.4), (0.5, 0.6)):
        page.mouse.click(box["x"] + box["width"] * dx, box["y"] + box["height"] * dy)
    page.locator("#id_management_name").fill("Ostropa Park Sp. z o.o.")
    page.locator("#id_management_contact").fill("biuro@ostropa.example")
    page.locator("#id_management_mandate").fill("manages the zone")
    steps.shot("register-area")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/app/areas/strefa-ostropa-wschod/$"))
    area = Area.objects.get(slug="strefa-ostropa-wschod")

    # three companies by name
    for name, nace, employees in (
        ("Odlewnia Ostropa S.A.", "C24.53", "180"),
        ("Piekarnia Śląska Sp. z o.o.", "C10.71", "60"),
        ("Logistyka A4 Sp. z o.o.", "H52.10", "45"),
    ):
        page.goto(f"{base}/app/areas/{area.slug}/companies/new/")
        page.locator("#id_name").fill(name)
        page.locator("#id_nace").fill(nace)
        page.locator("#id_employees").fill(employees)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
    assert sorted(area.companies.values_list("slug", flat=True)) == [
        "logistyka-a4-sp-z-oo",
        "odlewnia-ostropa-sa",
        "piekarnia-slaska-sp-z-oo",
    ]
    steps.shot("companies-added")

    # the year's page, then every section of the area's own data
    year = dt.date.today().year - 1
    page.goto(f"{base}/app/areas/{area.slug}/")
    page.locator(f"main a[href$='/{area.slug}/{year}/']").first.click()
    page.wait_for_url(re.compile(rf"/{year}/$"))
    steps.shot("year-page")
    page.locator("#area-data").click()
    page.locator("#continue").click()
    for slug, fillings in AREA_SECTIONS.items():
        assert page.url.split("#")[0].endswith(f"/area/{slug}/"), page.url
        no_internal_names(page)
        fill_section(page, fillings)
        if slug == "services":
            page.locator('[name="area.shared_services.0.companies"]').first.check()
            page.locator('[name="area.shared_services.0.companies"]').nth(1).check()
        if slug == "exchanges":
            add_row(page, "exchanges")
            fill(
                page,
                {
                    "exchanges.0.supplier": "odlewnia-ostropa-sa",
                    "exchanges.0.receiver": "piekarnia-slaska-sp-z-oo",
                    "exchanges.0.kind": "energy",
                    "exchanges.0.description": "Waste heat from the furnaces",
                    "exchanges.0.amount": "120",
                    "exchanges.0.amount.unit": "MWh",
                },
            )
        steps.shot(f"area-{slug}")
        save(page, "#save-next" if slug != "not-applicable" else "#save-section")
    page.goto(f"{base}/app/areas/{area.slug}/{year}/area/")
    assert page.locator(".task-list .badge.ok").count() == len(sections.AREA_SECTIONS)
    steps.shot("area-complete")

    # every section of one company
    company = f"{base}/app/areas/{area.slug}/{year}/companies/odlewnia-ostropa-sa/"
    page.goto(company)
    page.locator("#continue").click()
    for slug, fillings in COMPANY_SECTIONS.items():
        assert page.url.split("#")[0].endswith(f"/sections/{slug}/"), page.url
        no_internal_names(page)
        fill_section(page, fillings)
        steps.shot(f"company-{slug}")
        save(page, "#save-next" if slug != "management" else "#save-section")
    page.goto(company)
    assert page.locator(".task-list .badge.ok").count() == len(sections.COMPANY_SECTIONS)
    steps.shot("company-complete")
    entry = next(c for c in current_document(area, year)["companies"] if c["id"] == "odlewnia-ostropa-sa")
    assert entry["electricity_purchases"][0]["amount_kwh"] == 1_200_000
    assert entry["fuels"][0]["amount"] == {"value": 27000.5, "unit": "m3"}
    assert entry["heat_purchases"][0]["renewable_share"] == 0.4

    # the two others gave no data this year: the year page says so, and the manager estimates them
    page.goto(f"{base}/app/areas/{area.slug}/{year}/")
    assert page.locator("#blockers li").count() == 2
    steps.shot("blockers")
    for slug, estimate in (("piekarnia-slaska-sp-z-oo", "850"), ("logistyka-a4-sp-z-oo", "1,4")):
        page.goto(f"{base}/app/areas/{area.slug}/{year}/companies/{slug}/sections/profile/")
        fill(
            page,
            {
                "reported": "off",
                "estimated_final_energy_kwh": estimate,
                "estimated_final_energy_kwh.unit": "MWh" if estimate == "850" else "GWh",
            },
        )
        save(page)

    # submit and read the level, or why there is none
    page.goto(f"{base}/app/areas/{area.slug}/{year}/")
    assert page.locator("#blockers").count() == 0
    page.locator("#submit-year").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
    steps.shot("dashboard")
    version = SubmissionVersion.objects.get(area=area, year=year)
    expected = assess(submission_from_data(version.data()), load_standard(), language=language)
    shown = page.locator("#level").inner_text()
    names = {lvl.id: lvl.name.get(language) for lvl in load_standard().catalogue.levels}
    if expected.level.level:
        assert shown == names[expected.level.level]
    else:
        assert page.locator("#level").locator("xpath=..").locator("li").count() >= 1  # the reasons


def fill_missing(page: Any) -> None:
    """What the demo company lacks: its water and how its staff commute."""
    if "/sections/water/" in page.url:
        fill(page, {"water.withdrawn_m3": "2 750,5", "water.withdrawn_m3.unit": "m3"})
    if "/sections/mobility/" in page.url:
        fill(
            page,
            {"commuting.car_alone": "72,5", "commuting.public_transport": "17,5", "commuting.bicycle": "10"},
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_contributor_fills_the_company_sections_and_hands_them_over(
    live_server: Any, new_page: Any, language: str
) -> None:
    load_demo(password=PASSWORD)
    base = live_server.url
    page = browser_page(new_page, base, language, width=390)
    steps = Steps(page, f"data-entry-contributor-{language}")
    sign_in(page, base, "asfalt-gliwice@pl-gliwice-ostropa-zachod.example")
    steps.shot("home")
    company = f"{base}/app/areas/pl-gliwice-ostropa-zachod/2024/companies/asfalt-gliwice/"
    page.goto(company)
    assert page.locator("#hand-over").count() == 0  # not everything is complete yet
    steps.shot("company-overview")
    # half done: the water today, then leave
    page.locator("#continue").click()
    first = page.url
    fill_missing(page)
    save(page)
    steps.shot("first-section-saved")
    page.goto(f"{base}/")
    # back later: continue where it stopped, until every section is complete
    for _round in range(len(sections.COMPANY_SECTIONS)):
        page.goto(company)
        if page.locator("#continue").count() == 0:
            break
        page.locator("#continue").click()
        assert page.url != first or "water" not in page.url
        no_internal_names(page)
        fill_missing(page)
        steps.shot(page.url.rstrip("/").rsplit("/", 1)[-1])
        save(page)
    page.goto(company)
    assert page.locator(".task-list .badge.ok").count() == len(sections.COMPANY_SECTIONS)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("#hand-over").click()
    page.wait_for_load_state()
    steps.shot("handed-over")
    assert page.locator(".badge.ok", has_text=re.compile("handed over|przekazan", re.I)).count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_saving_every_section_of_an_example_unchanged_and_submitting_raises_no_error(
    live_server: Any, new_page: Any, language: str
) -> None:
    from tests.web.test_data_sections import load_example

    area, year, manager = load_example("pl-ssez-subzone.yaml")
    manager.set_password(PASSWORD)
    manager.save()
    base = live_server.url
    page = browser_page(new_page, base, language)
    steps = Steps(page, f"data-entry-unchanged-{language}")
    sign_in(page, base, manager.username)
    urls = [f"/app/areas/{area.slug}/{year}/area/{s.slug}/" for s in sections.AREA_SECTIONS]
    for company in area.companies.order_by("name"):
        urls += [
            f"/app/areas/{area.slug}/{year}/companies/{company.slug}/sections/{s.slug}/"
            for s in sections.COMPANY_SECTIONS
        ]
    before = current_document(area, year)
    for number, url in enumerate(urls):
        page.goto(base + url)
        if number % 25 == 0:
            steps.shot(url.strip("/").replace("/", "-"))
        save(page)
    assert current_document(area, year) == before
    page.goto(f"{base}/app/areas/{area.slug}/{year}/")
    assert page.locator("#blockers").count() == 0
    page.locator("#submit-year").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
    steps.shot("dashboard")
    expected = assess(submission_from_data(before), load_standard(), language=language)
    assert AssessmentRecord.objects.of(SubmissionVersion.objects.get(area=area, year=year)).level == (
        expected.level.level or ""
    )
