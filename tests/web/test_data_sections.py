"""The year's data by forms, section by section: lossless, all or nothing, in words people know."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gia.dataset import sections
from gia.dataset.io import submission_from_data, to_json
from gia.documents import read_path
from gia.web.actions.areas import do_create_area
from gia.web.actions.submissions import current_document, do_attach_series, do_replace_draft
from gia.web.models import Area, Membership, Role
from tests.web.conftest import make_user
from tests.web.forms import submission

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def post_data(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    data: dict[str, list[str]] = defaultdict(list)
    for name, value in pairs:
        data[name].append(value)
    return dict(data)


def load_example(name: str) -> tuple[Area, int, Any]:
    """An example area loaded as ``make run`` loads it, with its manager."""
    path = EXAMPLES / name
    document, _lines = read_path(path)
    block = document["area"]
    manager = make_user(f"manager-{block['id']}@example.org")
    Membership.objects.create(user=manager, role=Role.AREA_MANAGER)
    entity = block["management_entity"]
    area = do_create_area(
        manager,
        {
            "slug": block["id"],
            "name": block["name"],
            "country": block["country"],
            "total_area_ha": float(str(block["total_area_ha"]).split()[0]),
            "boundary": block["boundary"],
            "management_name": entity["name"],
            "management_contact": entity["contact"],
            "management_mandate": entity["mandate"],
            "fictional": True,
        },
    )
    year = int(document["reporting_year"])
    for series in (document.get("hourly") or {}).get("files", []):
        source = path.parent / series["path"]
        with source.open("rb") as stream:
            do_attach_series(manager, area, year, stream, source.stat().st_size, source.name)
        series["path"] = f"series/{source.name}"
    do_replace_draft(manager, area, year, document, name)
    return area, year, manager


def summary(html: str) -> str:
    """The error summary of a refused form, as text."""
    import re

    found = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    return re.sub(r"<[^>]+>", " ", found.group(0)) if found else html[:2000]


def canonical(area: Area, year: int) -> str:
    return json.dumps(current_document(area, year), sort_keys=True, ensure_ascii=False)


@pytest.mark.parametrize("language", ["en", "pl"])
@pytest.mark.parametrize("example", ["pl-ssez-subzone.yaml", "de-g3-park.yaml", "dk-symbiosis.yaml"])
def test_saving_every_section_unchanged_changes_nothing(db: Any, example: str, language: str) -> None:
    area, year, manager = load_example(example)
    client = Client()
    client.force_login(manager)
    client.cookies["django_language"] = language
    before = canonical(area, year)
    pages = [
        reverse("area_section", kwargs={"area": area.slug, "year": year, "section": s.slug})
        for s in sections.AREA_SECTIONS
    ]
    for company in area.companies.order_by("slug"):
        pages += [
            reverse(
                "company_section",
                kwargs={"area": area.slug, "year": year, "company": company.slug, "section": s.slug},
            )
            for s in sections.COMPANY_SECTIONS
        ]
    for url in pages:
        page = client.get(url)
        assert page.status_code == 200, url
        answer = client.post(url, post_data(submission(page.content.decode(), "_save")))
        assert answer.status_code == 302, (url, summary(answer.content.decode()))
        assert canonical(area, year) == before, url
    # and the year still submits as it was: the same canonical document
    assert to_json(submission_from_data(current_document(area, year))) == to_json(
        submission_from_data(json.loads(before))
    )


def section_url(area: Area, year: int, section: str, company: str | None = None) -> str:
    if company is None:
        return reverse("area_section", kwargs={"area": area.slug, "year": year, "section": section})
    return reverse(
        "company_section", kwargs={"area": area.slug, "year": year, "company": company, "section": section}
    )


def company_entry(area: Area, year: int, company: str) -> dict[str, Any]:
    return next(c for c in current_document(area, year)["companies"] if c["id"] == company)


@pytest.fixture
def polish_manager(platform: Any) -> Client:
    client = platform.client("manager")
    client.cookies["django_language"] = "pl"
    return client


def test_polish_numbers_with_decimal_commas_and_spaces_are_read(
    platform: Any, polish_manager: Client
) -> None:
    area = platform.area
    fuels = section_url(area, 2024, "fuels", "alpha")
    answer = polish_manager.post(
        fuels,
        {
            "_save": "1",
            "fuels.0.fuel": "natural_gas",
            "fuels.0.amount": "27 000,5",
            "fuels.0.amount.unit": "m3",
            "fuels.0.use": "process_heat",
            "fuels.1.fuel": "wood",
            "fuels.1.amount": "1,2 GWh",  # the unit typed after the number wins over the selector
            "fuels.1.amount.unit": "t",
            "fuels.1.use": "space_heat",
        },
    )
    assert answer.status_code == 302, summary(answer.content.decode())
    entry = company_entry(area, 2024, "alpha")
    assert entry["fuels"][0]["amount"] == {"value": 27000.5, "unit": "m3"}
    assert entry["fuels"][1]["amount"] == {"value": 1200000.0, "unit": "kWh"}
    # shown again in Polish, every digit kept
    page = polish_manager.get(fuels).content.decode()
    assert 'value="27\xa0000,5"' in page
    assert 'value="1,2"' in page and '<option value="GWh" selected>' in page


def test_a_percentage_is_typed_as_a_percentage(platform: Any, polish_manager: Client) -> None:
    area = platform.area
    heat = section_url(area, 2024, "heat", "alpha")
    answer = polish_manager.post(
        heat,
        {
            "_save": "1",
            "heat_purchases.0.source": "district_heating",
            "heat_purchases.0.amount_kwh": "850",
            "heat_purchases.0.amount_kwh.unit": "MWh",
            "heat_purchases.0.renewable_share": "55 %",
        },
    )
    assert answer.status_code == 302, summary(answer.content.decode())
    purchase = company_entry(area, 2024, "alpha")["heat_purchases"][0]
    assert purchase["renewable_share"] == 0.55
    assert purchase["amount_kwh"] == 850000.0
    assert 'value="55"' in polish_manager.get(heat).content.decode()


def test_an_unknown_unit_is_refused_naming_the_field_by_its_label(
    platform: Any, polish_manager: Client
) -> None:
    area = platform.area
    before = canonical(area, 2024)
    url = section_url(area, 2024, "electricity", "alpha")
    answer = polish_manager.post(
        url,
        {
            "_save": "1",
            "electricity_purchases.0.amount_kwh": "5 parsecs",
            "electricity_purchases.0.amount_kwh.unit": "kWh",
            "electricity_purchases.0.instrument": "none",
        },
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "Zakupiona energia elektryczna, wiersz 1 — Ilość zakupiona" in summary(page)
    assert "kWh, MWh lub GWh" in summary(page)
    assert "electricity_purchases" not in summary(page)
    assert 'value="5 parsecs"' in page
    assert canonical(area, 2024) == before


def test_a_blank_extra_row_is_ignored_and_rows_are_added_and_removed(platform: Any) -> None:
    area = platform.area
    client = platform.client("contributor")
    url = section_url(area, 2024, "waste", "alpha")
    row = {
        "waste.0.ewc": "15 01 01",
        "waste.0.amount_t": "12",
        "waste.0.amount_t.unit": "t",
        "waste.0.treatment": "R3",
        "waste.0._row": "1",
    }
    blank = {
        "waste.1._row": "1",
        "waste.1.ewc": "",
        "waste.1.amount_t": "",
        "waste.1.amount_t.unit": "t",
        "waste.1.treatment": "",
        "waste.1.used_by": "",
        "waste.1.used_by.other": "",
    }
    # "add a row" shows one more row and keeps what was typed, saving nothing
    added = client.post(url, {**row, "_add": "waste"})
    assert added.status_code == 200
    assert 'name="waste.1._row"' in added.content.decode() and 'value="15 01 01"' in added.content.decode()
    assert company_entry(area, 2024, "alpha")["waste"] == []
    saved = client.post(url, {**row, **blank, "_save": "1"})
    assert saved.status_code == 302, summary(saved.content.decode())
    assert [w["ewc"] for w in company_entry(area, 2024, "alpha")["waste"]] == ["15 01 01"]
    # "remove" drops the row from the page; saving then stores the list without it
    removed = client.post(url, {**row, "_remove": "waste.0"})
    assert 'name="waste.0._row"' not in removed.content.decode()
    assert client.post(url, {"_save": "1"}).status_code == 302
    assert company_entry(area, 2024, "alpha")["waste"] == []


def test_an_invalid_section_stores_nothing_and_shows_errors_in_polish(
    platform: Any, polish_manager: Client
) -> None:
    area = platform.area
    before = canonical(area, 2024)
    url = section_url(area, 2024, "generation", "alpha")
    answer = polish_manager.post(
        url,
        {
            "_save": "1",
            "generation.0.technology": "solar_pv",
            "generation.0.generated_kwh": "100",
            "generation.0.generated_kwh.unit": "MWh",
            "generation.0.self_consumed_kwh": "120",
            "generation.0.self_consumed_kwh.unit": "MWh",
        },
    )
    assert answer.status_code == 400
    text = summary(answer.content.decode())
    assert "Własna produkcja, wiersz 1" in text
    assert "_kwh" not in text and "generation[" not in text
    assert canonical(area, 2024) == before


def test_companies_are_picked_by_name_and_choices_shown_in_words(platform: Any) -> None:
    area = platform.area
    page = platform.client("manager").get(section_url(area, 2024, "exchanges")).content.decode()
    page += (
        platform.client("manager")
        .post(section_url(area, 2024, "exchanges"), {"_add": "exchanges"})
        .content.decode()
    )
    assert '<option value="beta">Beta</option>' in page
    assert ">material</option>" in page
    fuels = (
        platform.client("manager")
        .post(section_url(area, 2024, "fuels", "alpha"), {"_add": "fuels"})
        .content.decode()
    )
    assert ">process heat</option>" in fuels and ">natural gas</option>" in fuels
    assert "process_heat</option>" not in fuels


def test_the_contributor_hands_over_a_complete_company(platform: Any) -> None:
    from gia.web.models import Handover

    area = platform.area
    client = platform.client("contributor")
    overview = reverse("company_data", kwargs={"area": area.slug, "year": 2024, "company": "alpha"})
    handover = reverse("company_handover", kwargs={"area": area.slug, "year": 2024, "company": "alpha"})
    client.post(handover)
    assert not Handover.objects.exists()  # sections are missing
    for section in sections.COMPANY_SECTIONS:
        url = section_url(area, 2024, section.slug, "alpha")
        page = client.get(url).content.decode()
        pairs = submission(page, "_save")
        if section.slug == "water":
            pairs = [p for p in pairs if not p[0].startswith("water.")] + [
                ("water.withdrawn_m3", "1 200"),
                ("water.withdrawn_m3.unit", "m3"),
            ]
        if section.slug == "mobility":
            pairs = [p for p in pairs if not p[0].startswith("commuting.")] + [
                ("commuting.car_alone", "70"),
                ("commuting.bicycle", "30"),
            ]
        answer = client.post(url, post_data(pairs))
        assert answer.status_code == 302, (section.slug, summary(answer.content.decode()))
    assert "11 of 11 sections complete" in client.get(overview).content.decode()
    client.post(handover)
    assert Handover.objects.filter(company__slug="alpha").exists()
    year_page = platform.client("manager").get(
        reverse("year_detail", kwargs={"area": area.slug, "year": 2024})
    )
    assert "11 of 11" in year_page.content.decode()


def visible_text(html: str) -> str:
    """What a person reads on a page: no scripts, styles, tags or attribute values."""
    import html as htmllib

    body = re.sub(r"(?s)<(script|style|head|datalist|code)\b.*?</\1>", " ", html)
    body = re.sub(r"(?s)<!--.*?-->", " ", body)
    body = re.sub(r"(?s)<[^>]+>", " ", body)
    return htmllib.unescape(body)


SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


@pytest.mark.parametrize("language", ["en", "pl"])
@pytest.mark.parametrize("example", ["pl-ssez-subzone.yaml", "de-g3-park.yaml", "dk-symbiosis.yaml"])
def test_form_pages_and_dashboards_name_no_field_path_and_no_internal_name(
    db: Any, example: str, language: str
) -> None:
    from gia.web.actions.submissions import do_save_company_section, do_submit

    area, year, manager = load_example(example)
    do_submit(manager, area, year, "first")
    first = next(c for c in area.companies.order_by("slug") if company_entry(area, year, c.slug)["reported"])
    entry = company_entry(area, year, first.slug)
    changed = [{**p, "amount_kwh": p["amount_kwh"] * 0.9} for p in entry["electricity_purchases"]] or [
        {"amount_kwh": 1000.0, "instrument": "none"}
    ]
    do_save_company_section(manager, area, year, first, "electricity", {"electricity_purchases": changed})
    do_submit(manager, area, year, "second")
    client = Client()
    client.force_login(manager)
    client.cookies["django_language"] = language
    pages = [
        reverse("year_detail", kwargs={"area": area.slug, "year": year}),
        reverse("area_data", kwargs={"area": area.slug, "year": year}),
        reverse("dashboard", kwargs={"area": area.slug, "year": year}),
        reverse("version_detail", kwargs={"area": area.slug, "year": year, "number": 2}),
    ]
    pages += [section_url(area, year, s.slug) for s in sections.AREA_SECTIONS]
    for company in area.companies.order_by("slug"):
        pages.append(
            reverse("company_data", kwargs={"area": area.slug, "year": year, "company": company.slug})
        )
        pages += [section_url(area, year, s.slug, company.slug) for s in sections.COMPANY_SECTIONS]
    found: dict[str, list[str]] = {}
    for url in pages:
        page = client.get(url)
        assert page.status_code == 200, url
        text = visible_text(page.content.decode())
        problems = sorted(set(SNAKE.findall(text))) + (["companies["] if "companies[" in text else [])
        if problems:
            found[url] = problems
    assert found == {}
    version_page = visible_text(client.get(pages[3]).content.decode())
    assert "→" in version_page and "kWh" in version_page  # the diff shows values with units


def test_the_version_diff_names_companies_and_fields_and_shows_the_effect(db: Any) -> None:
    from gia.web.actions.submissions import do_save_company_section, do_submit

    area, year, manager = load_example("pl-ssez-subzone.yaml")
    do_submit(manager, area, year, "first")
    entry = company_entry(area, year, "silesia-autoparts")
    purchases = entry["electricity_purchases"]
    purchases[1] = {**purchases[1], "amount_kwh": 20_000_000.0}  # more wind guarantees of origin
    do_save_company_section(
        manager,
        area,
        year,
        area.companies.get(slug="silesia-autoparts"),
        "electricity",
        {"electricity_purchases": purchases},
    )
    do_submit(manager, area, year, "more green electricity")
    client = Client()
    client.force_login(manager)
    page = client.get(reverse("version_detail", kwargs={"area": area.slug, "year": year, "number": 2}))
    text = " ".join(visible_text(page.content.decode()).split())
    assert (
        "Silesia AutoParts Sp. z o.o. (fictional) — Electricity bought, row 2 — Amount bought 8,000,000 kWh 20,000,000 kWh"
        in text
    )
    assert "EN-01 Renewable electricity supply" in text  # the criterion that changed, with its values
    assert re.search(r"Total fulfilment: [\d.]+% → [\d.]+%", text)


def test_a_company_nobody_entered_anything_for_blocks_submitting(platform: Any) -> None:
    from gia.web.actions import submissions
    from gia.web.actions.areas import do_create_company

    area, manager = platform.area, platform.users["manager"]
    do_create_company(manager, area, {"name": "Gamma Guss GmbH", "nace": "C24.53", "employees": 40})
    page = platform.client("manager").get(reverse("year_detail", kwargs={"area": area.slug, "year": 2024}))
    text = " ".join(visible_text(page.content.decode()).split())
    assert "Gamma Guss GmbH : no data entered yet" in text
    with pytest.raises(submissions.GiaInputError, match="no data entered yet"):
        submissions.do_submit(manager, area, 2024)
    # saying in its profile that it does not report (with an estimate) lets the year go
    gamma = area.companies.get(name="Gamma Guss GmbH")
    submissions.do_save_company_section(
        manager, area, 2024, gamma, "profile", {"reported": False, "estimated_final_energy_kwh": 150_000.0}
    )
    assert submissions.do_submit(manager, area, 2024).number == 2


def test_numbers_typed_with_units_people_use(platform: Any, polish_manager: Client) -> None:
    area = platform.area
    answer = polish_manager.post(
        section_url(area, 2024, "transport"),
        {
            "_save": "1",
            "area.public_transport.stop_name": "Park",
            "area.public_transport.distance_m": "0,8 km",
            "area.public_transport.departures_per_hour_at_shift_change": "4",
        },
    )
    assert answer.status_code == 302, summary(answer.content.decode())
    land = polish_manager.post(
        section_url(area, 2024, "land"),
        {"_save": "1", "area.sealed_area_ha": "0,2", "area.sealed_area_ha.unit": "km2"},
    )
    assert land.status_code == 302, summary(land.content.decode())
    document = current_document(area, 2024)
    assert document["area"]["public_transport"]["distance_m"] == 800.0
    assert document["area"]["sealed_area_ha"] == 20.0
    generation = polish_manager.post(
        section_url(area, 2024, "generation", "alpha"),
        {
            "_save": "1",
            "generation.0.technology": "solar_pv",
            "generation.0.capacity_kw": "199,8 kWp",
            "generation.0.generated_kwh": "15",
            "generation.0.generated_kwh.unit": "GWh",
            "generation.0.self_consumed_kwh": "0",
        },
    )
    assert generation.status_code == 400  # more than the plant can make in a year
    assert "199,8 kW" in summary(generation.content.decode())


def test_waste_codes_and_refrigerants_are_written_as_the_catalogues_write_them(platform: Any) -> None:
    area = platform.area
    client = platform.client("contributor")
    waste = client.post(
        section_url(area, 2024, "waste", "alpha"),
        {"_save": "1", "waste.0.ewc": "101003", "waste.0.amount_t": "3", "waste.0.treatment": "R4"},
    )
    assert waste.status_code == 302, summary(waste.content.decode())
    refrigerants = section_url(area, 2024, "refrigerants", "alpha")
    known = client.post(
        refrigerants,
        {
            "_save": "1",
            "refrigerants.0.gas": "r410a",
            "refrigerants.0.charge_kg": "12",
            "refrigerants.0.leakage_kg": "1",
        },
    )
    assert known.status_code == 302, summary(known.content.decode())
    entry = company_entry(area, 2024, "alpha")
    assert entry["waste"][0]["ewc"] == "10 10 03"
    assert entry["refrigerants"][0]["gas"] == "R-410A"
    unknown = client.post(
        refrigerants,
        {
            "_save": "1",
            "refrigerants.0.gas": "freon",
            "refrigerants.0.charge_kg": "12",
            "refrigerants.0.leakage_kg": "1",
        },
    )
    assert unknown.status_code == 400
    assert "freon is not a refrigerant GIA knows" in summary(unknown.content.decode())


def test_a_reason_typed_without_ticking_declares_the_criterion(platform: Any) -> None:
    area = platform.area
    answer = platform.client("manager").post(
        section_url(area, 2024, "not-applicable"),
        {"_save": "1", "not_applicable.EN-07.reason": "No process produces waste heat"},
    )
    assert answer.status_code == 302, summary(answer.content.decode())
    assert current_document(area, 2024)["not_applicable"] == {"EN-07": "No process produces waste heat"}


def test_a_new_year_starts_from_last_years_data_marked_to_check(platform: Any) -> None:
    area = platform.area
    client = platform.client("contributor")
    overview = client.get(
        reverse("company_data", kwargs={"area": area.slug, "year": 2025, "company": "alpha"})
    )
    text = " ".join(visible_text(overview.content.decode()).split())
    assert "last year's data: check it" in text  # Electricity bought holds the 2024 purchases
    page = client.get(section_url(area, 2025, "electricity", "alpha"))
    client.post(
        section_url(area, 2025, "electricity", "alpha"), post_data(submission(page.content.decode(), "_save"))
    )
    overview = client.get(
        reverse("company_data", kwargs={"area": area.slug, "year": 2025, "company": "alpha"})
    )
    assert (
        "last year's data: check it"
        not in " ".join(visible_text(overview.content.decode()).split()).split("Electricity bought")[1][:80]
    )


def test_the_area_form_reads_a_decimal_comma_and_the_company_form_a_national_code(platform: Any) -> None:
    client = platform.client("manager")
    client.cookies["django_language"] = "pl"
    answer = client.post(
        reverse("area_create"),
        {
            "name": "Strefa Nowa",
            "country": "PL",
            "total_area_ha": "152,5",
            "boundary": '{"type": "Point", "coordinates": [18.6, 50.3]}',
            "management_name": "Strefa Sp. z o.o.",
            "management_contact": "biuro@strefa.example",
            "management_mandate": "manages the zone",
        },
    )
    assert answer.status_code == 302
    created = Area.objects.get(slug="strefa-nowa")
    assert created.total_area_ha == 152.5
    company = client.post(
        reverse("company_create", kwargs={"area": created.slug}),
        {"name": "Odlewnia", "nace": "24.53.Z", "employees": "40"},
    )
    assert company.status_code == 302
    assert created.companies.get().nace == "C24.53"
