"""Marginal abatement cost curve: EUR per t CO2e of each measure, and GIA's proposed set.

For each measure alone, applied to the submission as it is:

    cost per t = (capex × CRF(discount rate, lifetime) + opex + Δ energy cost) ÷ abatement

with the abatement = market-based scope 1 + 2 before − after [t CO2e/year], computed by the real
accounting (:func:`gia.accounting.account`), and the energy cost = grid electricity × electricity
price − export × export price + fuels × their prices + district heat × its price (prices in
``economics.csv``). A negative cost per t means the measure saves money. Measures that abate
nothing (charging points, water reuse, green roofs) have no cost per t and stay off the curve.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from gia.accounting import FactorSet, Figure, account, load_factor_set
from gia.accounting.energy import fuel_energy
from gia.accounting.provenance import total
from gia.dataset import Submission
from gia.errors import GiaInputError
from gia.i18n import _, number
from gia.standard import load_standard
from gia.toolbox import svg
from gia.toolbox.measures import Compendium, capital_recovery_factor, load_compendium, load_economics
from gia.toolbox.scenario import AppliedMeasure, MeasureChoice, apply_measure


def energy_cost(submission: Submission, factors: FactorSet | None = None) -> Figure:
    """Yearly cost of the energy the area buys, less what its exports earn [EUR/year]."""
    factors = factors or load_factor_set()
    economics = load_economics()
    country = submission.area.country
    electricity = economics.get("electricity_price", country)
    export = economics.get("export_price", country)
    heat = economics.get("district_heat_price", country)
    parts: list[Figure] = []
    for i, company in enumerate(submission.companies):
        place = f"companies[{i}]"
        bought = sum(p.amount_kwh for p in company.electricity_purchases if p.supplier_company is None)
        if bought:
            parts.append(
                Figure(
                    "electricity_cost_eur",
                    bought * electricity.value,
                    "EUR/year",
                    _("grid electricity [kWh] × electricity price"),
                    factors=(electricity,),
                    path=place,
                )
            )
        exported = sum(g.exported_kwh for g in company.generation)
        if exported:
            parts.append(
                Figure(
                    "export_revenue_eur",
                    -exported * export.value,
                    "EUR/year",
                    _("− exported electricity [kWh] × export price"),
                    factors=(export,),
                    path=place,
                )
            )
        for j, fuel in enumerate(company.fuels):
            price = economics.get(f"fuel_price:{fuel.fuel.value}", country)
            energy = fuel_energy(fuel, factors, f"{place}.fuels[{j}]")
            parts.append(
                Figure(
                    "fuel_cost_eur",
                    energy.value * price.value,
                    "EUR/year",
                    _("fuel [kWh, net] × fuel price"),
                    (energy,),
                    (price,),
                    path=f"{place}.fuels[{j}]",
                )
            )
        district = sum(h.amount_kwh for h in company.heat_purchases if h.supplier_company is None)
        if district:
            parts.append(
                Figure(
                    "heat_cost_eur",
                    district * heat.value,
                    "EUR/year",
                    _("bought heat [kWh] × district-heat price"),
                    factors=(heat,),
                    path=place,
                )
            )
    return total("energy_cost_eur_per_year", "EUR/year", _("energy bought − exports sold"), parts)


@dataclass(frozen=True)
class AbatementCost:
    """One measure on the abatement cost curve."""

    applied: AppliedMeasure
    abatement: Figure
    energy_cost_change: Figure
    annual_cost: Figure
    cost_per_t: Figure | None

    def to_dict(self, language: str = "en") -> dict[str, Any]:
        return {
            "measure": self.applied.to_dict(language),
            "abatement_t_co2e_per_year": self.abatement.to_dict(depth=1),
            "energy_cost_change_eur_per_year": self.energy_cost_change.to_dict(depth=0),
            "annual_cost_eur_per_year": self.annual_cost.to_dict(depth=1),
            "cost_eur_per_t_co2e": None if self.cost_per_t is None else self.cost_per_t.to_dict(depth=0),
        }


def abatement_cost(
    submission: Submission,
    choice: MeasureChoice,
    factors: FactorSet | None = None,
    compendium: Compendium | None = None,
) -> AbatementCost:
    """The abatement and its cost of one measure applied alone to ``submission``."""
    if factors is None:
        profile = load_standard(submission.edition).profile(submission.area.country)
        factors = load_factor_set(profile.default_factor_set)
    after, applied = apply_measure(submission, choice, compendium)
    before_emissions = account(submission, factors)["scope12_market_kg_co2e"]
    after_emissions = account(after, factors)["scope12_market_kg_co2e"]
    abatement = Figure(
        "abatement_t_co2e_per_year",
        (before_emissions.value - after_emissions.value) / 1000,
        "t CO2e/year",
        _("(market-based scope 1 + 2 before − after) ÷ 1000"),
        (before_emissions, after_emissions),
    )
    cost_before, cost_after = energy_cost(submission, factors), energy_cost(after, factors)
    energy_change = Figure(
        "energy_cost_change_eur_per_year",
        cost_after.value - cost_before.value,
        "EUR/year",
        _("energy cost after − before"),
        (cost_before, cost_after),
    )
    rate = load_economics().get("discount_rate")
    crf = capital_recovery_factor(rate.value, applied.lifetime.value)
    annual = Figure(
        "annual_cost_eur_per_year",
        applied.capex_eur.value * crf + applied.opex_eur_per_year.value + energy_change.value,
        "EUR/year",
        _("capex × capital recovery factor ({crf:.4f}) + opex + energy cost change").format(crf=crf),
        (applied.capex_eur, applied.opex_eur_per_year, energy_change),
        (rate, applied.lifetime),
    )
    per_t = None
    if abatement.value > 1e-9:
        per_t = Figure(
            "cost_eur_per_t_co2e",
            annual.value / abatement.value,
            "EUR/t CO2e",
            _("yearly cost ÷ yearly abatement"),
            (annual, abatement),
        )
    return AbatementCost(applied, abatement, energy_change, annual, per_t)


def abatement_costs(
    submission: Submission, choices: Sequence[MeasureChoice], factors: FactorSet | None = None
) -> list[AbatementCost]:
    """Each measure alone, sorted by cost per t (measures without abatement last)."""
    costs = [abatement_cost(submission, choice, factors) for choice in choices]
    return sorted(
        costs,
        key=lambda c: (
            c.cost_per_t is None,
            c.cost_per_t.value if c.cost_per_t else 0.0,
            c.applied.measure.id,
        ),
    )


def propose(
    submission: Submission, factors: FactorSet | None = None
) -> tuple[list[MeasureChoice], list[AbatementCost]]:
    """GIA's proposal: every applicable measure that abates at or below the proposal carbon price.

    Each measure of the compendium is sized by its ``propose_share`` rule in the company with the
    most to gain and costed alone; those at or below ``proposal_carbon_price`` (economics.csv) are
    proposed, cheapest first, and then applied one after the other (a measure that no longer fits
    after the cheaper ones — the waste heat is used up, say — is left out).
    """
    compendium = load_compendium()
    limit = load_economics().get("proposal_carbon_price")
    candidates: list[AbatementCost] = []
    for measure_id in compendium.measures:
        try:
            candidates.append(abatement_cost(submission, MeasureChoice(measure_id), factors, compendium))
        except GiaInputError:
            continue  # not applicable here
    curve = sorted(
        (c for c in candidates if c.cost_per_t is not None),
        key=lambda c: (c.cost_per_t.value if c.cost_per_t else 0.0, c.applied.measure.id),
    )
    chosen: list[MeasureChoice] = []
    current = submission
    for cost in curve:
        if cost.cost_per_t is None or cost.cost_per_t.value > limit.value:
            continue
        choice = MeasureChoice(cost.applied.measure.id, cost.applied.company, None, None)
        try:
            current, applied = apply_measure(current, choice, compendium)
        except GiaInputError:
            continue
        chosen.append(MeasureChoice(applied.measure.id, applied.company, applied.size.value, None))
    return chosen, curve


def mac_svg(
    costs: Sequence[AbatementCost],
    language: str = "en",
    layout: svg.Layout = svg.WIDE,
    id_prefix: str = "mac",
) -> str:
    """The marginal abatement cost curve: a bar per measure, width = t CO2e/year, height = EUR/t.

    Each measure has its own fill (a colour, hatched beyond the palette's twelve) and its number on
    the bar where the bar is wide enough; the legend below the curve names each numbered measure
    with its cost and abatement in the active language's number format.
    """
    bars = [c for c in costs if c.cost_per_t is not None and c.abatement.value > 0]
    bars.sort(key=lambda c: (c.cost_per_t.value if c.cost_per_t else 0.0, c.applied.measure.id))
    width = sum(c.abatement.value for c in bars) or 1.0
    heights = [c.cost_per_t.value for c in bars if c.cost_per_t is not None] or [0.0]
    low, high = min(0.0, *heights), max(0.0, *heights)
    margin = (high - low) * 0.12 or 1.0
    chart = svg.Chart(
        _("Marginal abatement cost curve"),
        _("abatement [t CO2e/year]"),
        _("cost [EUR/t CO2e]"),
        (0.0, width),
        (low - margin, high + margin),
        layout,
        id_prefix,
    )
    chart.axes()
    x = 0.0
    legend = []
    font = layout.font
    for index, cost in enumerate(bars):
        assert cost.cost_per_t is not None
        fill = chart.fill(index)
        name = cost.applied.measure.label(language)
        per_t = _("{cost} EUR/t CO2e").format(cost=number(cost.cost_per_t.value))
        tonnes = _("{tonnes} t CO2e/year").format(tonnes=number(cost.abatement.value))
        chart.rect(
            x, x + cost.abatement.value, 0.0, cost.cost_per_t.value, fill, f"{name}: {per_t}, {tonnes}"
        )
        left, right = chart.x(x), chart.x(x + cost.abatement.value)
        mark = str(index + 1)
        if right - left >= svg.text_width(mark, font) + 2:  # the number on the bar's far end
            end = chart.y(cost.cost_per_t.value)
            y = end - 4 if cost.cost_per_t.value >= 0 else end + font + 2
            chart.parts.append(
                f'<text x="{svg.fmt((left + right) / 2)}" y="{svg.fmt(y)}" text-anchor="middle" '
                f'font-size="{font}" font-weight="bold">{mark}</text>'
            )
        legend.append((fill, f"{mark}. {name}: {per_t}, {tonnes}"))
        x += cost.abatement.value
    chart.parts.append(
        f'<line x1="{svg.fmt(chart.x(0))}" y1="{svg.fmt(chart.y(0))}" x2="{svg.fmt(chart.x(width))}" '
        f'y2="{svg.fmt(chart.y(0))}" stroke="black"/>'
    )
    chart.add_legend(legend)
    return chart.render()
