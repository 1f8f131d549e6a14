"""The ``gia`` command line: standard, validate, schema, assess, explain, timeseries, symbiosis, demo."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from gia import i18n
from gia.accounting import FIGURE_NAMES, Figure, account, load_factor_set
from gia.assessment import Assessment, assess
from gia.assessment.report import render_html
from gia.dataset import SCHEMA_ID, Submission, load_submission, to_json
from gia.documents import load, read_path
from gia.errors import GiaInputError
from gia.i18n import _
from gia.io.hourly import load_hourly
from gia.io.timeseries import SeriesProblem, fill_gaps, gap_problems, read_frames, resample
from gia.standard import DEFAULT_EDITION, available_editions, load_standard
from gia.standard.loader import check_crosswalk, check_profile, load_catalogue
from gia.standard.schema import CountryProfile, Crosswalk
from gia.symbiosis import FlowsDocument, load_table, match_flows, network_metrics
from gia.symbiosis.matching import flow_warnings
from gia.symbiosis.network import network_svg

app = typer.Typer(
    help="GIA: certification of green industrial areas.", no_args_is_help=True, add_completion=False
)
standard_app = typer.Typer(
    help="The standard: editions, criteria, country profiles, crosswalks.", no_args_is_help=True
)
app.add_typer(standard_app, name="standard")
symbiosis_app = typer.Typer(
    help="Industrial symbiosis: match offers with needs, measure the network.", no_args_is_help=True
)
app.add_typer(symbiosis_app, name="symbiosis")
timeseries_app = typer.Typer(
    help="Meter time series: check files before they are attached.", no_args_is_help=True
)
app.add_typer(timeseries_app, name="timeseries")

console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)

Lang = Annotated[str, typer.Option("--lang", help="Language of the output: en, pl or de.")]
#: the repository's examples (GIA installed from a checkout); elsewhere, ./examples
EXAMPLES_DIR = next(
    (p for p in (Path(__file__).resolve().parents[2] / "examples", Path("examples")) if p.is_dir()),
    Path("examples"),
)


def _fail(error: GiaInputError) -> None:
    errors.print("[bold red]" + _("error") + f":[/] {escape(error.render())}", soft_wrap=True)
    raise typer.Exit(code=1)


def _percent(value: float | None) -> str:
    return "—" if value is None else i18n.percent(value)


def _number(value: float | None, unit: str) -> str:
    return i18n.value(value, unit)


# --- standard -------------------------------------------------------------------------------------


@standard_app.command("show")
def standard_show(
    edition: Annotated[str, typer.Option(help="Edition of the standard.")] = DEFAULT_EDITION,
    country: Annotated[str | None, typer.Option(help="Apply this country's profile (PL, DE, …).")] = None,
    lang: Lang = "en",
) -> None:
    """List the themes, criteria, levels and country profiles of an edition."""
    i18n.activate(lang)
    try:
        standard = load_standard(edition)
        catalogue = standard.catalogue_for(country) if country else standard.catalogue
    except GiaInputError as error:
        _fail(error)
    header = catalogue.header
    console.print(f"[bold]{header.title.get(lang)}[/] — {header.id} ({header.published}), {header.provider}")
    for theme in sorted(catalogue.themes, key=lambda t: t.order):
        table = Table(
            title=_("{id} {name} (weight {weight})").format(
                id=theme.id, name=theme.name.get(lang), weight=f"{theme.weight:g}"
            ),
            title_justify="left",
        )
        table.add_column(_("criterion"))
        table.add_column(_("kind"))
        table.add_column(_("indicator"))
        table.add_column(_("gate"))
        table.add_column(_("points"))
        for criterion in sorted(
            (c for c in catalogue.criteria if c.theme == theme.id), key=lambda c: c.order
        ):
            gate = ", ".join(f"{c.indicator} {c.operator.value} {c.value:g}" for c in criterion.gate)
            scale = ""
            if criterion.scale and criterion.scale.kind == "linear":
                scale = ", ".join(f"{a.value:g}→{a.points:g}" for a in criterion.scale.anchors)
            elif criterion.scale:
                scale = " + ".join(f"{c.indicator} {c.points:g}" for c in criterion.scale.components)
            table.add_row(
                f"{criterion.id} {criterion.name.get(lang)}",
                criterion.kind.value,
                criterion.shown_indicator or "—",
                gate or "—",
                scale or "—",
            )
        console.print(table)
    levels = Table(title=_("Levels"), title_justify="left")
    levels.add_column(_("level"))
    levels.add_column(_("total ≥"))
    levels.add_column(_("every theme ≥"))
    for level in sorted(catalogue.levels, key=lambda lvl: lvl.order):
        levels.add_row(level.name.get(lang), _percent(level.min_total), _percent(level.min_theme))
    console.print(levels)
    profiles = Table(title=_("Country profiles"), title_justify="left")
    for column in (_("country"), _("climate neutrality"), _("currency"), _("factor set"), _("overrides")):
        profiles.add_column(column)
    for profile in standard.profiles.values():
        profiles.add_row(
            f"{profile.id} {profile.name.get(lang)}",
            str(profile.climate_neutrality_year),
            profile.currency,
            profile.default_factor_set,
            ", ".join(o.criterion for o in profile.threshold_overrides) or "—",
        )
    console.print(profiles)
    console.print(
        _("Crosswalks: {names}").format(
            names=", ".join(f"{c.id} ({c.target_scheme})" for c in standard.crosswalks.values())
        )
    )


@standard_app.command("validate")
def standard_validate(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Catalogue, profile or crosswalk files; none: every shipped edition."),
    ] = None,
    edition: Annotated[
        str, typer.Option(help="Edition that profiles and crosswalks are checked against.")
    ] = DEFAULT_EDITION,
) -> None:
    """Validate standard files against the schema; exit code 1 names the first broken place."""
    from gia.assessment.engine import check_indicators

    try:
        if not files:
            for name in available_editions():
                standard = load_standard(name)
                check_indicators(standard.catalogue)
                console.print(
                    _(
                        "{edition}: valid ({criteria} criteria, {profiles} country profiles, {crosswalks} crosswalks)"
                    ).format(
                        edition=name,
                        criteria=len(standard.catalogue.criteria),
                        profiles=len(standard.profiles),
                        crosswalks=len(standard.crosswalks),
                    )
                )
            return
        catalogue = load_standard(edition).catalogue
        for path in files:
            data, _lines = read_path(path)
            kind = data.get("schema") if isinstance(data, dict) else None
            if kind == "gia-standard/1":
                check_indicators(load_catalogue(path))
            elif kind == "gia-country-profile/1":
                check_profile(load(CountryProfile, path), catalogue, path)
            elif kind == "gia-crosswalk/1":
                check_crosswalk(load(Crosswalk, path), catalogue, path)
            else:
                raise GiaInputError(
                    str(path),
                    [("schema", _("expected gia-standard/1, gia-country-profile/1 or gia-crosswalk/1"))],
                )
            console.print(_("{path}: valid").format(path=path))
    except GiaInputError as error:
        _fail(error)


# --- submissions ----------------------------------------------------------------------------------


@app.command("validate")
def validate(
    file: Annotated[Path, typer.Argument(help="A submission (.json, .yaml).")],
    export: Annotated[
        Path | None, typer.Option(help="Write the submission in canonical JSON (canonical units) here.")
    ] = None,
    lang: Lang = "en",
) -> None:
    """Validate a submission: schema, units, references and the factors it needs."""
    i18n.activate(lang)
    try:
        submission = load_submission(file)
        standard = load_standard(submission.edition)
        profile = standard.profile(submission.area.country)
        account(submission, load_factor_set(profile.default_factor_set))
    except GiaInputError as error:
        _fail(error)
    if export:
        export.write_text(to_json(submission), encoding="utf-8")
    console.print(
        _("{file}: valid — {area}, {year}, {count} companies").format(
            file=file,
            area=submission.area.name,
            year=submission.reporting_year,
            count=len(submission.companies),
        )
    )


@app.command("schema")
def schema() -> None:
    """Print the JSON Schema of a submission in canonical form (numbers in the units their field names say)."""
    document = Submission.model_json_schema(by_alias=True)
    document["$id"] = SCHEMA_ID
    typer.echo(json.dumps(document, ensure_ascii=False, indent=2))


def _assess(file: Path, factor_set: str | None, lang: str) -> Assessment:
    """Assess a submission file with the hourly series it references (paths relative to the file)."""
    try:
        submission = load_submission(file)
        standard = load_standard(submission.edition)
        timezone = standard.profile(submission.area.country).timezone
        hourly = load_hourly(submission, file.parent, timezone)
        return assess(submission, standard, factor_set=factor_set, language=lang, hourly=hourly)
    except GiaInputError as error:
        _fail(error)
        raise  # unreachable: _fail exits


def print_summary(result: Assessment, lang: str, gaps: int = 5, flags: bool = True) -> None:
    standard = load_standard(result.edition)
    level_names = {lvl.id: lvl.name.get(lang) for lvl in standard.catalogue.levels}
    fictional = " [dim](" + _("fictional example") + ")[/]" if result.fictional else ""
    console.rule(
        f"[bold]{escape(result.area['name'])}[/] — {result.area['country']}, {result.reporting_year}{fictional}"
    )
    level = result.level.level
    verdict = f"[bold green]{level_names[level]}[/]" if level else "[bold red]" + _("no level") + "[/]"
    console.print(
        _(
            "Level: {level}   total fulfilment {total}   edition {edition}, profile {profile}, factors {factors}"
        ).format(
            level=verdict,
            total=_percent(result.total_fulfilment),
            edition=result.edition,
            profile=result.country_profile,
            factors=result.factor_set,
        )
    )
    for reason in result.level.blocked_by:
        console.print(f"  [red]✗[/] {escape(reason)}")
    gates = Table(title=_("Gates"), title_justify="left")
    gates.add_column(_("criterion"))
    gates.add_column(_("value"))
    gates.add_column(_("result"))
    for criterion in result.criteria:
        if criterion.gate_passed is not None:
            gates.add_row(
                f"{criterion.id} {criterion.name}",
                _number(criterion.value, criterion.unit),
                "[green]" + _("pass") + "[/]" if criterion.gate_passed else "[red]" + _("fail") + "[/]",
            )
    console.print(gates)
    themes = Table(title=_("Themes"), title_justify="left")
    themes.add_column(_("theme"))
    themes.add_column(_("weight"), justify="right")
    themes.add_column(_("fulfilment"), justify="right")
    for theme in result.themes:
        themes.add_row(f"{theme.id} {theme.name}", f"{theme.weight:g}", _percent(theme.fulfilment))
    console.print(themes)
    for distinction in result.distinctions:
        mark = "[green]✓[/]" if distinction.passed else "[dim]✗[/]"
        console.print(f"{mark} {escape(distinction.text)}")
    for reading in result.crosswalks:
        if reading.summary.get("base_requirements_met") is not None:
            met = _("yes") if reading.summary["base_requirements_met"] else _("no")
            console.print(
                _("{scheme}: base requirements met: {met}; add-ons met: {addons}").format(
                    scheme=reading.scheme, met=met, addons=", ".join(reading.summary["add_ons_met"]) or "—"
                )
            )
    if gaps:
        table = Table(title=_("Largest gaps"), title_justify="left")
        table.add_column(_("criterion"))
        table.add_column(_("now"))
        table.add_column(_("step"))
        table.add_column(_("points"))
        table.add_column(_("+ total"), justify="right")
        for step in result.gaps[:gaps]:
            unit = result.criterion(step.criterion).unit
            table.add_row(
                step.criterion,
                _number(step.value_now, unit),
                escape(step.text),
                f"{step.points_now:g} → {step.points_then:g}",
                ("+" if step.gain >= 0 else "") + i18n.percent(step.gain, 1),
            )
        console.print(table)
    for path in result.level_paths[:1]:
        state = _("reachable") if path.reachable else _("not reachable with the applicable criteria")
        console.print(
            _("Next level {level}: {state}, {steps} steps").format(
                level=level_names[path.level], state=state, steps=len(path.steps)
            )
            + (
                _(" after passing gates {gates}").format(gates=", ".join(path.gates_to_pass))
                if path.gates_to_pass
                else ""
            )
        )
    quality = result.data_quality
    if quality.get("score") is not None:
        parts = ", ".join(
            f"{_(name.replace('_', ' '))} {i18n.percent(value)}"
            for name, value in quality["components"].items()
        )
        filled = quality["hourly"]["filled_hours"] if quality.get("hourly") else 0
        console.print(
            _("Data quality: {score} ({parts})").format(score=i18n.percent(quality["score"]), parts=parts)
            + (_("; {hours} meter-hours filled").format(hours=filled) if filled else "")
        )
    if result.hourly_cfe is not None:
        console.print(
            _("Hourly carbon-free electricity (EN-04): {score}").format(
                score=i18n.percent(result.hourly_cfe["area"].value, 1)
            )
        )
    if result.flags and flags:
        console.print("[bold]" + _("Data-quality flags") + "[/]")
        for flag in result.flags:
            console.print(f"  [yellow]⚑[/] {flag.code}: {escape(flag.message)}")
    elif result.flags:
        console.print(_("{count} data-quality flags (gia assess shows them)").format(count=len(result.flags)))


@app.command("assess")
def assess_command(
    file: Annotated[Path, typer.Argument(help="A submission (.json, .yaml).")],
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the full result as JSON here.")
    ] = None,
    html_out: Annotated[Path | None, typer.Option("--html", help="Write a report as HTML here.")] = None,
    factor_set: Annotated[
        str | None, typer.Option(help="Factor set (default: the country profile's).")
    ] = None,
    lang: Lang = "en",
) -> None:
    """Assess a submission: level, gates, themes, largest gaps."""
    i18n.activate(lang)
    result = _assess(file, factor_set, lang)
    print_summary(result, lang)
    if json_out:
        json_out.write_text(result.to_json(), encoding="utf-8")
        console.print(_("JSON result written to {path}").format(path=json_out))
    if html_out:
        html_out.write_text(render_html(result, lang), encoding="utf-8")
        console.print(_("HTML report written to {path}").format(path=html_out))


class _Explainer:
    """Prints a figure's provenance as a tree: companies by name, repeated rules once, zeros summed up."""

    def __init__(self, labels: dict[str, str], max_depth: int) -> None:
        self.labels = labels
        self.max_depth = max_depth

    def add(self, figure: Figure, tree: Tree, depth: int = 0) -> None:
        for factor in figure.factors:
            note = f" [dim]{escape(factor.note)}[/]" if factor.note else ""
            text = _("factor {id} = {value} {unit} — {source}, {year} ({licence})").format(
                id=factor.id,
                value=f"{factor.value:g}",
                unit=factor.unit,
                source=factor.source,
                year=factor.year,
                licence=factor.licence,
            )
            tree.add(f"[cyan]{escape(text)}[/]{note}")
        for flag in figure.flags:
            tree.add(f"[yellow]⚑ {flag.code}[/]: {escape(flag.message)}")
        if not figure.inputs:
            return
        if depth >= self.max_depth:
            tree.add(
                "[dim]"
                + _("… {count} inputs (use --depth to see more)").format(count=len(figure.inputs))
                + "[/]"
            )
            return
        zeros = [p for p in figure.inputs if p.value == 0 and not p.flags]
        shown_rule = None
        for part in figure.inputs:
            if part.value == 0 and not part.flags and len(zeros) > 1:
                continue
            where = self.labels.get(part.path, part.path)
            rule = "" if part.rule == shown_rule else f" — {escape(part.rule)}"
            shown_rule = part.rule
            branch = tree.add(
                f"{part.name} = [bold]{_number(part.value, part.unit)}[/]{rule}"
                + (f" [dim]{where}[/]" if where else "")
            )
            self.add(part, branch, depth + 1)
        if len(zeros) > 1:
            tree.add("[dim]" + _("{count} more inputs are 0").format(count=len(zeros)) + "[/]")


