"""Accounting of a whole submission: each company's balance and inventory, and the area's totals.

``account(submission)`` is the one entry point; it is pure and deterministic. The area's figures
are the sums of its companies' figures (the area's shared infrastructure is a company with the role
``shared_infrastructure``), each sum keeping its parts as provenance.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from gia.accounting.energy import company_energy, renewable_heat_share_of
from gia.accounting.factors import DEFAULT_FACTOR_SET, FactorSet, load_factor_set
from gia.accounting.ghg import (
    covered_parts,
    fuel_emissions,
    is_renewable_instrument,
    refrigerant_emissions,
    scope2_electricity,
    scope2_heat,
)
from gia.accounting.hourly import CfeResult, HourlyData, cfe_scores
from gia.accounting.provenance import FactorRef, Figure, Flag, distinct_figures, flags_of, given, total
from gia.dataset.submission import (
    CARBON_FREE_TECHNOLOGIES,
    COMBUSTION_TECHNOLOGIES,
    RENEWABLE_TECHNOLOGIES,
    Company,
    Submission,
)
from gia.i18n import _

#: figures every company account has, in the order they are reported
FIGURE_NAMES = (
    "electricity_grid_kwh",
    "electricity_self_consumed_kwh",
    "electricity_generated_kwh",
    "electricity_exported_kwh",
    "electricity_consumption_kwh",
    "renewable_electricity_kwh",
    "local_renewable_electricity_kwh",
    "fuel_energy_kwh",
    "heat_purchased_kwh",
    "heat_demand_kwh",
    "renewable_heat_kwh",
    "final_energy_kwh",
    "scope1_combustion_kg_co2e",
    "scope1_refrigerants_kg_co2e",
    "scope1_kg_co2e",
    "biogenic_co2_kg",
    "scope2_location_kg_co2e",
    "scope2_market_kg_co2e",
    "scope12_location_kg_co2e",
    "scope12_market_kg_co2e",
)


@dataclass(frozen=True)
class CompanyAccount:
    id: str
    name: str
    role: str
    reported: bool
    #: the inventory was computed by both scope 2 methods from reported data (CL-01)
    inventory_complete: bool
    figures: dict[str, Figure]
    #: heat and electricity bought from other companies in the area, per area figure they must leave
    internal: dict[str, Figure]

    def __getitem__(self, name: str) -> Figure:
        return self.figures[name]


@dataclass(frozen=True)
class Accounts:
    """The accounted submission: what the indicators read."""

    submission: Submission
    factor_set: FactorSet
    companies: tuple[CompanyAccount, ...]
    area: dict[str, Figure]
    #: the hourly series, where the submission has them, and what they give
    hourly: HourlyData | None = None
    cfe: CfeResult | None = None
    #: data-quality findings: series totals that disagree with the declared yearly values
    findings: tuple[Flag, ...] = ()
    #: companies whose series totals disagree with their declared yearly values
    mismatched: frozenset[str] = frozenset()
    #: electricity of companies without hourly series [kWh]
    unmetered_kwh: float = 0.0

    @property
    def country(self) -> str:
        return self.submission.area.country

    @property
    def year(self) -> int:
        return self.submission.reporting_year

    def __getitem__(self, name: str) -> Figure:
        return self.area[name]

    def company(self, company_id: str) -> CompanyAccount:
        for account in self.companies:
            if account.id == company_id:
                return account
        raise KeyError(company_id)

    def flags(self) -> list[Flag]:
        """Every flag raised anywhere in the accounts, each once."""
        figures = list(self.area.values()) + ([self.cfe.area] if self.cfe else [])
        seen = {(flag.code, flag.message): flag for flag in flags_of(figures)}
        for flag in self.findings:
            seen.setdefault((flag.code, flag.message), flag)
        return list(seen.values())

    def factors_used(self) -> list[FactorRef]:
        """Every factor used anywhere in the accounts, each once (by id), in the order first met."""
        used: dict[str, FactorRef] = {}
        for figure in distinct_figures(list(self.area.values()) + ([self.cfe.area] if self.cfe else [])):
            for factor in figure.factors:
                used.setdefault(factor.id, factor)
        return list(used.values())


def account_company(
    company: Company,
    index: int,
    submission: Submission,
    factors: FactorSet,
    supplier_heat_shares: dict[str, Figure] | None = None,
) -> CompanyAccount:
    path = f"companies[{index}]"
    country, year = submission.area.country, submission.reporting_year
    figures = company_energy(company, factors, path, supplier_heat_shares)

    renewable_parts: list[Figure] = []
    local_parts: list[Figure] = []
    for i, plant in enumerate(company.generation):
        if plant.technology not in RENEWABLE_TECHNOLOGIES:
            continue
        used = given(
            "self_consumed_kwh", plant.self_consumed_kwh, "kWh", f"{path}.generation[{i}].self_consumed_kwh"
        )
        local_parts.append(used)
        if plant.certificates == "kept":
            renewable_parts.append(used)
    for i, purchase in enumerate(company.electricity_purchases):
        amount = given(
            "electricity_purchase_kwh",
            purchase.amount_kwh,
            "kWh",
            f"{path}.electricity_purchases[{i}].amount_kwh",
        )
        if is_renewable_instrument(purchase, year):
            covered, _rest = covered_parts(purchase, amount, f"{path}.electricity_purchases[{i}]")
            renewable_parts.append(covered)
        if purchase.local and purchase.technology in RENEWABLE_TECHNOLOGIES:
            local_parts.append(amount)
    figures["renewable_electricity_kwh"] = total(
        "renewable_electricity_kwh",
        "kWh",
        _(
            "own renewable generation consumed on site with certificates kept + grid electricity covered by valid renewable GOs or PPAs with bundled certificates (market-based)"
        ),
        renewable_parts,
    )
    figures["local_renewable_electricity_kwh"] = total(
        "local_renewable_electricity_kwh",
        "kWh",
        _(
            "renewable electricity generated in the area or within 5 km and delivered to it: own plants' self-consumption + local PPAs"
        ),
        local_parts,
    )

    combustion: list[Figure] = []
    biogenic: list[Figure] = []
    fuel_energies = figures["fuel_energy_kwh"].inputs
    for i, energy in enumerate(fuel_energies):
        result = fuel_emissions(company, i, energy, factors, path)
        combustion.append(result["scope1"])
        if "biogenic" in result:
            biogenic.append(result["biogenic"])
    figures["scope1_combustion_kg_co2e"] = total(
        "scope1_combustion_kg_co2e", "kg CO2e", _("fuel combustion: fossil CO2 + CH4 + N2O"), combustion
    )
    figures["scope1_refrigerants_kg_co2e"] = total(
        "scope1_refrigerants_kg_co2e",
        "kg CO2e",
        _("refrigerant leakage × GWP100"),
        refrigerant_emissions(company, factors, path),
    )
    figures["scope1_kg_co2e"] = total(
        "scope1_kg_co2e",
        "kg CO2e",
        _("scope 1 = combustion + refrigerant leakage"),
        (figures["scope1_combustion_kg_co2e"], figures["scope1_refrigerants_kg_co2e"]),
    )
    figures["biogenic_co2_kg"] = total(
        "biogenic_co2_kg", "kg CO2", _("CO2 from biogenic fuels, reported outside the scopes"), biogenic
    )

    electricity_location, electricity_market = scope2_electricity(company, country, year, factors, path)
    heat = scope2_heat(company, country, year, factors, path)
    figures["scope2_location_kg_co2e"] = total(
        "scope2_location_kg_co2e",
        "kg CO2e",
        _("location-based scope 2 = electricity + heat"),
        (electricity_location, heat),
    )
    figures["scope2_market_kg_co2e"] = total(
        "scope2_market_kg_co2e",
        "kg CO2e",
        _("market-based scope 2 = electricity + heat"),
        (electricity_market, heat),
    )
    figures["scope12_location_kg_co2e"] = total(
        "scope12_location_kg_co2e",
        "kg CO2e",
        _("scope 1 + location-based scope 2"),
        (figures["scope1_kg_co2e"], figures["scope2_location_kg_co2e"]),
    )
    figures["scope12_market_kg_co2e"] = total(
        "scope12_market_kg_co2e",
        "kg CO2e",
        _("scope 1 + market-based scope 2"),
        (figures["scope1_kg_co2e"], figures["scope2_market_kg_co2e"]),
    )

    internal = _internal_transfers(company, path, electricity_location, electricity_market, heat)
    grid_missing = any(f.code == "grid_factor_missing" for f in electricity_location.all_flags())
    return CompanyAccount(
        id=company.id,
        name=company.name,
        role=company.role,
        reported=company.reported,
        inventory_complete=company.reported and not grid_missing,
        figures={name: figures[name] for name in FIGURE_NAMES},
        internal=internal,
    )


def _internal_transfers(
    company: Company, path: str, electricity_location: Figure, electricity_market: Figure, heat: Figure
) -> dict[str, Figure]:
    """What the company bought from other companies in the area, by the area figure it must leave.

    Heat leaves final energy and both scope 2 figures (the supplier's scope 1 holds its emissions).
    Electricity leaves location-based scope 2, and final energy where a combustion plant made it
    (its fuel is counted at the supplier); market-based, the buyer's figure stands: with a valid
    instrument it is 0 anyway, without one the certificates went elsewhere and the residual mix
    applies. The scope 2 figures list the purchases first, in order: the i-th input is the i-th
    purchase.
    """
    heat_bought, power_bought, location, market = [], [], [], []
    for i, purchase in enumerate(company.heat_purchases):
        if purchase.supplier_company is not None:
            heat_bought.append(
                given(
                    "heat_purchase_kwh", purchase.amount_kwh, "kWh", f"{path}.heat_purchases[{i}].amount_kwh"
                )
            )
            location.append(heat.inputs[i])
            market.append(heat.inputs[i])
    for i, purchase in enumerate(company.electricity_purchases):
        if purchase.supplier_company is not None:
            if purchase.technology in COMBUSTION_TECHNOLOGIES:
                power_bought.append(
                    given(
                        "electricity_purchase_kwh",
                        purchase.amount_kwh,
                        "kWh",
                        f"{path}.electricity_purchases[{i}].amount_kwh",
                    )
                )
            # location-based: the power was made in the area, not drawn from the grid; market-based:
            # the buyer's figure stands, as the certificates only stay in the area by an instrument
            location.append(electricity_location.inputs[i])
    return {
        "final_energy_kwh": total(
            "internal_final_energy_kwh",
            "kWh",
            _(
                "heat, and electricity from combustion plants, bought from companies in the area: their fuel is already counted at the supplier"
            ),
            (*heat_bought, *power_bought),
        ),
        "scope2_location_kg_co2e": total(
            "internal_scope2_location_kg_co2e",
            "kg CO2e",
            _(
                "scope 2 of heat and electricity bought from companies in the area: the supplier's scope 1 holds these emissions"
            ),
            location,
        ),
        "scope2_market_kg_co2e": total(
            "internal_scope2_market_kg_co2e",
            "kg CO2e",
            _(
                "scope 2 of heat bought from companies in the area: the supplier's scope 1 holds these emissions"
            ),
            market,
        ),
    }


#: area figures from which transfers between companies in the area are taken out
NETTED = {
    "final_energy_kwh": ("final_energy_kwh",),
    "scope2_location_kg_co2e": ("scope2_location_kg_co2e",),
    "scope2_market_kg_co2e": ("scope2_market_kg_co2e",),
    "scope12_location_kg_co2e": ("scope2_location_kg_co2e",),
    "scope12_market_kg_co2e": ("scope2_market_kg_co2e",),
}


def _area_figure(name: str, companies: tuple[CompanyAccount, ...]) -> Figure:
    """Sum over the companies; for the netted figures, less the transfers inside the area."""
    gross = total(
        name,
        companies[0].figures[name].unit,
        _("sum over companies and shared infrastructure"),
        (c.figures[name].at(f"companies[{i}]") for i, c in enumerate(companies)),
    )
    if name not in NETTED:
        return gross
    (internal_name,) = NETTED[name]
    transfers = total(
        f"internal_{internal_name}",
        gross.unit,
        _("transfers between companies in the area"),
        (
            c.internal[internal_name].at(f"companies[{i}]")
            for i, c in enumerate(companies)
            if c.internal[internal_name].value
        ),
    )
    if not transfers.value:
        return replace(gross, rule=_("area total: sum over companies and shared infrastructure"))
    return Figure(
        name,
        max(gross.value - transfers.value, 0.0),
        gross.unit,
        _("area total: sum over companies − transfers between them (counted once, at the supplier)"),
        (gross, transfers),
    )


def consistency_findings(
    submission: Submission, hourly: HourlyData, companies: tuple[CompanyAccount, ...]
) -> list[Flag]:
    """Series totals against the declared yearly values, company by company, beyond the tolerance.

    Load series are compared with the company's electricity consumption, generation series with the
    electricity its carbon-free plants generated.
    """
    assert submission.hourly is not None
    tolerance = submission.hourly.tolerance
    by_id = {c.id: (i, c) for i, c in enumerate(companies)}
    findings = []
    for (company_id, role), series_total in sorted(hourly.role_totals.items()):
        index, company_account = by_id[company_id]
        if role == "load":
            declared = company_account["electricity_consumption_kwh"].value
        elif role == "generation":
            plants = submission.companies[index].generation
            declared = sum(p.generated_kwh for p in plants if p.technology in CARBON_FREE_TECHNOLOGIES)
        else:
            continue
        if declared == 0 and series_total > 0:
            findings.append(
                (
                    company_id,
                    Flag(
                        "series_total_mismatch",
                        _(
                            "companies[{index}] ({company}): the hourly {role} series sum to {series} kWh, the submission declares none"
                        ).format(index=index, company=company_id, role=role, series=round(series_total)),
                    ),
                )
            )
            continue
        difference = abs(series_total - declared) / max(abs(declared), 1e-9)
        if difference > tolerance:
            findings.append(
                (
                    company_id,
                    Flag(
                        "series_total_mismatch",
                        _(
                            "companies[{index}] ({company}): the hourly {role} series sum to {series} kWh, the submission declares {declared} kWh ({difference:.1%} apart; tolerance {tolerance:.0%})"
                        ).format(
                            index=index,
                            company=company_id,
                            role=role,
                            series=round(series_total),
                            declared=round(declared),
                            difference=min(difference, 9.99),
                            tolerance=tolerance,
                        ),
                    ),
                )
            )
    return findings


def account(
    submission: Submission, factor_set: str | FactorSet = DEFAULT_FACTOR_SET, hourly: HourlyData | None = None
) -> Accounts:
    """Account every company of the submission and sum the area's figures; match the hourly data if given."""
    factors = factor_set if isinstance(factor_set, FactorSet) else load_factor_set(factor_set)
    supplier_heat_shares = {
        c.id: share
        for i, c in enumerate(submission.companies)
        if c.heat_delivered_kwh
        and (share := renewable_heat_share_of(c, factors, f"companies[{i}]")) is not None
    }
    companies = tuple(
        account_company(c, i, submission, factors, supplier_heat_shares)
        for i, c in enumerate(submission.companies)
    )
    area = {name: _area_figure(name, companies) for name in FIGURE_NAMES}
    if hourly is None:
        return Accounts(submission=submission, factor_set=factors, companies=companies, area=area)
    share, share_flags = factors.grid_carbon_free_share(submission.area.country, submission.reporting_year)
    findings = consistency_findings(submission, hourly, companies)
    with_series = set(hourly.companies)
    unmetered = total(
        "unmetered_electricity_kwh",
        "kWh",
        _("electricity consumption of companies without hourly series"),
        (
            c["electricity_consumption_kwh"].at(f"companies[{i}]")
            for i, c in enumerate(companies)
            if c.id not in with_series and c["electricity_consumption_kwh"].value > 0
        ),
    )
    return Accounts(
        submission=submission,
        factor_set=factors,
        companies=companies,
        area=area,
        hourly=hourly,
        cfe=cfe_scores(hourly, share, share_flags, unmetered),
        findings=tuple(flag for _company, flag in findings) + hourly.flags,
        mismatched=frozenset(company for company, _flag in findings),
        unmetered_kwh=unmetered.value,
    )
