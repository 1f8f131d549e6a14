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
from django.test import Client
from django.urls import reverse

from gia import i18n
from gia.dataset.io import parse_submission
from gia.toolbox import hybrid
from gia.toolbox.cases import find_cases
from gia.toolbox.mac import abatement_costs
from gia.toolbox.roadmap import project
from gia.toolbox.scenario import MeasureChoice
from gia.web.models import AuditEvent, Draft, SubmissionVersion
from tests.web.conftest import YEAR, Platform, audit_assigned

pytestmark = pytest.mark.django_db


def element(page: str, element_id: str) -> str:
    """The HTML of the element with ``id`` (up to its closing tag of the same name, not nested)."""
    match = re.search(rf'<(\w+)[^>]*\bid="{re.escape(element_id)}"[^>]*>(.*?)</\1>', page, re.S)
    assert match is not None, f"no element #{element_id}"
    return match.group(2)


def field_error(page: str, field: str) -> str:
    return html.unescape(element(page, f"id_{field}_error"))


@pytest.fixture(autouse=True)
def _follow_the_roadmap_job(monkeypatch: pytest.MonkeyPatch) -> None:
    """The roadmap and the hybrid plant are computed by jobs (here inside the request): the page that
    asks sends the browser to the page with the job's result, which a browser follows."""
    ask, send = Client.get, Client.post

    def follow(self: Client, response: Any, kwargs: dict[str, Any]) -> Any:
        if response.status_code == 302 and "job=" in response.get("Location", ""):
            return ask(self, response["Location"], headers=kwargs.get("headers"))
        return response

    def get(self: Client, path: str, *args: Any, **kwargs: Any) -> Any:
        return follow(self, ask(self, path, *args, **kwargs), kwargs)

    def post(self: Client, path: str, *args: Any, **kwargs: Any) -> Any:
        return follow(self, send(self, path, *args, **kwargs), kwargs)

    monkeypatch.setattr(Client, "get", get)
    monkeypatch.setattr(Client, "post", post)


def roadmap_url(platform: Platform) -> str:
    return reverse("toolbox_roadmap", kwargs={"area": platform.area.slug, "year": YEAR})


# --- public pages --------------------------------------------------------------------------------


# the compendium's and the library's own pages: tests/web/test_public_pages.py


def test_the_header_links_the_toolbox_and_the_dashboard_links_the_roadmap(platform: Platform) -> None:
    assert reverse("toolbox_index") in platform.client("anonymous").get(reverse("home")).content.decode()
    dashboard = reverse("dashboard", kwargs={"area": platform.area.slug, "year": YEAR})
    assert roadmap_url(platform) in platform.client("manager").get(dashboard).content.decode()
    assert roadmap_url(platform) not in platform.client("contributor").get(dashboard).content.decode()
    audit_assigned(platform)
    index = platform.client("auditor").get(reverse("toolbox_index")).content.decode()
    assert roadmap_url(platform) in index
    assert reverse("toolbox_roadmap", kwargs={"area": "south-park", "year": YEAR}) not in index


# --- roadmap -------------------------------------------------------------------------------------


def _submission(platform: Platform) -> Any:
    return parse_submission(platform.version.document, "test")


def text_of(page: str) -> str:
    """What a person reads: the page without tags, scripts and styles, spaces collapsed."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def summary(page: str) -> list[str]:
    """The error summary's items, as read."""
    return [
        text_of(item)
        for item in re.findall(
            r"<li><a href=\"#[^\"]*\">(.*?)</a></li>", element(page, "error-summary"), re.S
        )
    ]


def test_the_roadmap_with_pv_shows_a_higher_en01_than_without(platform: Platform) -> None:
    events, drafts = AuditEvent.objects.count(), Draft.objects.count()
    response = platform.client("manager").get(
        roadmap_url(platform), {"measure_1": "pv_rooftop", "company_1": "alpha", "size_1": "200"}
    )
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
        per_t = re.search(r'<tr id="measure-pv_rooftop">.*?<td[^>]*class="per-t">([^<]*)</td>', page, re.S)
        assert per_t is not None and per_t.group(1) == f"{i18n.number(cost.cost_per_t.value)} EUR/t CO2e"
    assert element(page, "mac").count("<svg") == 2  # a wide and a narrow drawing
    # the measure and the company by name, the size with its unit; no id anywhere a person reads
    measures = text_of(element(page, "measures"))
    assert "Rooftop PV Alpha 200 kWp of solar modules · as chosen 2025" in measures
    assert "pv_rooftop" not in text_of(page) and "alpha" not in measures
    # the year each level is reached, said against the roadmap's own last year
    last = with_pv.years[-1].year
    for level, reached in with_pv.level_years.items():
        assert (str(reached) if reached else f"not reached within the roadmap (to {last})") in text_of(
            element(page, f"level-{level}")
        )
    # one row per projected year; nothing stored but the job and its result
    assert len(re.findall(r'<tr id="year-\d{4}">', page)) == len(with_pv.years)
    assert (AuditEvent.objects.exclude(action="job.ask").count(), Draft.objects.count()) == (events, drafts)
    assert SubmissionVersion.objects.count() == 1


