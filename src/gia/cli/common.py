"""Shared pieces of the ``gia`` command line: the Typer apps, the consoles, output helpers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from gia import i18n
from gia.errors import GiaInputError
from gia.i18n import _

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


def _language(value: str) -> str:
    if value not in i18n.LANGUAGES:
        raise typer.BadParameter(_("one of {languages}").format(languages=", ".join(i18n.LANGUAGES)))
    return value


Lang = Annotated[
    str,
    typer.Option(
        "--lang",
        help="Language of the output: en, pl, de, da, sv, fi, lt, lv or et.",
        callback=_language,
    ),
]
#: the repository's examples (GIA installed from a checkout); elsewhere, ./examples
EXAMPLES_DIR = next(
    (p for p in (Path(__file__).resolve().parents[3] / "examples", Path("examples")) if p.is_dir()),
    Path("examples"),
)


def _fail(error: GiaInputError) -> None:
    errors.print("[bold red]" + _("error") + f":[/] {escape(error.render())}", soft_wrap=True)
    raise typer.Exit(code=1)


def _percent(value: float | None) -> str:
    return "—" if value is None else i18n.percent(value)


def _number(value: float | None, unit: str) -> str:
    return i18n.value(value, unit)