def _labels(file: Path) -> dict[str, str]:
    submission = load_submission(file)
    return {f"companies[{i}]": f"{c.name} (companies[{i}])" for i, c in enumerate(submission.companies)}


@app.command("explain")
def explain(
    file: Annotated[Path, typer.Argument(help="A submission (.json, .yaml).")],
    item: Annotated[
        str, typer.Argument(help="A criterion id (EN-01) or an area figure (scope12_market_kg_co2e).")
    ],
    depth: Annotated[int, typer.Option(help="How many levels of inputs to show.")] = 4,
    lang: Lang = "en",
) -> None:
    """Print the chain behind one number: inputs, factors with source and year, rules."""
    i18n.activate(lang)
    result = _assess(file, None, lang)
    if item in FIGURE_NAMES:
        figure = account(load_submission(file), load_factor_set(result.factor_set))[item]
        title = f"{item} = [bold]{_number(figure.value, figure.unit)}[/] — {figure.rule}"
        tree = Tree(title)
        _Explainer(_labels(file), depth).add(figure, tree)
        console.print(tree)
        return
    try:
        criterion = result.criterion(item.upper())
    except KeyError:
        errors.print(
            _("error: {item} is neither a criterion nor an area figure; figures: {names}").format(
                item=item, names=", ".join(FIGURE_NAMES)
            )
        )
        raise typer.Exit(code=1) from None
    points = "—" if criterion.points is None else f"{criterion.points:g}/10"
    tree = Tree(
        f"[bold]{criterion.id} {escape(criterion.name)}[/] — "
        + _("points {points}").format(points=points)
        + (
            ", " + (_("gate passed") if criterion.gate_passed else _("gate failed"))
            if criterion.gate_passed is not None
            else ""
        )
    )
    if criterion.not_applicable_reason:
        tree.add(
            _("not applicable ({source}): {reason}").format(
                source=criterion.not_applicable_source, reason=criterion.not_applicable_reason
            )
        )
    if criterion.zeroed_by:
        tree.add("[red]" + _("set to 0") + f"[/]: {escape(criterion.zeroed_by)}")
    if criterion.note:
        tree.add(f"[yellow]{escape(criterion.note)}[/]")
    for condition in criterion.gate:
        tree.add(
            _("gate: {indicator} {operator} {threshold} → {value}").format(
                indicator=condition.indicator,
                operator=condition.operator,
                threshold=f"{condition.threshold:g}",
                value=_number(condition.value, "share" if criterion.unit == "share" else ""),
            )
            + (" ✓" if condition.passed else " ✗")
        )
    for component in criterion.components:
        tree.add(f"{'✓' if component.earned else '✗'} {component.indicator} (+{component.points:g})")
    if criterion.figure is not None:
        figure = criterion.figure
        branch = tree.add(f"{figure.name} = [bold]{_number(figure.value, figure.unit)}[/] — {figure.rule}")
        _Explainer(_labels(file), depth).add(figure, branch)
    console.print(tree)


