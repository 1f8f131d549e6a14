"""Indicators of industrial cooperation and circular economy (CE): each a small pure function over the accounted submission."""

from __future__ import annotations

from gia.accounting import Figure
from gia.accounting.provenance import given, total
from gia.assessment.indicators.common import _companies, _recovery_weight, _share
from gia.assessment.registry import Context, IndicatorValue, indicator
from gia.dataset.submission import SHARED_INFRASTRUCTURE
from gia.i18n import _


@indicator("symbiosis_participation_share", "share")
def symbiosis_participation_share(context: Context) -> IndicatorValue:
    """Resident companies in at least one active exchange of materials, energy, water or residues, or sharing an infrastructure in operation (energy plant, water treatment, waste collection, logistics), with another company ÷ resident companies."""
    submission = context.accounts.submission
    ids = {c.id for c in submission.companies}
    linked: set[str] = set()
    for exchange in submission.exchanges:
        if exchange.active:
            linked.update((exchange.supplier, exchange.receiver))
    for company in submission.companies:
        for stream in company.waste:
            if stream.used_by in ids and stream.used_by != company.id:
                linked.update((company.id, stream.used_by))
        for purchase in (*company.heat_purchases, *company.electricity_purchases):
            if purchase.supplier_company:
                linked.update((company.id, purchase.supplier_company))
    for service in submission.area.shared_services:
        if (
            service.in_operation
            and service.kind in SHARED_INFRASTRUCTURE
            and len(set(service.companies)) >= 2
        ):
            linked.update(service.companies)
    residents = _companies(context)
    participating = [
        given("participating_company", 1.0, "count", f"companies[{i}]")
        for i, c in residents
        if c.id in linked
    ]
    return _share(
        "symbiosis_participation_share",
        total(
            "participating_companies",
            "count",
            _(
                "companies in at least one active exchange or shared infrastructure (energy plant, water treatment, waste collection, logistics)"
            ),
            participating,
        ),
        given(
            "resident_companies",
            float(len(residents)),
            "count",
            "companies",
            _("resident companies (shared infrastructure excluded)"),
        ),
        _("participating companies ÷ resident companies"),
        _("no resident companies"),
    )


@indicator("residues_used_by_others_share", "share")
def residues_used_by_others_share(context: Context) -> IndicatorValue:
    """Residues and by-products used as input by another company ÷ all residues generated, by mass."""
    used, generated = [], []
    for i, c in enumerate(context.accounts.submission.companies):
        for j, stream in enumerate(c.waste):
            item = given("residue_t", stream.amount_t, "t", f"companies[{i}].waste[{j}].amount_t")
            generated.append(item)
            if stream.used_by and stream.used_by != c.id:
                used.append(item)
    return _share(
        "residues_used_by_others_share",
        total("residues_used_by_others_t", "t", _("residues used as input by another company"), used),
        total("residues_generated_t", "t", _("all residues and by-products generated"), generated),
        _("used by others ÷ generated (mass)"),
        _("no residues reported"),
    )


@indicator("waste_recovery_share", "share")
def waste_recovery_share(context: Context) -> IndicatorValue:
    """Waste to preparation for reuse or recycling (R2–R11) plus half of energy recovery (R1) ÷ all waste, by mass."""
    recovered, generated = [], []
    for i, c in enumerate(context.accounts.submission.companies):
        for j, stream in enumerate(c.waste):
            if stream.byproduct:
                continue
            item = given("waste_t", stream.amount_t, "t", f"companies[{i}].waste[{j}].amount_t")
            generated.append(item)
            weight = _recovery_weight(stream.treatment)
            if weight:
                recovered.append(
                    Figure(
                        "recovered_t",
                        item.value * weight,
                        "t",
                        _("{code} counts {weight:g}").format(code=stream.treatment, weight=weight),
                        (item,),
                    )
                )
    return _share(
        "waste_recovery_share",
        total("waste_recovered_t", "t", _("R2–R11 in full, R1 at half"), recovered),
        total("waste_generated_t", "t", _("all waste (by-products excluded)"), generated),
        _("recovered ÷ generated (mass)"),
        _("no waste reported"),
    )


@indicator("water_reuse_share", "share")
def water_reuse_share(context: Context) -> IndicatorValue:
    """Reused or recycled water ÷ total water use (withdrawn + reused)."""
    reused, use = [], []
    for i, c in enumerate(context.accounts.submission.companies):
        if c.water is None:
            continue
        r = given("reused_m3", c.water.reused_m3, "m3", f"companies[{i}].water.reused_m3")
        reused.append(r)
        use.extend(
            (given("withdrawn_m3", c.water.withdrawn_m3, "m3", f"companies[{i}].water.withdrawn_m3"), r)
        )
    return _share(
        "water_reuse_share",
        total("water_reused_m3", "m3", _("reused or recycled water"), reused),
        total("water_use_m3", "m3", _("withdrawn + reused water"), use),
        _("reused ÷ total use"),
        _("no water use reported"),
    )


@indicator("shared_services_count", "count")
def shared_services_count(context: Context) -> IndicatorValue:
    """Shared services or infrastructures in operation."""
    services = context.accounts.submission.area.shared_services
    parts = [
        given("shared_service", 1.0, "count", f"area.shared_services[{i}]")
        for i, s in enumerate(services)
        if s.in_operation
    ]
    figure = total(
        "shared_services_count", "count", _("shared services and infrastructures in operation"), parts
    )
    return IndicatorValue("shared_services_count", figure.value, "count", figure)
