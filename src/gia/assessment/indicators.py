"""The indicators of the GIA standard, each a small pure function over the accounted submission.

Each docstring states the rule; the returned figure repeats it with its inputs, so that
``gia explain`` can show how a value came about.
"""

from __future__ import annotations

import datetime as dt

from gia.accounting import Figure, Flag
from gia.accounting.provenance import given, ratio, total
from gia.assessment.registry import Context, IndicatorValue, indicator
from gia.dataset.submission import Company, ManagementSystem
from gia.i18n import _

#: a management-system certificate without a stated end is taken to be valid this many years
CERTIFICATE_YEARS = 3
#: an EN 16247 energy audit counts for this many years (standard: "not older than 4 years")
AUDIT_YEARS = 4
LOW_GWP_LIMIT = 150.0
#: vehicle kinds that count for MO-04 (road vehicles; forklifts and site machinery are not a fleet)
ROAD_VEHICLES = frozenset({"car", "van", "truck"})
#: shared services that are shared infrastructure in the sense of CE-01 (a canteen or a security
#: service is shared, but exchanges no material, energy or water); they still count for CE-05
SHARED_INFRASTRUCTURE = frozenset(
    {"shared_energy_plant", "shared_water_treatment", "shared_waste_collection", "shared_logistics"}
)


def _share(name: str, numerator: Figure, denominator: Figure, rule: str, missing: str) -> IndicatorValue:
    figure = ratio(name, numerator, denominator, rule)
    if figure is None:
        return IndicatorValue(name, None, "share", None, note=missing)
    return IndicatorValue(name, figure.value, "share", figure)


def _yes_no(name: str, answer: bool, rule: str, path: str, note: str = "") -> IndicatorValue:
    figure = Figure(name, 1.0 if answer else 0.0, "yes/no", rule, path=path)
    return IndicatorValue(name, figure.value, "yes/no", figure, note=note)


def _companies(context: Context) -> list[tuple[int, Company]]:
    """Resident companies (not the area's shared infrastructure), with their index."""
    return [(i, c) for i, c in enumerate(context.accounts.submission.companies) if c.role == "company"]


def _final_energy_of(context: Context, selected: set[str], name: str, rule: str) -> Figure:
    parts = [
        account["final_energy_kwh"].at(f"companies[{i}]")
        for i, account in enumerate(context.accounts.companies)
        if account.id in selected
    ]
    return total(name, "kWh", rule, parts)


def _all_companies_final_energy(context: Context) -> Figure:
    """Sum of the companies' own final energy: the base of coverage shares (no netting of transfers)."""
    every = {c.id for c in context.accounts.companies}
    return _final_energy_of(
        context,
        every,
        "companies_final_energy_kwh",
        _("final energy of all companies, each counting what it uses"),
    )


# --- energy -------------------------------------------------------------------------------------


@indicator("renewable_electricity_share", "share")
def renewable_electricity_share(context: Context) -> IndicatorValue:
    """Renewable electricity (market-based: own renewables with certificates kept, valid GOs, PPAs with bundled certificates) ÷ electricity consumption."""
    a = context.accounts
    return _share(
        "renewable_electricity_share",
        a["renewable_electricity_kwh"],
        a["electricity_consumption_kwh"],
        _("renewable electricity (market-based) ÷ electricity consumption"),
        _("no electricity consumption reported"),
    )


@indicator("local_renewable_generation_share", "share")
def local_renewable_generation_share(context: Context) -> IndicatorValue:
    """Renewable electricity generated in the area or within 5 km and delivered to it ÷ electricity consumption."""
    a = context.accounts
    return _share(
        "local_renewable_generation_share",
        a["local_renewable_electricity_kwh"],
        a["electricity_consumption_kwh"],
        _("local renewable electricity ÷ electricity consumption"),
        _("no electricity consumption reported"),
    )


@indicator("renewable_heat_share", "share")
def renewable_heat_share(context: Context) -> IndicatorValue:
    """Heat from renewables, heat pumps and recovered waste heat ÷ heat demand."""
    a = context.accounts
    return _share(
        "renewable_heat_share",
        a["renewable_heat_kwh"],
        a["heat_demand_kwh"],
        _("renewable and recovered heat ÷ heat demand"),
        _("no heat demand reported"),
    )


@indicator("hourly_cfe_score", "share")
def hourly_cfe_score(context: Context) -> IndicatorValue:
    """24/7 carbon-free electricity score from hourly load and supply; without hourly data it is missing (0 points)."""
    cfe = context.accounts.cfe
    if cfe is None:
        note = (
            _("the hourly series hold no load")
            if context.accounts.hourly is not None
            else _(
                "no hourly consumption and supply data in the submission: EN-04 scores 0 (not 'not applicable')"
            )
        )
        return IndicatorValue("hourly_cfe_score", None, "share", None, note=note)
    return IndicatorValue("hourly_cfe_score", cfe.area.value, "share", cfe.area)


