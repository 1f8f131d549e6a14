"""The assessment dashboard of an area's year, the chain behind each criterion, trends, the PDF report."""

from __future__ import annotations

import re
from typing import Any

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from gia.dataset.labels import humanise
from gia.web import files
from gia.web.actions.jobs import do_ask
from gia.web.actions.submissions import latest_version
from gia.web.models import Area, AssessmentRecord, Job, SubmissionVersion
from gia.web.permissions import assessment_for, can
from gia.web.reports import (
    criteria_rows,
    criterion_in_words,
    gates_in_words,
    key_figures,
    level_names,
    next_level,
    provenance_of,
    record_of,
    reference_factors,
    report_filename,
    report_name,
    report_ready,
    theme_chart,
    trend_chart,
)
from gia.web.views.common import cached_fragment, fragment_key, rule

#: the token the dashboard sends with a PDF download to learn when the file has arrived
DOWNLOAD_TOKEN = re.compile(r"[a-z0-9]{1,16}")


def _record(version: SubmissionVersion, language: str) -> AssessmentRecord:
    record = record_of(version, language)
    if record is None:
        raise Http404
    return record


def trend(area: Area, language: str) -> list[dict[str, Any]]:
    """Each year's latest version: level and fulfilment, oldest first."""
    latest: dict[int, SubmissionVersion] = {}
    for version in SubmissionVersion.objects.filter(area=area).order_by("year", "number"):
        latest[version.year] = version
    names = level_names(None, language)
    rows = []
    for year, version in sorted(latest.items()):
        record = AssessmentRecord.objects.filter(version=version).only("level", "total_fulfilment").first()
        if record:
            rows.append(
                {
                    "year": year,
                    "version": version.number,
                    "level": names.get(record.level, "") if record.level else "",
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
    summary = assessment_for(request.user, version, _record(version, language).summary_in(language))
    names = level_names(summary.get("edition"), language)
    years = trend(area, language)
    return {
        "area": area,
        "year": year,
        "version": version,
        "result": summary,
        "level_name": names.get(summary["level"]["level"] or "", ""),
        "next": next_level(summary, names),
        "gates": gates_in_words(summary.get("criteria", [])),
        "rows": criteria_rows(summary),
        "themes": theme_chart(summary.get("themes", [])),
        "trend": years,
        "trend_chart": trend_chart(years, summary.get("edition"), language),
        "key_figures": key_figures(summary),
        "notes": [humanise(flag["message"], version.data()) for flag in summary.get("flags", [])],
        "factors": reference_factors(summary),
        "reviewer": reviewer,
        # the area's live pages (its page, newer versions, the roadmap); an auditor reading the record
        # of an audit that is over sees the version they reviewed, not these
        "live": can(request.user, "area.view", area),
        "latest": latest_version(area, year),
    }


def _dashboard(request: HttpRequest, area: Area, year: int, version: SubmissionVersion) -> HttpResponse:
    reviewer = can(request.user, "provenance.view", version)
    live = can(request.user, "area.view", area)
    # a version's assessment never changes: its dashboard is rendered once per language and audience
    body = cached_fragment(
        request,
        "dashboard",
        (version.pk, reviewer, live),
        "gia/_dashboard_body.html",
        lambda: _dashboard_context(request, area, year, version, reviewer),
    )
    return render(request, "gia/dashboard.html", {"area": area, "year": year, "body": body})


@rule("provenance.view", about="version")
def provenance(
    request: HttpRequest, area: Area, year: int, version: SubmissionVersion, criterion: str
) -> HttpResponse:
    """The chain behind a criterion: a fragment for htmx (opened in place under the criterion, on the
    dashboard or the audit screen), a page of its own when opened directly."""
    in_place = request.headers.get("HX-Request") == "true"

    def build() -> dict[str, Any]:
        item = provenance_of(version, translation.get_language() or "en", criterion)
        if item is None:
            raise Http404
        # the version's own dashboard: open to everyone who may read its chains (also an auditor's record)
        back = reverse("version_dashboard", kwargs={"area": area.slug, "year": year, "number": version.number})
        return {
            "area": area,
            "year": year,
            "version": version,
            "criterion": criterion_in_words(item, version.data()),
            "in_place": in_place,
            "back": f"{back}#row-{item['id']}",
            "page": reverse(
                "provenance",
                kwargs={"area": area.slug, "year": year, "number": version.number, "criterion": item["id"]},
            ),
        }

    body = cached_fragment(request, "chain", (version.pk, criterion, in_place), "gia/_chain.html", build)
    if in_place:
        return HttpResponse(body)
    return render(
        request,
        "gia/provenance.html",
        {
            "area": area,
            "year": year,
            "version": version,
            "criterion": criterion,
            "body": body,
            "live": can(request.user, "area.view", area),
        },
    )


@rule("report.download", about="version")
def report(request: HttpRequest, area: Area, year: int, version: SubmissionVersion) -> HttpResponse:
    """The PDF report in the reader's language; ``?annex=chains`` adds the chain of every criterion.
    Printed once by a job (its page shows the progress and then the file), kept, then served at once."""
    language = translation.get_language() or "en"
    annex = request.GET.get("annex") == "chains"
    if not report_ready(version, language, annex):  # printed by a job; here at once once it is kept
        job = do_ask(
            request.user,
            Job.Kind.REPORT,
            {"version": version.pk, "annex": annex},
            area=area,
            year=year,
            language=language,
        )
        if job.state != Job.State.DONE:
            return redirect("job", job=job.pk)
    response = HttpResponse(files.read(report_name(version, language, annex)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report_filename(version, language, annex)}"'
    token = request.GET.get("token", "")
    if DOWNLOAD_TOKEN.fullmatch(token):  # the dashboard's status line waits for this cookie
        response.set_cookie("gia_pdf", token, max_age=120, samesite="Lax")
    return response
