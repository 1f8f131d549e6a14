"""Industrial symbiosis on the platform: offers and needs, who sees them, suggested matches,
introductions and exchanges that reach the next submission's CE-01."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from gia.errors import GiaInputError
from gia.web.actions.areas import do_update_company
from gia.web.actions.submissions import current_document, do_submit
from gia.web.actions.symbiosis import do_post_flow, do_record_exchange
from gia.web.models import (
    AssessmentRecord,
    AuditEvent,
    Company,
    Draft,
    Introduction,
    Membership,
    Role,
    SymbiosisFlow,
)
from tests.web.conftest import YEAR, Platform, audit_assigned, make_user

HERE = {"longitude": 12.1, "latitude": 54.1}


def post(
    platform: Platform, company: Company, kind: str, category: str, quantity: float, unit: str, **more: Any
) -> SymbiosisFlow:
    fields = {"kind": kind, "category": category, "quantity_per_year": quantity, "unit": unit, **HERE, **more}
    return do_post_flow(platform.users["manager"], company, fields)


def criterion(version: Any, criterion_id: str) -> dict[str, Any]:
    criteria = AssessmentRecord.objects.of(version).summary_in("en")["criteria"]
    return next(c for c in criteria if c["id"] == criterion_id)


@pytest.mark.django_db
def test_an_offer_with_a_bad_unit_is_refused_with_its_field_and_stores_nothing(platform: Platform) -> None:
    events = AuditEvent.objects.count()
    with pytest.raises(GiaInputError) as refused:
        post(platform, platform.company, "offer", "fgd_gypsum", 1400, "kg")
    assert [place for place, _message in refused.value.problems] == ["unit"]
    # a unit the core knows but the substitution table does not use for the category never matches
    with pytest.raises(GiaInputError) as refused:
        post(platform, platform.company, "offer", "waste_heat", 1400, "t", temperature_c=60)
    assert refused.value.problems == [("unit", "waste heat is exchanged in kWh, not t")]  # in words
    # the same through the page: the message stands beside the unit field
    url = reverse("symbiosis_flows", kwargs={"area": platform.area.slug, "company": platform.company.slug})
    response = platform.client("contributor").post(
        url,
        {
            "kind": "offer",
            "category": "fgd_gypsum",
            "quantity_per_year": "1400",
            "unit": "barrels",
            "months": [str(m) for m in range(1, 13)],
        },
    )
    assert response.status_code == 400
    assert 'id="id_unit_error"' in response.content.decode()
    assert SymbiosisFlow.objects.count() == 0
    assert AuditEvent.objects.count() == events
    # and a good one is posted, with its months as given
    response = platform.client("contributor").post(
        url,
        {
            "kind": "offer",
            "category": "fgd_gypsum",
            "quantity_per_year": "1400",
            "unit": "t",
            "months": ["3", "1", "2"],
        },
    )
    assert response.status_code == 302
    flow = SymbiosisFlow.objects.get()
    assert (flow.company, flow.kind, flow.category, flow.data["months"]) == (
        platform.company,
        "offer",
        "fgd_gypsum",
        [1, 2, 3],
    )
    assert flow.core_flow().quantity_per_year == 1400


@pytest.mark.django_db
def test_other_areas_see_a_flow_only_when_it_opted_in(platform: Platform) -> None:
    post(platform, platform.company, "offer", "fly_ash", 9500, "t", share_across_areas=True)
    post(platform, platform.company, "offer", "fgd_gypsum", 1400, "t")
    gamma = Company.objects.get(slug="gamma")
    contributor = make_user("gamma@example.org")
    Membership.objects.create(
        user=contributor, role=Role.COMPANY_CONTRIBUTOR, area=platform.other_area, company=gamma
    )
    platform.users["contributor_gamma"] = contributor
    client = platform.client("contributor_gamma")

    south = client.get(reverse("symbiosis_board", kwargs={"area": platform.other_area.slug})).content.decode()
    assert "fly ash" in south and "Alpha" in south and "Area north-park" in south
    assert "flue-gas desulphurisation" not in south and "fgd_gypsum" not in south
    assert "C25.1" not in south  # the company's name and the flow's fields, never other data
    # the other area's own board stays closed to it
    assert client.get(reverse("symbiosis_board", kwargs={"area": platform.area.slug})).status_code == 404
    # within the area both are on the board, for another company's contributor too
    north = platform.client("contributor_other").get(
        reverse("symbiosis_board", kwargs={"area": platform.area.slug})
    )
    assert "fly ash" in north.content.decode()
    assert "gypsum from flue-gas desulphurisation" in north.content.decode()


def text_of(html_page: str) -> str:
    """What a person reads: the page without its tags, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", html_page)).split())


