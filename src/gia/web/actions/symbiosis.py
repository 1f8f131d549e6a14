"""Industrial symbiosis: companies post offers and needs, the area manager introduces two companies
and records the exchanges that become real in the year's data (where CE-01 counts them)."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from gia.dataset.company import Company as CompanyRecord
from gia.dataset.submission import Exchange
from gia.documents import validate
from gia.errors import GiaInputError
from gia.i18n import number as format_number
from gia.symbiosis.flows import Flow
from gia.symbiosis.labels import category_label, unit_label
from gia.symbiosis.matching import load_table
from gia.web.actions import ActionError
from gia.web.actions.audit import record
from gia.web.actions.submissions import _locked_draft
from gia.web.mail import queue
from gia.web.models import Area, Company, FlowKind, Introduction, Membership, Role, SymbiosisFlow

#: the fields of a posted flow besides its kind (the core Flow's, location split in two)
FLOW_FIELDS = (
    "category",
    "ewc",
    "quantity_per_year",
    "unit",
    "longitude",
    "latitude",
    "months",
    "temperature_c",
    "water_quality",
    "price_eur_per_unit",
    "share_across_areas",
)


def _given(value: Any) -> bool:
    return value is not None and value != "" and value != []


def _fits_the_table(flow: Flow, kind: str, source: str) -> None:
    """Refuse what the substitution table says can never match: a category it knows in another unit,
    heat without a temperature, water without a quality. Unknown categories are allowed (a person may
    still find a partner for them on the board)."""
    side = "offer_category" if kind == FlowKind.OFFER else "need_category"
    rows = [row for row in load_table().substitutions if getattr(row, side) == flow.category]
    problems = []
    units = sorted({row.unit for row in rows if row.unit})
    if rows and units and all(row.unit is not None for row in rows) and flow.unit not in units:
        problems.append(
            (
                "unit",
                _("{category} is exchanged in {units}, not {unit}").format(
                    category=category_label(flow.category),
                    units=", ".join(unit_label(u) for u in units),
                    unit=unit_label(flow.unit),
                ),
            )
        )
    if any(row.rule == "heat" for row in rows) and flow.temperature_c is None:
        problems.append(("temperature_c", _("give the temperature of heat")))
    if any(row.rule == "water" for row in rows) and flow.water_quality is None:
        problems.append(("water_quality", _("give the quality of water")))
    if problems:
        raise GiaInputError(source, problems)


def checked_flow(company: Company, kind: str, fields: dict[str, Any]) -> Flow:
    """The posted fields as the core's Flow; errors name the field (``unit``, ``location.latitude``)."""
    source = _("offer") if kind == FlowKind.OFFER else _("need")
    if kind not in FlowKind.values:
        raise ActionError(_("Choose offer or need."), "kind")
    data: dict[str, Any] = {"id": "posted", "company": company.slug, "area": company.area.slug}
    for name in FLOW_FIELDS:
        if name in ("longitude", "latitude"):
            continue
        if _given(fields.get(name)):
            data[name] = fields[name]
    location = fields.get("location") or {
        name: fields[name] for name in ("longitude", "latitude") if _given(fields.get(name))
    }
    if not location:  # the company's site; the area's centre stands in when it has none
        if company.latitude is not None and company.longitude is not None:
            location = {"longitude": company.longitude, "latitude": company.latitude}
        else:
            location = {"longitude": company.area.longitude, "latitude": company.area.latitude}
            data["location_estimated"] = True
    data["location"] = location
    flow = validate(Flow, data, source)
    _fits_the_table(flow, kind, source)
    return flow


def _snapshot(flow: SymbiosisFlow) -> dict[str, Any]:
    return {
        "company": flow.company.slug,
        "area": flow.area.slug,
        "kind": flow.kind,
        "active": flow.active,
        **flow.data,
    }


def do_post_flow(actor: User, company: Company, fields: dict[str, Any]) -> SymbiosisFlow:
    """Post an offer or a need of ``company`` (``fields["kind"]``), checked by the core Flow model."""
    kind = fields.get("kind", "")
    flow = checked_flow(company, kind, fields)
    data = flow.model_dump(mode="json", exclude={"id", "company", "area"})
    data["months"] = sorted(data["months"])
    with transaction.atomic():
        row = SymbiosisFlow.objects.create(
            company=company,
            area=company.area,
            kind=kind,
            category=flow.category,
            visible_across_areas=flow.share_across_areas,
            data=data,
        )
        record(actor, "symbiosis_flow.post", f"symbiosis_flow:{row.pk}", after=_snapshot(row))
    return row