class Layout(StrEnum):
    LONG = "long"
    WIDE = "wide"


@timeseries_app.command("validate")
def timeseries_validate(
    files: Annotated[
        list[Path],
        typer.Argument(help="CSV or Parquet files of meter readings (one meter may span several)."),
    ],
    year: Annotated[int, typer.Option(min=1990, max=2100, help="The reporting year.")],
    country: Annotated[
        str | None, typer.Option(help="The area's country (PL, DE …): its time zone is the year's.")
    ] = None,
    area_timezone: Annotated[
        str | None, typer.Option(help="The area's time zone, where no --country is given.")
    ] = None,
    layout: Annotated[
        Layout, typer.Option(help="long (meter_id, timestamp, value, unit) or wide (a column per meter).")
    ] = Layout.LONG,
    timezone: Annotated[
        str | None, typer.Option(help="Time zone of timestamps written without a UTC offset.")
    ] = None,
    unit: Annotated[
        str | None, typer.Option(help="Unit of the values where the file has no unit column.")
    ] = None,
    fill: Annotated[
        bool, typer.Option("--fill", help="Fill gaps by GIA's rule instead of reporting them.")
    ] = False,
    lang: Lang = "en",
) -> None:
    """Check meter files: gaps, duplicates, daylight-saving problems, negative values, units. Exit 1 on problems."""
    i18n.activate(lang)
    try:
        if country is not None:
            zone = load_standard().profile(country.upper()).timezone
        elif area_timezone is not None:
            zone = area_timezone
        else:
            raise GiaInputError(
                _("options"),
                [
                    (
                        "--country",
                        _(
                            "give --country or --area-timezone: the reporting year runs in the area's local time"
                        ),
                    )
                ],
            )
        try:
            ZoneInfo(zone)
        except (ValueError, ZoneInfoNotFoundError):
            raise GiaInputError(
                _("options"),
                [
                    (
                        "--area-timezone",
                        _("unknown time zone {zone!r}; use an IANA name such as Europe/Berlin").format(
                            zone=zone
                        ),
                    )
                ],
            ) from None
        frame, name = read_frames([(path, layout.value, timezone, unit) for path in files])
        series = resample(frame, year, name, zone)
    except GiaInputError as error:
        _fail(error)
        raise  # unreachable: _fail exits
    problems = list(series.problems)
    if fill and not problems:
        problems += fill_gaps(series)
    refused = {p.meter for p in problems if p.kind == "gap_too_large"}
    problems += [p for p in gap_problems(series) if p.meter not in refused]
    problems += [
        SeriesProblem(
            meter,
            data.first_negative,
            "negative",
            _("{count} negative readings (only a storage meter may have them)").format(count=data.negatives),
        )
        for meter, data in series.meters.items()
        if data.negatives
    ]
    table = Table(title=name, title_justify="left")
    for column in (
        _("meter"),
        _("readings"),
        _("interval"),
        _("hours with data"),
        _("filled"),
        _("negative"),
    ):
        table.add_column(column)
    for meter, data in series.meters.items():
        table.add_row(
            escape(meter),
            i18n.number(data.readings),
            f"{data.interval_minutes} min",
            f"{i18n.number(data.hours_with_data)} / {i18n.number(series.hours)}",
            i18n.number(data.filled_hours),
            i18n.number(data.negatives),
        )
    console.print(table)
    if series.outside_year:
        console.print(
            _("{count} readings outside {year} ignored").format(count=series.outside_year, year=year)
        )
    for problem in problems:
        console.print(f"  [red]✗[/] {escape(problem.place)}: {escape(problem.message)}")
    if problems:
        raise typer.Exit(code=1)