def matches_text(platform: Platform, role: str = "manager", language: str = "en") -> str:
    page = platform.client(role).get(
        reverse("symbiosis_matches", kwargs={"area": platform.area.slug}),
        headers={"Accept-Language": language},
    )
    assert page.status_code == 200
    return text_of(page.content.decode())


@pytest.mark.django_db
def test_warm_heat_is_not_suggested_for_a_hotter_need(platform: Platform) -> None:
    post(platform, platform.company, "offer", "waste_heat", 5_000_000, "kWh", temperature_c=40)
    post(platform, platform.other_company, "need", "process_heat", 5_000_000, "kWh", temperature_c=90)
    post(platform, platform.other_company, "need", "space_heat", 5_000_000, "kWh", temperature_c=30)
    text = matches_text(platform)
    assert "Alpha : waste heat → Beta : space heating" in text  # in words, not codes
    assert "process heat" not in text and "space_heat" not in text  # 40 °C cannot serve 90 °C
    # neither company has a site yet: the distance is unknown, never "0.0 km"
    assert "distance by road: distance unknown" in text and "0.0 km" not in text
    # the area's centre stands in for both, so the score is compatibility 0.9 alone;
    # 5 GWh × 0.224 kg/kWh = 1,120 t CO2e
    assert "score 90%" in text
    assert "1,120 t CO2e" in text
    assert "Record as exchange" in text and "Introduce" in text
    # the certification body reads the suggestions without the manager's buttons
    seen = matches_text(platform, "certification_body")
    assert "score 90%" in seen and "Record as exchange" not in seen


@pytest.mark.django_db
def test_distances_are_measured_between_the_companies_own_sites(platform: Platform) -> None:
    from gia.symbiosis.matching import great_circle_km, load_table

    manager = platform.users["manager"]
    # Alpha and Beta about 1.1 km apart (0.01° of latitude)
    do_update_company(manager, platform.company, {"latitude": 54.10, "longitude": 12.10})
    do_update_company(manager, platform.other_company, {"latitude": 54.11, "longitude": 12.10})
    post(platform, platform.company, "offer", "waste_heat", 5_000_000, "kWh", temperature_c=40)
    post(platform, platform.other_company, "need", "space_heat", 5_000_000, "kWh", temperature_c=30)
    road = great_circle_km(54.10, 12.10, 54.11, 12.10) * load_table().road_factor.value
    assert road == pytest.approx(1.446, abs=0.01)
    text = matches_text(platform)
    assert "distance by road: 1.4 km" in text and "distance unknown" not in text
    # the score falls with the distance: 0.9 × (1 − 1.446 km ÷ 5 km)
    assert f"score {round(90 * (1 - road / 5))}%" in text
    # and in Polish, with its decimal comma
    assert "odległość drogowa: 1,4 km" in matches_text(platform, language="pl")
    # one company without a site: the distance is unknown again, and the page says which
    do_update_company(manager, platform.other_company, {"latitude": None, "longitude": None})
    text = matches_text(platform)
    assert "distance by road: distance unknown" in text and "1.4 km" not in text
    assert "No location given for Beta" in text


