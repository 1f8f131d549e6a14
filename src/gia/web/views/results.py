"""The assessment dashboard of an area's year, the chain behind each criterion, trends, the PDF report."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from gia.dataset.labels import describe_place, humanise
from gia.web.actions.submissions import latest_version
from gia.web.models import Area, AssessmentRecord, SubmissionVersion
from gia.web.permissions import assessment_for, can
from gia.web.reports import provenance_of, report_pdf
from gia.web.views.common import cached_fragment, fragment_key, rule
from gia.web.views.public import level_names


def _record(version: SubmissionVersion, language: str) -> AssessmentRecord:
    record = (
        version.assessments.filter(language=language).first()
        or version.assessments.filter(language="en").first()
    )
    if record is None:
        raise Http404
    return record


def trend(area: Area, language: str) -> list[dict[str, Any]]:
    """Each year's latest version: level and fulfilment, oldest first."""
    latest: dict[int, SubmissionVersion] = {}
    for version in SubmissionVersion.objects.filter(area=area).order_by("year", "number"):
        latest[version.year] = version
    names = level_names(language)
    rows = []
    for year, version in sorted(latest.items()):
        record = (
            AssessmentRecord.objects.filter(version=version, language="en")
            .only("level", "total_fulfilment")
            .first()
        )
        if record:
            rows.append(
                {
                    "year": year,
                    "version": version.number,
                    "level": names.get(record.level, "—") if record.level else "—",
                    "fulfilment": record.total_fulfilment,
                }
            )
    return rows


@rule("dashboard.view", about="area")
def dashboard(request: HttpRequest, area: Area, year: int) -> HttpResponse:
    """The latest version's dashboard: rendered once per data version, language and audience."""
    reviewer = can(request.user, "provenance.view", area)
    key = fragment_key("dashboard-latest", (area.pk, year, reviewer))
    body = cache.get(key)
    if body is None:
        version = latest_version(area, year)
        if version is None:
            body = render_to_string(
                "gia/_dashboard_body.html", {"area": area, "year": year, "version": None}, request
            )
            context = {"area": area, "year": year, "body": mark_safe(body)}
            return render(request, "gia/dashboard.html", context, status=404)
        body = render_to_string(
            "gia/_dashboard_body.html", _dashboard_context(request, area, year, version, reviewer), request
        )
        cache.set(key, body, 3600)
    context = {"area": area, "year": year, "body": mark_safe(body)}
    return render(request, "gia/dashboard.html", context)


@rule("dashboard.view", about="version")
def version_dashboard(
    request: HttpRequest, area: Area, year: int, version: SubmissionVersion
) -> HttpResponse:
    return _dashboard(request, area, year, version)


def _dashboard_context(
    request: HttpRequest, area: Area, year: int, version: SubmissionVersion, reviewer: bool
) -> dict[str, Any]:
    language = translation.get_language() or "en"
    summary = assessment_for(request.user, area, _record(version, language).summary)
    names = level_names(language)
    return {
        "area": area,
        "year": year,
        "version": version,
        "result": summary,
        "level_name": names.get(summary["level"]["level"] or "", ""),
        "next_path": next((p for p in summary["level_paths"]), None),
        "level_names": names,
        "gates": [c for c in summary["criteria"] if "gate_passed" in c],
        "theme_bars": [
            {
                "name": theme["name"],
                "fulfilment": theme["fulfilment"],
                "y": 26 * index,
                "width": round(360 * (theme["fulfilment"] or 0), 1),
            }
            for index, theme in enumerate(summary["themes"])
        ],
        "chart_height": 26 * len(summary["themes"]),
        "trend": trend(area, language),
        "notes": [humanise(flag["message"], version.data()) for flag in summary.get("flags", [])],
        "reviewer": reviewer,
        "latest": latest_version(area, year),
    }


def _dashboard(request: HttpRequest, area: Area, year: int, version: SubmissionVersion) -> HttpResponse:
    reviewer = can(request.user, "provenance.view", area)
    # a version's assessment never changes: its dashboard is rendered once per language and audience
    body = cached_fragment(
        request,
        "dashboard",
        (version.pk, reviewer),
        "gia/_dashboard_body.html",
        lambda: _dashboard_context(request, area, year, version, reviewer),
    )
    return render(request, "gia/dashboard.html", {"area": area, "year": year, "body": body})


@rule("provenance.view", about="version")
def provenance(
    request: HttpRequest, area: Area, year: int, version: SubmissionVersion, criterion: str
) -> HttpResponse:
    item = provenance_of(version, translation.get_language() or "en", criterion)
    if item is None:
        raise Http404
    figure = in_words(item.get("provenance"), version.data())
    return render(request, "gia/provenance.html", {"criterion": item, "figure": figure})


def in_words(figure: dict[str, Any] | None, document: dict[str, Any]) -> dict[str, Any] | None:
    """A provenance chain with each input's place and each flag's places in words (company names,
    labels); the internal place stays beside them for a tooltip."""
    if figure is None:
        return None
    named = dict(figure)
    if figure.get("path"):
        named["where"] = describe_place(figure["path"], document)
    named["flags"] = [{**f, "message": humanise(f["message"], document)} for f in figure.get("flags", [])]
    named["rule"] = humanise(figure.get("rule", ""), document)
    named["inputs"] = [in_words(child, document) for child in figure.get("inputs", [])]
    return named


@rule("report.download", about="version")
def report(request: HttpRequest, area: Area, year: int, version: SubmissionVersion) -> HttpResponse:
    language = translation.get_language() or "en"
    pdf = report_pdf(version, language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="gia-report-{area.slug}-{year}-v{version.number}-{language}.pdf"'
    )
    return response