@symbiosis_app.command("match")
def symbiosis_match(
    file: Annotated[Path, typer.Argument(help="A flows file (gia-symbiosis-flows/1: offers and needs).")],
    top: Annotated[int, typer.Option(min=1, max=100, help="Needs shown per offer.")] = 3,
    across_areas: Annotated[
        bool, typer.Option("--across-areas", help="Also match flows of other areas that opted in.")
    ] = False,
    lang: Lang = "en",
) -> None:
    """Rank the needs each offer could serve, with the reasons and the CO2e each match saves."""
    i18n.activate(lang)
    try:
        document = load(FlowsDocument, file)
        table = load_table()
        matches = match_flows(document.offers, document.needs, table, top=top, across_areas=across_areas)
    except GiaInputError as error:
        _fail(error)
        raise  # unreachable: _fail exits
    for warning in flow_warnings(document.offers, document.needs, table):
        console.print(f"[yellow]⚑[/] {escape(warning)}")
    if not matches:
        console.print(_("no matches"))
        return
    for rank, found in enumerate(matches, start=1):
        net = found.savings.value / 1000
        money = (
            ""
            if found.money_eur is None
            else _("; price difference {eur} EUR a year").format(eur=i18n.number(found.money_eur))
        )
        console.print(
            f"[bold]{rank}. {escape(found.offer.id)} → {escape(found.need.id)}[/] "
            + _("score {score}; saves {net} t CO2e a year{money}").format(
                score=i18n.percent(found.score), net=i18n.number(net, 1), money=money
            )
        )
        console.print(f"   {escape(found.offer.company)} → {escape(found.need.company)}")
        for reason in found.reasons:
            console.print(f"   · {escape(reason)}")


