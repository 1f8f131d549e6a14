"""The toolbox's pages: the index, an area's roadmap to climate neutrality with its marginal abatement
cost curve, and the hybrid power plant sizer (the compendium and the good-practice library are in
:mod:`gia.web.views.compendium`).

Every page only reads: the core (:mod:`gia.toolbox`) computes from the compendium, the shipped data and,
for the roadmap, the latest submitted version of an area's year; nothing is stored.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from dataclasses import asdict
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gia.dataset import Submission
from gia.dataset.io import parse_submission
from gia.errors import GiaInputError
from gia.toolbox import hybrid, labels
from gia.toolbox.measures import load_compendium
from gia.toolbox.roadmap import LAST_YEAR
from gia.toolbox.scenario import MeasureChoice
from gia.web import files
from gia.web.actions.jobs import do_ask
from gia.web.actions.submissions import latest_version
from gia.web.models import Area, Job, SubmissionVersion
from gia.web.models.areas import COUNTRIES
from gia.web.permissions import PUBLIC, SIGNED_IN, can, roles
from gia.web.views.common import rule


def _language() -> str:
    return translation.get_language() or "en"


# --- index ------------------------------------------------------------------


@rule(PUBLIC)
def index(request: HttpRequest) -> HttpResponse:
    """The toolbox's tools, and the roadmaps the signed-in user may open (latest submitted year)."""
    roadmaps: list[dict[str, Any]] = []
    if request.user.is_authenticated:
        mine = roles(request.user)
        areas = Area.objects.order_by("name")
        if not mine.certification_body:
            areas = areas.filter(pk__in=mine.managed | mine.audited)
        for area in areas[:100]:
            version = latest_version(area)
            if version is not None and can(request.user, "toolbox.roadmap", area):
                roadmaps.append({"area": area, "year": version.year})
    return render(request, "gia/toolbox_index.html", {"roadmaps": roadmaps})


# --- roadmap -------------------------------------------------------------------------------------

#: the fields of a measure row on the roadmap form (``measure_3``, ``size_3`` …)
ROW_FIELD = re.compile(r"^(measure|size|company|year)_(\d{1,2})$")
#: rows a new roadmap form starts with, and the most it takes
FIRST_ROWS = 3
MAX_ROWS = 30