def _add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (29 February becomes 28 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _valid(system: ManagementSystem, as_of: dt.date) -> bool:
    if system.date > as_of:
        return False
    if system.scheme == "en_16247_audit":
        return system.date >= _add_years(as_of, -AUDIT_YEARS)
    end = system.valid_until or _add_years(system.date, CERTIFICATE_YEARS)
    return end >= as_of


def _covered_by(context: Context, schemes: set[str]) -> set[str]:
    return {
        c.id
        for c in context.accounts.submission.companies
        if any(s.scheme in schemes and _valid(s, context.as_of) for s in c.management_systems)
    }


@indicator("energy_management_coverage", "share")
def energy_management_coverage(context: Context) -> IndicatorValue:
    """Final energy of companies with a valid ISO 50001, EMAS or an EN 16247 audit not older than 4 years ÷ the area's final energy."""
    covered = _covered_by(context, {"iso_50001", "emas", "en_16247_audit"})
    numerator = _final_energy_of(
        context,
        covered,
        "final_energy_covered_kwh",
        _(
            "final energy of companies with ISO 50001, EMAS or an EN 16247 audit valid at the end of the reporting year"
        ),
    )
    return _share(
        "energy_management_coverage",
        numerator,
        _all_companies_final_energy(context),
        _("final energy under energy management ÷ the area's final energy"),
        _("no final energy reported"),
    )


def _activity(
    context: Context, employees: int | None, floor_area: float | None, value_added: float | None
) -> float | None:
    unit = context.accounts.submission.area.activity_unit
    value = {"employee": employees, "floor_area": floor_area, "value_added": value_added}[unit]
    return float(value) if value else None


@indicator("energy_intensity_improvement", "share")
def energy_intensity_improvement(context: Context) -> IndicatorValue:
    """Average yearly reduction of final energy per unit of activity, compounded from the earliest of the last 3 reported years."""
    submission = context.accounts.submission
    area = submission.area
    year = submission.reporting_year
    unit = area.activity_unit
    companies = list(submission.companies)
    floor_areas = [c.floor_area_m2 for c in companies]
    current_activity = _activity(
        context,
        sum(c.employees for c in companies),
        sum(f for f in floor_areas if f is not None) if all(f is not None for f in floor_areas) else None,
        area.value_added_eur,
    )
    earlier = sorted((h for h in area.history if year - 3 <= h.year < year), key=lambda h: h.year)
    if not earlier:
        return IndicatorValue(
            "energy_intensity_improvement",
            None,
            "share",
            None,
            note=_("first reporting year: no earlier year to compare with, 0 points (EN-06)"),
        )
    first = earlier[0]
    first_index = area.history.index(first)
    first_activity = _activity(context, first.employees, first.floor_area_m2, first.value_added_eur)
    if not current_activity or not first_activity:
        return IndicatorValue(
            "energy_intensity_improvement",
            None,
            "share",
            None,
            note=_("the activity ({unit}) is missing for {year} or the reporting year").format(
                unit=unit, year=first.year
            ),
        )
    final = context.accounts["final_energy_kwh"]
    if final.value == 0:
        return IndicatorValue(
            "energy_intensity_improvement", None, "share", None, note=_("no final energy reported")
        )
    now = Figure(
        "energy_intensity_now",
        final.value / current_activity,
        f"kWh/{unit}",
        _("final energy ÷ activity in the reporting year"),
        (final, given("activity", current_activity, unit, "companies[*]")),
    )
    then = Figure(
        "energy_intensity_then",
        first.final_energy_kwh / first_activity,
        f"kWh/{unit}",
        _("final energy ÷ activity in {year}").format(year=first.year),
        (
            given(
                "final_energy_kwh",
                first.final_energy_kwh,
                "kWh",
                f"area.history[{first_index}].final_energy_kwh",
            ),
            given("activity", first_activity, unit, f"area.history[{first_index}]"),
        ),
    )
    years = year - first.year
    if then.value <= 0:
        return IndicatorValue(
            "energy_intensity_improvement",
            None,
            "share",
            None,
            note=_("the earlier year's intensity is zero"),
        )
    reduction = 1 - (now.value / then.value) ** (1 / years)
    figure = Figure(
        "energy_intensity_improvement",
        reduction,
        "share",
        _("1 − (intensity now ÷ intensity {year}) ^ (1/{years}): average yearly reduction").format(
            year=first.year, years=years
        ),
        (now, then),
    )
    return IndicatorValue("energy_intensity_improvement", reduction, "share", figure)


@indicator("waste_heat_use_share", "share")
def waste_heat_use_share(context: Context) -> IndicatorValue:
    """Recoverable waste heat used in the area or exported to a heat network ÷ identified recoverable waste heat."""
    used, recoverable = [], []
    for i, c in enumerate(context.accounts.submission.companies):
        if c.waste_heat is not None:
            used.append(
                given("used_kwh", c.waste_heat.used_kwh, "kWh", f"companies[{i}].waste_heat.used_kwh")
            )
            recoverable.append(
                given(
                    "recoverable_kwh",
                    c.waste_heat.recoverable_kwh,
                    "kWh",
                    f"companies[{i}].waste_heat.recoverable_kwh",
                )
            )
    return _share(
        "waste_heat_use_share",
        total("waste_heat_used_kwh", "kWh", _("sum of waste heat used"), used),
        total(
            "waste_heat_recoverable_kwh", "kWh", _("sum of identified recoverable waste heat"), recoverable
        ),
        _("waste heat used ÷ recoverable waste heat"),
        _("no recoverable waste heat identified"),
    )


@indicator("flexibility_share", "share")
def flexibility_share(context: Context) -> IndicatorValue:
    """(Storage power + flexible load) ÷ peak electric load, over the companies that report their peak load."""
    flexible, peaks, flags = [], [], []
    for i, c in enumerate(context.accounts.submission.companies):
        place = f"companies[{i}]"
        if c.peak_load_kw is None:
            if c.storage or c.flexible_load_kw:
                flags.append(
                    Flag(
                        "peak_load_missing",
                        _("{place}: storage or flexible load without a peak load is not counted").format(
                            place=place
                        ),
                    )
                )
            continue
        peaks.append(given("peak_load_kw", c.peak_load_kw, "kW", f"{place}.peak_load_kw"))
        flexible.extend(
            given("storage_power_kw", s.power_kw, "kW", f"{place}.storage[{j}].power_kw")
            for j, s in enumerate(c.storage)
        )
        if c.flexible_load_kw:
            flexible.append(given("flexible_load_kw", c.flexible_load_kw, "kW", f"{place}.flexible_load_kw"))
    share = _share(
        "flexibility_share",
        total("flexible_capacity_kw", "kW", _("storage power + flexible load"), flexible, flags),
        total(
            "peak_load_kw", "kW", _("sum of the companies' peak loads (not coincident: conservative)"), peaks
        ),
        _("flexible capacity ÷ peak load"),
        _("no peak load reported"),
    )
    if share.value is None or share.value <= 1 or share.figure is None:
        return share
    capped = Figure(
        "flexibility_share",
        1.0,
        "share",
        _("flexible capacity exceeds the peak load: capped at 100 %"),
        (share.figure,),
    )
    return IndicatorValue("flexibility_share", 1.0, "share", capped)


# --- climate ------------------------------------------------------------------------------------


@indicator("ghg_inventory_coverage", "share")
def ghg_inventory_coverage(context: Context) -> IndicatorValue:
    """Final energy of companies with a scope 1 + 2 inventory by both scope 2 methods ÷ the area's final energy."""
    complete = {c.id for c in context.accounts.companies if c.inventory_complete}
    numerator = _final_energy_of(
        context,
        complete,
        "final_energy_inventoried_kwh",
        _("final energy of companies whose scope 1 + 2 inventory was computed by both methods"),
    )
    return _share(
        "ghg_inventory_coverage",
        numerator,
        _all_companies_final_energy(context),
        _("inventoried final energy ÷ the area's final energy"),
        _("no final energy reported"),
    )


@indicator("climate_target_valid", "yes/no")
def climate_target_valid(context: Context) -> IndicatorValue:
    """A climate-neutrality target no later than the country's legal year, with milestones, adopted by the end of the reporting year."""
    target = context.accounts.submission.area.plans.climate_target
    legal = context.profile.climate_neutrality_year
    problems = []
    if target is None:
        problems.append(_("no climate target"))
    else:
        if target.target_year > legal:
            problems.append(
                _("target year {year} is after {country}'s climate-neutrality year {legal}").format(
                    year=target.target_year, country=context.profile.id, legal=legal
                )
            )
        if not target.milestones:
            problems.append(_("no interim milestones"))
        if target.adopted is None or target.adopted > context.as_of:
            problems.append(_("not adopted by the area management by the end of the reporting year"))
    return _yes_no(
        "climate_target_valid",
        not problems,
        _("target year ≤ {legal} ({source}), milestones, adopted").format(
            legal=legal, source=context.profile.climate_neutrality_source
        ),
        "area.plans.climate_target",
        "; ".join(problems),
    )


def _reported_final_energy(context: Context) -> Figure:
    """The area's final energy without the estimates for companies that did not report."""
    silent = {c.id for c in context.accounts.companies if not c.reported}
    estimated = _final_energy_of(
        context,
        silent,
        "final_energy_estimated_kwh",
        _("estimated final energy of the companies that did not report"),
    )
    area_energy = context.accounts["final_energy_kwh"]
    return Figure(
        "final_energy_reported_kwh",
        max(area_energy.value - estimated.value, 0.0),
        "kWh",
        _("the area's final energy without the estimates for companies that did not report"),
        (area_energy, estimated),
    )


def _scope12_with_estimates(context: Context) -> Figure | None:
    """Market-based scope 1 + 2, with the companies that did not report at the others' intensity.

    None when nothing was reported to extrapolate from.
    """
    emissions = context.accounts["scope12_market_kg_co2e"]
    silent = {c.id for c in context.accounts.companies if not c.reported}
    if not silent:
        return emissions
    estimated = _final_energy_of(
        context,
        silent,
        "final_energy_estimated_kwh",
        _("estimated final energy of the companies that did not report"),
    )
    reported = _reported_final_energy(context)
    if reported.value == 0:
        return None
    if estimated.value == 0:
        return emissions
    extra = Figure(
        "scope12_estimated_kg_co2e",
        estimated.value * emissions.value / reported.value,
        "kg CO2e",
        _("estimated final energy × the reporting companies' emissions per kWh"),
        (estimated, emissions, reported),
        flags=(
            Flag(
                "emissions_estimated",
                _(
                    "emissions of companies that did not report are estimated at the intensity of those that did"
                ),
            ),
        ),
    )
    return Figure(
        "scope12_market_with_estimates_kg_co2e",
        emissions.value + extra.value,
        "kg CO2e",
        _("market-based scope 1 + 2 of the reporting companies + the estimate for the others"),
        (emissions, extra),
    )


def _baseline_activity(context: Context) -> tuple[float | None, float | None]:
    """(activity now, activity in the baseline year) in the area's activity unit."""
    submission = context.accounts.submission
    baseline = submission.area.baseline
    assert baseline is not None
    companies = submission.companies
    floor_areas = [c.floor_area_m2 for c in companies]
    now = _activity(
        context,
        sum(c.employees for c in companies),
        sum(f for f in floor_areas if f is not None) if all(f is not None for f in floor_areas) else None,
        submission.area.value_added_eur,
    )
    then = _activity(context, baseline.employees, baseline.floor_area_m2, baseline.value_added_eur)
    return now, then


@indicator("ghg_reduction_vs_baseline", "share")
def ghg_reduction_vs_baseline(context: Context) -> IndicatorValue:
    """1 − market-based scope 1 + 2 ÷ baseline; per unit of activity (the area's activity unit) where the area grew."""
    baseline = context.accounts.submission.area.baseline
    if baseline is None:
        return IndicatorValue(
            "ghg_reduction_vs_baseline", None, "share", None, note=_("no baseline year declared")
        )
    if baseline.scope12_market_kg_co2e == 0:
        return IndicatorValue(
            "ghg_reduction_vs_baseline", None, "share", None, note=_("the baseline emissions are zero")
        )
    if _reported_final_energy(context).value == 0:
        return IndicatorValue(
            "ghg_reduction_vs_baseline", None, "share", None, note=_("no final energy reported")
        )
    now = _scope12_with_estimates(context)
    assert now is not None  # energy was reported
    base = given(
        "baseline_scope12_market_kg_co2e",
        baseline.scope12_market_kg_co2e,
        "kg CO2e",
        "area.baseline.scope12_market_kg_co2e",
    )
    unit = context.accounts.submission.area.activity_unit
    activity_now, activity_then = _baseline_activity(context)
    if activity_now and activity_then and activity_now > activity_then:
        now_per = Figure(
            "scope12_per_activity",
            now.value / activity_now,
            f"kg CO2e/{unit}",
            _("market-based scope 1 + 2 ÷ activity"),
            (now, given("activity", activity_now, unit, "companies[*]")),
        )
        base_per = Figure(
            "baseline_per_activity",
            base.value / activity_then,
            f"kg CO2e/{unit}",
            _("baseline ÷ baseline activity"),
            (base, given("baseline_activity", activity_then, unit, "area.baseline")),
        )
        figure = Figure(
            "ghg_reduction_vs_baseline",
            1 - now_per.value / base_per.value,
            "share",
            _("the area grew since {year}: 1 − (emissions per {unit} ÷ baseline per {unit})").format(
                year=baseline.year, unit=unit
            ),
            (now_per, base_per),
        )
        return IndicatorValue("ghg_reduction_vs_baseline", figure.value, "share", figure)
    figure = Figure(
        "ghg_reduction_vs_baseline",
        1 - now.value / base.value,
        "share",
        _("1 − market-based scope 1 + 2 ÷ baseline ({year})").format(year=baseline.year),
        (now, base),
    )
    return IndicatorValue("ghg_reduction_vs_baseline", figure.value, "share", figure)


@indicator("scope12_market_vs_baseline_ratio", "share")
def scope12_market_vs_baseline_ratio(context: Context) -> IndicatorValue:
    """Market-based scope 1 + 2 (with estimates for companies that did not report) ÷ baseline-year emissions."""
    baseline = context.accounts.submission.area.baseline
    if baseline is None or baseline.scope12_market_kg_co2e == 0:
        return IndicatorValue(
            "scope12_market_vs_baseline_ratio", None, "share", None, note=_("no baseline year declared")
        )
    now = _scope12_with_estimates(context)
    if now is None:
        return IndicatorValue(
            "scope12_market_vs_baseline_ratio", None, "share", None, note=_("no final energy reported")
        )
    base = given(
        "baseline_scope12_market_kg_co2e",
        baseline.scope12_market_kg_co2e,
        "kg CO2e",
        "area.baseline.scope12_market_kg_co2e",
    )
    figure = ratio(
        "scope12_market_vs_baseline_ratio",
        now,
        base,
        _("market-based scope 1 + 2 ÷ baseline ({year})").format(year=baseline.year),
    )
    if figure is None:
        return IndicatorValue(
            "scope12_market_vs_baseline_ratio",
            None,
            "share",
            None,
            note=_("not computable: the baseline is too close to zero"),
        )
    return IndicatorValue("scope12_market_vs_baseline_ratio", figure.value, "share", figure)


@indicator("carbon_intensity_kg_per_mwh", "kg CO2e/MWh")
def carbon_intensity_kg_per_mwh(context: Context) -> IndicatorValue:
    """Market-based scope 1 + 2 of the reporting companies ÷ their final energy [kg CO2e/MWh]."""
    energy = _reported_final_energy(context)
    if energy.value == 0:
        return IndicatorValue(
            "carbon_intensity_kg_per_mwh", None, "kg CO2e/MWh", None, note=_("no final energy reported")
        )
    emissions = context.accounts["scope12_market_kg_co2e"]
    figure = Figure(
        "carbon_intensity_kg_per_mwh",
        emissions.value / (energy.value / 1000),
        "kg CO2e/MWh",
        _("market-based scope 1 + 2 [kg CO2e] ÷ final energy [MWh]"),
        (emissions, energy),
    )
    return IndicatorValue("carbon_intensity_kg_per_mwh", figure.value, "kg CO2e/MWh", figure)


@indicator("low_gwp_refrigerant_share", "share")
def low_gwp_refrigerant_share(context: Context) -> IndicatorValue:
    """Refrigerant charge with GWP100 below 150 ÷ total refrigerant charge; not applicable without refrigerants."""
    factors = context.accounts.factor_set
    low, charge = [], []
    for i, c in enumerate(context.accounts.submission.companies):
        for j, r in enumerate(c.refrigerants):
            item = given("charge_kg", r.charge_kg, "kg", f"companies[{i}].refrigerants[{j}].charge_kg")
            charge.append(item)
            gwp = factors.gwp(r.gas)
            if gwp is not None and gwp.value < LOW_GWP_LIMIT:
                low.append(
                    Figure(
                        "low_gwp_charge_kg",
                        r.charge_kg,
                        "kg",
                        _("{gas}: GWP100 {gwp} < 150").format(gas=r.gas, gwp=gwp.value),
                        (item,),
                        (gwp,),
                    )
                )
    if not charge:
        return IndicatorValue(
            "low_gwp_refrigerant_share", None, "share", None, not_applicable=_("no refrigerants reported")
        )
    return _share(
        "low_gwp_refrigerant_share",
        total("low_gwp_charge_kg", "kg", _("charge of refrigerants with GWP100 < 150"), low),
        total("refrigerant_charge_kg", "kg", _("total refrigerant charge"), charge),
        _("low-GWP charge ÷ total charge"),
        _("no refrigerant charge"),
    )


def _adopted(context: Context, plan: str) -> IndicatorValue:
    adoption = getattr(context.accounts.submission.area.plans, plan)
    done = adoption is not None and adoption.adopted <= context.as_of
    return _yes_no(
        plan.replace("climate_risk_assessment", "climate_risk_assessment_done")
        .replace("adaptation_plan", "adaptation_plan_adopted")
        .replace("mobility_plan", "mobility_plan_adopted")
        .replace("energy_concept", "energy_concept_adopted"),
        done,
        _("adopted (or completed) by the end of the reporting year"),
        f"area.plans.{plan}",
        "" if done else _("not adopted by the end of the reporting year"),
    )


@indicator("climate_risk_assessment_done", "yes/no")
def climate_risk_assessment_done(context: Context) -> IndicatorValue:
    """A climate risk assessment of the area completed by the end of the reporting year."""
    return _adopted(context, "climate_risk_assessment")


@indicator("adaptation_plan_adopted", "yes/no")
def adaptation_plan_adopted(context: Context) -> IndicatorValue:
    """A climate adaptation plan adopted by the end of the reporting year."""
    return _adopted(context, "adaptation_plan")


# --- circular economy ---------------------------------------------------------------------------


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


def _recovery_weight(code: str) -> float:
    if code == "R1":
        return 0.5
    if code.startswith("R") and 2 <= int(code[1:]) <= 11:
        return 1.0
    return 0.0


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


# --- land, biodiversity and water ---------------------------------------------------------------


@indicator("land_management_plan_adopted", "yes/no")
def land_management_plan_adopted(context: Context) -> IndicatorValue:
    """An adopted land management plan with at least one concrete land-saving measure (information events alone do not count)."""
    plan = context.accounts.submission.area.plans.land_management_plan
    problems = []
    if plan is None or plan.adopted is None or plan.adopted > context.as_of:
        problems.append(_("no land management plan adopted by the end of the reporting year"))
    if plan is None or not any(m.kind != "information_event" for m in plan.measures):
        problems.append(_("no concrete land-saving measure (information events alone do not count)"))
    return _yes_no(
        "land_management_plan_adopted",
        not problems,
        _("plan adopted with at least one concrete land-saving measure"),
        "area.plans.land_management_plan",
        "; ".join(problems),
    )


def _area_share(context: Context, name: str, fields: tuple[str, ...], rule: str) -> IndicatorValue:
    area = context.accounts.submission.area
    values = [(f, getattr(area, f)) for f in fields]
    if all(v is None for _f, v in values):
        return IndicatorValue(
            name, None, "share", None, note=_("{fields} not reported").format(fields=", ".join(fields))
        )
    part = total(
        f"{name}_ha", "ha", rule, (given(f, v, "ha", f"area.{f}") for f, v in values if v is not None)
    )
    return _share(
        name,
        part,
        given("total_area_ha", area.total_area_ha, "ha", "area.total_area_ha"),
        rule,
        _("total area is zero"),
    )


@indicator("sealed_share", "share")
def sealed_share(context: Context) -> IndicatorValue:
    """Sealed area ÷ total area."""
    return _area_share(context, "sealed_share", ("sealed_area_ha",), _("sealed area ÷ total area"))


@indicator("near_natural_green_share", "share")
def near_natural_green_share(context: Context) -> IndicatorValue:
    """(Near-natural green space + green roofs and facades) ÷ total area."""
    return _area_share(
        context,
        "near_natural_green_share",
        ("near_natural_green_ha", "green_roofs_facades_ha"),
        _("(near-natural green + green roofs and facades) ÷ total area"),
    )


@indicator("rainwater_managed_share", "share")
def rainwater_managed_share(context: Context) -> IndicatorValue:
    """Share of rainwater infiltrated, retained or used on site, as declared."""
    value = context.accounts.submission.area.rainwater_managed_share
    if value is None:
        return IndicatorValue(
            "rainwater_managed_share", None, "share", None, note=_("rainwater management not reported")
        )
    figure = given("rainwater_managed_share", value, "share", "area.rainwater_managed_share")
    return IndicatorValue("rainwater_managed_share", value, "share", figure)


# --- mobility -----------------------------------------------------------------------------------


@indicator("mobility_plan_adopted", "yes/no")
def mobility_plan_adopted(context: Context) -> IndicatorValue:
    """A mobility plan for the area adopted by the end of the reporting year."""
    return _adopted(context, "mobility_plan")


@indicator("public_transport_served", "yes/no")
def public_transport_served(context: Context) -> IndicatorValue:
    """A public transport stop within 500 m of the area's centre with at least 2 departures an hour at shift changes."""
    stop = context.accounts.submission.area.public_transport
    served = stop is not None and stop.distance_m <= 500 and stop.departures_per_hour_at_shift_change >= 2
    note = "" if served else _("no stop within 500 m with at least 2 departures an hour at shift changes")
    return _yes_no(
        "public_transport_served",
        served,
        _("stop ≤ 500 m and ≥ 2 departures/hour at shift changes"),
        "area.public_transport",
        note,
    )


@indicator("sustainable_commuting_share", "share")
def sustainable_commuting_share(context: Context) -> IndicatorValue:
    """Commuting trips on foot, by bicycle, public transport or car-pool, weighted by the employees of the companies that surveyed them."""
    weighted, employees = [], []
    for i, c in enumerate(context.accounts.submission.companies):
        if c.commuting is None or c.employees == 0:
            continue
        staff = given("employees", float(c.employees), "employees", f"companies[{i}].employees")
        employees.append(staff)
        weighted.append(
            Figure(
                "sustainable_trips",
                c.commuting.sustainable * c.employees,
                "employees",
                _("employees × sustainable share of trips"),
                (staff,),
                path=f"companies[{i}].commuting",
            )
        )
    return _share(
        "sustainable_commuting_share",
        total("sustainable_commuters", "employees", _("employee-weighted sustainable trips"), weighted),
        total(
            "surveyed_employees", "employees", _("employees of companies with a commuting survey"), employees
        ),
        _("weighted sustainable share"),
        _("no commuting survey reported"),
    )


@indicator("charging_points_per_100_employees", "per 100 employees")
def charging_points_per_100_employees(context: Context) -> IndicatorValue:
    """Charging points ÷ employees × 100."""
    companies = context.accounts.submission.companies
    points = total(
        "charging_points",
        "count",
        _("sum of charging points"),
        (
            given("charging_points", float(c.charging_points), "count", f"companies[{i}].charging_points")
            for i, c in enumerate(companies)
        ),
    )
    staff = total(
        "employees",
        "employees",
        _("sum of employees"),
        (
            given("employees", float(c.employees), "employees", f"companies[{i}].employees")
            for i, c in enumerate(companies)
        ),
    )
    if staff.value == 0:
        return IndicatorValue(
            "charging_points_per_100_employees",
            None,
            "per 100 employees",
            None,
            note=_("no employees reported"),
        )
    figure = Figure(
        "charging_points_per_100_employees",
        points.value / staff.value * 100,
        "per 100 employees",
        _("charging points ÷ employees × 100"),
        (points, staff),
    )
    return IndicatorValue("charging_points_per_100_employees", figure.value, "per 100 employees", figure)


@indicator("zero_emission_fleet_share", "share")
def zero_emission_fleet_share(context: Context) -> IndicatorValue:
    """Company road vehicles with zero tailpipe emissions (battery-electric, fuel-cell) ÷ all company road vehicles (forklifts and other site machinery excluded)."""
    zero, fleet = [], []
    for i, c in enumerate(context.accounts.submission.companies):
        for j, group in enumerate(c.vehicles):
            if group.kind not in ROAD_VEHICLES:
                continue
            item = given("vehicles", float(group.count), "count", f"companies[{i}].vehicles[{j}].count")
            fleet.append(item)
            if group.zero_emission:
                zero.append(item)
    return _share(
        "zero_emission_fleet_share",
        total("zero_emission_vehicles", "count", _("battery-electric and fuel-cell vehicles"), zero),
        total("fleet", "count", _("all company vehicles"), fleet),
        _("zero-emission vehicles ÷ fleet"),
        _("no company vehicles reported"),
    )


# --- governance ---------------------------------------------------------------------------------


@indicator("area_management_entity_named", "yes/no")
def area_management_entity_named(context: Context) -> IndicatorValue:
    """A named legal or natural person responsible for the area, with a contact and a mandate."""
    entity = context.accounts.submission.area.management_entity
    return _yes_no(
        "area_management_entity_named",
        entity is not None,
        _("management entity with name, contact and mandate"),
        "area.management_entity",
        "" if entity else _("no management entity named"),
    )


@indicator("energy_concept_adopted", "yes/no")
def energy_concept_adopted(context: Context) -> IndicatorValue:
    """An energy concept for the area (or the municipality's, covering the area) adopted by the end of the reporting year."""
    return _adopted(context, "energy_concept")


@indicator("reporting_coverage_energy", "share")
def reporting_coverage_energy(context: Context) -> IndicatorValue:
    """Final energy of the companies that reported the year's data ÷ the area's final energy (estimates for the others)."""
    reported = {c.id for c in context.accounts.companies if c.reported}
    numerator = _final_energy_of(
        context, reported, "final_energy_reported_kwh", _("final energy of the companies that reported")
    )
    return _share(
        "reporting_coverage_energy",
        numerator,
        _all_companies_final_energy(context),
        _(
            "reported final energy ÷ the area's final energy (with estimates for companies that did not report)"
        ),
        _("no final energy reported"),
    )


@indicator("reporting_coverage_companies", "share")
def reporting_coverage_companies(context: Context) -> IndicatorValue:
    """Resident companies that reported ÷ resident companies."""
    residents = _companies(context)
    reported = [
        given("reported_company", 1.0, "count", f"companies[{i}].reported")
        for i, c in residents
        if c.reported
    ]
    return _share(
        "reporting_coverage_companies",
        total("reported_companies", "count", _("companies that reported"), reported),
        given(
            "resident_companies",
            float(len(residents)),
            "count",
            "companies",
            _("resident companies (shared infrastructure excluded)"),
        ),
        _("reporting companies ÷ resident companies"),
        _("no resident companies"),
    )


@indicator("network_events_count", "count")
def network_events_count(context: Context) -> IndicatorValue:
    """Area network meetings or information events held in the reporting year."""
    year = context.accounts.year
    events = context.accounts.submission.area.network_events
    parts = [
        given("network_event", 1.0, "count", f"area.network_events[{i}]")
        for i, e in enumerate(events)
        if e.date.year == year
    ]
    figure = total("network_events_count", "count", _("events dated in the reporting year"), parts)
    return IndicatorValue("network_events_count", figure.value, "count", figure)


@indicator("environmental_management_share", "share")
def environmental_management_share(context: Context) -> IndicatorValue:
    """Final energy of companies with a valid ISO 14001 or EMAS ÷ the area's final energy."""
    covered = _covered_by(context, {"iso_14001", "emas"})
    numerator = _final_energy_of(
        context,
        covered,
        "final_energy_ems_kwh",
        _("final energy of companies with ISO 14001 or EMAS valid at the end of the reporting year"),
    )
    return _share(
        "environmental_management_share",
        numerator,
        _all_companies_final_energy(context),
        _("final energy under environmental management ÷ the area's final energy"),
        _("no final energy reported"),
    )


@indicator("unresolved_major_violation", "yes/no")
def unresolved_major_violation(context: Context) -> IndicatorValue:
    """An unresolved major environmental violation found in the reporting year."""
    year = context.accounts.year
    found = [
        i
        for i, v in enumerate(context.accounts.submission.area.environmental_violations)
        if v.severity == "major" and not v.resolved and v.date.year == year
    ]
    path = f"area.environmental_violations[{found[0]}]" if found else "area.environmental_violations"
    return _yes_no(
        "unresolved_major_violation",
        bool(found),
        _("a major violation in the reporting year that is not resolved"),
        path,
    )


@indicator("energy_training_programmes", "yes/no")
def energy_training_programmes(context: Context) -> IndicatorValue:
    """Training programmes on energy and climate for employees in the reporting year."""
    skills = context.accounts.submission.area.skills
    return _yes_no(
        "energy_training_programmes",
        bool(skills.training_programmes),
        _("at least one training programme"),
        "area.skills.training_programmes",
    )


@indicator("community_activities", "yes/no")
def community_activities(context: Context) -> IndicatorValue:
    """Activities with neighbours and the municipality in the reporting year."""
    skills = context.accounts.submission.area.skills
    return _yes_no(
        "community_activities",
        bool(skills.community_activities),
        _("at least one activity with neighbours or the municipality"),
        "area.skills.community_activities",
    )


# --- eligibility --------------------------------------------------------------------------------


@indicator("area_boundary_given", "yes/no")
def area_boundary_given(context: Context) -> IndicatorValue:
    """The area is identified by a boundary (or at least a point)."""
    boundary = context.accounts.submission.area.boundary
    return _yes_no(
        "area_boundary_given", boundary is not None, _("a boundary or point is given"), "area.boundary"
    )


@indicator("company_count", "count")
def company_count(context: Context) -> IndicatorValue:
    """Number of resident companies."""
    residents = _companies(context)
    figure = given(
        "company_count",
        float(len(residents)),
        "count",
        "companies",
        _("resident companies (shared infrastructure excluded)"),
    )
    return IndicatorValue("company_count", figure.value, "count", figure)


@indicator("area_size_ha", "count")
def area_size_ha(context: Context) -> IndicatorValue:
    """The area's total size [ha]."""
    figure = given("area_size_ha", context.accounts.submission.area.total_area_ha, "ha", "area.total_area_ha")
    return IndicatorValue("area_size_ha", figure.value, "count", figure)


@indicator("company_consent_share", "share")
def company_consent_share(context: Context) -> IndicatorValue:
    """Companies that consent to the use of their data ÷ all companies in the submission."""
    companies = context.accounts.submission.companies
    consenting = [
        given("consenting_company", 1.0, "count", f"companies[{i}].data_consent")
        for i, c in enumerate(companies)
        if c.data_consent
    ]
    return _share(
        "company_consent_share",
        total("consenting_companies", "count", _("companies consenting"), consenting),
        given("companies", float(len(companies)), "count", "companies"),
        _("consenting ÷ all companies"),
        _("no companies"),
    )
