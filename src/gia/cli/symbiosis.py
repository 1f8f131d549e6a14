"""``gia symbiosis match|network``: industrial symbiosis."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from gia import i18n
from gia.cli.common import Lang, _fail, console, symbiosis_app
from gia.dataset import load_submission
from gia.documents import load
from gia.errors import GiaInputError
from gia.i18n import _
from gia.symbiosis import FlowsDocument, load_table, match_flows, network_metrics
from gia.symbiosis.matching import flow_warnings
from gia.symbiosis.network import network_svg


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
