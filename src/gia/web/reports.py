"""An assessment as people read it: the charts (numbers in attributes never localised), the gates
and the way to the next level in words, the chain behind a criterion with every figure by its label,
and the PDF report (WeasyPrint), made once per version, language and annex choice and kept on disk.

Everything here reads the assessment stored with the version (in the reader's language when it was
made in it), so nothing is computed again: the core is deterministic and a version never changes.
"""

from __future__ import annotations

import math
import textwrap
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from gia import i18n
from gia.accounting.factors import describe_factor
from gia.assessment.figures import (
    condition_words,
    factor_in_words,
    figure_label,
    readable_value,
    rule_words,
)
from gia.assessment.registry import registry
from gia.dataset.labels import describe_place, humanise
from gia.standard.loader import load_standard
from gia.web import files
from gia.web.models import AssessmentRecord, SubmissionVersion

#: the layout of the PDF; a new layout makes new files (the old ones are simply not read again)
REPORT_LAYOUT = "r2"

#: key figures of the report, in the order a reader expects them
KEY_FIGURES = (
    "final_energy_kwh",
    "electricity_consumption_kwh",
    "renewable_electricity_kwh",
    "electricity_generated_kwh",
    "electricity_exported_kwh",
    "heat_demand_kwh",
    "scope1_kg_co2e",
    "scope2_location_kg_co2e",
    "scope2_market_kg_co2e",
    "scope12_market_kg_co2e",
    "biogenic_co2_kg",
)


def record_of(version: SubmissionVersion, language: str) -> AssessmentRecord | None:
    """The version's assessment (language-neutral, else in ``language``, else in English)."""
    return AssessmentRecord.objects.of(version, language)


def level_names(edition: str | None, language: str) -> dict[str, str]:
    catalogue = load_standard(edition).catalogue if edition else load_standard().catalogue
    return {level.id: level.name.get(language) or level.name.en for level in catalogue.levels}


def _svg(value: float) -> str:
    """A number for an SVG or CSS attribute: a plain decimal point, never the reader's format."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


# --- charts -------------------------------------------------------------------------------------

THEME_BAR = 300
THEME_LINE = 16
#: characters of a theme's name on one line of the chart (longer names wrap onto a second line)
THEME_CHARACTERS = 42


def theme_chart(themes: list[dict[str, Any]]) -> dict[str, Any]:
    """The fulfilment of each theme as bars: the name above each bar (on two lines when long), the
    value at its end; a viewBox 360 wide, legible on a phone."""
    rows = []
    top = 0.0
    for theme in themes:
        fulfilment = theme.get("fulfilment")
        share = min(max(fulfilment or 0.0, 0.0), 1.0)
        lines = textwrap.wrap(theme["name"], THEME_CHARACTERS) or [""]
        bar_y = top + THEME_LINE * len(lines) + 4
        rows.append(
            {
                "name": theme["name"],
                "lines": [
                    {"text": line, "y": _svg(top + 13 + THEME_LINE * i)} for i, line in enumerate(lines)
                ],
                "fulfilment": fulfilment,
                "bar_y": _svg(bar_y),
                "value_y": _svg(bar_y + 13),
                "width": _svg(THEME_BAR * share),
            }
        )
        top = bar_y + 16 + 12
    return {
        "rows": rows,
        "height": _svg(top),
        "track": _svg(THEME_BAR),
        "value_x": _svg(THEME_BAR + 6),
    }


TREND_LEFT, TREND_RIGHT, TREND_TOP, TREND_BOTTOM = 40.0, 290.0, 24.0, 164.0


def trend_chart(rows: list[dict[str, Any]], edition: str | None, language: str) -> dict[str, Any]:
    """Fulfilment per year as a line with points, the level of each year under its year, and the
    thresholds of the levels as dashed lines: legible on a phone (viewBox 360 wide)."""
    span = TREND_BOTTOM - TREND_TOP

    def y_of(share: float) -> float:
        return TREND_BOTTOM - span * min(max(share, 0.0), 1.0)

    count = len(rows)
    step = max(1, math.ceil(count / 6))
    points = []
    for index, row in enumerate(rows):
        x = (
            (TREND_LEFT + TREND_RIGHT) / 2
            if count == 1
            else TREND_LEFT + 20 + index * ((TREND_RIGHT - TREND_LEFT - 40) / (count - 1))
        )
        fulfilment = row.get("fulfilment")
        y = y_of(fulfilment or 0.0)
        points.append(
            {
                **row,
                "x": _svg(x),
                "y": _svg(y),
                "label_y": _svg(y - 8),
                "has_value": fulfilment is not None,
                # with many years, every second (third…) year is named so that the labels never overlap
                "named": (count - 1 - index) % step == 0,
            }
        )
    catalogue = load_standard(edition).catalogue if edition else load_standard().catalogue
    thresholds = [
        {
            "name": level.name.get(language) or level.name.en,
            "share": level.min_total,
            "y": _svg(y_of(level.min_total)),
            "text_y": _svg(y_of(level.min_total) - 3),
        }
        for level in catalogue.levels
    ]
    grid = [{"share": share, "y": _svg(y_of(share)), "text_y": _svg(y_of(share) + 4)} for share in (0.0, 1.0)]
    return {
        "points": points,
        "line": " ".join(f"{p['x']},{p['y']}" for p in points if p["has_value"]),
        "thresholds": thresholds,
        "grid": grid,
        "left": _svg(TREND_LEFT),
        "right": _svg(TREND_RIGHT),
        "label_x": _svg(TREND_LEFT - 6),
        "names_x": _svg(TREND_RIGHT + 5),
        "year_y": _svg(TREND_BOTTOM + 18),
        "level_y": _svg(TREND_BOTTOM + 34),
        "height": "206.0",
        "levels_shown": count <= 4,
    }


# --- gates, the way to the next level, key figures ----------------------------------------------


def indicator_unit(indicator: Any) -> str:
    found = registry().get(str(indicator))
    return found.unit if found else ""


def gates_in_words(criteria: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each gate criterion with its conditions in words (label, operator, threshold, value now)."""
    gates = []
    for criterion in criteria:
        if "gate_passed" not in criterion:
            continue
        gates.append(
            {
                "id": criterion["id"],
                "name": criterion["name"],
                "passed": criterion["gate_passed"],
                "conditions": [
                    {
                        "text": condition_words(c),
                        "now": readable_value(c.get("value"), indicator_unit(c.get("indicator"))),
                        "passed": c.get("passed"),
                    }
                    for c in criterion.get("gate", [])
                ],
            }
        )
    return gates