def test_the_horizon_is_the_roadmaps_last_year(platform: Platform) -> None:
    client = platform.client("manager")
    query = {"measure_1": "pv_rooftop", "target_year": "2035"}
    verdict = text_of(element(client.get(roadmap_url(platform), query).content.decode(), "neutrality"))
    # DE: climate-neutral by 2045 by law; a roadmap to 2035 says what it shows, not "not met by 2045"
    assert "not reached by 2035" in verdict and "2045" in verdict
    assert "not met" not in verdict and "not reached by 2045" not in verdict
    assert "the roadmap ends before the target year: set its last year to 2045" in verdict
    whole = text_of(
        element(client.get(roadmap_url(platform), {"measure_1": "pv_rooftop"}).content.decode(), "neutrality")
    )
    reached = project(_submission(platform), [MeasureChoice("pv_rooftop")]).neutrality.year_reached
    assert (f"reached in {reached}" if reached else "not reached by 2045") in whole
    assert "ends before the target year" not in whole
    polish = client.get(roadmap_url(platform), query, headers={"Accept-Language": "pl"}).content.decode()
    assert "nieosiągnięta do 2035 r." in text_of(element(polish, "neutrality"))


def test_the_gates_no_measure_fixes_are_named_with_what_to_do(platform: Platform) -> None:
    query = {"measure_1": "led_lighting", "target_year": "2030"}
    page = platform.client("manager").get(roadmap_url(platform), query)
    assert page.status_code == 200
    gates = text_of(element(page.content.decode(), "gates-left"))
    assert gates.startswith("Why no level is reached by 2030 A level is awarded only when every gate passes.")
    assert (
        "GM-02 Energy concept : An adopted energy concept for the area, or an adopted energy concept of the "
        "municipality that covers the area. — no technical measure fixes this ; it takes a decision of the "
        "area's management. Now: not adopted by the end of the reporting year."
    ) in gates
    for criterion in ("CL-02", "LU-01", "EN-05"):
        item = text_of(element(page.content.decode(), f"gate-{criterion}"))
        assert "no technical measure fixes this" in item, item
    # a gate that measures do improve says which, by name
    en01 = text_of(element(page.content.decode(), "gate-EN-01"))
    assert "no technical measure" not in en01
    assert (
        "at least 50.0% needed" in en01 and "Rooftop PV" in en01 and "Renewable PPA with certificates" in en01
    )
    german = platform.client("manager").get(roadmap_url(platform), query, headers={"Accept-Language": "de"})
    assert "keine technische Maßnahme behebt das" in text_of(element(german.content.decode(), "gate-GM-02"))


def test_measure_rows_are_parsed_in_any_number_and_the_readers_format(platform: Platform) -> None:
    audit_assigned(platform)
    client = platform.client("auditor")
    response = client.get(
        roadmap_url(platform),
        {
            "measure_1": "pv_rooftop",
            "company_1": "alpha",
            "size_1": "20,5",  # a Polish decimal comma
            "year_1": "2027",
            "measure_4": "led_lighting",  # rows need not be numbered without gaps
            "measure_7": "",
            "company_7": "",
            "target_year": "2030",
        },
        headers={"Accept-Language": "pl"},
    )
    assert response.status_code == 200, text_of(response.content.decode())
    page = response.content.decode()
    assert len(re.findall(r'<tr id="year-\d{4}">', page)) == 2030 - YEAR + 1
    row = text_of(element(page, "measure-pv_rooftop"))
    assert "Fotowoltaika dachowa" in row and "20,5 kWp" in row and "2027" in row
    assert "LED" in text_of(element(page, "measure-led_lighting"))
    # the form comes back with the three rows as sent, numbered from the top
    assert re.findall(r'<li class="measure-row" data-row="(\d+)">', page) == ["1", "4", "7"]
    proposed = client.get(roadmap_url(platform), {"propose": "on"})
    assert proposed.status_code == 200
    assert "<svg" in element(proposed.content.decode(), "mac")
    assert "proposed by GIA" in element(proposed.content.decode(), "measures")


def test_rows_are_added_and_removed_without_javascript(platform: Platform) -> None:
    client = platform.client("manager")
    first = client.get(roadmap_url(platform)).content.decode()
    assert re.findall(r'data-row="(\d+)"', first) == ["1", "2", "3"]
    added = client.get(
        roadmap_url(platform), {"measure_1": "pv_rooftop", "measure_2": "", "measure_3": "", "add": "1"}
    )
    assert added.status_code == 200 and 'id="mac"' not in added.content.decode()  # nothing computed yet
    assert re.findall(r'data-row="(\d+)"', added.content.decode()) == ["1", "2", "3", "4"]
    assert '<option value="pv_rooftop" selected data-unit="kWp of solar modules">' in added.content.decode()
    removed = client.get(
        roadmap_url(platform), {"measure_1": "pv_rooftop", "measure_2": "", "measure_3": "", "remove": "2"}
    )
    assert re.findall(r'data-row="(\d+)"', removed.content.decode()) == ["1", "3"]