def do_withdraw_flow(actor: User, flow: SymbiosisFlow) -> SymbiosisFlow:
    """Take an offer or need off the board; it stays on record (introductions name it)."""
    with transaction.atomic():
        flow = SymbiosisFlow.objects.select_for_update().select_related("company", "area").get(pk=flow.pk)
        if not flow.active:
            raise ActionError(_("This offer or need is withdrawn already."))
        before = _snapshot(flow)
        flow.active = False
        flow.save(update_fields=["active", "updated"])
        record(
            actor,
            "symbiosis_flow.withdraw",
            f"symbiosis_flow:{flow.pk}",
            before=before,
            after=_snapshot(flow),
        )
    return flow


def visible_flows(area: Area) -> Any:
    """The active flows an area's board shows: its own, and those of other areas that opted in."""
    from django.db.models import Q

    return (
        SymbiosisFlow.objects.filter(active=True)
        .filter(Q(area=area) | Q(visible_across_areas=True))
        .select_related("company", "area")
        .order_by("kind", "category", "pk")
    )


def may_meet(area: Area, offer: SymbiosisFlow, need: SymbiosisFlow) -> bool:
    """An offer and a need meet within ``area``, or across areas when both opted in (as the core matches)."""
    if area.pk not in (offer.area_id, need.area_id):
        return False
    return offer.area_id == need.area_id or (offer.visible_across_areas and need.visible_across_areas)


def contributor_emails(company: Company) -> list[str]:
    return sorted(
        {
            email
            for email in Membership.objects.filter(
                role=Role.COMPANY_CONTRIBUTOR, company=company, user__is_active=True
            ).values_list("user__email", flat=True)
            if email
        }
    )


def _describe(flow: SymbiosisFlow) -> str:
    return _("{kind} of {category}, {quantity} {unit} a year").format(
        kind=flow.get_kind_display(),
        category=category_label(flow.category),
        quantity=format_number(flow.data["quantity_per_year"]),
        unit=unit_label(flow.data["unit"]),
    )


def do_introduce(
    actor: User, area: Area, offer_flow: SymbiosisFlow, need_flow: SymbiosisFlow, note: str = ""
) -> Introduction:
    """Put the company with the offer in touch with the company with the need: recorded, and each
    company's contributors are e-mailed (after the transaction commits)."""
    if offer_flow.kind != FlowKind.OFFER:
        raise ActionError(_("The first flow is not an offer."), "offer")
    if need_flow.kind != FlowKind.NEED:
        raise ActionError(_("The second flow is not a need."), "need")
    if not (offer_flow.active and need_flow.active):
        raise ActionError(
            _("This offer or need has been withdrawn."), "offer" if not offer_flow.active else "need"
        )
    if offer_flow.company_id == need_flow.company_id:
        raise ActionError(_("Both flows belong to the same company."), "need")
    if not may_meet(area, offer_flow, need_flow):
        raise ActionError(
            _("These two flows do not meet in this area (across areas both must be visible to other areas)."),
            "need",
        )
    note = note.strip()
    with transaction.atomic():
        introduction = Introduction.objects.create(
            area=area, offer=offer_flow, need=need_flow, introduced_by=actor, note=note
        )
        record(
            actor,
            "symbiosis.introduce",
            f"introduction:{introduction.pk}",
            after={
                "area": area.slug,
                "offer": offer_flow.pk,
                "offer_company": f"{offer_flow.area.slug}/{offer_flow.company.slug}",
                "need": need_flow.pk,
                "need_company": f"{need_flow.area.slug}/{need_flow.company.slug}",
                "note": note,
            },
        )
        contact = actor.email or actor.get_username()
        manager = f"{actor.get_full_name()} ({contact})" if actor.get_full_name() else contact
        letters = []
        for own, other in ((offer_flow, need_flow), (need_flow, offer_flow)):
            recipients = contributor_emails(own.company)
            if not recipients:
                continue
            body = _(
                "{manager}, manager of {area}, introduces {company} to {other} ({other_area}).\n\n"
                "Your {own}.\nTheir {theirs}.\n\n{note}"
                "Reply to {contact} to take it further.\n"
            ).format(
                manager=manager,
                contact=contact,
                area=area.name,
                company=own.company.name,
                other=other.company.name,
                other_area=other.area.name,
                own=_describe(own),
                theirs=_describe(other),
                note=_("Note: {note}\n\n").format(note=note) if note else "",
            )
            subject = _("GIA: an introduction to {other}").format(other=other.company.name)
            letters.append((subject, body, recipients))
        for subject, body, recipients in letters:
            queue(subject, body, recipients)
    return introduction