def next_level(summary: dict[str, Any], names: dict[str, str]) -> dict[str, Any] | None:
    """The way to the next level: its name, whether the criteria can reach it, the steps with their
    gain, and the gates to pass by name."""
    path = next(iter(summary.get("level_paths") or []), None)
    if path is None:
        return None
    by_id = {c["id"]: c for c in summary.get("criteria", [])}
    return {
        "level": names.get(path["level"], path["level"]),
        "reachable": path.get("reachable"),
        "fulfilment_after": path.get("fulfilment_after"),
        "steps": [
            {
                "text": step["text"].strip(),
                "gain": step.get("total_fulfilment_gain"),
                "criterion": step["criterion"],
            }
            for step in path.get("steps", [])
        ],
        "gates": [
            {"id": gate, "name": by_id.get(gate, {}).get("name", "")}
            for gate in path.get("gates_to_pass", [])
        ],
    }


def key_figures(summary: dict[str, Any]) -> list[dict[str, str]]:
    """The area's key figures by their labels, each in a unit that suits its size."""
    figures = summary.get("key_figures") or {}
    return [
        {"label": figure_label(name), "value": readable_value(figures[name]["value"], figures[name]["unit"])}
        for name in KEY_FIGURES
        if name in figures
    ]


def reference_factors(summary: dict[str, Any]) -> dict[str, Any] | None:
    """How many reference factors the result rests on, how many are verified, and the unverified
    ones in words with their value and publication (None for results stored before this was kept)."""
    data = summary.get("reference_factors")
    if not data:
        return None
    return {
        "factor_set": summary.get("factor_set", ""),
        "used": data["used"],
        "verified": data["verified"],
        "declared": data["declared"],
        "unverified": [
            {
                "what": describe_factor(f["id"]),
                "id": f["id"],
                "value": f"{i18n.exact_number(f['value'])}\u00a0{f['unit']}",
                "source": f["source"],
                "url": f.get("url", ""),
            }
            for f in data["unverified"]
        ],
    }


def points_text(criterion: dict[str, Any]) -> str:
    """Points as a reader sees them: ``8.3 / 10``, ``gate passed``, ``not applicable``."""
    if not criterion.get("applicable", True):
        return translation.gettext("not applicable")
    if criterion.get("max_points"):
        # non-breaking spaces: "8.3 / 10" never wraps in a narrow column
        return f"{i18n.number(criterion.get('points') or 0, 1)}\u00a0/\u00a0{i18n.number(criterion['max_points'], 0)}"
    if criterion.get("gate_passed") is True:
        return translation.gettext("gate passed")
    if criterion.get("gate_passed") is False:
        return translation.gettext("gate failed")
    return "—"


