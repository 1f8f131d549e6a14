"""``gia factors``: the reference data's factor sets, their digests and what is not yet verified."""

from __future__ import annotations

import dataclasses

import typer
from rich.markup import escape
from rich.table import Table

from gia.accounting.factors import data_digest, factor_set_specs, reference_data
from gia.cli.common import Lang, app, console
from gia.i18n import _, activate

factors_app = typer.Typer(
    help="The reference data: factor sets and their verification.", no_args_is_help=True
)
app.add_typer(factors_app, name="factors")


@factors_app.command("check")
def check(lang: Lang = "en") -> None:
    """Each factor set with the digest it was released with and the data's digest now; per data file
    how many rows are verified against their publication. Fails when a set's values changed."""
    activate(lang)
    data = reference_data()
    actual = data_digest(data)
    stale = False
    for spec in factor_set_specs().values():
        holds = spec.data_digest == actual
        stale |= not holds
        mark = "[green]✓[/]" if holds else "[red]✗[/]"
        console.print(
            f"{mark} {spec.id}: "
            + (
                _("released with {digest}, the data holds it").format(digest=spec.data_digest)
                if holds
                else _("released with {digest}, the data now gives {actual}: make a new factor set").format(
                    digest=spec.data_digest, actual=actual
                )
            )
        )
    table = Table(_("data"), _("rows"), _("verified"), _("not yet verified"))
    for field in dataclasses.fields(data):
        rows = getattr(data, field.name)
        verified = sum(1 for r in rows if r.verified)
        table.add_row(field.name, str(len(rows)), str(verified), str(len(rows) - verified))
    console.print(table)
    if stale:
        raise typer.Exit(1)


@factors_app.command("unverified")
def unverified(lang: Lang = "en") -> None:
    """Every row not yet verified against its publication, with the publication to check it in."""
    activate(lang)
    data = reference_data()
    for field in dataclasses.fields(data):
        for row in getattr(data, field.name):
            if row.verified:
                continue
            key = "/".join(
                str(v)
                for k, v in row.model_dump().items()
                if k
                in (
                    "fuel",
                    "parameter",
                    "sector",
                    "gas",
                    "report",
                    "country",
                    "year",
                    "dataset",
                    "network",
                    "supply",
                )
                and v != ""
            )
            console.print(
                f"{field.name} {escape(key)} = {row.value:g} {escape(row.unit)} — {escape(row.source)}"
                + (f" [dim]{escape(row.url)}[/]" if row.url else "")
            )
