"""The toolbox's pages: compendium, good-practice library, an area's roadmap, the hybrid plant sizer.

Every number compared here comes from the core (gia.toolbox) computed in the test for the same inputs,
formatted as the page formats it; the pages only read and store nothing.
"""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gia import i18n
from gia.dataset.io import parse_submission
from gia.toolbox import hybrid
from gia.toolbox.mac import abatement_costs
from gia.toolbox.roadmap import project
from gia.toolbox.scenario import MeasureChoice
from gia.web.models import AuditEvent, Draft, SubmissionVersion
from tests.web.conftest import YEAR, Platform

pytestmark = pytest.mark.django_db


def element(page: str, element_id: str) -> str:
    """The HTML of the element with ``id`` (up to its closing tag of the same name, not nested)."""
    match = re.search(rf'<(\w+)[^>]*\bid="{re.escape(element_id)}"[^>]*>(.*?)</\1>', page, re.S)
    assert match is not None, f"no element #{element_id}"
    return match.group(2)


def field_error(page: str, field: str) -> str:
    return html.unescape(element(page, f"id_{field}_error"))


def roadmap_url(platform: Platform) -> str:
    return reverse("toolbox_roadmap", kwargs={"area": platform.area.slug, "year": YEAR})


# --- public pages --------------------------------------------------------------------------------


# the compendium's and the library's own pages: tests/web/test_public_pages.py


def test_the_header_links_the_toolbox_and_the_dashboard_links_the_roadmap(platform: Platform) -> None:
    assert reverse("toolbox_index") in platform.client("anonymous").get(reverse("home")).content.decode()
    dashboard = reverse("dashboard", kwargs={"area": platform.area.slug, "year": YEAR})
    assert roadmap_url(platform) in platform.client("manager").get(dashboard).content.decode()
    assert roadmap_url(platform) not in platform.client("contributor").get(dashboard).content.decode()
    index = platform.client("auditor").get(reverse("toolbox_index")).content.decode()
    assert roadmap_url(platform) in index
    assert reverse("toolbox_roadmap", kwargs={"area": "south-park", "year": YEAR}) not in index


# --- roadmap -------------------------------------------------------------------------------------


def _submission(platform: Platform) -> Any:
    return parse_submission(platform.version.document, "test")


def test_the_roadmap_with_pv_shows_a_higher_en01_than_without(platform: Platform) -> None:
    events, drafts = AuditEvent.objects.count(), Draft.objects.count()
    response = platform.client("manager").get(roadmap_url(platform), {"measures": "pv_rooftop:200@alpha"})
    assert response.status_code == 200, response.content.decode()
    page = response.content.decode()
    submission = _submission(platform)
    with_pv = project(submission, [MeasureChoice("pv_rooftop", "alpha", 200.0)])
    without = project(submission, [])
    year = YEAR + 1
    en01_with = with_pv.year(year).assessment.criterion("EN-01").value
    en01_without = without.year(year).assessment.criterion("EN-01").value
    assert en01_with is not None and en01_without is not None and en01_with > en01_without
    with i18n.override("en"):
        row = re.search(rf'<tr id="year-{year}">.*?<td class="en01">([^<]*)</td>', page, re.S)
        assert row is not None and row.group(1) == i18n.percent(en01_with, 1)
        assert i18n.percent(en01_with, 1) != i18n.percent(en01_without, 1)
        # the MAC curve inline, and the measure's cost per tonne from the core
        cost = abatement_costs(submission, [MeasureChoice("pv_rooftop", "alpha", 200.0)])[0]
        assert cost.cost_per_t is not None
        per_t = re.search(r'<tr id="measure-pv_rooftop">.*?<td class="per-t">([^<]*)</td>', page, re.S)
        assert per_t is not None and per_t.group(1) == i18n.value(cost.cost_per_t.value, "EUR/t CO2e")
    assert "<svg" in element(page, "mac")
    # the year each level is reached and the climate-neutrality verdict
    for level, reached in with_pv.level_years.items():
        assert (str(reached) if reached else "not within the roadmap") in element(page, f"level-{level}")
    verdict = element(page, "neutrality")
    target = str(with_pv.neutrality.target_year)
    assert target in verdict
    assert ("met: neutral by" in verdict) == with_pv.neutrality.meets_target
    # one row per projected year; nothing stored
    assert len(re.findall(r'<tr id="year-\d{4}">', page)) == len(with_pv.years)
    assert (AuditEvent.objects.count(), Draft.objects.count()) == (events, drafts)
    assert SubmissionVersion.objects.count() == 1