def do_record_exchange(
    actor: User,
    area: Area,
    year: int,
    supplier_company: Company,
    receiver_company: Company,
    kind: str,
    description: str,
    amount: Any,
    ewc: str | None = None,
) -> dict[str, Any]:
    """Append an exchange (with its yearly quantity) to the year's draft ``exchanges``; the next
    submission counts it for CE-01. The supplier's own data follows the exchange where it can say so
    without guessing: a residue with its EWC code becomes a waste stream used by the receiver (CE-02),
    waste heat in kWh is added to its used waste heat (EN-07). What could not be carried over is
    returned in ``entry["notes"]`` (not stored)."""
    if not isinstance(year, int) or not 1990 <= year <= 2100:
        raise ActionError(_("Give a reporting year between 1990 and 2100."), "year")
    for place, company in (("supplier", supplier_company), ("receiver", receiver_company)):
        if company.area_id != area.pk:
            raise ActionError(
                _(
                    "{company} is not a company of this area; an exchange is recorded between companies of the area."
                ).format(company=company.name),
                place,
            )
    if not _given(amount):
        raise ActionError(_("Give the yearly quantity exchanged."), "amount")
    exchange = validate(
        Exchange,
        {
            "supplier": supplier_company.slug,
            "receiver": receiver_company.slug,
            "kind": kind,
            "description": (description or "").strip(),
            "amount": amount,
            "active": True,
        },
        _("exchange"),
    )
    if exchange.amount is None or exchange.amount.value <= 0:
        raise ActionError(_("Give a yearly quantity above zero."), "amount")
    entry = exchange.model_dump(mode="json", by_alias=True)
    with transaction.atomic():
        draft = _locked_draft(area, year)
        exchanges = list(draft.data.get("exchanges") or [])
        for known in exchanges:
            if all(known.get(key) == entry[key] for key in ("supplier", "receiver", "kind", "description")):
                raise ActionError(
                    _("This exchange is recorded for {year} already.").format(year=year), "description"
                )
        companies, notes, changed = _follow_exchange(
            draft.data.get("companies") or [], supplier_company.slug, receiver_company.slug, exchange, ewc
        )
        draft.data = {**draft.data, "exchanges": [*exchanges, entry], "companies": companies}
        draft.save()
        record(
            actor,
            "exchange.record",
            f"exchanges:{area.slug}/{year}",
            after={**entry, "supplier_data_changed": changed},
        )
    return {**entry, "notes": notes}


def _follow_exchange(
    companies: list[dict[str, Any]], supplier: str, receiver: str, exchange: Exchange, ewc: str | None
) -> tuple[list[dict[str, Any]], list[str], list[str]]:
    """The supplier's data after a recorded exchange: (companies, notes for the manager, what changed)."""
    companies = copy.deepcopy(companies)
    entry = next((c for c in companies if c.get("id") == supplier), None)
    amount = exchange.amount
    notes: list[str] = []
    changed: list[str] = []
    if entry is None or amount is None:
        return (
            companies,
            [_("Enter the supplier's data for this year to count the exchange beyond CE-01.")],
            changed,
        )
    before = copy.deepcopy(entry)
    if exchange.kind == "material" and amount.unit == "t":
        streams = entry.setdefault("waste", [])
        match = next(
            (s for s in streams if ewc and s.get("ewc") == ewc and s.get("used_by") in (None, "", receiver)),
            None,
        )
        if match is None:
            receiver_name = next((c.get("name") for c in companies if c.get("id") == receiver), receiver)
            notes.append(
                _(
                    "CE-02 counts residues from the supplier's waste data: in {supplier}'s waste streams for "
                    "the year, add the residue with EWC code {ewc} and give {receiver} as the company that uses it."
                ).format(supplier=entry.get("name", supplier), ewc=ewc, receiver=receiver_name)
                if ewc
                else _(
                    "CE-02 counts residues from the supplier's waste data: in {supplier}'s waste streams for "
                    "the year, give {receiver} as the company that uses the residue."
                ).format(supplier=entry.get("name", supplier), receiver=receiver_name)
            )
        elif float(match["amount_t"]) > amount.value * (1 + 1e-9):
            rest = float(match["amount_t"]) - amount.value
            used = {**match, "amount_t": amount.value, "used_by": receiver}
            match["amount_t"] = rest
            streams.append(used)
            changed.append(f"waste {ewc}: {amount.value:g} t used by {receiver}")
        else:
            match["used_by"] = receiver
            changed.append(f"waste {ewc}: used by {receiver}")
    elif exchange.kind == "energy" and amount.unit == "kWh":
        heat = entry.get("waste_heat")
        if not heat:
            notes.append(
                _("EN-07 counts waste heat from the supplier's data: enter its recoverable waste heat.")
            )
        else:
            recoverable = float(heat.get("recoverable_kwh") or 0)
            used = min(recoverable, float(heat.get("used_kwh") or 0) + amount.value)
            if used < float(heat.get("used_kwh") or 0) + amount.value:
                notes.append(_("The supplier's used waste heat is capped at its recoverable waste heat."))
            heat["used_kwh"] = used
            changed.append(f"waste_heat.used_kwh: {used:g}")
    if changed:
        try:
            validate(CompanyRecord, entry, _("exchange"))
        except GiaInputError:
            notes.append(_("The supplier's data could not follow the exchange; update it in its form."))
            companies = [before if c.get("id") == supplier else c for c in companies]
            changed = []
    return companies, notes, changed