class MeasureSelect(forms.Select):
    """The compendium's measures by name, grouped by category; each option carries its unit of size
    (``data-unit``) so that the row's size field shows it as the choice changes."""

    def __init__(self, units: dict[str, str], attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.units = units

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        if value in self.units:
            option["attrs"]["data-unit"] = self.units[value]
        return option


class RoadmapForm(forms.Form):
    """Measures in rows (picked from the compendium by name, with size, company and first year),
    GIA's proposal, and the last year of the roadmap. Rows are numbered ``_1``, ``_2`` …; a person
    adds and removes them (with or without JavaScript)."""

    propose = forms.BooleanField(
        label=gettext_lazy("let GIA propose the measures that abate at or below its carbon price"),
        required=False,
    )
    target_year = forms.IntegerField(
        label=gettext_lazy("last year of the roadmap"),
        required=False,
        help_text=gettext_lazy(
            "Empty: the area's climate target year, else the country's climate-neutrality year."
        ),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        submission: Submission,
        language: str,
        rows: list[int] | None = None,
    ) -> None:
        super().__init__(data)
        self.submission = submission
        self.compendium = load_compendium()
        self.language = language
        self.start = submission.reporting_year
        self.fields["target_year"].widget.attrs.update({"min": self.start + 1, "max": LAST_YEAR})
        if rows is None:
            found = sorted({int(m[2]) for key in (data or {}) if (m := ROW_FIELD.match(key))})
            rows = [n for n in found if 1 <= n <= MAX_ROWS] or list(range(1, FIRST_ROWS + 1))
        self.row_numbers = rows
        self.units = {m.id: labels.size_unit(m.unit) for m in self.compendium.measures.values()}
        groups: dict[str, list[tuple[str, str]]] = {}
        for measure in self.compendium.measures.values():
            heading = labels.category(measure.category)
            groups.setdefault(heading, []).append((measure.id, measure.label(language)))
        self.measure_choices: list[Any] = [("", _("— choose a measure —"))] + [
            (heading, sorted(members, key=lambda m: m[1].casefold())) for heading, members in groups.items()
        ]
        companies = sorted(
            ((c.id, c.name) for c in submission.companies if c.reported), key=lambda c: c[1].casefold()
        )
        self.company_choices = [("", _("GIA chooses")), *companies]
        for n in rows:
            self._add_row(n)

    def _add_row(self, n: int) -> None:
        self.fields[f"measure_{n}"] = forms.ChoiceField(
            label=_("measure"),
            choices=self.measure_choices,
            required=False,
            widget=MeasureSelect(self.units),
            error_messages={"invalid_choice": _("Choose a measure from the list.")},
        )
        self.fields[f"size_{n}"] = forms.FloatField(
            label=_("size"),
            required=False,
            localize=True,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": _("GIA sizes it")}),
        )
        self.fields[f"company_{n}"] = forms.ChoiceField(
            label=_("company"),
            choices=self.company_choices,
            required=False,
            error_messages={"invalid_choice": _("Choose a company from the list.")},
        )
        self.fields[f"year_{n}"] = forms.IntegerField(
            label=_("first year"),
            required=False,
            widget=forms.NumberInput(
                attrs={"min": self.start + 1, "max": LAST_YEAR, "placeholder": str(self.start + 1)}
            ),
        )

    def position(self, n: int) -> int:
        """The row's number as the page shows it (1, 2, 3 … from the top)."""
        return self.row_numbers.index(n) + 1

    def row_title(self, n: int) -> str:
        """``Measure 2 (Rooftop PV)``: the row as a person sees it."""
        title = _("Measure {number}").format(number=self.position(n))
        chosen = self.data.get(f"measure_{n}") if self.is_bound else None
        if chosen in self.compendium.measures:
            title = f"{title} ({self.compendium.measures[chosen].label(self.language)})"
        return title

    def rows(self) -> list[dict[str, Any]]:
        rows = []
        for n in self.row_numbers:
            chosen = (self.data.get(f"measure_{n}") if self.is_bound else None) or ""
            rows.append(
                {
                    "number": n,
                    "position": self.position(n),
                    "measure": self[f"measure_{n}"],
                    "size": self[f"size_{n}"],
                    "company": self[f"company_{n}"],
                    "year": self[f"year_{n}"],
                    "unit": self.units.get(chosen, ""),
                }
            )
        return rows

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        target = data.get("target_year")
        if target is not None and not self.start < target <= LAST_YEAR:
            self.add_error(
                "target_year",
                _("Enter a year from {first} to {last}.").format(first=self.start + 1, last=LAST_YEAR),
            )
            target = None
        last = target or LAST_YEAR
        for n in self.row_numbers:
            measure = data.get(f"measure_{n}")
            size, year = data.get(f"size_{n}"), data.get(f"year_{n}")
            if not measure:
                if size is not None or year is not None or data.get(f"company_{n}"):
                    self.add_error(
                        f"measure_{n}", _("Choose the measure this row's size, company or year is for.")
                    )
                continue
            if size is not None and not (math.isfinite(size) and size > 0):
                self.add_error(
                    f"size_{n}",
                    _("Enter a size above zero in {unit}, or leave it empty for GIA to size it.").format(
                        unit=self.units[measure]
                    ),
                )
            if year is not None and not self.start < year <= last:
                self.add_error(
                    f"year_{n}",
                    _("Enter a year from {first} to {last}.").format(first=self.start + 1, last=last),
                )
        if not self.errors and not data.get("propose") and not self.choices_in(data):
            self.add_error(None, _("Choose at least one measure, or let GIA propose them."))
        return data

    def choices_in(self, data: dict[str, Any]) -> list[tuple[MeasureChoice, int]]:
        return [
            (
                MeasureChoice(
                    data[f"measure_{n}"],
                    data.get(f"company_{n}") or None,
                    data.get(f"size_{n}"),
                    data.get(f"year_{n}"),
                ),
                n,
            )
            for n in self.row_numbers
            if data.get(f"measure_{n}")
        ]

    def choices(self) -> list[tuple[MeasureChoice, int]]:
        """Every chosen measure with the row it came from."""
        return self.choices_in(self.cleaned_data)

    def error_summary(self) -> list[dict[str, str]]:
        """Every problem of the form, each naming its row and field in words, linking to the field."""
        found = []
        for name, errors in self.errors.items():
            for message in errors:
                if name == "__all__":
                    found.append({"id": "roadmap-form", "text": message})
                    continue
                match = ROW_FIELD.match(name)
                label = str(self.fields[name].label) if name in self.fields else ""
                place = f"{self.row_title(int(match[2]))}, {label}" if match else label
                found.append({"id": self[name].auto_id, "text": f"{place}: {message}"})
        return found


def _refusals(error: GiaInputError, rows: list[int]) -> list[tuple[str | None, str]]:
    """The core's refusal as (form field, message): ``measures[i]`` is the i-th chosen row (its
    measure, size or company field), ``target_year`` the last year; anything else the form's."""
    found: list[tuple[str | None, str]] = []
    for place, message in error.problems:
        where = re.fullmatch(r"measures\[(\d+)\](?:\.(\w+))?", place or "")
        if place == "target_year":
            found.append(("target_year", message))
        elif where is not None and int(where[1]) < len(rows):
            part = where[2] if where[2] in ("size", "company", "year") else "measure"
            found.append((f"{part}_{rows[int(where[1])]}", message))
        else:
            found.append((None, message))
    return found


@rule("toolbox.roadmap", about="area")
def roadmap(request: HttpRequest, area: Area, year: int) -> HttpResponse:
    """The area's roadmap from the latest submitted version of ``year``: the form, computed by a job
    (every projected year is an assessment), its result shown here when the job is done."""
    if not 1990 <= year <= 2100:
        raise Http404
    version: SubmissionVersion | None = latest_version(area, year)
    context: dict[str, Any] = {"area": area, "year": year, "version": version}
    if version is None:
        return render(request, "gia/toolbox_roadmap.html", context, status=404)
    language = _language()
    submission = parse_submission(version.document, f"{area.slug} {year} v{version.number}")
    data = request.GET or None
    rows = None
    if data is not None and ("add" in data or "remove" in data):  # rows changed without JavaScript
        form = RoadmapForm(data, submission=submission, language=language)
        rows = list(form.row_numbers)
        removed = _int(data.get("remove"))
        if removed in rows and len(rows) > 1:
            rows.remove(removed)
        if "add" in data and len(rows) < MAX_ROWS:
            rows.append(max(rows, default=0) + 1)
        form = RoadmapForm(data, submission=submission, language=language, rows=rows)
        context.update({"form": form, "submission": submission, "max_rows": MAX_ROWS})
        return render(request, "gia/toolbox_roadmap.html", context)
    form = RoadmapForm(data, submission=submission, language=language)
    context.update({"form": form, "submission": submission, "max_rows": MAX_ROWS})
    if data is not None and "job" in data:
        return _roadmap_job(request, area, year, context)
    if not form.is_bound:
        return render(request, "gia/toolbox_roadmap.html", context)
    if not form.is_valid():
        return render(request, "gia/toolbox_roadmap.html", context, status=400)
    chosen = form.choices()
    params = {
        "version": version.pk,
        "query": data.urlencode(),
        "choices": [[asdict(choice), row] for choice, row in chosen],
        "propose": bool(form.cleaned_data["propose"]),
        "target_year": form.cleaned_data["target_year"],
    }
    params = json.loads(json.dumps(params, default=float))  # sizes typed as decimals: numbers in JSON
    job = do_ask(request.user, Job.Kind.ROADMAP, params, area=area, year=year, language=language)
    if job.open:
        return redirect("job", job=job.pk)
    return redirect(roadmap_url(job))


def roadmap_url(job: Job) -> str:
    """The roadmap page with the job's form filled in and its result (or its refusal at the fields)."""
    assert job.area is not None
    query = QueryDict(job.params.get("query", ""), mutable=True)
    query["job"] = str(job.pk)
    return f"{reverse('toolbox_roadmap', kwargs={'area': job.area.slug, 'year': job.year})}?{query.urlencode()}"


def _roadmap_job(request: HttpRequest, area: Area, year: int, context: dict[str, Any]) -> HttpResponse:
    """The roadmap a job computed: the form as it was asked, and the stored result or the refusal."""
    try:
        job = Job.objects.get(pk=request.GET["job"], actor=request.user, kind=Job.Kind.ROADMAP, area=area, year=year)
    except (Job.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    if job.open:
        return redirect("job", job=job.pk)
    submission = context["submission"]
    data = request.GET.copy()
    data.pop("job")
    form = RoadmapForm(data, submission=submission, language=_language())
    context["form"] = form
    form.is_valid()
    if job.state == Job.State.DONE:
        context["stored_result"] = mark_safe(files.read(job.result["html"]).decode())  # rendered by the job
        context["job"] = job
        return render(request, "gia/toolbox_roadmap.html", context)
    error = job.error or {}
    problems = [(str(place), str(message)) for place, message in error.get("problems", [])]
    if not problems:
        problems = [("", error.get("title", ""))]
    rows = [row for _choice, row in form.choices()] if form.is_valid() else []
    for field, message in _refusals(GiaInputError("roadmap", problems), rows):
        form.add_error(field if field in form.fields else None, message)
    return render(request, "gia/toolbox_roadmap.html", context, status=400)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- hybrid plant --------------------------------------------------------------------------------


def _decimal_field(
    label: Any, low: float, high: float, initial: float | None = None, **more: Any
) -> forms.FloatField:
    """A number typed as the reader writes it (``1,5`` in Polish or German), checked against its range."""
    return forms.FloatField(
        label=label,
        min_value=low,
        max_value=high,
        initial=initial,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        **more,
    )


class HybridForm(forms.Form):
    location = forms.ChoiceField(label=gettext_lazy("place (its typical weather year)"))
    profile = forms.ChoiceField(label=gettext_lazy("load profile of the sector"), required=False)
    annual_kwh = _decimal_field(gettext_lazy("yearly electricity use [kWh]"), 1, 1e11, required=False)
    load_file = forms.FileField(
        label=gettext_lazy("or an hourly load as a CSV file [kWh per hour]"),
        required=False,
        help_text=gettext_lazy(
            "8 760 values (8 784 in a leap year) in the last column, one per hour; a header row and a "
            "timestamp column are allowed. Used instead of the sector profile; it is read and not kept."
        ),
    )
    tilt = forms.IntegerField(
        label=gettext_lazy("tilt of the solar modules [°]"), min_value=0, max_value=90, initial=35
    )
    azimuth = forms.IntegerField(
        label=gettext_lazy("direction the solar modules face [°]"),
        min_value=0,
        max_value=360,
        initial=180,
        help_text=gettext_lazy("Clockwise from north: 90 = east, 180 = south, 270 = west."),
    )
    pv_kwp = _decimal_field(gettext_lazy("solar PV capacity [kWp]"), 0, 1e7, 0)
    wind_kw = _decimal_field(gettext_lazy("wind turbine capacity [kW]"), 0, 1e7, 0)
    battery_kwh = _decimal_field(gettext_lazy("battery capacity [kWh]"), 0, 1e7, 0)
    export_limit_kw = _decimal_field(
        gettext_lazy("most the grid takes from the plant [kW]"),
        0,
        1e7,
        required=False,
        help_text=gettext_lazy("Empty: no limit. Surplus beyond the limit is curtailed."),
    )
    week = forms.IntegerField(
        label=gettext_lazy("week shown hour by hour (1–52)"), min_value=1, max_value=52, initial=24
    )
    sweep = forms.BooleanField(
        label=gettext_lazy(
            "try 100 plant sizes and find the cheapest that reaches the target carbon-free score"
        ),
        required=False,
    )
    target_cfe = _decimal_field(
        gettext_lazy("target hourly carbon-free electricity score [%]"),
        0,
        100,
        80,
        help_text=gettext_lazy(
            "The share of the load met hour by hour by the plant and the grid's carbon-free part (EN-04)."
        ),
    )

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        countries = dict(COUNTRIES)
        self.fields["location"].choices = [
            (key, f"{place.name} ({countries.get(place.country, place.country)})")
            for key, place in hybrid.locations().items()
        ]
        self.fields["location"].initial = "gdansk"
        self.fields["profile"].choices = [("", _("—"))] + [
            (key, shape.name.get(language, shape.name.get("en", key)))
            for key, shape in hybrid.load_profiles().profiles.items()
        ]

    def clean_load_file(self) -> Any:
        upload = self.cleaned_data.get("load_file")
        limit = settings.GIA_MAX_UPLOAD_BYTES
        if upload is not None and upload.size > limit:
            raise forms.ValidationError(
                _("the file is {size} MB; files up to {limit} MB are accepted").format(
                    size=round(upload.size / 1e6, 1), limit=round(limit / 1e6)
                )
            )
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("load_file") is None and "load_file" not in self.errors:
            if not data.get("profile"):
                self.add_error("profile", _("choose a sector profile, or upload an hourly load"))
            if data.get("annual_kwh") is None and "annual_kwh" not in self.errors:
                self.add_error("annual_kwh", _("give the yearly electricity use for the sector profile"))
        return data


def _hybrid_refusal(form: HybridForm, error: GiaInputError) -> None:
    """The core's refusal beside the form's fields (an uploaded file's problem: at the file's field)."""
    for place_name, message in error.problems:
        if error.source in form.fields:  # the uploaded file: the place is a line of it
            form.add_error(error.source, f"{place_name}: {message}" if place_name else message)
        elif place_name in form.fields:
            form.add_error(place_name, message)
        else:
            form.add_error(
                None,
                f"{error.source}: {place_name}: {message}" if place_name else f"{error.source}: {message}",
            )


def _hybrid_job(request: HttpRequest, language: str) -> HttpResponse:
    """A plant a job computed: the form as it was asked, and the stored result or the refusal."""
    try:
        job = Job.objects.get(pk=request.GET["job"], actor=request.user, kind=Job.Kind.HYBRID)
    except (Job.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    if job.open:
        return redirect("job", job=job.pk)
    form = HybridForm(job.params["data"], language=language)
    form.is_valid()
    context: dict[str, Any] = {"form": form, "job": job}
    if job.state == Job.State.DONE:
        context["stored_result"] = mark_safe(files.read(job.result["html"]).decode())  # rendered by the job
        return render(request, "gia/toolbox_hybrid.html", context)
    error = job.error or {}
    problems = [(str(p), str(m)) for p, m in error.get("problems", [])] or [("", error.get("title", ""))]
    _hybrid_refusal(form, GiaInputError(error.get("source") or _("hybrid plant"), problems))
    return render(request, "gia/toolbox_hybrid.html", context, status=400)


@rule(SIGNED_IN)
def hybrid_plant(request: HttpRequest) -> HttpResponse:
    """Size a PV + wind + battery plant for a sector profile or an uploaded hourly load."""
    language = _language()
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = HybridForm(data, request.FILES or None, language=language)
    context: dict[str, Any] = {"form": form}
    if request.method == "GET" and "job" in request.GET:
        return _hybrid_job(request, language)
    if not form.is_bound:
        return render(request, "gia/toolbox_hybrid.html", context)
    if not form.is_valid():
        return render(request, "gia/toolbox_hybrid.html", context, status=400)
    d = form.cleaned_data
    stored = None
    if d["load_file"] is not None:  # kept for the job in the file store, dropped once it is read
        stored = f"uploads/hybrid/{uuid.uuid4().hex}.csv"
        files.save(stored, d["load_file"])
    cleaned = {k: v for k, v in d.items() if k != "load_file"}
    params = {
        "data": {k: v for k, v in data.items() if k != "csrfmiddlewaretoken"},
        "cleaned": json.loads(json.dumps(cleaned, default=float)),
        "load_file": stored,
        "load_name": d["load_file"].name if d["load_file"] is not None else None,
    }
    job = do_ask(request.user, Job.Kind.HYBRID, params, language=language)
    if job.open:
        return redirect("job", job=job.pk)
    return redirect(hybrid_url(job))


def hybrid_url(job: Job) -> str:
    return f"{reverse('toolbox_hybrid')}?job={job.pk}"