def test_the_roadmap_structured_rows_and_proposal(platform: Platform) -> None:
    client = platform.client("auditor")
    response = client.get(
        roadmap_url(platform),
        {
            "measure_1": "pv_rooftop",
            "company_1": "alpha",
            "size_1": "200",
            "year_1": "2027",
            "target_year": "2030",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert len(re.findall(r'<tr id="year-\d{4}">', page)) == 2030 - YEAR + 1
    assert "<td>2027</td>" in element(page, "measure-pv_rooftop")
    proposed = client.get(roadmap_url(platform), {"propose": "on"})
    assert proposed.status_code == 200
    assert "<svg" in element(proposed.content.decode(), "mac")
    assert "proposed by GIA" in element(proposed.content.decode(), "measures")


def test_an_unknown_measure_is_named_beside_its_field(platform: Platform) -> None:
    response = platform.client("manager").get(
        roadmap_url(platform), {"measures": "pv_rooftop, no_such_measure"}
    )
    assert response.status_code == 400
    message = field_error(response.content.decode(), "measures")
    assert "unknown measure 'no_such_measure'" in message and "pv_rooftop" in message
    assert 'id="mac"' not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "field", "text"),
    [
        ({"measures": "fleet_electrification@alpha"}, "measures", "not applicable to alpha"),
        ({"measures": "pv_rooftop@nobody"}, "measures", "no company with id 'nobody'"),
        ({"measures": "pv_rooftop:-5"}, "measures", "not a positive number"),
        ({"measures": "pv rooftop"}, "measures", "id[:size][@company][/year]"),
        ({"measures": "pv_rooftop", "target_year": "2020"}, "target_year", "after 2024"),
        ({"measures": "pv_rooftop", "target_year": "abc"}, "target_year", "whole number"),
        (
            {"measure_1": "pv_rooftop", "year_1": "2040", "target_year": "2030"},
            "year_1",
            "between 2025 and 2030",
        ),
        ({"measure_1": "heat_pump_air", "company_1": "beta"}, "measure_1", "not applicable to beta"),
        ({"size_1": "20"}, "measure_1", "choose the measure"),
        ({"run": "1"}, "measures", "choose measures"),
    ],
)
def test_refused_inputs_name_their_field(
    platform: Platform, query: dict[str, str], field: str, text: str
) -> None:
    response = platform.client("manager").get(roadmap_url(platform), query)
    assert response.status_code == 400
    assert text in field_error(response.content.decode(), field)


def test_the_roadmap_is_for_the_areas_reviewers_only(platform: Platform) -> None:
    query = {"measures": "pv_rooftop"}
    for role in ("contributor", "contributor_other", "manager_b", "auditor_b"):
        assert platform.client(role).get(roadmap_url(platform), query).status_code == 403, role
    assert platform.client("anonymous").get(roadmap_url(platform), query).status_code == 302
    assert platform.client("certification_body").get(roadmap_url(platform), query).status_code == 200


def test_a_year_without_a_submission_has_no_roadmap(platform: Platform) -> None:
    url = reverse("toolbox_roadmap", kwargs={"area": platform.area.slug, "year": 2023})
    response = platform.client("manager").get(url, {"measures": "pv_rooftop"})
    assert response.status_code == 404
    assert "Nothing has been submitted" in response.content.decode()


# --- hybrid plant --------------------------------------------------------------------------------

SMALL = {
    "location": "gdansk",
    "profile": "commercial",
    "annual_kwh": "100000",
    "tilt": "35",
    "azimuth": "180",
    "pv_kwp": "40",
    "wind_kw": "10",
    "battery_kwh": "20",
    "week": "24",
    "target_cfe": "60",
}


