"""Industrial symbiosis: a company's offers and needs, the area's board, the manager's suggested
matches (introduce, record as exchange) and the network of a submitted year.

Everything a person reads is in words (categories, units, water qualities, kinds of exchange, months)
in the page's language, with numbers in the reader's format; distances are measured between the
companies' own sites and said to be unknown where a company has no coordinates.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from babel.numbers import format_decimal
from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dates import MONTHS
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gia import i18n
from gia.dataset.io import submission_from_data
from gia.errors import GiaInputError
from gia.symbiosis.flows import WATER_QUALITY_ORDER
from gia.symbiosis.labels import category_label, group_label, unit_label, water_quality_label
from gia.symbiosis.matching import Match, load_table
from gia.symbiosis.network import network_metrics, network_svg
from gia.web import files, symbiosis_matches
from gia.web.actions import ActionError
from gia.web.actions.jobs import do_ask
from gia.web.actions.submissions import current_document, latest_version
from gia.web.actions.symbiosis import (
    contributor_emails,
    do_introduce,
    do_post_flow,
    do_record_exchange,
    do_withdraw_flow,
    visible_flows,
)
from gia.web.models import Area, Company, FlowKind, Introduction, Job, SubmissionVersion, SymbiosisFlow
from gia.web.permissions import can
from gia.web.views.common import problems, rule

UNITS = ["t", "kWh", "m3"]
EXCHANGE_KIND_CHOICES = [
    ("material", gettext_lazy("material")),
    ("energy", gettext_lazy("energy")),
    ("water", gettext_lazy("water")),
    ("infrastructure", gettext_lazy("infrastructure")),
]
#: the kind of exchange a match becomes, by the substitution table's rule
EXCHANGE_KIND_OF_RULE = {"material": "material", "heat": "energy", "water": "water"}


def _unit_choices() -> list[tuple[str, str]]:
    return [(unit, unit_label(unit)) for unit in UNITS]


def category_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every category of the substitution table in words, grouped (materials, heat, water …)."""
    groups: dict[str, dict[str, str]] = {}
    for row in load_table().substitutions:
        heading = group_label(row.rule, row.unit)
        for category in (row.offer_category, row.need_category):
            groups.setdefault(heading, {})[category] = category_label(category)
    return [
        (heading, sorted(members.items(), key=lambda item: item[1].casefold()))
        for heading, members in sorted(groups.items(), key=lambda item: item[0].casefold())
    ]


def _sides() -> dict[str, set[str]]:
    rows = load_table().substitutions
    return {
        FlowKind.OFFER: {r.offer_category for r in rows},
        FlowKind.NEED: {r.need_category for r in rows},
    }


