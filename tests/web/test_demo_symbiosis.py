"""The demo's symbiosis boards: every demo area shows offers and needs at its companies' own sites,
and the matches page suggests real exchanges for each of them."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gia.documents import load
from gia.symbiosis.flows import FlowsDocument
from gia.web.demo import (
    FLOW_EXAMPLES,
    examples_dir,
    inside,
    load_demo,
    near_edge,
    outer_ring,
    site_candidates,
)
from gia.web.models import Area, AuditEvent, Company, SymbiosisFlow

PASSWORD = "a-long-demo-password-23"


def text_of(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.fixture
def demo(db: Any) -> list[Area]:
    load_demo(password=PASSWORD)
    return list(Area.objects.order_by("slug"))


def manager(area: Area) -> Client:
    client = Client()
    assert client.login(username=f"manager@{area.slug}.example", password=PASSWORD)
    return client


def test_the_demo_boards_and_sites(demo: list[Area]) -> None:
    """One demo load (it takes seconds) for the three checks below."""
    every_demo_area_has_a_board_and_suggested_matches(demo)
    the_flows_came_through_the_posting_action()
    every_demo_company_sits_inside_or_at_the_edge_of_its_area(demo)


def every_demo_area_has_a_board_and_suggested_matches(demo: list[Area]) -> None:
    assert len(demo) == 3
    for area in demo:
        client = manager(area)
        board = client.get(reverse("symbiosis_board", kwargs={"area": area.slug}))
        assert board.status_code == 200
        offers = re.findall(r"<tr>", board.content.decode().split('id="offers"')[1].split('id="needs"')[0])
        needs = re.findall(r"<tr>", board.content.decode().split('id="needs"')[1])
        assert len(offers) > 1 and len(needs) > 1, area.slug  # a header row and flows
        page = client.get(reverse("symbiosis_matches", kwargs={"area": area.slug})).content.decode()
        suggested = re.findall(r'<section class="match tile"', page)
        assert suggested, area.slug
        text = text_of(page)
        assert "distance unknown" not in text  # every demo company has its site
        assert re.search(r"distance by road: \d+\.\d km", text)
        assert "_" not in " ".join(re.findall(r"</span>: ([^→<]+) → ", page))  # categories in words


def the_flows_came_through_the_posting_action() -> None:
    posted = AuditEvent.objects.filter(action="symbiosis_flow.post").count()
    assert posted == SymbiosisFlow.objects.count() > 30
    # every flow of the examples whose company the demo registers is on a board, nothing else
    expected = 0
    companies = {(c.area.slug, c.slug) for c in Company.objects.select_related("area")}
    for name in FLOW_EXAMPLES:
        document = load(FlowsDocument, examples_dir() / name)
        expected += sum((f.area, f.company) in companies for f in [*document.offers, *document.needs])
    assert SymbiosisFlow.objects.count() == expected


def every_demo_company_sits_inside_or_at_the_edge_of_its_area(demo: list[Area]) -> None:
    for area in demo:
        ring = outer_ring(area.boundary)
        assert ring is not None
        sites = set()
        for company in area.companies.all():
            assert company.located, company.slug
            assert inside(company.longitude, company.latitude, ring) or near_edge(
                company.longitude, company.latitude, ring
            ), company.slug
            sites.add((company.latitude, company.longitude))
        assert len(sites) == area.companies.count()  # no two on the same spot
    # and the places are the same every time
    area = demo[0]
    assert site_candidates(area.boundary, 5, []) == site_candidates(area.boundary, 5, [])