@pytest.mark.parametrize(
    ("query", "field", "text"),
    [
        (
            {"measure_1": "pv_rooftop", "measure_2": "heat_pump_air", "company_2": "beta"},
            "measure_2",
            "Measure 2 (Air-source heat pump), measure: not applicable to Beta: the company burns no fossil "
            "fuel for space or process heat",
        ),
        (
            {"measure_1": "fleet_electrification", "company_1": "alpha"},
            "measure_1",
            "Measure 1 (Fleet electrification), measure: not applicable to Alpha",
        ),
        (
            {"measure_1": "led_lighting", "measure_2": "pv_rooftop", "size_2": "-5"},
            "size_2",
            "Measure 2 (Rooftop PV), size: Enter a size above zero in kWp of solar modules, or leave it empty for "
            "GIA to size it.",
        ),
        (
            {"measure_1": "pv_rooftop", "size_1": "much"},
            "size_1",
            "Measure 1 (Rooftop PV), size: Enter a number.",
        ),
        (
            {"measure_1": "pv_rooftop", "year_1": "2040", "target_year": "2030"},
            "year_1",
            "Measure 1 (Rooftop PV), first year: Enter a year from 2025 to 2030.",
        ),
        (
            {"size_1": "20"},
            "measure_1",
            "Measure 1, measure: Choose the measure this row's size, company or year is for.",
        ),
        (
            {"measure_1": "pv_rooftop", "target_year": "2020"},
            "target_year",
            "last year of the roadmap: Enter a year from 2025 to 2060.",
        ),
        (
            {"measure_1": "pv_rooftop", "target_year": "abc"},
            "target_year",
            "last year of the roadmap: Enter a whole number.",
        ),
        (
            {"measure_1": "no_such_measure"},
            "measure_1",
            "Measure 1, measure: Choose a measure from the list.",
        ),
        ({"run": "1"}, None, "Choose at least one measure, or let GIA propose them."),
    ],
)
def test_refusals_name_the_row_and_the_field_in_words(
    platform: Platform, query: dict[str, str], field: str | None, text: str
) -> None:
    response = platform.client("manager").get(roadmap_url(platform), query)
    assert response.status_code == 400
    page = response.content.decode()
    item = next((item for item in summary(page) if item.startswith(text)), None)
    assert item is not None, summary(page)
    if field is not None:
        beside = field_error(page, field)
        assert beside and item.endswith(beside)  # the same message beside its field, without the row's name
    assert 'id="mac"' not in page


def test_the_roadmap_is_for_the_areas_reviewers_only(platform: Platform) -> None:
    query = {"measure_1": "pv_rooftop"}
    # refused to the area's contributors; not found for those who may not see the area at all
    for role, status in (("contributor", 403), ("contributor_other", 403), ("manager_b", 404), ("auditor_b", 404)):
        assert platform.client(role).get(roadmap_url(platform), query).status_code == status, role
    assert platform.client("anonymous").get(roadmap_url(platform), query).status_code == 302
    assert platform.client("certification_body").get(roadmap_url(platform), query).status_code == 200


def test_a_year_without_a_submission_has_no_roadmap(platform: Platform) -> None:
    url = reverse("toolbox_roadmap", kwargs={"area": platform.area.slug, "year": 2023})
    response = platform.client("manager").get(url, {"measure_1": "pv_rooftop"})
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
    for unit in ("MWh", "EUR/MWh", "EUR a year", "kWp"):
        assert unit in text_of(element(page, "plant"))
    assert "EUR/year" not in text_of(element(page, "plant"))
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
        (roadmap_url(platform), {"measure_1": "pv_rooftop", "company_1": "alpha", "size_1": "200"}),
        (reverse("toolbox_hybrid"), SMALL),
    ):
        response = client.get(url, query, headers=headers)
        assert response.status_code == 200, url
        assert f'<html lang="{language}">' in response.content.decode()


def test_good_practice_on_the_roadmap_is_in_words() -> None:
    from gia.web.roadmaps import case_view

    case = find_cases("biogas_chp")[0]
    from django.utils import translation

    with i18n.override("pl"), translation.override("pl"):
        shown = case_view(case, "pl")
    assert shown["title"] == case.title.get("pl") and shown["country"] == "Szwecja"  # SE, by name
    assert shown["result"].startswith(case.result.what.get("pl") + ": ")
    assert "_" not in shown["result"] and "/" not in shown["result"].split(": ", 1)[1]


def test_the_hybrid_page_reads_and_writes_the_readers_numbers(platform: Platform) -> None:
    polish = {**SMALL, "pv_kwp": "40,5", "annual_kwh": "100000,0"}
    response = platform.client("manager").post(
        reverse("toolbox_hybrid"), polish, headers={"Accept-Language": "pl"}
    )
    assert response.status_code == 200, text_of(response.content.decode())
    plant = text_of(element(response.content.decode(), "plant"))
    assert "40,5 kWp, 10 kW, 20 kWh" in plant  # the sizes as typed, in words and the reader's format
    assert "EUR rocznie" in plant and "EUR/year" not in plant
    # both drawings of each chart: a wide one and one for a phone
    page = response.content.decode()
    assert element(page, "week-plot").count("<svg") == 2
