"""An assessment as a self-contained HTML report (no external assets; printable to PDF)."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape

from gia.assessment.figures import factor_label, figure_label, readable_value
from gia.assessment.result import Assessment
from gia.i18n import gettext, ngettext, number, percent, value
from gia.standard import load_standard


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("gia.assessment", "templates"),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["percent"] = lambda v: "—" if v is None else percent(v)
    env.filters["number"] = value
    env.filters["points"] = lambda v: number(v, 0 if float(v).is_integer() else 2)
    env.filters["label"] = figure_label
    env.filters["readable"] = readable_value
    env.filters["factor"] = factor_label
    return env


def render_html(result: Assessment, language: str = "en") -> str:
    standard = load_standard(result.edition)
    levels = {lvl.id: lvl.name.get(language) for lvl in standard.catalogue.levels}
    return _environment().get_template("report.html").render(result=result, levels=levels, language=language)
