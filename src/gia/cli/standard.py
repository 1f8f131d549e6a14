"""``gia standard show|validate``: the standard's editions, criteria, profiles and crosswalks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from gia import i18n
from gia.cli.common import Lang, _fail, _percent, console, standard_app
from gia.documents import load, read_path
from gia.errors import GiaInputError
from gia.i18n import _
from gia.standard import DEFAULT_EDITION, available_editions, load_standard
from gia.standard.loader import check_crosswalk, check_profile, load_catalogue
from gia.standard.schema import CountryProfile, Crosswalk


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
