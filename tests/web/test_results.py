"""The assessment dashboard, the chain behind a criterion and the PDF report, as their readers meet
them: charts that draw in every language, the chain in place and on its own page in words, a short
PDF made once per version, language and annex choice."""

from __future__ import annotations

import copy
import re
import time
from io import BytesIO
from typing import Any
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from gia.web import reports
from gia.web.actions.submissions import do_replace_draft, do_submit
from gia.web.models import AssessmentRecord, SubmissionVersion
from tests.web.conftest import YEAR, Platform, audit_assigned, year_document
from tests.web.test_data_sections import SNAKE, load_example, visible_text

#: attributes that hold one number, and those that hold a list of numbers
NUMBER_ATTRIBUTES = {"x", "y", "width", "height", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx", "font-size"}
NUMBER_LISTS = {"viewBox", "points", "stroke-dasharray", "stroke-width"}
PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


@pytest.fixture(autouse=True)
def _english_afterwards() -> Any:
    """Requests in Polish or German leave their language active in the thread: back to English."""
    yield
    translation.activate("en")


def svgs(html: str) -> list[ElementTree.Element]:
    return [ElementTree.fromstring(found) for found in re.findall(r"(?s)<svg\b.*?</svg>", html)]


def client_in(platform: Platform, role: str, language: str) -> Client:
    client = platform.client(role)
    client.cookies["django_language"] = language
    return client


def add_earlier_year(platform: Platform) -> None:
    """The same area a year earlier, submitted: the dashboard has a trend of two years."""
    document = copy.deepcopy(year_document(platform.area.slug))
    document["reporting_year"] = YEAR - 1
    manager = platform.users["manager"]
    do_replace_draft(manager, platform.area, YEAR - 1, document, "test")
    do_submit(manager, platform.area, YEAR - 1, "the year before")


def chain_url(version: SubmissionVersion, criterion: str) -> str:
    return reverse(
        "provenance",
        kwargs={
            "area": version.area.slug,
            "year": version.year,
            "number": version.number,
            "criterion": criterion,
        },
    )


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["pl", "de"])
def test_charts_write_plain_numbers_in_their_attributes_in_every_language(
    platform: Platform, language: str
) -> None:
    add_earlier_year(platform)
    url = reverse("dashboard", kwargs={"area": platform.area.slug, "year": YEAR})
    page = client_in(platform, "manager", language).get(url).content.decode()
    charts = svgs(page)
    assert [c.get("class") for c in charts] == ["theme-chart", "trend-chart"]
    checked = 0
    for chart in charts:
        for element in chart.iter():
            for name, value in element.attrib.items():
                if name in NUMBER_ATTRIBUTES:
                    assert PLAIN_NUMBER.fullmatch(value), (language, element.tag, name, value)
                    checked += 1
                elif name in NUMBER_LISTS:
                    for number in re.split(r"[\s,]+", value.strip()):
                        assert PLAIN_NUMBER.fullmatch(number), (language, element.tag, name, value)
                    checked += 1
    assert checked > 50
    themes, trend = charts
    bars = [float(r.get("width")) for r in themes.iter("rect") if r.get("fill") == "#1f7a4d"]
    assert len(bars) == 6 and max(bars) > 0  # the bars are drawn, not empty
    assert len(trend.find("polyline").get("points").split()) == 2  # one point per year
    texts = " ".join(t.text or "" for t in trend.iter("text"))
    assert str(YEAR - 1) in texts and str(YEAR) in texts
    # the numbers people read are in their format: a decimal comma in Polish and German
    assert re.search(r"\d,\d", visible_text(page))


@pytest.mark.django_db
def test_the_chain_opens_in_place_under_its_criterion(platform: Platform) -> None:
    dashboard = platform.client("manager").get(
        reverse("dashboard", kwargs={"area": platform.area.slug, "year": YEAR})
    )
    html = dashboard.content.decode()
    url = chain_url(platform.version, "EN-01")
    # the criterion's link loads the chain into the row right under it; without JavaScript it opens the page
    row = re.search(r'(?s)<tr id="row-EN-01">.*?</tr>\s*<tr class="chain-row">.*?</tr>', html)
    assert row, "the chain's row follows its criterion"
    assert f'href="{url}"' in row.group(0) and f'hx-get="{url}"' in row.group(0)
    assert 'hx-target="#chain-EN-01"' in row.group(0) and 'id="chain-EN-01"' in row.group(0)

    fragment = platform.client("manager").get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    text = fragment.content.decode()
    assert "<html" not in text and "<nav" not in text  # a fragment, not a page
    assert "data-chain-focus" in text and "data-chain-close" in text  # focus goes to it; it can be closed
    words = visible_text(text)
    assert "EN-01" in words and "Close" in words
    assert "Value" in words and "Points" in words and "0.0\u00a0/\u00a010" in words
    assert (
        "Electricity bought" in words and "2 GWh" in words
    )  # the figure by its label, in a unit that suits it
    assert "Alpha" in words  # where it comes from: the company by name
    assert not SNAKE.findall(words), SNAKE.findall(words)