class FlowForm(forms.Form):
    """An offer or a need; it is placed at the company's site (its coordinates on the company page)."""

    kind = forms.ChoiceField(label=gettext_lazy("offer or need"), choices=[("", "—"), *FlowKind.choices])
    category = forms.ChoiceField(label=gettext_lazy("material, energy, water or space"))
    ewc = forms.RegexField(
        label=gettext_lazy("EWC code of a residue"),
        regex=r"^\d{2} \d{2} \d{2}\*?$",
        required=False,
        help_text=gettext_lazy("From the European Waste Catalogue, e.g. 10 01 05; only for a residue."),
        error_messages={"invalid": gettext_lazy("Write the code as three pairs of digits, e.g. 10 01 05.")},
    )
    quantity_per_year = forms.FloatField(
        label=gettext_lazy("quantity a year"),
        min_value=0.000001,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    unit = forms.ChoiceField(label=gettext_lazy("unit"), choices=_unit_choices)
    months = forms.MultipleChoiceField(
        label=gettext_lazy("months available or needed"),
        choices=[(str(number), name) for number, name in MONTHS.items()],
        widget=forms.CheckboxSelectMultiple,
    )
    temperature_c = forms.FloatField(
        label=gettext_lazy("temperature [°C]"),
        required=False,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=gettext_lazy("Heat: the supply temperature of an offer, the temperature a need requires."),
    )
    water_quality = forms.ChoiceField(label=gettext_lazy("water quality"), required=False)
    price_eur_per_unit = forms.FloatField(
        label=gettext_lazy("price [EUR per unit]"),
        required=False,
        min_value=0,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    share_across_areas = forms.BooleanField(
        label=gettext_lazy("visible to other areas"),
        required=False,
        help_text=gettext_lazy(
            "shown on the boards of other areas too (only this flow and the company's name)"
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—"), *category_choices()]
        self.fields["water_quality"].choices = [
            ("", "—"),
            *((q, water_quality_label(q)) for q in WATER_QUALITY_ORDER),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind, category = data.get("kind"), data.get("category")
        if kind and category and category not in _sides()[kind]:
            other = [category_label(c) for c in sorted(_sides()[kind])]
            self.add_error(
                "category",
                (
                    _("{category} is only matched as a need; offers are, for example: {examples}")
                    if kind == FlowKind.OFFER
                    else _("{category} is only matched as an offer; needs are, for example: {examples}")
                ).format(category=category_label(category), examples=", ".join(other[:6])),
            )
        return data


class ExchangeForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("reporting year"), min_value=1990, max_value=2100)
    supplier = forms.ModelChoiceField(
        label=gettext_lazy("supplier"), queryset=Company.objects.none(), to_field_name="slug"
    )
    receiver = forms.ModelChoiceField(
        label=gettext_lazy("receiver"), queryset=Company.objects.none(), to_field_name="slug"
    )
    kind = forms.ChoiceField(label=gettext_lazy("kind"), choices=EXCHANGE_KIND_CHOICES)
    description = forms.CharField(label=gettext_lazy("description"), max_length=200)
    quantity = forms.FloatField(
        label=gettext_lazy("quantity a year"),
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    unit = forms.ChoiceField(label=gettext_lazy("unit"), choices=_unit_choices)
    ewc = forms.RegexField(
        label=gettext_lazy("EWC code of the residue (materials)"),
        regex=r"^\d{2} \d{2} \d{2}\*?$",
        required=False,
        help_text=gettext_lazy(
            "The supplier's waste stream with this code is marked as used by the receiver (CE-02)."
        ),
        error_messages={"invalid": gettext_lazy("Write the code as three pairs of digits, e.g. 10 01 05.")},
    )

    def __init__(self, *args: Any, area: Area, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = area.companies.order_by("name")
        self.fields["receiver"].queryset = area.companies.order_by("name")


def _field_of(place: str, form: forms.Form) -> str | None:
    """``location.latitude`` → ``latitude``, ``months[2]`` → ``months``, ``amount.value`` → ``quantity``."""
    name = place.split("[")[0]
    name = {"amount": "quantity", "amount.value": "quantity", "amount.unit": "unit"}.get(name, name)
    name = name.removeprefix("location.")
    return name if name in form.fields else None


def _refuse(form: forms.Form, error: Exception) -> None:
    """Put each problem of a refused action beside its field (or above the form)."""
    found = error.problems if isinstance(error, GiaInputError) else problems(error)
    for place, message in found:
        form.add_error(_field_of(place, form), message)


def _year(year: int) -> int:
    if not 1990 <= year <= 2100:
        raise Http404
    return year


# --- words and numbers for people ----------------------------------------------------------------


def _decimal(value: float) -> str:
    """A number with up to three decimals in the reader's format (prices: ``0,035``)."""
    return format_decimal(value, format="#,##0.###", locale=i18n.language())


def amount(value: float | None, unit: str) -> str:
    """``9500, "t"`` → ``9,500 t``; ``4000, "m3"`` → ``4,000 m³`` (the reader's number format)."""
    if value is None:
        return "—"
    pattern = "#,##0" if abs(float(value)) >= 100 else "#,##0.##"
    return f"{format_decimal(float(value), format=pattern, locale=i18n.language())} {unit_label(unit)}"


def months_text(months: list[int]) -> str:
    """``[1..12]`` → ``all year``; ``[1, 2, 3, 9, 10]`` → ``January–March, September–October``."""
    if len(set(months)) >= 12:
        return _("all year")
    # month names are common nouns in Polish (lower case in running text), proper nouns in English
    name = {m: (str(MONTHS[m]).lower() if i18n.language() == "pl" else str(MONTHS[m])) for m in MONTHS}
    runs: list[list[int]] = []
    for month in sorted(set(months)):
        if runs and month == runs[-1][-1] + 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    return ", ".join(name[run[0]] if len(run) == 1 else f"{name[run[0]]}–{name[run[-1]]}" for run in runs)


def distance_text(match: Match) -> str:
    """``1.2 km`` by road between the two sites, or ``distance unknown``."""
    if not match.distance_known:
        return _("distance unknown")
    return _("{km} km").format(km=i18n.number(match.road_km, 1))


def _flow_view(flow: SymbiosisFlow, area: Area) -> dict[str, Any]:
    """What a board shows of a flow: its own fields and the company's name, nothing else."""
    unit = flow.field("unit") or ""
    price = flow.field("price_eur_per_unit")
    temperature = flow.field("temperature_c")
    return {
        "pk": flow.pk,
        "kind": flow.kind,
        "company": flow.company.name,
        "company_located": flow.company.located,
        "area": None if flow.area_id == area.pk else flow.area.name,
        "category": flow.category,
        "label": category_label(flow.category),
        "ewc": flow.field("ewc"),
        "quantity": flow.field("quantity_per_year"),
        "unit": unit,
        "amount": amount(flow.field("quantity_per_year"), unit),
        "months": months_text(flow.field("months") or list(range(1, 13))),
        "temperature": None if temperature is None else f"{_decimal(temperature)} °C",
        "water_quality": None
        if flow.field("water_quality") is None
        else water_quality_label(flow.field("water_quality")),
        "price": None
        if price is None
        else _("{price} EUR per {unit}").format(price=_decimal(price), unit=unit_label(unit)),
        "shared": flow.visible_across_areas,
        "active": flow.active,
    }


def map_points(flows: list[SymbiosisFlow], area: Area) -> tuple[list[dict[str, Any]], list[str]]:
    """One marker per company at its own site (offers and needs it has on the board), and the names
    of the companies without coordinates (no marker: they are listed beside the map)."""
    points: dict[int, dict[str, Any]] = {}
    unplaced: dict[int, str] = {}
    for flow in flows:
        company = flow.company
        if not company.located:
            unplaced[company.pk] = company.name
            continue
        point = points.setdefault(
            company.pk,
            {
                "name": company.name if flow.area_id == area.pk else f"{company.name} ({flow.area.name})",
                "latitude": company.latitude,
                "longitude": company.longitude,
                "own": flow.area_id == area.pk,
                "offers": [],
                "needs": [],
            },
        )
        point["offers" if flow.kind == FlowKind.OFFER else "needs"].append(category_label(flow.category))
    return list(points.values()), sorted(unplaced.values())


@rule("symbiosis.board", about="area")
def board(request: HttpRequest, area: Area) -> HttpResponse:
    rows = list(visible_flows(area))
    flows = sorted(
        (_flow_view(flow, area) for flow in rows),
        key=lambda f: (f["label"].casefold(), f["company"], f["pk"]),
    )
    user = request.user
    years = sorted(
        set(SubmissionVersion.objects.filter(area=area).values_list("year", flat=True)), reverse=True
    )
    points, unplaced = map_points(rows, area)
    return render(
        request,
        "gia/symbiosis_board.html",
        {
            "area": area,
            "offers": [f for f in flows if f["kind"] == FlowKind.OFFER],
            "needs": [f for f in flows if f["kind"] == FlowKind.NEED],
            "own_companies": [c for c in area.companies.order_by("name") if can(user, "symbiosis.post", c)],
            "years": years if can(user, "symbiosis.network", area) else [],
            "may_match": can(user, "symbiosis.match", area),
            "points": points,
            "unplaced": unplaced,
            "may_edit_companies": can(user, "area.edit", area),
        },
    )


@rule("symbiosis.post", about="company")
def flows(request: HttpRequest, area: Area, company: Company) -> HttpResponse:
    initial = {"months": [str(m) for m in range(1, 13)]}
    form = FlowForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            do_post_flow(request.user, company, form.cleaned_data)
        except (GiaInputError, ActionError) as error:
            _refuse(form, error)
        else:
            messages.success(request, _("Posted. The area's board shows it now."))
            return redirect("symbiosis_flows", area=area.slug, company=company.slug)
    return render(
        request,
        "gia/symbiosis_flows.html",
        {
            "area": area,
            "company": company,
            "form": form,
            "flows": [
                _flow_view(flow, area)
                for flow in company.symbiosis_flows.select_related("area", "company").order_by(
                    "-active", "kind", "category", "pk"
                )
            ],
            "may_edit_company": can(request.user, "company.edit", company),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@rule("symbiosis.post", about="company")
def withdraw(request: HttpRequest, area: Area, company: Company, flow: int) -> HttpResponse:
    row = get_object_or_404(SymbiosisFlow, pk=flow, company=company)
    try:
        do_withdraw_flow(request.user, row)
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Withdrawn: the board no longer shows it."))
    return redirect("symbiosis_flows", area=area.slug, company=company.slug)


def _match_view(
    match: Match, rows: dict[str, SymbiosisFlow], area: Area, introduced: dict[tuple[int, int], Introduction]
) -> dict[str, Any]:
    offer, need = rows[match.offer.id], rows[match.need.id]
    savings = match.savings
    avoided, transport = savings.inputs
    same_area = offer.area_id == need.area_id == area.pk
    return {
        "offer": _flow_view(offer, area),
        "need": _flow_view(need, area),
        "score": match.score,
        "reasons": match.explain(with_note=False),
        "distance": distance_text(match),
        "distance_known": match.distance_known,
        "exchanged": match.exchanged,
        "exchanged_text": amount(match.exchanged, match.need.unit),
        "exchanged_input": format_decimal(
            round(match.exchanged) if match.exchanged >= 100 else round(match.exchanged, 3),
            format="0.###",
            locale=i18n.language(),
        ),
        "unit": match.need.unit,
        "unit_label": unit_label(match.need.unit),
        "net_kg": savings.value,
        "avoided_kg": avoided.value,
        "transport_kg": transport.value,
        "money_eur": match.money_eur,
        "same_area": same_area,
        "exchange_kind": EXCHANGE_KIND_OF_RULE.get(match.row.rule, "material"),
        "description": f"{category_label(offer.category)} → {category_label(need.category)}",
        "supplier": offer.company.slug,
        "receiver": need.company.slug,
        "introduced": introduced.get((offer.pk, need.pk)),
        "line": [
            [match.offer.location.latitude, match.offer.location.longitude],
            [match.need.location.latitude, match.need.location.longitude],
        ]
        if match.distance_known
        else None,
    }


def suggested_matches(area: Area, found: list[Match]) -> list[dict[str, Any]]:
    """The matches this area takes part in (kept by the matching job), as the page lists them."""
    rows = {flow.core_id: flow for flow in visible_flows(area)}
    introduced = {(i.offer_id, i.need_id): i for i in Introduction.objects.filter(area=area)}
    return [_match_view(m, rows, area, introduced) for m in found if m.offer.id in rows and m.need.id in rows]


def _introduction_view(introduction: Introduction) -> dict[str, Any]:
    return {
        "created": introduction.created,
        "offer_company": introduction.offer.company.name,
        "offer": category_label(introduction.offer.category),
        "need_company": introduction.need.company.name,
        "need": category_label(introduction.need.category),
        "note": introduction.note,
        "by": introduction.introduced_by.get_full_name() or introduction.introduced_by.get_username(),
    }


@rule("symbiosis.match", about="area")
def matches(request: HttpRequest, area: Area) -> HttpResponse:
    """The area's suggested matches: kept by a matching job while nothing they come from has changed;
    else a job is asked for, and the page shows its progress until they are there."""
    rows = list(visible_flows(area))
    name, print_ = symbiosis_matches.kept_name(area)
    job = None
    if not files.exists(name):
        job = do_ask(request.user, Job.Kind.MATCH, {"fingerprint": print_}, area=area, language=request.LANGUAGE_CODE)
        if job.state == Job.State.DONE:
            name, job = job.result["matches"], None
    found = suggested_matches(area, symbiosis_matches.load(name)) if job is None else []
    involved = {m["offer"]["pk"] for m in found} | {m["need"]["pk"] for m in found}
    points, unplaced = map_points([row for row in rows if row.pk in involved], area)
    return render(
        request,
        "gia/symbiosis_matches.html",
        {
            "area": area,
            "matches": found,
            "introductions": [
                _introduction_view(i)
                for i in Introduction.objects.filter(area=area).select_related(
                    "offer__company", "need__company", "introduced_by"
                )[:50]
            ],
            "may_introduce": can(request.user, "symbiosis.introduce", area),
            "may_record": can(request.user, "exchange.record", area),
            "default_year": dt.date.today().year - 1,
            "points": points,
            "lines": [m["line"] for m in found if m["line"]],
            "unplaced": unplaced,
            "job": job,
            "step": _(job.step) if job is not None and job.step else _("Waiting for a worker"),
        },
    )


@require_POST
@rule("symbiosis.introduce", about="area")
def introduce(request: HttpRequest, area: Area) -> HttpResponse:
    visible = visible_flows(area)
    offer = visible.filter(pk=_int(request.POST.get("offer"))).first()
    need = visible.filter(pk=_int(request.POST.get("need"))).first()
    try:
        if offer is None or need is None:
            raise ActionError(
                _("Choose an offer and a need from the suggested matches."),
                "offer" if offer is None else "need",
            )
        do_introduce(request.user, area, offer, need, request.POST.get("note", ""))
    except ActionError as error:
        return render(
            request,
            "gia/refused.html",
            {
                "problems": [(place, message, "") for place, message in problems(error)],
                "back": redirect("symbiosis_matches", area=area.slug).url,
                "title": _("The companies cannot be introduced; nothing was saved."),
            },
            status=400,
        )
    missing = [flow.company.name for flow in (offer, need) if not contributor_emails(flow.company)]
    messages.success(
        request,
        _("{offer} and {need} are introduced; their contributors receive an e-mail.").format(
            offer=offer.company.name, need=need.company.name
        ),
    )
    if missing:
        messages.warning(
            request,
            _("Nobody contributes for {companies} on GIA yet: contact them directly.").format(
                companies=", ".join(missing)
            ),
        )
    return redirect("symbiosis_matches", area=area.slug)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _initial_exchange(request: HttpRequest, area: Area) -> dict[str, Any]:
    """A form filled in from a suggested match (``?offer=…&need=…``)."""
    initial: dict[str, Any] = {"year": dt.date.today().year - 1}
    offer_id, need_id = _int(request.GET.get("offer")), _int(request.GET.get("need"))
    if offer_id is None or need_id is None:
        return initial
    name, _print = symbiosis_matches.kept_name(area)
    if not files.exists(name):  # not kept (a flow changed since): found here, as the form needs them
        name = symbiosis_matches.compute(area)
    for match in suggested_matches(area, symbiosis_matches.load(name)):
        if match["offer"]["pk"] == offer_id and match["need"]["pk"] == need_id and match["same_area"]:
            initial.update(
                supplier=match["supplier"],
                receiver=match["receiver"],
                kind=match["exchange_kind"],
                description=match["description"],
                quantity=round(match["exchanged"], 3),
                unit=match["unit"],
                ewc=match["offer"].get("ewc") or "",
            )
    return initial


@rule("exchange.record", about="area")
def record_exchange(request: HttpRequest, area: Area) -> HttpResponse:
    form = ExchangeForm(request.POST or None, area=area, initial=_initial_exchange(request, area))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recorded = do_record_exchange(
                request.user,
                area,
                data["year"],
                data["supplier"],
                data["receiver"],
                data["kind"],
                data["description"],
                {"value": data["quantity"], "unit": data["unit"]},
                data.get("ewc") or None,
            )
        except (GiaInputError, ActionError) as error:
            _refuse(form, error)
        else:
            for note in recorded["notes"]:
                messages.warning(request, note)
            messages.success(
                request,
                _("The exchange is in the data for {year}; the next submission counts it.").format(
                    year=data["year"]
                ),
            )
            return redirect("symbiosis_network", area=area.slug, year=data["year"])
    return render(
        request,
        "gia/symbiosis_exchange.html",
        {"area": area, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _exchange_view(supplier: str, receiver: str, exchange: Any) -> dict[str, Any]:
    """An exchange of the year's data in words (a validated Exchange or its stored dict)."""
    get = exchange.get if isinstance(exchange, dict) else lambda name: getattr(exchange, name, None)
    kind = get("kind")
    quantity = get("amount")
    if quantity is not None and not isinstance(quantity, dict):
        quantity = {"value": quantity.value, "unit": quantity.unit}
    kinds = dict(EXCHANGE_KIND_CHOICES)
    return {
        "supplier": supplier,
        "receiver": receiver,
        "description": get("description"),
        "kind": kinds.get(kind, kind),
        "amount": None if not quantity else amount(quantity.get("value"), quantity.get("unit", "")),
        "active": get("active") is not False,
    }


@rule("symbiosis.network", about="area")
def network(request: HttpRequest, area: Area, year: int) -> HttpResponse:
    year = _year(year)
    version = latest_version(area, year)
    context: dict[str, Any] = {"area": area, "year": year, "version": version}
    if version is not None:
        submission = submission_from_data(version.data(), f"{area.slug} {year} v{version.number}")
        names = {c.id: c.name for c in submission.companies}
        context.update(
            metrics=network_metrics(submission),
            svg=mark_safe(network_svg(submission)),  # our own SVG: company names are escaped in it
            exchanges=[
                _exchange_view(names.get(e.supplier, e.supplier), names.get(e.receiver, e.receiver), e)
                for e in submission.exchanges
            ],
        )
    if can(request.user, "exchange.record", area):
        document = current_document(area, year)
        names = {c["id"]: c.get("name", c["id"]) for c in document.get("companies", [])}
        submitted = version.data().get("exchanges", []) if version is not None else []
        context["pending"] = [
            _exchange_view(
                names.get(e.get("supplier"), e.get("supplier")),
                names.get(e.get("receiver"), e.get("receiver")),
                e,
            )
            for e in document.get("exchanges") or []
            if e not in submitted
        ]
    return render(request, "gia/symbiosis_network.html", context)
