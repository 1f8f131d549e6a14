"""``gia validate``, ``gia schema``, ``gia assess``, ``gia explain``: working with one submission."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from gia import i18n
from gia.accounting import FIGURE_NAMES, Figure, account, load_factor_set
from gia.assessment import Assessment
from gia.assessment.report import render_html
from gia.cli.common import Lang, _fail, _number, _percent, app, console, errors
from gia.dataset import json_schema, load_submission, to_json
from gia.errors import GiaInputError
from gia.i18n import _
from gia.pipeline import assess_submission
from gia.standard import load_standard


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
    typer.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


def assess_file(file: Path, factor_set: str | None, lang: str) -> Assessment:
    """Assess a submission file with the hourly series it references (paths relative to the file)."""
    try:
        return assess_submission(load_submission(file), file.parent, factor_set=factor_set, language=lang)
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
        if reading.summary.get("base_requirements_met") is None:
            if reading.summary.get("base_cannot_tell"):
                console.print(
                    _("{scheme}: base requirements: cannot tell from GIA's criteria ({ids})").format(
                        scheme=reading.scheme, ids=", ".join(reading.summary["base_cannot_tell"])
                    )
                )
        else:
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
    factors = result.reference_factors
    if factors and flags:
        console.print(
            "[bold]"
            + _("Reference factors")
            + "[/] "
            + _(
                "{used} used under factor set {set}: {verified} verified against their primary source, {declared} declared in the submission, {unverified} not yet verified"
            ).format(
                used=factors["used"],
                set=result.factor_set,
                verified=factors["verified"],
                declared=factors["declared"],
                unverified=len(factors["unverified"]),
            )
        )
        for factor in factors["unverified"]:
            console.print(
                f"  [yellow]?[/] {factor['id']} = {factor['value']:g} {escape(factor['unit'])} — {escape(factor['source'])}"
            )


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
    result = assess_file(file, factor_set, lang)
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
    result = assess_file(file, None, lang)
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