@pytest.mark.django_db
def test_the_chain_opened_directly_is_a_page_with_the_way_back(platform: Platform) -> None:
    audit_assigned(platform)
    page = client_in(platform, "auditor", "pl").get(chain_url(platform.version, "EN-01"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<html" in html and 'rel="stylesheet"' in html and "<nav" in html
    assert re.search(r"<h1[^>]*>EN-01 ", html)
    back = reverse("version_dashboard", kwargs={"area": platform.area.slug, "year": YEAR, "number": 1})
    assert f'href="{back}#row-EN-01"' in html
    words = visible_text(html)
    assert "Powrót do panelu wyników" in words and "Zakupiona energia elektryczna" in words
    assert "data-chain-close" not in html  # nothing to close on a page of its own


@pytest.mark.django_db
def test_no_chain_shows_an_internal_name_or_place_in_any_language(db: Any) -> None:
    area, year, manager = load_example("pl-ssez-subzone.yaml")
    version = do_submit(manager, area, year, "first")
    criteria = [c["id"] for c in AssessmentRecord.objects.of(version).summary_in("en")["criteria"]]
    client = Client()
    client.force_login(manager)
    found: dict[str, list[str]] = {}
    for language in ("en", "pl", "de"):
        client.cookies["django_language"] = language
        for criterion in criteria:
            response = client.get(chain_url(version, criterion), headers={"HX-Request": "true"})
            assert response.status_code == 200, criterion
            words = visible_text(response.content.decode())
            problems = set(SNAKE.findall(words)) | ({"companies["} if "companies[" in words else set())
            problems |= set(re.findall(r"\S+/\S+\.md\b", words))  # a file of the project cited by its path
            if problems:
                found[f"{language} {criterion}"] = sorted(problems)
    assert found == {}


def page_count(pdf: bytes) -> int:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return int(PdfFileReader(BytesIO(pdf)).root["/Pages"]["/Count"])


@pytest.mark.django_db
def test_the_pdf_report_is_short_with_the_chains_as_an_annex_and_made_once(db: Any, monkeypatch: Any) -> None:
    area, year, manager = load_example("pl-ssez-subzone.yaml")
    version = do_submit(manager, area, year, "first")
    made: list[tuple[str, bool]] = []
    render = reports.print_pdf

    def counted(html: str) -> bytes:
        made.append((re.search(r'<html lang="([a-z]+)"', html)[1], '<section class="annex">' in html))
        return render(html)

    monkeypatch.setattr(reports, "print_pdf", counted)
    client = Client()
    client.force_login(manager)
    client.cookies["django_language"] = "pl"
    url = reverse("report", kwargs={"area": area.slug, "year": year, "number": version.number})

    started = time.perf_counter()
    first = client.get(url)
    first_seconds = time.perf_counter() - started
    assert first.status_code == 200 and first.content.startswith(b"%PDF-")
    assert first["Content-Disposition"].endswith(f'-{year}-v1-pl.pdf"')
    short = page_count(first.content)
    assert 2 <= short <= 12

    started = time.perf_counter()
    second = client.get(url)
    second_seconds = time.perf_counter() - started
    assert second.content == first.content
    assert made == [("pl", False)]  # the second download is read from the file kept for the version
    assert second_seconds < first_seconds

    with_chains = client.get(url + "?annex=chains")
    assert with_chains["Content-Disposition"].endswith('-chains.pdf"')
    assert page_count(with_chains.content) > short
    assert made == [("pl", False), ("pl", True)]

    client.cookies["django_language"] = "de"
    client.get(url)
    assert made[-1] == ("de", False)  # each language its own file


@pytest.mark.django_db
def test_the_report_says_everything_in_words_with_units(db: Any) -> None:
    area, year, manager = load_example("pl-ssez-subzone.yaml")
    version = do_submit(manager, area, year, "first")
    for language in ("en", "pl"):
        # the publications' addresses are printed as they are; everything else is words
        words = re.sub(r"https://\S+", "", visible_text(reports.report_html(version, language)))
        assert not SNAKE.findall(words), (language, SNAKE.findall(words))
        assert "companies[" not in words
        assert "GWh" in words and "t CO2e" in words
    # the reference factors the result rests on: how many, and the unverified ones with their publication
    english = visible_text(reports.report_html(version, "en"))
    assert "Reference factors" in english
    assert "not yet verified" in english and "IPCC 2006 Guidelines Vol. 2 Ch. 1 Table 1.4" in english
    english = visible_text(reports.report_html(version, "en"))
    for heading in (
        "Themes",
        "Gates",
        "Criteria",
        "The way to the next level",
        "Key figures",
        "Data-quality notes",
    ):
        assert heading in english
    assert "Scope 1 + 2 emissions (market-based)" in english
    assert "Annex" not in english
    assert "Annex: the chains behind the criteria" in visible_text(
        reports.report_html(version, "en", annex=True)
    )


@pytest.mark.django_db
def test_the_dashboard_names_the_reference_factors_not_yet_verified(db: Any) -> None:
    area, year, manager = load_example("pl-ssez-subzone.yaml")
    do_submit(manager, area, year, "first")
    client = Client()
    client.force_login(manager)
    for language, heading, factor in (
        ("en", "Reference factors", "natural gas: CO2 emission factor"),
        ("pl", "Wskaźniki referencyjne", "gaz ziemny"),
    ):
        client.cookies["django_language"] = language
        html = client.get(reverse("dashboard", kwargs={"area": area.slug, "year": year})).content.decode()
        section = html[html.index('id="reference-factors"') :]
        words = visible_text(section)
        assert heading in words and factor in words
        assert "gia-fs-2026.2-ar6" in words
        # each unverified factor links to the publication to check it in
        assert (
            'href="https://www.ipcc-nggip.iges.or.jp/public/2006gl/pdf/2_Volume2/V2_1_Ch1_Introduction.pdf"'
            in section
        )
