"""The pages anyone may open: home, registry and profile, comparison, verification, the measures
compendium and the good-practice library.

Figures are compared with the stored results and the core's data they come from; every page is
checked for what a reader must never meet: a bare error page, an internal field name, a number
without its unit.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import re
from typing import Any

import pytest
from django.urls import reverse

from gia import i18n
from gia.standard.loader import load_standard
from gia.toolbox.cases import find_cases, load_cases
from gia.toolbox.measures import cost_per_mwh, load_compendium
from gia.web.actions.areas import do_create_area
from gia.web.actions.submissions import do_replace_draft, do_submit
from gia.web.models import Area, AssessmentRecord, Certificate, SubmissionVersion
from gia.web.views.certification import canonical_number
from tests.web.conftest import YEAR, Platform, area_fields, year_document

pytestmark = pytest.mark.django_db

#: an internal name: a word with an underscore (``self_consumption_share``, ``scope12_market_kg_co2e``)
INTERNAL_NAME = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")


@pytest.fixture(autouse=True)
def _back_to_english() -> Any:
    """A request in another language leaves Django's language active in the thread: reset it."""
    from django.utils import translation

    yield
    translation.activate("en")


def visible_text(page: str, citations: bool = True) -> str:
    """What a reader sees: the page without scripts, styles, tags and addresses (and without the
    list of sources when ``citations`` is False: a citation may name a dataset by its code)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    if not citations:
        page = re.sub(r'<ol class="sources".*?</ol>', " ", page, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    return re.sub(r"https?://\S+", " ", text)


def element(page: str, element_id: str) -> str:
    match = re.search(rf'<(\w+)[^>]*\bid="{re.escape(element_id)}"[^>]*>(.*?)</\1>', page, re.S)
    assert match is not None, f"no element #{element_id}"
    return match.group(2)


def row(page: str, name: str) -> list[str]:
    """The cells of the table row headed ``name``."""
    match = re.search(rf'<tr[^>]*><th scope="row">{re.escape(name)}</th>(.*?)</tr>', page, re.S)
    assert match is not None, f"no row {name!r}"
    return [html.unescape(c).strip() for c in re.findall(r"<td>(.*?)</td>", match.group(1), re.S)]


def certify(area: Area, level: str = "silver", number: str | None = None) -> Certificate:
    """A certificate in force for the area's latest version, as the workflow leaves it (the grant
    path itself is tested in test_certification)."""
    version = SubmissionVersion.objects.filter(area=area).order_by("-year", "-number").first()
    assert version is not None
    serial = Certificate.objects.filter(area__country=area.country).count() + 1
    return Certificate.objects.create(
        number=number or f"GIA-{area.country}-2026-{serial:04d}",
        area=area,
        version=version,
        level=level,
        edition="gia-2026.1",
        country_profile=area.country,
        valid_from=dt.date.today() - dt.timedelta(days=10),
        valid_to=dt.date.today() + dt.timedelta(days=1000),
        status="valid",
    )


def submitted_area(
    platform: Platform, slug: str, country: str, electricity: str, employees: int, ha: float
) -> Area:
    """A further area of manager_b with one year of data submitted (assessed on submission)."""
    fields = {**area_fields(slug, country), "total_area_ha": ha}
    area = (
        do_create_area(platform.users["manager_b"], fields) if slug != "south-park" else platform.other_area
    )
    document = copy.deepcopy(year_document(slug))
    document["area"]["country"] = country
    document["companies"][0]["electricity_purchases"] = [{"amount_kwh": electricity, "instrument": "none"}]
    document["companies"][0]["employees"] = employees
    if slug == "south-park":  # its registered company, which the year's workbook names too
        document["companies"].append({"id": "gamma", "name": "Gamma", "nace": "C10.1", "employees": 10})
    do_replace_draft(platform.users["manager_b"], area, YEAR, document, "test")
    do_submit(platform.users["manager_b"], area, YEAR, "test")
    return area


@pytest.fixture
def three_parks(platform: Platform) -> list[Area]:
    """north-park (DE, 2 GWh, 50 ha), south-park (PL, 30 GWh, 50 ha), east-park (SE, 0.4 GWh, 8 ha),
    each with a certificate in force."""
    south = submitted_area(platform, "south-park", "PL", "30 GWh", 1000, 50.0)
    east = submitted_area(platform, "east-park", "SE", "400 MWh", 10, 8.0)
    for area in (platform.area, south, east):
        certify(area)
    return [platform.area, south, east]


def stored(area: Area, name: str) -> float:
    version = SubmissionVersion.objects.filter(area=area).latest("number")
    record = AssessmentRecord.objects.of(version)
    return float(record.summary_in("en")["key_figures"][name]["value"])


def stored_indicator(area: Area, name: str) -> float:
    version = SubmissionVersion.objects.filter(area=area).latest("number")
    record = AssessmentRecord.objects.of(version)
    for eligibility_rule in record.summary_in("en")["eligibility"]:
        for condition in eligibility_rule["conditions"]:
            if condition["indicator"] == name:
                return float(condition["value"])
    raise AssertionError(name)


def number_and_unit(cell: str) -> tuple[float, str]:
    match = re.fullmatch(r"([\d,.\s\xa0]+) (.+)", cell)
    assert match is not None, cell
    return float(match.group(1).replace(",", "").replace("\xa0", "").replace(" ", "")), match.group(2)


# --- verification --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["gia-de-2026-0001", " GIA DE 2026 0001 ", "giade20260001", "GIA-DE-2026-1", "gia_de_2026_0001"],
)
def test_a_number_typed_in_any_case_or_spacing_finds_its_certificate(platform: Platform, typed: str) -> None:
    certificate = certify(platform.area, number="GIA-DE-2026-0001")
    client = platform.client("anonymous")
    page = reverse("verify_certificate", kwargs={"certificate": certificate.number})
    response = client.get(reverse("verify"), {"number": typed})
    assert response.status_code == 302 and response.headers["Location"] == page
    # the address itself may carry the number as typed: it leads to the canonical address
    response = client.get(f"/verify/{typed.strip()}/", follow=True)
    assert response.redirect_chain[-1][0] == page
    body = response.content.decode()
    assert 'id="certificate-status">valid<' in body and "GIA-DE-2026-0001" in body
    # the API answers for the same text
    answer = client.get(f"/api/verify/{typed.strip()}")
    assert answer.status_code == 200
    assert answer.json()["number"] == "GIA-DE-2026-0001" and answer.json()["status"] == "valid"


def test_canonical_numbers() -> None:
    assert canonical_number(" gia de 2026 0001 ") == "GIA-DE-2026-0001"
    assert canonical_number("GIA–PL–2027–12") == "GIA-PL-2027-0012"
    assert canonical_number("not a number") == "NOT-A-NUMBER"


@pytest.mark.parametrize("debug", [False, True])
def test_an_unknown_number_gets_the_form_again_and_a_plain_sentence(
    platform: Platform, settings: Any, debug: bool
) -> None:
    settings.DEBUG = debug  # in development too: never Django's "not found" page with the URL list
    client = platform.client("anonymous")
    for response in (
        client.get(reverse("verify"), {"number": "gia-xx-2026-0042"}),
        client.get("/verify/gia-xx-2026-0042/"),
    ):
        assert response.status_code == 404
        page = response.content.decode()
        sentence = html.unescape(element(page, "verify-unknown"))
        assert "No certificate has the number gia-xx-2026-0042." in sentence
        assert "Check the number on the certificate or its QR code." in sentence
        assert 'name="number"' in page and 'value="gia-xx-2026-0042"' in page  # the form, filled in
        assert 'class="top"' in page  # the site's own layout
        assert "URLconf" not in page and "Page not found" not in page
    polish = client.get(reverse("verify"), {"number": "GIA-XX-1"}, headers={"Accept-Language": "pl"})
    assert "Żaden certyfikat nie ma numeru GIA-XX-1." in html.unescape(polish.content.decode())
    assert client.get("/api/verify/gia-xx-2026-0042").json() == {
        "number": "GIA-XX-2026-0042",
        "status": "unknown",
    }


# --- home ----------------------------------------------------------------------------------------


def test_the_home_page_explains_the_certificate_from_the_standard(
    three_parks: list[Area], platform: Platform
) -> None:
    page = platform.client("anonymous").get(reverse("home")).content.decode()
    catalogue = load_standard().catalogue
    levels = html.unescape(element(page, "levels"))
    with i18n.override("en"):
        for level in catalogue.levels:
            assert level.name.en in levels
            assert i18n.percent(level.min_total) in levels
    for distinction in catalogue.distinctions:
        assert distinction.name.en in html.unescape(page)
    steps = element(page, "join-steps")
    assert [
        s for s in ("Register", "Enter the data", "Submit", "Apply", "Audit", "Certificate") if s in steps
    ] == [
        "Register",
        "Enter the data",
        "Submit",
        "Apply",
        "Audit",
        "Certificate",
    ]
    # links to what exists, and no self-check (there is none yet)
    for name in ("registry", "verify", "toolbox_measures", "compare"):
        assert f'href="{reverse(name)}"' in page
    assert "self-check" not in page.lower()
    assert 'id="home-map"' in page and reverse("registry_geojson") in page


def test_the_home_page_headline_figures_come_from_the_stored_results(
    three_parks: list[Area], platform: Platform
) -> None:
    page = platform.client("anonymous").get(reverse("home")).content.decode()
    assert element(page, "figure-areas") == "3"
    assert element(page, "figure-countries") == "3"
    # resident companies as the assessment counted them (shared infrastructure excluded)
    residents = sum(stored_indicator(a, "company_count") for a in three_parks)
    assert residents > 0 and element(page, "figure-companies") == str(int(residents))
    renewable = sum(stored(a, "renewable_electricity_kwh") for a in three_parks)
    electricity = sum(stored(a, "electricity_consumption_kwh") for a in three_parks)
    with i18n.override("en"):
        assert element(page, "figure-renewable") == i18n.percent(renewable / electricity)
    emissions, unit = number_and_unit(html.unescape(element(page, "figure-emissions")))
    assert unit == "t CO2e"
    assert emissions == pytest.approx(
        sum(stored(a, "scope12_market_kg_co2e") for a in three_parks) / 1000, abs=1
    )
    assert f"({YEAR})" in page
    # the latest certificates as cards: area, country, level and validity each in its own element
    cards = element(page, "latest-certificates")
    assert cards.count('class="card') == 3
    assert "<dt>Country</dt><dd>Poland</dd>" in cards and "<dt>Level</dt><dd>Silver</dd>" in cards
    assert "<dt>Valid until</dt>" in cards


def test_the_home_page_in_polish_uses_the_standards_polish_names(
    three_parks: list[Area], platform: Platform
) -> None:
    page = html.unescape(
        platform.client("anonymous").get(reverse("home"), headers={"Accept-Language": "pl"}).content.decode()
    )
    for level in load_standard().catalogue.levels:
        assert level.name.pl in page
    assert "Jak obszar przystępuje do certyfikacji" in page


# --- registry and profile ------------------------------------------------------------------------


def test_a_fictional_example_is_marked_once_and_the_certificate_tile_is_laid_out(
    platform: Platform, settings: Any
) -> None:
    Area.objects.filter(pk=platform.area.pk).update(name="Nordpark (fictional)", fictional=True)
    certificate = certify(platform.area, level="gold", number="GIA-DE-2026-0007")
    client = platform.client("anonymous")
    registry = client.get(reverse("registry")).content.decode()
    table = element(registry, "registry-table")
    assert "(fictional)" not in table and table.count("fictional example") == 1
    assert ">Nordpark</a>" in table
    profile = client.get(reverse("public_area", kwargs={"area": platform.area.slug})).content.decode()
    assert "(fictional)" not in profile and profile.count("fictional example") == 1
    tile = element(profile, "certificate-tile")
    assert '<strong class="number">GIA-DE-2026-0007</strong>' in tile
    assert '<span class="state">valid</span>' in tile
    assert tile.count('<span class="dates">') == 2
    assert certificate.valid_to.strftime("%Y") in tile
    # the profile's figures carry their units; the year they are of is named
    figures = html.unescape(element(profile, "key-figures"))
    assert "GWh" in figures or "MWh" in figures
    assert "t CO2e" in figures
    assert f"Results of {YEAR}" in profile


def test_an_area_without_a_certificate_gets_a_styled_page_without_its_data(platform: Platform) -> None:
    response = platform.client("anonymous").get(reverse("public_area", kwargs={"area": "south-park"}))
    assert response.status_code == 404
    page = response.content.decode()
    assert "No public profile" in page and 'class="top"' in page
    assert "Area south-park" not in page and "boundary-data" not in page


def test_every_page_links_the_favicon(platform: Platform) -> None:
    from django.contrib.staticfiles import finders

    page = platform.client("anonymous").get(reverse("home")).content.decode()
    assert '<link rel="icon" href="/static/gia/favicon.svg" type="image/svg+xml">' in page
    assert finders.find("gia/favicon.svg")


# --- compare -------------------------------------------------------------------------------------


def test_compare_shows_each_rows_figures_in_one_unit_with_year_per_hectare_and_per_employee(
    three_parks: list[Area], platform: Platform
) -> None:
    slugs = [a.slug for a in three_parks]
    page = platform.client("anonymous").get(reverse("compare"), {"areas": slugs}).content.decode()
    assert row(page, "reporting year") == [str(YEAR)] * 3
    energy = [stored(a, "final_energy_kwh") for a in three_parks]
    cells = row(page, "final energy use")
    parsed = [number_and_unit(c) for c in cells]
    assert {unit for _n, unit in parsed} == {"GWh"}  # the largest is 30 GWh: the whole row in GWh
    for (value, _unit), kwh in zip(parsed, energy, strict=True):
        assert value == pytest.approx(kwh / 1e6, abs=0.05)
    emissions = [stored(a, "scope12_market_kg_co2e") for a in three_parks]
    parsed = [number_and_unit(c) for c in row(page, "scope 1 + 2 emissions (market-based)")]
    assert {unit for _n, unit in parsed} == {"t CO2e"}
    for (value, _unit), kg in zip(parsed, emissions, strict=True):
        assert value == pytest.approx(kg / 1000, abs=0.5)
    # per hectare and per employee, from the year's own area and employees
    documents = [SubmissionVersion.objects.filter(area=a).latest("number").data() for a in three_parks]
    hectares = [float(d["area"]["total_area_ha"]) for d in documents]
    assert hectares == [50.0, 50.0, 8.0]  # the area's size as the platform knows it for the year
    employees = [sum(c["employees"] for c in d["companies"]) for d in documents]
    parsed = [number_and_unit(c) for c in row(page, "final energy use per hectare")]
    assert len({unit for _n, unit in parsed}) == 1 and parsed[0][1].endswith("/ha")
    factor = {"GWh/ha": 1e6, "MWh/ha": 1e3, "kWh/ha": 1.0}[parsed[0][1]]
    for (value, _unit), kwh, ha in zip(parsed, energy, hectares, strict=True):
        assert value * factor == pytest.approx(kwh / ha, rel=0.01)
    parsed = [number_and_unit(c) for c in row(page, "scope 1 + 2 emissions per employee")]
    assert {unit for _n, unit in parsed} == {"t CO2e per employee"}
    for (value, _unit), kg, people in zip(parsed, emissions, employees, strict=True):
        assert value == pytest.approx(kg / 1000 / people, rel=0.02)
    assert row(page, "area") == ["50 ha", "50 ha", "8 ha"]
    with i18n.override("en"):
        assert row(page, "employees") == [i18n.number(n) for n in employees]
    # the table scrolls inside its own box; the chart is drawn inline
    assert re.search(r'<div class="scroll"[^>]*>\s*<table class="compare"', page)
    assert "<svg" in element(page, "compare-chart")


@pytest.mark.parametrize("language", ["pl", "de"])
def test_the_compare_chart_writes_numbers_in_attributes_the_same_in_every_language(
    three_parks: list[Area], platform: Platform, language: str
) -> None:
    page = platform.client("anonymous").get(
        reverse("compare"), {"areas": [a.slug for a in three_parks]}, headers={"Accept-Language": language}
    )
    svg = re.search(r"<svg.*?</svg>", page.content.decode(), re.S)
    assert svg is not None
    for name, value in re.findall(r'\b(x|y|width|height|viewBox)="([^"]*)"', svg.group(0)):
        assert re.fullmatch(r"[\d. ]+", value), (name, value)
    # while the numbers people read follow the language (decimal comma in both)
    assert re.search(r"\d,\d", visible_text(svg.group(0)))


# --- compendium ----------------------------------------------------------------------------------


def shown_measures(page: str) -> list[str]:
    return re.findall(r'<li class="card" id="measure-([a-z0-9_]+)">', page)


def test_the_compendium_lists_every_measure_as_a_card_by_theme(platform: Platform) -> None:
    page = platform.client("anonymous").get(reverse("toolbox_measures")).content.decode()
    compendium = load_compendium()
    assert sorted(shown_measures(page)) == sorted(compendium.measures)
    for measure in compendium.measures.values():
        card = element(page, f"measure-{measure.id}")
        assert reverse("toolbox_measure", kwargs={"measure": measure.id}) in card
        assert html.unescape(measure.describe("en")) in html.unescape(card)
    assert 'id="theme-storage"' in page
    assert not INTERNAL_NAME.findall(visible_text(page))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"theme": "storage"}, {"thermal_storage", "battery_storage"}),
        ({"criterion": "MO-03"}, {"charging_points"}),
        ({"criterion": "CE-04", "theme": "water"}, {"water_reuse"}),
        (
            {"cost": "none"},
            {"thermal_storage", "battery_storage", "charging_points", "water_reuse", "green_roofs"},
        ),
    ],
)
def test_the_compendium_filters(platform: Platform, query: dict[str, str], expected: set[str]) -> None:
    page = platform.client("anonymous").get(reverse("toolbox_measures"), query).content.decode()
    assert set(shown_measures(page)) == expected


def test_the_cost_filter_follows_the_cost_per_mwh_of_the_chosen_country(platform: Platform) -> None:
    client = platform.client("anonymous")
    compendium = load_compendium()
    for country in ("PL", "FI"):
        page = client.get(
            reverse("toolbox_measures"), {"cost": "50-100", "country": country}
        ).content.decode()
        expected = set()
        for measure in compendium.measures.values():
            cost = cost_per_mwh(measure, country)
            if cost is not None and cost[1] >= 50 and cost[0] < 100:
                expected.add(measure.id)
        assert set(shown_measures(page)) == expected
        assert expected  # the band is not empty: the test can fail
    # a value the form never offers is ignored, not an error
    response = client.get(reverse("toolbox_measures"), {"cost": "cheap", "theme": "x", "country": "XX"})
    assert response.status_code == 200 and len(shown_measures(response.content.decode())) == len(
        compendium.measures
    )


def test_a_measure_page_says_everything_in_words(platform: Platform) -> None:
    client = platform.client("anonymous")
    page = client.get(reverse("toolbox_measure", kwargs={"measure": "pv_rooftop"})).content.decode()
    text = visible_text(page)
    for words in (
        "Rooftop PV",
        "750 EUR per kWp",
        "13 EUR per kWp a year",
        "30 years",
        "Self-consumption share",
        "80%",
        "950 kWh per kWp a year",
        "Renewable electricity supply",
        "the company buys electricity from the grid",
        "prices of 2024",
        "Danish Energy Agency",
        "not yet checked against the primary source",
    ):
        assert words in text, words
    costs = element(page, "measure-costs")
    assert "EUR per MWh" in costs
    # every measure's page: no internal name, a unit beside every figure, a 404 page of its own
    for measure in load_compendium().measures:
        response = client.get(reverse("toolbox_measure", kwargs={"measure": measure}))
        assert response.status_code == 200
        assert INTERNAL_NAME.findall(visible_text(response.content.decode(), citations=False)) == [], measure
    missing = client.get(reverse("toolbox_measure", kwargs={"measure": "cold_fusion"}))
    assert missing.status_code == 404 and "Measure not found" in missing.content.decode()


def test_a_measure_page_in_polish(platform: Platform) -> None:
    page = platform.client("anonymous").get(
        reverse("toolbox_measure", kwargs={"measure": "heat_pump_air"}), headers={"Accept-Language": "pl"}
    )
    text = visible_text(page.content.decode())
    assert "Powietrzna pompa ciepła" in text
    assert "20 lat" in text and "800 EUR za kW mocy cieplnej" in text
    assert "3 kWh ciepła na kWh energii elektrycznej" in text


# --- good-practice library -----------------------------------------------------------------------


def shown_cases(page: str) -> list[str]:
    return re.findall(r'<li class="card" id="case-([a-z0-9\-]+)">', page)


def test_the_library_lists_and_filters_cases(platform: Platform) -> None:
    client = platform.client("anonymous")
    page = client.get(reverse("toolbox_cases")).content.decode()
    assert shown_cases(page) == [c.id for c in load_cases()]
    page = client.get(reverse("toolbox_cases"), {"measure": "water_reuse"}).content.decode()
    assert shown_cases(page) == [c.id for c in find_cases("water_reuse")]
    page = client.get(reverse("toolbox_cases"), {"country": "SE"}).content.decode()
    assert shown_cases(page) == [c.id for c in find_cases(country="SE")]
    assert len(shown_cases(page)) >= 2
    assert client.get(reverse("toolbox_cases"), {"country": "XX"}).status_code == 200


def test_every_case_has_its_page_with_a_source_address_and_its_measures_linked(platform: Platform) -> None:
    client = platform.client("anonymous")
    for case in load_cases():
        response = client.get(reverse("toolbox_case", kwargs={"case_id": case.id}))
        assert response.status_code == 200
        page = response.content.decode()
        sources = element(page, "case-sources")
        assert re.search(r'<a href="https?://[^"]+"', sources), case.id
        for bad in ("shared/", ".md", "reference-data"):
            assert bad not in page, (case.id, bad)
        measures = element(page, "case-measures")
        for measure in case.measures:
            if measure in load_compendium().measures:
                assert reverse("toolbox_measure", kwargs={"measure": measure}) in measures
        assert str(case.result.year or "the source states no year") in html.unescape(
            element(page, "case-result")
        )
        assert INTERNAL_NAME.findall(visible_text(page)) == [], case.id
    # a measure page links back to the cases that show it
    page = client.get(reverse("toolbox_measure", kwargs={"measure": "heat_pump_waste_heat"})).content.decode()
    for case in find_cases("heat_pump_waste_heat"):
        assert reverse("toolbox_case", kwargs={"case_id": case.id}) in page
    missing = client.get(reverse("toolbox_case", kwargs={"case_id": "atlantis"}))
    assert missing.status_code == 404 and "Case not found" in missing.content.decode()


def test_a_case_page_in_german(platform: Platform) -> None:
    page = platform.client("anonymous").get(
        reverse("toolbox_case", kwargs={"case_id": "hoechst-biogas"}), headers={"Accept-Language": "de"}
    )
    text = visible_text(page.content.decode())
    assert "Biogas aus Klärschlamm und organischen Abfällen des Parks" in text
    assert "4 MW" in text and "Elektrische Leistung" in text
    assert "an der zitierten quelle geprüft" in text.lower()
