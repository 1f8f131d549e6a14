"""``gia roadmap`` and ``gia hybrid``: the toolbox on the command line."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from gia import i18n
from gia.cli.common import Lang, _fail, _percent, app, console
from gia.dataset import load_submission
from gia.errors import GiaInputError
from gia.i18n import _
from gia.pipeline import prepare
from gia.toolbox import hybrid
from gia.toolbox.cases import find_cases
from gia.toolbox.mac import abatement_costs, mac_svg, propose
from gia.toolbox.roadmap import project
from gia.toolbox.scenario import MeasureChoice

MEASURE_ITEM = re.compile(
    r"^(?P<id>[a-z][a-z0-9_]*)(?::(?P<size>[^@/]+))?(?:@(?P<company>[^/]+))?(?:/(?P<year>\d{4}))?$"
)


def parse_measures(text: str) -> list[MeasureChoice]:
    """``pv_rooftop:200@alpha/2026,heat_pump_air`` → measure choices (size, company and year optional)."""
    choices, problems = [], []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        match = MEASURE_ITEM.match(item)
        if match is None:
            problems.append(
                (item, _("write a measure as id[:size][@company][/year], e.g. pv_rooftop:200@alpha/2026"))
            )
            continue
        size = None
        if match["size"] is not None:
            try:
                size = float(match["size"])
            except ValueError:
                problems.append((item, _("the size {size!r} is not a number").format(size=match["size"])))
                continue
        choices.append(
            MeasureChoice(match["id"], match["company"], size, int(match["year"]) if match["year"] else None)
        )
    if problems:
        raise GiaInputError("--measures", problems)
    return choices


def _t(kg: float) -> str:
    return i18n.number(kg / 1000, 1)


@app.command("roadmap")
def roadmap(
    file: Annotated[Path, typer.Argument(help="A submission (.json, .yaml).")],
    measures: Annotated[
        str | None,
        typer.Option(
            help="Measures as id[:size][@company][/year], comma-separated (see gia roadmap --list)."
        ),
    ] = None,
    propose_set: Annotated[
        bool, typer.Option("--propose", help="Let GIA propose the measures abating below its carbon price.")
    ] = False,
    target_year: Annotated[
        int | None, typer.Option(help="Last year of the roadmap (default: the climate target).")
    ] = None,
    list_measures: Annotated[
        bool, typer.Option("--list", help="List the measures of the compendium and stop.")
    ] = False,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the roadmap as JSON here.")] = None,
    svg: Annotated[
        Path | None, typer.Option(help="Write the marginal abatement cost curve (SVG) here.")
    ] = None,
    lang: Lang = "en",
) -> None:
    """Project the area to its climate-neutrality year with measures and a decarbonising grid."""
    i18n.activate(lang)
    from gia.toolbox.measures import load_compendium

    compendium = load_compendium()
    if list_measures:
        table = Table(title=_("Measures"), title_justify="left")
        for column in (_("id"), _("measure"), _("unit"), _("capex"), _("lifetime"), _("criteria")):
            table.add_column(column)
        for measure in compendium.measures.values():
            table.add_row(
                measure.id,
                escape(measure.label(lang)),
                escape(measure.unit),
                f"{i18n.number(measure.capex.value)} {escape(measure.capex.unit)}",
                f"{measure.lifetime.value:g}",
                ", ".join(measure.criteria),
            )
        console.print(table)
        return
    try:
        submission = load_submission(file)
        ready = prepare(submission, file.parent)
        standard, hourly = ready.standard, ready.hourly
        choices = parse_measures(measures) if measures else []
        if propose_set:
            proposed, _curve = propose(submission)
            known = {c.measure for c in choices}
            choices += [c for c in proposed if c.measure not in known]
        if not choices:
            raise GiaInputError(
                _("roadmap"),
                [("--measures", _("choose measures with --measures or let GIA propose them with --propose"))],
            )
        result = project(submission, choices, target_year, standard, language=lang, hourly=hourly)
        costs = abatement_costs(
            submission, [MeasureChoice(m.measure.id, m.company, m.size.value) for m in result.applied]
        )
    except GiaInputError as error:
        _fail(error)
        raise  # unreachable: _fail exits
    console.rule(
        f"[bold]{escape(submission.area.name)}[/] — "
        + _("roadmap {start}–{end}").format(start=result.years[0].year, end=result.years[-1].year)
    )
    table = Table(title=_("Measures"), title_justify="left")
    for column in (
        _("measure"),
        _("company"),
        _("size"),
        _("from"),
        _("capex [EUR]"),
        _("t CO2e/year"),
        _("EUR/t CO2e"),
    ):
        table.add_column(column)
    by_id = {c.applied.measure.id: c for c in costs}
    for applied in result.applied:
        cost = by_id.get(applied.measure.id)
        table.add_row(
            escape(applied.measure.label(lang)),
            escape(applied.company or _("area")),
            f"{i18n.number(applied.size.value, 0 if applied.size.value >= 100 else 1)} {escape(applied.size.unit)}",
            str(applied.year),
            i18n.number(applied.capex_eur.value),
            "—" if cost is None else i18n.number(cost.abatement.value, 1),
            "—" if cost is None or cost.cost_per_t is None else i18n.number(cost.cost_per_t.value),
        )
    console.print(table)
    years = Table(title=_("Projection"), title_justify="left")
    for column in (
        _("year"),
        _("grid [g/kWh]"),
        "EN-01",
        "EN-02",
        "EN-03",
        _("scope 1+2 market [t]"),
        _("total"),
        _("level"),
    ):
        years.add_column(column, justify="right")
    levels = {lvl.id: lvl.name.get(lang) for lvl in standard.catalogue.levels}
    for row in result.years:
        a = row.assessment
        years.add_row(
            str(row.year),
            i18n.number(row.grid["grid_location"].value) if "grid_location" in row.grid else "—",
            _percent(a.criterion("EN-01").value),
            _percent(a.criterion("EN-02").value),
            _percent(a.criterion("EN-03").value),
            _t(a.key_figures["scope12_market_kg_co2e"].value),
            _percent(a.total_fulfilment),
            levels.get(row.level or "", "—"),
        )
    console.print(years)
    for level, year in result.level_years.items():
        reached = _("from {year}").format(year=year) if year else _("not within the roadmap")
        console.print(f"  {escape(levels.get(level, level))}: {reached}")
    neutrality = result.neutrality
    verdict = (
        "[green]" + _("meets its climate-neutrality year {year}").format(year=neutrality.target_year) + "[/]"
        if neutrality.meets_target
        else "[red]"
        + _("does not meet its climate-neutrality year {year}").format(year=neutrality.target_year)
        + "[/]"
    )
    reached_text = (
        _("emissions reach the net-zero threshold of {threshold} t CO2e in {year}").format(
            threshold=_t(neutrality.threshold.value), year=neutrality.year_reached
        )
        if neutrality.year_reached
        else _("emissions stay above the net-zero threshold of {threshold} t CO2e").format(
            threshold=_t(neutrality.threshold.value)
        )
    )
    console.print(
        _("Climate neutrality: {reached}; the area {verdict}.").format(reached=reached_text, verdict=verdict)
    )
    for applied in result.applied:
        for case in find_cases(applied.measure.id):
            console.print(
                "[dim]"
                + escape(
                    _("Good practice: {area} ({country}) — {value} {unit} in {year} ({source})").format(
                        area=case.area,
                        country=case.country,
                        value=i18n.number(case.result.value),
                        unit=case.result.unit,
                        year=case.result.year,
                        source=case.source,
                    )
                )
                + "[/]"
            )
    if json_out is not None:
        data = result.to_dict(lang)
        data["abatement_costs"] = [c.to_dict(lang) for c in costs]
        json_out.write_text(
            json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n", encoding="utf-8"
        )
        console.print(_("roadmap written to {path}").format(path=json_out))
    if svg is not None:
        svg.write_text(mac_svg(costs, lang), encoding="utf-8")
        console.print(_("abatement cost curve written to {path}").format(path=svg))


@app.command("hybrid")
def hybrid_command(
    load: Annotated[
        Path | None, typer.Option(help="Hourly load of a year, CSV (8 760 values in the last column) [kWh].")
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(help="Or a typical load by sector: " + ", ".join(hybrid.load_profiles().profiles)),
    ] = None,
    annual_kwh: Annotated[float | None, typer.Option(help="Yearly consumption for --profile [kWh].")] = None,
    location: Annotated[
        str, typer.Option(help="Weather location: " + ", ".join(hybrid.locations()))
    ] = "gdansk",
    tilt: Annotated[float, typer.Option(help="PV tilt [degrees].")] = 35.0,
    azimuth: Annotated[float, typer.Option(help="PV azimuth, 180 = south [degrees].")] = 180.0,
    pv_kw: Annotated[float, typer.Option("--pv-kw", help="PV size [kWp].")] = 0.0,
    wind_kw: Annotated[float, typer.Option("--wind-kw", help="Wind size [kW].")] = 0.0,
    battery_kwh: Annotated[float, typer.Option("--battery-kwh", help="Battery capacity [kWh].")] = 0.0,
    export_limit_kw: Annotated[
        float | None,
        typer.Option("--export-limit-kw", help="Grid export limit; surplus beyond it is curtailed [kW]."),
    ] = None,
    run_sweep: Annotated[
        bool, typer.Option("--sweep", help="Sweep 100 sizes and find the cheapest reaching --target-cfe.")
    ] = False,
    target_cfe: Annotated[
        float, typer.Option("--target-cfe", help="Target hourly CFE score for --sweep [share].")
    ] = 0.8,
    week: Annotated[int, typer.Option(help="Week of the year for the week plot (1-52).")] = 24,
    svg: Annotated[
        Path | None, typer.Option(help="Write the week plot (or with --sweep the sweep plot) as SVG here.")
    ] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the results as JSON here.")] = None,
    lang: Lang = "en",
) -> None:
    """Size a hybrid power plant (PV + wind + battery) for an area's hourly load."""
    i18n.activate(lang)
    try:
        for name, value in (("--pv-kw", pv_kw), ("--wind-kw", wind_kw), ("--battery-kwh", battery_kwh)):
            if not math.isfinite(value) or value < 0:
                raise GiaInputError(
                    _("hybrid plant"), [(name, _("a size is a number ≥ 0, not {value}").format(value=value))]
                )
        place = hybrid.location(location)
        if load is not None:
            series = hybrid.read_load(load)
        elif profile is not None and annual_kwh is not None:
            series = hybrid.sector_load(profile, annual_kwh, place.timezone)
        else:
            raise GiaInputError(
                _("hybrid plant"), [("--load", _("give --load FILE, or --profile SECTOR with --annual-kwh"))]
            )
        hybrid_study = hybrid.study(location, series, tilt, azimuth, export_limit_kw)
        swept = hybrid.sweep(hybrid_study, target_cfe) if run_sweep else None
        plant, _hourly = hybrid_study.run([pv_kw], [wind_kw], [battery_kwh])
        picture = None
        if svg is not None:
            picture = (
                hybrid.sweep_svg(swept)
                if swept is not None
                else hybrid.week_svg(hybrid_study, pv_kw, wind_kw, battery_kwh, week)
            )
    except GiaInputError as error:
        _fail(error)
        raise  # unreachable: _fail exits
    console.rule(
        "[bold]"
        + _("Hybrid plant at {place} ({country})").format(place=escape(place.name), country=place.country)
        + "[/]"
    )
    console.print(
        _(
            "load {load} MWh/year; PV {pv} kWh/kWp, wind {wind} kWh/kW a year; grid carbon-free share {share}"
        ).format(
            load=i18n.number(plant.load_kwh / 1000),
            pv=i18n.number(float(hybrid_study.pv.values.sum())),
            wind=i18n.number(float(hybrid_study.wind.values.sum())),
            share=_percent(hybrid_study.grid_share.value),
        )
    )

    def show(title: str, results: hybrid.PlantResults, index: int) -> None:
        row = results.row(index)
        table = Table(title=title, title_justify="left")
        table.add_column(_("figure"))
        table.add_column(_("value"), justify="right")
        table.add_row(
            _("PV / wind / battery"),
            f"{i18n.number(row['pv_kwp'] or 0)} kWp / {i18n.number(row['wind_kw'] or 0)} kW / {i18n.number(row['battery_kwh'] or 0)} kWh",
        )
        table.add_row(_("generation"), f"{i18n.number((row['generation_kwh'] or 0) / 1000)} MWh")
        table.add_row(_("self-sufficiency"), _percent(row["self_sufficiency"]))
        table.add_row(_("self-consumption"), _percent(row["self_consumption"]))
        table.add_row(_("hourly CFE score"), _percent(row["cfe_score"]))
        table.add_row(_("contribution to the CFE score"), _percent(row["cfe_contribution"]))
        table.add_row(
            _("export / curtailed"),
            f"{i18n.number((row['export_kwh'] or 0) / 1000)} / {i18n.number((row['curtailed_kwh'] or 0) / 1000)} MWh",
        )
        lcoe = row["levelised_cost_eur_per_kwh"]
        table.add_row(
            _("levelised cost of the plant"),
            "—" if lcoe is None else f"{i18n.number(lcoe * 1000, 1)} EUR/MWh",
        )
        table.add_row(_("yearly cost of supply"), f"{i18n.number(row['supply_cost_eur_per_year'] or 0)} EUR")
        console.print(table)

    show(_("The plant"), plant, 0)
    if swept is not None:
        if swept.best is None:
            console.print(
                "[red]"
                + _("no size of the sweep reaches a CFE score of {target}").format(
                    target=_percent(target_cfe)
                )
                + "[/]"
            )
        else:
            show(
                _("Cheapest of {count} sizes reaching a CFE score of {target}").format(
                    count=len(swept.results.pv_kwp), target=_percent(target_cfe)
                ),
                swept.results,
                swept.best,
            )
    if picture is not None and svg is not None:
        svg.write_text(picture, encoding="utf-8")
        console.print(_("picture written to {path}").format(path=svg))
    if json_out is not None:
        data = {
            "schema": "gia-hybrid/1",
            "location": place.model_dump(mode="json"),
            "grid_carbon_free_share": hybrid_study.grid_share.to_dict(),
            "plant": plant.row(0),
            "units": plant.units,
            "sweep": None if swept is None else swept.to_dict(),
        }
        json_out.write_text(
            json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n", encoding="utf-8"
        )
        console.print(_("results written to {path}").format(path=json_out))