@pytest.mark.django_db
def test_the_company_form_takes_the_site_and_refuses_half_or_far_away(platform: Platform) -> None:
    url = reverse("company_edit", kwargs={"area": platform.area.slug, "company": platform.company.slug})
    client = platform.client("manager")
    fields = {"name": "Alpha", "nace": "C25.1", "employees": "100"}
    half = client.post(url, {**fields, "latitude": "54.1"})
    assert (
        half.status_code == 200 and "Give both latitude and longitude, or neither." in half.content.decode()
    )
    far = client.post(url, {**fields, "latitude": "50.1", "longitude": "12.1"})
    assert "km from the area" in html.unescape(far.content.decode())
    assert Company.objects.get(pk=platform.company.pk).latitude is None
    saved = client.post(url, {**fields, "latitude": "54.1005", "longitude": "12.1003"})
    assert saved.status_code == 302
    company = Company.objects.get(pk=platform.company.pk)
    assert (company.latitude, company.longitude) == (54.1005, 12.1003)
    assert AuditEvent.objects.filter(action="company.update").exists()
    # the board's map shows the company at its own site
    board = platform.client("contributor").get(
        reverse("symbiosis_board", kwargs={"area": platform.area.slug})
    )
    post(platform, platform.company, "offer", "fly_ash", 100, "t")
    board = platform.client("contributor").get(
        reverse("symbiosis_board", kwargs={"area": platform.area.slug})
    )
    points = json.loads(
        re.search(r'id="symbiosis-points"[^>]*>(.*?)</script>', board.content.decode(), re.S)[1]
    )
    assert points == [
        {
            "name": "Alpha",
            "latitude": 54.1005,
            "longitude": 12.1003,
            "own": True,
            "offers": ["fly ash"],
            "needs": [],
        }
    ]


@pytest.mark.django_db
def test_a_recorded_exchange_goes_into_the_draft_and_ce01_counts_it(platform: Platform) -> None:
    assert criterion(platform.version, "CE-01")["value"] == 0.0
    manager = platform.users["manager"]
    gamma = Company.objects.get(slug="gamma")
    before = Draft.objects.get(area=platform.area, year=YEAR).data
    from gia.web.actions import ActionError

    with pytest.raises(ActionError) as refused:  # a company of another area is not in this area's data
        do_record_exchange(manager, platform.area, YEAR, platform.company, gamma, "energy", "heat", "1 GWh")
    assert refused.value.place == "receiver"
    assert Draft.objects.get(area=platform.area, year=YEAR).data == before

    response = platform.client("manager").post(
        reverse("symbiosis_exchange", kwargs={"area": platform.area.slug}),
        {
            "year": str(YEAR),
            "supplier": "alpha",
            "receiver": "beta",
            "kind": "energy",
            "description": "waste_heat → space_heat",
            "quantity": "5000000",
            "unit": "kWh",
        },
    )
    assert response.status_code == 302
    exchanges = current_document(platform.area, YEAR)["exchanges"]
    assert [(e["supplier"], e["receiver"], e["kind"], e["amount"]) for e in exchanges] == [
        ("alpha", "beta", "energy", {"value": 5_000_000.0, "unit": "kWh"})
    ]
    assert AuditEvent.objects.filter(action="exchange.record").count() == 1
    version = do_submit(manager, platform.area, YEAR, "exchange recorded")
    ce01 = criterion(version, "CE-01")
    assert ce01["value"] == 1.0  # alpha and beta, the two resident companies, both take part
    audit_assigned(platform)
    network = platform.client("auditor").get(
        reverse("symbiosis_network", kwargs={"area": platform.area.slug, "year": YEAR})
    )
    assert "<svg" in network.content.decode() and "waste_heat → space_heat" in network.content.decode()
    assert "(energy)" in text_of(network.content.decode())  # the kind of exchange in words


@pytest.mark.django_db
def test_introducing_two_companies_emails_both(
    platform: Platform, django_capture_on_commit_callbacks: Any
) -> None:
    offer = post(platform, platform.company, "offer", "fgd_gypsum", 1400, "t")
    need = post(platform, platform.other_company, "need", "gypsum", 1000, "t")
    with django_capture_on_commit_callbacks(execute=True):
        response = platform.client("manager").post(
            reverse("symbiosis_introduce", kwargs={"area": platform.area.slug}),
            {"offer": offer.pk, "need": need.pk, "note": "Both of you are in hall 3."},
        )
    assert response.status_code == 302
    assert sorted(tuple(m.to) for m in mail.outbox) == [
        ("contributor@example.org",),
        ("contributor_other@example.org",),
    ]
    to_alpha = next(m for m in mail.outbox if m.to == ["contributor@example.org"])
    assert "Beta" in to_alpha.body and "Both of you are in hall 3." in to_alpha.body
    introduction = Introduction.objects.get()
    assert (introduction.offer, introduction.need, introduction.introduced_by) == (
        offer,
        need,
        platform.users["manager"],
    )
    # a withdrawn flow can no longer be introduced, and nothing more is sent
    from gia.web.actions.symbiosis import do_withdraw_flow

    do_withdraw_flow(platform.users["contributor"], offer)
    with django_capture_on_commit_callbacks(execute=True):
        refused = platform.client("manager").post(
            reverse("symbiosis_introduce", kwargs={"area": platform.area.slug}),
            {"offer": offer.pk, "need": need.pk},
        )
    assert refused.status_code == 400
    assert len(mail.outbox) == 2 and Introduction.objects.count() == 1