def criteria_rows(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """The criteria grouped under their themes, each with its value in words and its points."""
    themes = {t["id"]: t["name"] for t in summary.get("themes", [])}
    rows: list[dict[str, Any]] = []
    current = None
    for criterion in summary.get("criteria", []):
        if criterion.get("theme") != current:
            current = criterion.get("theme")
            rows.append({"theme": themes.get(current, "")})
        rows.append(
            {
                "criterion": criterion,
                "value": readable_value(criterion.get("value"), criterion.get("unit") or "")
                if criterion.get("applicable", True)
                else "—",
                "points": points_text(criterion),
            }
        )
    return rows


# --- the chain behind a criterion ---------------------------------------------------------------


def chain_in_words(figure: dict[str, Any] | None, document: dict[str, Any]) -> dict[str, Any] | None:
    """A provenance chain as people read it: each figure by its label with its value in a suitable
    unit, where it comes from (company and field label), its rule, factors and flags in words; the
    internal place stays beside them for a tooltip."""
    if figure is None:
        return None
    named = dict(figure)
    named["label"] = figure_label(figure.get("name", ""))
    named["shown"] = readable_value(figure.get("value"), figure.get("unit", ""))
    if figure.get("path"):
        # ``companies[*]``: all companies together
        named["where"] = describe_place(figure["path"].replace("[*]", ""), document)
    named["rule"] = humanise(rule_words(figure.get("rule", "")), document)
    named["factors"] = [factor_in_words(f) for f in figure.get("factors", [])]
    named["flags"] = [{**f, "message": humanise(f["message"], document)} for f in figure.get("flags", [])]
    named["inputs"] = [chain_in_words(child, document) for child in figure.get("inputs", [])]
    # the same figure for each company (or each row): the report prints them as one small table
    named["uniform"] = (
        len(named["inputs"]) > 1
        and len({child["name"] for child in named["inputs"]}) == 1
        and all(child.get("where") for child in named["inputs"])
    )
    rules = {child["rule"] for child in named["inputs"]}
    named["common_rule"] = rules.pop() if named["uniform"] and len(rules) == 1 else ""
    return named


def criterion_in_words(item: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    """A criterion's result with its value, points, gate, notes and chain in words."""
    applicable = item.get("applicable", True)
    return {
        "id": item["id"],
        "name": item["name"],
        "applicable": applicable,
        "value": readable_value(item.get("value"), item.get("unit") or "") if applicable else "—",
        "points": points_text(item),
        "gate": gates_in_words([item])[0] if "gate_passed" in item else None,
        "note": humanise(item.get("note", ""), document),
        "not_applicable": (item.get("not_applicable") or {}).get("reason", ""),
        "zeroed_by": humanise(item.get("zeroed_by", ""), document),
        "figure": chain_in_words(item.get("provenance"), document),
    }


def provenance_of(version: SubmissionVersion, language: str, criterion: str) -> dict | None:
    record = record_of(version, language)
    if record is None:
        return None
    for item in record.result(language)["criteria"]:
        if item["id"] == criterion:
            return item
    return None


# --- the PDF ------------------------------------------------------------------------------------


def report_context(version: SubmissionVersion, language: str, annex: bool) -> dict[str, Any]:
    record = record_of(version, language)
    if record is None:
        raise LookupError(f"version {version.pk} has no assessment")
    result = record.result(language) if annex else record.summary_in(language)
    document = version.data()
    names = level_names(result.get("edition"), language)
    return {
        "version": version,
        "area": version.area,
        "year": version.year,
        "language": language,
        "result": result,
        "level_name": names.get(result["level"]["level"] or "", ""),
        "themes": theme_chart(result.get("themes", [])),
        "rows": criteria_rows(result),
        "gates": gates_in_words(result.get("criteria", [])),
        "next": next_level(result, names),
        "notes": [humanise(flag["message"], document) for flag in result.get("flags", [])],
        "key_figures": key_figures(result),
        "factors": reference_factors(result),
        "annex": annex,
        "chains": [criterion_in_words(item, document) for item in result.get("criteria", [])]
        if annex
        else [],
        "made": timezone.localdate(),
    }


def report_html(version: SubmissionVersion, language: str, annex: bool = False) -> str:
    with translation.override(language), i18n.override(language):
        return render_to_string("gia/report/report.html", report_context(version, language, annex))


def print_pdf(html: str) -> bytes:
    """The PDF printed from the report's HTML (a few seconds: the report job does it, once)."""
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


#: what the report job does, step by step (English message ids, shown in the reader's language)
REPORT_STEPS = (
    gettext_noop("Gathering the assessment and its chains"),
    gettext_noop("Printing the PDF"),
    gettext_noop("Keeping the file"),
)


def report_filename(version: SubmissionVersion, language: str, annex: bool) -> str:
    suffix = "-chains" if annex else ""
    return f"gia-report-{version.area.slug}-{version.year}-v{version.number}-{language}{suffix}.pdf"


def report_name(version: SubmissionVersion, language: str, annex: bool) -> str:
    """The report's name in the file store: per version, language, annex choice, data and layout."""
    kind = "chains" if annex else "summary"
    return files.area_name(
        version.area.slug,
        version.year,
        "reports",
        f"v{version.number}-{language}-{kind}-{version.sha256[:12]}-{REPORT_LAYOUT}.pdf",
    )


def report_ready(version: SubmissionVersion, language: str, annex: bool = False) -> bool:
    return files.exists(report_name(version, language, annex))
