"""The hybrid power plant sizer as the platform shows it: the core (:mod:`gia.toolbox.hybrid`) models a
typical weather year at the place (pvlib), runs the chosen plant hour by hour and, when asked, sweeps
sizes for the cheapest plant reaching a carbon-free score. A job computes it (the weather year alone
takes seconds); the sizer's page shows the job's stored result beside its form."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal
from django.utils.translation import gettext_noop

from gia import i18n
from gia.errors import GiaInputError
from gia.toolbox import hybrid, svg
from gia.web import files
from gia.web.models.areas import COUNTRIES
from gia.web.roadmaps import svg_markup

#: what the sizer's job does, step by step (English message ids, shown in the reader's language)
HYBRID_STEPS = (
    gettext_noop("Modelling a typical weather year at the place"),
    gettext_noop("Running the plant hour by hour"),
    gettext_noop("Trying every size"),
    gettext_noop("Writing the result"),
)


def read_load(stored: str) -> hybrid.Series:
    """The uploaded load (kept in the file store) through the core's reader, from a temporary copy."""
    with tempfile.TemporaryDirectory(prefix="gia-load-") as folder:
        path = Path(folder) / "load.csv"
        path.write_bytes(files.read(stored))
        try:
            return hybrid.read_load(path)
        except GiaInputError as error:
            raise GiaInputError("load_file", [(p, m) for p, m in error.problems]) from None


def plant_row(results: hybrid.PlantResults, index: int) -> dict[str, Any]:
    row = results.row(index)
    lcoe = row["levelised_cost_eur_per_kwh"]

    def size(value: float | None, unit: str) -> str:
        shown = format_decimal(value or 0.0, format="#,##0.#", locale=i18n.language())
        return f"{shown} {unit}"

    return {
        **row,
        "lcoe_eur_per_mwh": None if lcoe is None else lcoe * 1000,
        "sizes": ", ".join(
            (size(row["pv_kwp"], "kWp"), size(row["wind_kw"], "kW"), size(row["battery_kwh"], "kWh"))
        ),
    }


def hybrid_result(
    d: dict[str, Any], load_file: str | None, load_name: str | None, step: Callable[[int], None]
) -> dict[str, Any]:
    """The sizer's result part (its template's context) for the form's checked values ``d``; refused by
    the core with a :class:`GiaInputError` naming the field (``load_file`` for the uploaded load)."""
    step(1)
    place = hybrid.location(d["location"])
    if load_file is not None:
        series = read_load(load_file)
    else:
        series = hybrid.sector_load(d["profile"], d["annual_kwh"], place.timezone)
    study = hybrid.study(d["location"], series, d["tilt"], d["azimuth"], d["export_limit_kw"])
    step(2)
    plant, _hourly = study.run([d["pv_kwp"]], [d["wind_kw"]], [d["battery_kwh"]])
    week = {
        layout.name: svg_markup(
            hybrid.week_svg(study, d["pv_kwp"], d["wind_kw"], d["battery_kwh"], d["week"], layout)
        )
        for layout in (svg.WIDE, svg.NARROW)
    }
    step(3)
    swept = hybrid.sweep(study, d["target_cfe"] / 100) if d["sweep"] else None
    step(4)
    return {
        "place": place,
        "load_kwh": plant.load_kwh,
        "pv_yield": float(study.pv.values.sum()),
        "wind_yield": float(study.wind.values.sum()),
        "grid_share": study.grid_share,
        "plant": plant_row(plant, 0),
        "week_svg": week,
        "swept": swept,
        "sweep_count": None if swept is None else len(swept.results.pv_kwp),
        "best": None if swept is None or swept.best is None else plant_row(swept.results, swept.best),
        "sweep_svg": None
        if swept is None
        else {layout.name: svg_markup(hybrid.sweep_svg(swept, layout)) for layout in (svg.WIDE, svg.NARROW)},
        "country": dict(COUNTRIES).get(place.country, place.country),
        "target_cfe": d["target_cfe"] / 100,
        "load_name": load_name,
    }