@pytest.mark.django_db
def test_a_recorded_residue_exchange_marks_the_suppliers_stream_for_ce02(platform: Platform) -> None:
    from gia.web.actions.submissions import do_save_company_data

    manager = platform.users["manager"]
    stream = {"ewc": "10 01 05", "description": "FGD gypsum", "amount_t": 1400, "treatment": "R5"}
    do_save_company_data(manager, platform.area, YEAR, platform.company, {"waste": [stream]}, "test")
    recorded = do_record_exchange(
        manager,
        platform.area,
        YEAR,
        platform.company,
        platform.other_company,
        "material",
        "gypsum",
        "1000 t",
        "10 01 05",
    )
    assert recorded["notes"] == []
    alpha = next(c for c in current_document(platform.area, YEAR)["companies"] if c["id"] == "alpha")
    assert sorted((s["amount_t"], s["used_by"]) for s in alpha["waste"]) == [(400.0, None), (1000.0, "beta")]
    version = do_submit(manager, platform.area, YEAR, "gypsum to beta")
    assert criterion(version, "CE-02")["value"] == pytest.approx(1000 / 1400, abs=1e-6)  # by mass


@pytest.mark.django_db
def test_a_recorded_exchange_without_supplier_data_says_what_to_add(platform: Platform) -> None:
    recorded = do_record_exchange(
        platform.users["manager"],
        platform.area,
        YEAR,
        platform.company,
        platform.other_company,
        "material",
        "slag",
        "50 t",
        "10 02 02",
    )
    assert any("10 02 02" in note for note in recorded["notes"])
    alpha = next(c for c in current_document(platform.area, YEAR)["companies"] if c["id"] == "alpha")
    assert not alpha.get("waste")


@pytest.mark.django_db
def test_matches_are_found_by_a_job_and_kept_until_a_flow_changes(
    platform: Platform, settings: Any, monkeypatch: Any
) -> None:
    from gia.web.actions import jobs
    from gia.web.models import Job

    post(platform, platform.company, "offer", "waste_heat", 5_000_000, "kWh", temperature_c=40)
    post(platform, platform.other_company, "need", "space_heat", 5_000_000, "kWh", temperature_c=30)
    settings.GIA_JOBS_EAGER = False  # as with a worker
    monkeypatch.setattr(jobs, "send", lambda job_id: None)
    url = reverse("symbiosis_matches", kwargs={"area": platform.area.slug})
    client = platform.client("manager")
    waiting = client.get(url).content.decode()
    job = Job.objects.get(kind=Job.Kind.MATCH)
    assert 'id="matching"' in waiting and "Waiting for a worker" in waiting and "score 90%" not in waiting
    jobs.run(job.pk)
    shown = text_of(client.get(url).content.decode())
    assert "Alpha : waste heat → Beta : space heating" in shown and "score 90%" in shown
    # kept: seen again, and by the certification body, without a new job
    assert "score 90%" in text_of(platform.client("certification_body").get(url).content.decode())
    assert Job.objects.filter(kind=Job.Kind.MATCH).count() == 1
    # a new flow: found again
    post(platform, platform.other_company, "need", "process_heat", 1_000_000, "kWh", temperature_c=35)
    again = client.get(url).content.decode()
    assert 'id="matching"' in again and Job.objects.filter(kind=Job.Kind.MATCH).count() == 2


@pytest.mark.django_db
def test_the_exchange_form_is_filled_in_from_a_suggested_match(platform: Platform) -> None:
    offer = post(platform, platform.company, "offer", "waste_heat", 5_000_000, "kWh", temperature_c=40)
    need = post(platform, platform.other_company, "need", "space_heat", 5_000_000, "kWh", temperature_c=30)
    url = reverse("symbiosis_exchange", kwargs={"area": platform.area.slug})
    page = platform.client("manager").get(url, {"offer": offer.pk, "need": need.pk})
    assert page.status_code == 200
    form = page.context["form"]
    assert (form.initial["supplier"], form.initial["receiver"]) == ("alpha", "beta")
    assert form.initial["quantity"] == 5_000_000