@symbiosis_app.command("network")
def symbiosis_network(
    file: Annotated[Path, typer.Argument(help="A submission (.json, .yaml).")],
    svg: Annotated[Path | None, typer.Option(help="Write the network as an SVG picture here.")] = None,
    lang: Lang = "en",
) -> None:
    """The area's symbiosis network: links, connected companies, material closure."""
    i18n.activate(lang)
    try:
        submission = load_submission(file)
        metrics = network_metrics(submission)
    except GiaInputError as error:
        _fail(error)
        raise  # unreachable: _fail exits
    console.print(
        _(
            "{companies} companies, {links} links; {share} of the resident companies connected; largest group {group}"
        ).format(
            companies=metrics.companies,
            links=metrics.links,
            share=i18n.percent(metrics.connected_share),
            group=metrics.largest_group,
        )
    )
    if svg is not None:
        svg.write_text(network_svg(submission), encoding="utf-8")
        console.print(_("network picture written to {path}").format(path=svg))
    if metrics.material_closure is not None:
        console.print(
            _("material closure: {share} of residues used by another company").format(
                share=i18n.percent(metrics.material_closure)
            )
        )


def _is_submission(path: Path) -> bool:
    try:
        data, _lines = read_path(path)
    except GiaInputError:
        return True  # let the assessment say what is wrong with it
    return isinstance(data, dict) and data.get("schema") == SCHEMA_ID


@app.command("demo")
def demo(
    directory: Annotated[Path, typer.Argument(help="Folder of example submissions.")] = EXAMPLES_DIR,
    lang: Lang = "en",
) -> None:
    """Assess the bundled example areas and print their summaries."""
    i18n.activate(lang)
    candidates = sorted(directory.glob("*.y*ml")) + sorted(directory.glob("*.json"))
    files = [p for p in candidates if _is_submission(p)]  # the folder also holds flows files
    if not files:
        errors.print(_("error: no example submissions in {directory}").format(directory=directory))
        raise typer.Exit(code=1)
    for file in files:
        print_summary(_assess(file, None, lang), lang, gaps=3, flags=False)
        console.print()


if __name__ == "__main__":  # pragma: no cover
    app()