def test_the_hybrid_page_shows_what_the_core_computes(platform: Platform) -> None:
    response = platform.client("contributor").post(reverse("toolbox_hybrid"), {**SMALL, "sweep": "on"})
    assert response.status_code == 200, response.content.decode()
    page = response.content.decode()
    place = hybrid.location("gdansk")
    study = hybrid.study("gdansk", hybrid.sector_load("commercial", 100_000, place.timezone), 35, 180)
    plant, _hourly = study.run([40.0], [10.0], [20.0])
    swept = hybrid.sweep(study, 0.6)
    with i18n.override("en"):
        shown = re.search(r'<td class="self-sufficiency">([^<]*)</td>', element(page, "plant"))
        assert shown is not None and shown.group(1) == i18n.percent(float(plant.self_sufficiency[0]), 1)
        assert swept.best is not None
        best = re.search(r'<td class="self-sufficiency">([^<]*)</td>', element(page, "best"))
        assert best is not None and best.group(1) == i18n.percent(
            float(swept.results.self_sufficiency[swept.best]), 1
        )
    assert "<svg" in element(page, "week-plot") and "<svg" in element(page, "sweep-plot")
    for unit in ("MWh", "EUR/MWh", "EUR/year", "kWp"):
        assert unit in element(page, "plant")
    # the same inputs in a link (GET) give the same page without the sweep
    linked = platform.client("manager").get(reverse("toolbox_hybrid"), SMALL).content.decode()
    assert element(linked, "plant") == element(page, "plant") and 'id="sweep-plot"' not in linked


def test_an_uploaded_hourly_load_is_read_by_the_core(platform: Platform, tmp_path: Any) -> None:
    values = [10.0 + (hour % 24) for hour in range(8760)]
    content = ("timestamp,load_kwh\n" + "".join(f"h{i},{v}\n" for i, v in enumerate(values))).encode()
    upload = SimpleUploadedFile("load.csv", content, content_type="text/csv")
    data = {k: v for k, v in SMALL.items() if k not in ("profile", "annual_kwh")}
    response = platform.client("manager").post(reverse("toolbox_hybrid"), {**data, "load_file": upload})
    assert response.status_code == 200, response.content.decode()
    path = tmp_path / "load.csv"
    path.write_bytes(content)
    study = hybrid.study("gdansk", hybrid.read_load(path), 35, 180)
    plant, _hourly = study.run([40.0], [10.0], [20.0])
    with i18n.override("en"):
        shown = re.search(r'<td class="self-sufficiency">([^<]*)</td>', response.content.decode())
        assert shown is not None and shown.group(1) == i18n.percent(float(plant.self_sufficiency[0]), 1)
    # a short file is refused beside the upload field, naming the count
    short = SimpleUploadedFile("short.csv", b"1\n2\n3\n", content_type="text/csv")
    refused = platform.client("manager").post(reverse("toolbox_hybrid"), {**data, "load_file": short})
    assert refused.status_code == 400
    assert "3 hourly values" in field_error(refused.content.decode(), "load_file")


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        ({"profile": ""}, "profile", "choose a sector profile"),
        ({"annual_kwh": ""}, "annual_kwh", "yearly electricity use"),
        ({"pv_kwp": "-1"}, "pv_kwp", "greater than or equal to 0"),
        ({"tilt": "95"}, "tilt", "less than or equal to 90"),
        ({"location": "atlantis"}, "location", "valid choice"),
        ({"target_cfe": "120"}, "target_cfe", "less than or equal to 100"),
    ],
)
def test_hybrid_inputs_are_checked_beside_their_fields(
    platform: Platform, change: dict[str, str], field: str, text: str
) -> None:
    response = platform.client("manager").post(reverse("toolbox_hybrid"), {**SMALL, **change})
    assert response.status_code == 400
    assert text in field_error(response.content.decode(), field)


def test_the_hybrid_page_needs_a_sign_in(platform: Platform) -> None:
    response = platform.client("anonymous").post(reverse("toolbox_hybrid"), SMALL)
    assert response.status_code == 302 and "/accounts/login/" in response.headers["Location"]


@pytest.mark.parametrize("language", ["pl", "de"])
def test_the_pages_render_in_every_language(platform: Platform, language: str) -> None:
    client = platform.client("manager")
    headers = {"Accept-Language": language}
    for url, query in (
        (reverse("toolbox_measures"), {}),
        (reverse("toolbox_cases"), {}),
        (roadmap_url(platform), {"measures": "pv_rooftop:200@alpha"}),
        (reverse("toolbox_hybrid"), SMALL),
    ):
        response = client.get(url, query, headers=headers)
        assert response.status_code == 200, url
        assert f'<html lang="{language}">' in response.content.decode()
