"""``gia timeseries validate``: checking meter files before they are attached."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer
from rich.markup import escape
from rich.table import Table

from gia import i18n
from gia.cli.common import Lang, _fail, console, timeseries_app
from gia.errors import GiaInputError
from gia.i18n import _
from gia.io.timeseries import SeriesProblem, fill_gaps, gap_problems, read_frames, resample
from gia.standard import load_standard


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
