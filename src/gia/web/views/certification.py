"""The certification workflow's pages: apply, check, audit, recommend, decide; certificates after it;
public verification. Each POST calls one action; a refused step says why and changes nothing; a step
that cannot be undone (refuse, withdraw, suspend) first shows a page saying what it will do."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from gia import i18n
from gia.assessment.overrides import (
    AuditorValueError,
    entry_for,
    entry_unit,
    format_entry,
    parse_auditor_value,
    shown_value,
)
from gia.assessment.registry import registry as indicator_registry
from gia.errors import GiaInputError
from gia.standard.loader import load_standard
from gia.web import files
from gia.web.actions import ActionError, certificates
from gia.web.actions import certification as workflow
from gia.web.actions.certification import OPEN_STATES
from gia.web.actions.submissions import assessment_summary
from gia.web.models import (
    Application,
    Area,
    AssessmentRecord,
    Certificate,
    CriterionReview,
    Evidence,
    Finding,
    Role,
    SubmissionVersion,
)
from gia.web.models.areas import COUNTRIES
from gia.web.permissions import PUBLIC, can
from gia.web.views.common import rule
from gia.web.views.public import level_names, public_name

State = Application.State


def _back(application: Application, anchor: str = "") -> HttpResponse:
    url = reverse("application_detail", kwargs={"application": application.pk})
    return redirect(f"{url}#{anchor}" if anchor else url)


def _run(request: HttpRequest, step: Callable[[], Any], done: str, back: HttpResponse) -> HttpResponse:
    """Run one action; say what happened, or why nothing happened."""
    try:
        step()
    except ActionError as error:
        messages.error(request, f"{error.place}: {error.message}" if error.place else error.message)
    except GiaInputError as error:
        for place, message in error.problems:
            messages.error(
                request, f"{error.source}: {place}: {message}" if place else f"{error.source}: {message}"
            )
    else:
        messages.success(request, done)
    return back


def _confirmed(request: HttpRequest) -> bool:
    """A dangerous step runs only when its confirmation page was answered (``confirm=yes``)."""
    return request.method == "POST" and request.POST.get("confirm") == "yes"


def _confirm_page(
    request: HttpRequest,
    *,
    title: str,
    consequences: list[str],
    button: str,
    cancel: str,
    hidden: dict[str, str] | None = None,
    reason: dict[str, str] | None = None,
    items: list[str] | None = None,
    multi: dict[str, list[str]] | None = None,
    error: str = "",
    danger: bool = True,
) -> HttpResponse:
    """The page that says what a step will do before it is done; its form posts ``confirm=yes`` to the
    same address. ``reason`` asks for a text (``name``, ``label``, ``value``) the step needs."""
    return render(
        request,
        "gia/application_confirm.html",
        {
            "title": title,
            "consequences": consequences,
            "button": button,
            "cancel": cancel,
            "hidden": hidden or {},
            "multi": [(name, value) for name, values in (multi or {}).items() for value in values],
            "reason": reason,
            "items": items or [],
            "error": error,
            "danger": danger,
            "action": request.path,
        },
        status=400 if error else 200,
    )


# --- words for states, dates and what waits for whom -------------------------------------------------


def _summary(version: SubmissionVersion, language: str) -> dict[str, Any]:
    """The version's assessment in the reader's language (English when not stored in it)."""
    record = AssessmentRecord.objects.of(version, language)
    return record.summary_in(language)


def _profile_name(code: str, language: str) -> str:
    try:
        return load_standard().profile(code).name.get(language)
    except GiaInputError:
        return code


def _auditor_name(user: User | None) -> str:
    return "" if user is None else (user.get_full_name() or user.username)


OPERATOR_WORDS = {
    ">=": gettext_lazy("at least {value}"),
    ">": gettext_lazy("more than {value}"),
    "<=": gettext_lazy("at most {value}"),
    "<": gettext_lazy("less than {value}"),
    "==": gettext_lazy("exactly {value}"),
}


def _indicator_unit(indicator: str, fallback: str) -> str:
    found = indicator_registry().get(indicator)
    return found.unit if found else fallback


def gate_needs(condition: dict[str, Any], unit: str) -> str:
    """What a gate's condition asks for, in words: ``at least 50 %``, ``yes``."""
    unit = _indicator_unit(condition["indicator"], unit)
    if unit == "yes/no":
        return _("yes") if condition["threshold"] >= 1 else _("no")
    return str(OPERATOR_WORDS.get(condition["operator"], "{value}")).format(
        value=shown_value(condition["threshold"], unit)
    )


def failed_gate_lines(summary: dict[str, Any]) -> list[str]:
    """Each failed gate in words: ``EN-01 Renewable electricity supply: 13 % — needs at least 50 %``."""
    lines = []
    for criterion in summary["criteria"]:
        if criterion.get("gate_passed") is not False:
            continue
        for condition in criterion.get("gate", []):
            if condition.get("passed"):
                continue
            unit = _indicator_unit(condition["indicator"], criterion["unit"])
            if condition.get("value") is None:
                lines.append(
                    _("{id} {name}: no data — needs {needs}").format(
                        id=criterion["id"], name=criterion["name"], needs=gate_needs(condition, unit)
                    )
                )
            else:
                lines.append(
                    _("{id} {name}: {value} — needs {needs}").format(
                        id=criterion["id"],
                        name=criterion["name"],
                        value=i18n.value(condition["value"], unit),
                        needs=gate_needs(condition, unit),
                    )
                )
    return lines


def review_progress(application: Application, total: int | None = None) -> dict[str, int]:
    """How far the audit is: criteria accepted, overridden, waiting for evidence, not reviewed."""
    if total is None:
        total = len(assessment_summary(application.version)["criteria"])
    verdicts = list(application.reviews.values_list("verdict", flat=True))
    accepted = verdicts.count(CriterionReview.Verdict.ACCEPTED)
    overridden = verdicts.count(CriterionReview.Verdict.OVERRIDDEN)
    evidence = verdicts.count(CriterionReview.Verdict.EVIDENCE_REQUESTED)
    return {
        "total": total,
        "accepted": accepted,
        "overridden": overridden,
        "evidence": evidence,
        "reviewed": accepted + overridden,
        "unreviewed": max(total - len(verdicts), 0),
    }


def waiting_for(application: Application, progress: dict[str, int] | None = None) -> str:
    """Whose turn it is, in words."""
    state = application.state
    if state == State.APPLIED:
        return _("Waiting for the certification body to check that the application is complete.")
    if state == State.INCOMPLETE:
        return _("Waiting for the area manager to complete the data and resubmit.")
    if state == State.COMPLETE:
        return _("Waiting for the certification body to assign an auditor.")
    if state == State.IN_AUDIT:
        progress = progress or review_progress(application)
        text = _("Waiting for the auditor {name}: {reviewed} of {total} criteria reviewed.").format(
            name=_auditor_name(application.auditor), reviewed=progress["reviewed"], total=progress["total"]
        )
        answers = application.findings.filter(status=Finding.Status.OPEN).count()
        if progress["evidence"]:
            text += " " + ngettext(
                "The area manager is asked for evidence on {count} criterion.",
                "The area manager is asked for evidence on {count} criteria.",
                progress["evidence"],
            ).format(count=progress["evidence"])
        if answers:
            text += " " + ngettext(
                "The area manager has {count} finding to answer.",
                "The area manager has {count} findings to answer.",
                answers,
            ).format(count=answers)
        return text
    if state == State.RECOMMENDED:
        return _("Waiting for the certification body's decision.")
    if state == State.GRANTED:
        return _("Granted. Nothing is waiting.")
    if state == State.REFUSED:
        return _("Refused. To be certified, the area applies again.")
    return _("Withdrawn by the applicant.")


def certificate_state(certificate: Certificate, today: dt.date) -> str:
    """A certificate's state in words, with the dates that matter."""
    state = certificate.state_on(today)
    if state == "withdrawn":
        return _("Withdrawn.")
    if state == "suspended":
        return _("Suspended: it does not count as certified until the certification body reinstates it.")
    if state == "expired":
        return _("Expired on {day}.").format(day=date_format(certificate.valid_to, "DATE_FORMAT"))
    text = _("Valid until {day}.").format(day=date_format(certificate.valid_to, "DATE_FORMAT"))
    if certificate.corrective_until:
        text += " " + _(
            "A gate failed in a monitoring year: corrected data passing every gate is due by {day}, or the certificate is suspended."
        ).format(day=date_format(certificate.corrective_until, "DATE_FORMAT"))
    return text


# --- apply --------------------------------------------------------------------------------------------


class ApplyForm(forms.Form):
    stage = forms.ChoiceField(label=gettext_lazy("stage"), choices=Application.Stage.choices)
    version = forms.ModelChoiceField(
        label=gettext_lazy("submitted data"), queryset=SubmissionVersion.objects.none()
    )

    def __init__(self, *args: Any, area: Area, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = SubmissionVersion.objects.filter(area=area).order_by(
            "-year", "-number"
        )
        self.fields["version"].label_from_instance = lambda v: _("{year}, version {number}").format(
            year=v.year, number=v.number
        )


@rule("certification.view", about="area")
def certification(request: HttpRequest, area: Area) -> HttpResponse:
    today = timezone.localdate()
    applications = list(
        Application.objects.filter(area=area).select_related("version", "auditor").order_by("-created")
    )
    certificates_ = list(Certificate.objects.filter(area=area).order_by("-valid_from"))
    return render(
        request,
        "gia/certification.html",
        {
            "area": area,
            "applications": [
                {"application": a, "waiting": waiting_for(a) if a.state in OPEN_STATES else ""}
                for a in applications
            ],
            "open_application": next((a for a in applications if a.state in OPEN_STATES), None),
            "certificates": [
                {"certificate": c, "state": certificate_state(c, today), "status": c.state_on(today)}
                for c in certificates_
            ],
            "form": ApplyForm(area=area),
            "may_apply": can(request.user, "certification.apply", area),
            "level_names": level_names(request.LANGUAGE_CODE),
        },
    )


@require_POST
@rule("certification.apply", about="area")
def certification_apply(request: HttpRequest, area: Area) -> HttpResponse:
    """Two steps: the chosen stage and data are shown with their level and any failed gate; the
    application is sent once the applicant confirms."""
    form = ApplyForm(request.POST, area=area)
    if not form.is_valid():
        messages.error(request, _("Choose the stage and the submitted data to apply with."))
        return redirect("certification", area=area.slug)
    stage, version = form.cleaned_data["stage"], form.cleaned_data["version"]
    if not _confirmed(request):
        summary = _summary(version, request.LANGUAGE_CODE)
        level = summary["level"]["level"]
        return render(
            request,
            "gia/application_apply.html",
            {
                "area": area,
                "stage": Application.Stage(stage).label,
                "stage_value": stage,
                "version": version,
                "edition": summary["edition"],
                "profile": _profile_name(summary["country_profile"], request.LANGUAGE_CODE),
                "level_name": level_names(request.LANGUAGE_CODE).get(level or "", ""),
                "failed_gates": failed_gate_lines(summary),
                "not_eligible": [
                    rule["text"] for rule in summary.get("eligibility", []) if not rule["passed"]
                ],
                "open_application": Application.objects.filter(area=area, state__in=OPEN_STATES).first(),
            },
        )
    try:
        application = workflow.do_apply(request.user, area, stage, version)
    except ActionError as error:
        messages.error(request, error.message)
        return redirect("certification", area=area.slug)
    messages.success(request, _("The application is sent to the certification body."))
    return _back(application)


def _auditors() -> Any:
    return User.objects.filter(memberships__role=Role.AUDITOR, is_active=True).distinct().order_by("username")


# --- the application page and its audit queue ---------------------------------------------------------

#: the audit queue's filters (kept in the URL as ``?show=``)
FILTERS = {
    "all": gettext_lazy("All"),
    "unreviewed": gettext_lazy("Not reviewed"),
    "accepted": gettext_lazy("Accepted"),
    "overridden": gettext_lazy("Overridden"),
    "evidence": gettext_lazy("Evidence requested"),
}
STATUS_OF_VERDICT = {
    CriterionReview.Verdict.ACCEPTED: "accepted",
    CriterionReview.Verdict.OVERRIDDEN: "overridden",
    CriterionReview.Verdict.EVIDENCE_REQUESTED: "evidence",
}


def _filter(value: str | None) -> str:
    return value if value in FILTERS else "all"


def _label(criterion: dict[str, Any]) -> str:
    return f"{criterion['id']} {criterion['name']}"


def _audited(application: Application, reviews: dict[str, CriterionReview]) -> dict[str, Any] | None:
    """The assessment with the auditor's values, when there are any: points per criterion and the level."""
    if not any(r.verdict == CriterionReview.Verdict.OVERRIDDEN for r in reviews.values()):
        return None
    try:
        audited = workflow.audited_assessment(application)
    except GiaInputError:  # the version's files went missing: the page still shows the submitted figures
        return None
    return {
        "points": {c["id"]: c.get("points") for c in audited["criteria"]},
        "gates": {c["id"]: c.get("gate_passed") for c in audited["criteria"] if "gate" in c},
        "level": audited["level"]["level"],
    }


def _rows(
    request: HttpRequest, application: Application, audited: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Every criterion of the application's assessment as the audit queue shows it, in the standard's order;
    with ``audited`` (:func:`_audited`), an overridden criterion also shows the points its auditor's value earns."""
    summary = _summary(application.version, request.LANGUAGE_CODE)
    reviews = {r.criterion: r for r in application.reviews.select_related("reviewer")}
    evidence: dict[str, list[Evidence]] = {}
    for item in application.evidence.all():
        evidence.setdefault(item.criterion, []).append(item)
    version = application.version
    rows = []
    for criterion in summary["criteria"]:
        review = reviews.get(criterion["id"])
        entry = entry_for(criterion.get("indicator"), criterion["unit"])
        files = evidence.get(criterion["id"], [])
        gate = None
        if "gate" in criterion:
            gate = {
                "passed": criterion.get("gate_passed"),
                "needs": "; ".join(gate_needs(c, criterion["unit"]) for c in criterion["gate"]),
            }
        rows.append(
            {
                "id": criterion["id"],
                "name": criterion["name"],
                "theme": criterion["theme"],
                "label": _label(criterion),
                "indicator": criterion.get("indicator"),
                "unit": criterion["unit"],
                "applicable": criterion["applicable"],
                "not_applicable": (criterion.get("not_applicable") or {}).get("reason", ""),
                "value": criterion["value"],
                "note": criterion.get("note", ""),
                "points": criterion.get("points"),
                "max_points": criterion.get("max_points"),
                "audited_points": audited["points"].get(criterion["id"])
                if audited and review and review.verdict == CriterionReview.Verdict.OVERRIDDEN
                else None,
                "gate": gate,
                "audited_gate": audited["gates"].get(criterion["id"])
                if gate and audited and review and review.verdict == CriterionReview.Verdict.OVERRIDDEN
                else None,
                "review": review,
                "status": STATUS_OF_VERDICT.get(review.verdict, "unreviewed") if review else "unreviewed",
                "entry": entry,
                "entry_unit": entry_unit(criterion["unit"]),
                "entry_value": format_entry(review.auditor_value, criterion["unit"])
                if review and review.auditor_value is not None
                else "",
                "evidence": files,
                "new_evidence": [e for e in files if review and e.uploaded > review.at]
                if review and review.verdict == CriterionReview.Verdict.EVIDENCE_REQUESTED
                else [],
                "provenance_url": reverse(
                    "provenance",
                    kwargs={
                        "area": application.area.slug,
                        "year": version.year,
                        "number": version.number,
                        "criterion": criterion["id"],
                    },
                ),
            }
        )
    return rows


def _themes(
    request: HttpRequest, application: Application, rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    names = {t["id"]: t["name"] for t in _summary(application.version, request.LANGUAGE_CODE)["themes"]}
    themes: list[dict[str, Any]] = []
    for row in rows:
        if not themes or themes[-1]["id"] != row["theme"]:
            themes.append({"id": row["theme"], "name": names.get(row["theme"], row["theme"]), "rows": []})
        themes[-1]["rows"].append(row)
    return themes


def _queue_context(
    request: HttpRequest, application: Application, show: str, rows: list[dict[str, Any]]
) -> dict[str, Any]:
    counts = dict.fromkeys(FILTERS, 0)
    for row in rows:
        counts["all"] += 1
        counts[row["status"]] += 1
    progress = review_progress(application, len(rows))
    may_review = can(request.user, "application.audit", application) and application.state == State.IN_AUDIT
    return {
        "show": show,
        "filters": [{"key": key, "label": label, "count": counts[key]} for key, label in FILTERS.items()],
        "progress": progress,
        "may_review": may_review,
        "may_answer": can(request.user, "application.respond", application)
        and application.state in (State.APPLIED, State.INCOMPLETE, State.COMPLETE, State.IN_AUDIT),
        "application": application,
    }


def _application_context(
    request: HttpRequest, application: Application, show: str, typed: dict[str, Any] | None = None
) -> dict[str, Any]:
    user = request.user
    audited = _audited(application, {r.criterion: r for r in application.reviews.all()})
    rows = _rows(request, application, audited)
    if typed:
        for row in rows:
            if row["id"] == typed["criterion"]:
                row["typed"] = typed
    shown = [r for r in rows if show == "all" or r["status"] == show]
    summary = _summary(application.version, request.LANGUAGE_CODE)
    queue = _queue_context(request, application, show, rows)
    certificate = application.certificates.first()
    return {
        **queue,
        "area": application.area,
        "themes": _themes(request, application, shown),
        "shown": len(shown),
        "findings": application.findings.all(),
        "general_evidence": application.evidence.filter(criterion=""),
        "evidence_requests": [r for r in rows if r["status"] == "evidence"],
        "criteria_choices": [(r["id"], r["label"]) for r in rows],
        "auditors": _auditors(),
        "levels": list(level_names(request.LANGUAGE_CODE).items()),
        "level_names": level_names(request.LANGUAGE_CODE),
        "versions": SubmissionVersion.objects.filter(area=application.area).order_by("-year", "-number"),
        "severities": Finding.Severity.choices,
        "assessed_level": summary["level"]["level"],
        "audited_level": (audited["level"] or "") if audited else None,
        "failed_gates": failed_gate_lines(summary),
        "profile": _profile_name(application.country_profile, request.LANGUAGE_CODE),
        "waiting": waiting_for(application, queue["progress"]),
        "certificate": certificate,
        "may": {
            "respond": can(user, "application.respond", application),
            "audit": can(user, "application.audit", application),
            "decide": can(user, "application.decide", application),
            # the area's certification page; an auditor reading the record of a past audit has no way there
            "area": can(user, "certification.view", application.area),
        },
        "state": application.state,
        "open": application.state in OPEN_STATES,
        "default_deadline": timezone.localdate() + dt.timedelta(days=30),
    }


@rule("application.view", about="application")
def application_detail(request: HttpRequest, application: Application) -> HttpResponse:
    show = _filter(request.GET.get("show"))
    return render(request, "gia/application.html", _application_context(request, application, show))


@require_POST
@rule("application.decide", about="application")
def application_check(request: HttpRequest, application: Application) -> HttpResponse:
    return _run(
        request,
        lambda: workflow.do_check_completeness(request.user, application),
        _("Completeness checked."),
        _back(application),
    )


@require_POST
@rule("application.decide", about="application")
def application_assign(request: HttpRequest, application: Application) -> HttpResponse:
    auditor = _auditors().filter(pk=request.POST.get("auditor") or 0).first()
    if auditor is None:
        messages.error(request, _("Choose an auditor."))
        return _back(application)
    return _run(
        request,
        lambda: workflow.do_assign_auditor(request.user, application, auditor),
        _("The auditor is assigned."),
        _back(application),
    )


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _queue_url(application: Application, show: str, anchor: str) -> str:
    url = reverse("application_detail", kwargs={"application": application.pk})
    return f"{url}{'?show=' + show if show != 'all' else ''}#{anchor}"


@require_POST
@rule("application.audit", about="application")
def application_review(request: HttpRequest, application: Application) -> HttpResponse:
    """Save one criterion's review. From the page's script (htmx) the answer is the row again (and the
    progress), swapped in place; from a plain form it is the page again at the same row."""
    post = request.POST
    show = _filter(post.get("show"))
    criterion = post.get("criterion", "")
    rows = {row["id"]: row for row in _rows(request, application)}
    row = rows.get(criterion)
    if row is None:
        messages.error(request, _("Choose a criterion of this application."))
        return _back(application)
    verdict, reason = post.get("verdict", ""), post.get("reason", "")
    error, place = "", ""
    try:
        value = None
        if verdict == CriterionReview.Verdict.OVERRIDDEN:
            value = parse_auditor_value(post.get("value", ""), row["label"], row["indicator"], row["unit"])
        workflow.do_review_criterion(request.user, application, criterion, verdict, value, reason)
    except AuditorValueError as refused:
        error, place = refused.message, "value"
    except ActionError as refused:
        error, place = refused.message, refused.place
    typed = {
        "criterion": criterion,
        "verdict": verdict,
        "value": post.get("value", ""),
        "reason": reason,
        "place": place,
    }
    if _is_htmx(request):
        application.refresh_from_db()
        audited = _audited(application, {r.criterion: r for r in application.reviews.all()})
        all_rows = _rows(request, application, audited)
        row = next(r for r in all_rows if r["id"] == criterion)
        if error:
            row["typed"] = {**typed, "error": error}
        else:
            row["saved"] = True
        context = _queue_context(request, application, show, all_rows)
        progress = context["progress"]
        announce = error or _("The review of {criterion} is saved: {reviewed} of {total} reviewed.").format(
            criterion=row["label"], reviewed=progress["reviewed"], total=progress["total"]
        )
        return render(
            request,
            "gia/application_review_swap.html",
            {
                **context,
                "row": row,
                "announce": announce,
                "waiting": waiting_for(application, progress),
                "assessed_level": _summary(application.version, request.LANGUAGE_CODE)["level"]["level"],
                "audited_level": (audited["level"] or "") if audited else None,
                "level_names": level_names(request.LANGUAGE_CODE),
            },
        )
    if error:
        context = _application_context(request, application, show, {**typed, "error": error})
        return render(request, "gia/application.html", context, status=400)
    messages.success(request, _("The review of {criterion} is saved.").format(criterion=row["label"]))
    # back to the same row; if the filter now hides it, to the next criterion the filter shows
    order = list(rows)
    after = {r["id"]: r for r in _rows(request, application)}
    candidates = order[order.index(criterion) :] + order[: order.index(criterion)]
    anchor = next(
        (f"criterion-{c}" for c in candidates if show == "all" or after[c]["status"] == show), "criteria"
    )
    return redirect(_queue_url(application, show, anchor))


@require_http_methods(["GET", "POST"])
@rule("application.audit", about="application")
def application_accept_remaining(request: HttpRequest, application: Application) -> HttpResponse:
    """Accept every criterion not reviewed yet, after a page that lists them."""
    show = _filter(request.GET.get("show") or request.POST.get("show"))
    back = _queue_url(application, show, "criteria")
    if _confirmed(request):
        shown = request.POST.getlist("criterion")
        try:
            accepted = workflow.do_accept_remaining(request.user, application, shown)
        except ActionError as error:
            messages.error(request, error.message)
            return redirect(back)
        messages.success(
            request,
            ngettext("{count} criterion accepted.", "{count} criteria accepted.", len(accepted)).format(
                count=len(accepted)
            ),
        )
        return redirect(back)
    remaining = [r for r in _rows(request, application) if r["status"] == "unreviewed"]
    if application.state != State.IN_AUDIT or not remaining:
        messages.error(request, _("No criterion is waiting for a review."))
        return redirect(back)
    return _confirm_page(
        request,
        title=ngettext(
            "Accept the {count} remaining criterion?",
            "Accept the {count} remaining criteria?",
            len(remaining),
        ).format(count=len(remaining)),
        consequences=[
            _(
                "These criteria will be accepted with their computed values. Criteria you overrode or asked evidence for stay as they are."
            ),
            _("You can still change any review until you recommend."),
        ],
        items=[f"{r['label']}: {i18n.value(r['value'], r['unit'])}" for r in remaining],
        hidden={"show": show},
        multi={"criterion": [r["id"] for r in remaining]},
        button=ngettext("Accept {count} criterion", "Accept {count} criteria", len(remaining)).format(
            count=len(remaining)
        ),
        cancel=back,
        danger=False,
    )


@require_POST
@rule("application.audit", about="application")
def application_finding(request: HttpRequest, application: Application) -> HttpResponse:
    post = request.POST
    try:
        deadline = dt.date.fromisoformat(post.get("deadline", ""))
    except ValueError:
        messages.error(request, _("deadline: enter a date (YYYY-MM-DD)."))
        return _back(application, "findings")
    return _run(
        request,
        lambda: workflow.do_raise_finding(
            request.user,
            application,
            post.get("severity", ""),
            post.get("text", ""),
            deadline,
            post.get("criterion", ""),
        ),
        _("The finding is raised."),
        _back(application, "findings"),
    )


@require_POST
@rule("application.respond", about="application")
def finding_answer(request: HttpRequest, application: Application, finding: Finding) -> HttpResponse:
    return _run(
        request,
        lambda: workflow.do_answer_finding(request.user, finding, request.POST.get("corrective_action", "")),
        _("Your answer is sent to the auditor."),
        _back(application, f"finding-{finding.pk}"),
    )


@require_POST
@rule("application.audit", about="application")
def finding_close(request: HttpRequest, application: Application, finding: Finding) -> HttpResponse:
    return _run(
        request,
        lambda: workflow.do_close_finding(request.user, finding),
        _("The finding is closed."),
        _back(application, f"finding-{finding.pk}"),
    )


@require_POST
@rule("application.respond", about="application")
def evidence_upload(request: HttpRequest, application: Application) -> HttpResponse:
    """Keep a file of evidence. A refusal is said where the file was chosen: in the criterion's row (the page
    again, at that row) or, for the whole application, at the top."""
    criterion = request.POST.get("criterion", "")
    anchor = f"criterion-{criterion}" if criterion else "evidence"
    upload = request.FILES.get("file")
    error = ""
    if upload is None or not upload.name:
        error = _("Choose a file first.")
    else:
        try:
            workflow.do_upload_evidence(
                request.user, application, criterion, upload, upload.size, upload.name, upload.content_type
            )
        except ActionError as refused:
            error = refused.message
        except GiaInputError as refused:
            error = "; ".join(f"{refused.source}: {message}" for _place, message in refused.problems)
    if not error:
        messages.success(request, _("The evidence is kept; the auditor is told."))
        return _back(application, anchor)
    context = _application_context(request, application, "all")
    rows = [row for theme in context["themes"] for row in theme["rows"] if row["id"] == criterion]
    if rows and rows[0]["status"] == "evidence":
        rows[0]["upload_error"] = error
    else:
        context["upload_error"] = error
    return render(request, "gia/application.html", context, status=400)


@rule("application.view", about="application")
def evidence_download(request: HttpRequest, application: Application, evidence: Evidence) -> FileResponse:
    stored = workflow.evidence_name(evidence)
    if not files.exists(stored):
        raise Http404
    response = FileResponse(
        files.open_file(stored), as_attachment=True, filename=evidence.name, content_type="application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@rule("application.audit", about="application")
def application_recommend(request: HttpRequest, application: Application) -> HttpResponse:
    post = request.POST
    recommendation = post.get("recommendation", "")
    if recommendation == "refuse" and not _confirmed(request):
        return _confirm_page(
            request,
            title=_("Recommend to refuse the application of {area}?").format(area=application.area.name),
            consequences=[
                _(
                    "The audit ends: no more reviews or findings. The certification body decides on your recommendation, and the area manager is told the decision."
                )
            ],
            hidden={"recommendation": "refuse"},
            reason={
                "name": "note",
                "label": _("Why (for the certification body)"),
                "value": post.get("note", ""),
            },
            button=_("Recommend to refuse"),
            cancel=_queue_url(application, "all", "recommendation"),
        )
    return _run(
        request,
        lambda: workflow.do_recommend(
            request.user, application, recommendation, post.get("level", ""), post.get("note", "")
        ),
        _("The recommendation is sent to the certification body."),
        _back(application),
    )


@require_POST
@rule("application.decide", about="application")
def application_decide(request: HttpRequest, application: Application) -> HttpResponse:
    post = request.POST
    decision = post.get("decision", "")
    if decision == "refuse" and not _confirmed(request):
        return _confirm_page(
            request,
            title=_("Refuse the application of {area}?").format(area=application.area.name),
            consequences=[
                _(
                    "The application for the {stage} will be refused and no certificate is issued. The area manager is told by e-mail; to be certified, the area must apply again."
                ).format(stage=application.get_stage_display()),
                _("This cannot be undone."),
            ],
            hidden={"decision": "refuse"},
            reason={
                "name": "note",
                "label": _("Reason (the area manager reads it)"),
                "value": post.get("note", ""),
            },
            button=_("Refuse the application"),
            cancel=_queue_url(application, "all", "decision"),
        )
    return _run(
        request,
        lambda: workflow.do_decide(
            request.user, application, decision, post.get("level", ""), post.get("note", "")
        ),
        _("The decision is recorded."),
        _back(application),
    )


@require_POST
@rule("application.respond", about="application")
def application_resubmit(request: HttpRequest, application: Application) -> HttpResponse:
    version = SubmissionVersion.objects.filter(
        area=application.area, pk=request.POST.get("version") or 0
    ).first()
    if version is None:
        messages.error(request, _("Choose the submitted data to resubmit with."))
        return _back(application)
    return _run(
        request,
        lambda: workflow.do_resubmit(request.user, application, version),
        _("The application is resubmitted."),
        _back(application),
    )


@require_http_methods(["GET", "POST"])
@rule("application.respond", about="application")
def application_withdraw(request: HttpRequest, application: Application) -> HttpResponse:
    if application.state not in OPEN_STATES:
        messages.error(request, _("This application is closed; there is nothing to withdraw."))
        return _back(application)
    if not _confirmed(request):
        return _confirm_page(
            request,
            title=_("Withdraw the application of {area}?").format(area=application.area.name),
            consequences=[
                _(
                    "The application for the {stage} with the data of {year} (version {number}) will be withdrawn: the completeness check, the audit and the decision stop. The reviews, findings and evidence so far stay on record."
                ).format(
                    stage=application.get_stage_display(),
                    year=application.version.year,
                    number=application.version.number,
                ),
                _("To be certified later, the area applies again. This cannot be undone."),
            ],
            button=_("Withdraw the application"),
            cancel=_queue_url(application, "all", "state"),
        )
    return _run(
        request,
        lambda: workflow.do_withdraw_application(request.user, application),
        _("The application is withdrawn."),
        _back(application),
    )


# --- the certification body's overview and certificates --------------------------------------------


def _days(day: dt.date, today: dt.date) -> str:
    """``in 5 days``, ``today``, ``3 days overdue``."""
    delta = (day - today).days
    if delta == 0:
        return _("due today")
    if delta > 0:
        return ngettext("in {count} day", "in {count} days", delta).format(count=delta)
    return ngettext("{count} day overdue", "{count} days overdue", -delta).format(count=-delta)


@rule("certificates.overview")
def deadlines(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    open_applications = list(
        Application.objects.filter(state__in=OPEN_STATES).select_related("area", "auditor", "version")
    )
    steps = {
        State.APPLIED: _("check completeness"),
        State.COMPLETE: _("assign an auditor"),
        State.RECOMMENDED: _("decide"),
    }
    for_body = [
        {"application": a, "step": steps[a.state], "since": a.updated}
        for a in sorted(open_applications, key=lambda a: a.updated)
        if a.state in steps
    ]
    audits = [
        {"application": a, "progress": review_progress(a)}
        for a in open_applications
        if a.state == State.IN_AUDIT
    ]
    for_managers: list[dict[str, Any]] = [
        {"application": a, "what": _("complete the data and resubmit"), "since": a.updated}
        for a in open_applications
        if a.state == State.INCOMPLETE
    ]
    for review in (
        CriterionReview.objects.filter(
            verdict=CriterionReview.Verdict.EVIDENCE_REQUESTED, application__state=State.IN_AUDIT
        )
        .select_related("application__area")
        .order_by("at")
    ):
        for_managers.append(
            {
                "application": review.application,
                "what": _("send evidence for {criterion}: {reason}").format(
                    criterion=review.criterion, reason=review.reason
                ),
                "since": review.at,
            }
        )
    findings = [
        {
            "finding": f,
            "due": _days(f.deadline, today),
            "overdue": f.deadline < today,
            "waiting": _("the area manager answers")
            if f.status == Finding.Status.OPEN
            else _("the auditor closes it"),
        }
        for f in Finding.objects.exclude(status=Finding.Status.CLOSED)
        .select_related("application__area")
        .order_by("deadline")
    ]
    corrective = [
        {"certificate": c, "due": _days(c.corrective_until, today), "overdue": c.corrective_until < today}
        for c in Certificate.objects.filter(status=Certificate.Status.VALID, corrective_until__isnull=False)
        .select_related("area")
        .order_by("corrective_until")
    ]
    return render(
        request,
        "gia/deadlines.html",
        {
            "for_body": for_body,
            "audits": audits,
            "for_managers": for_managers,
            "findings": findings,
            "corrective": corrective,
            "past_corrective": [c for c in corrective if c["overdue"]],
            "expiring": [
                {"certificate": c, "due": _days(c.valid_to, today)}
                for c in Certificate.objects.filter(
                    status=Certificate.Status.VALID,
                    valid_to__gte=today,
                    valid_to__lte=today + dt.timedelta(days=90),
                ).select_related("area")
            ],
            "certificates": [
                {"certificate": c, "state": certificate_state(c, today), "status": c.state_on(today)}
                for c in Certificate.objects.select_related("area").order_by("number")
            ],
            "level_names": level_names(request.LANGUAGE_CODE),
            "factor_sets": _factor_sets(),
        },
    )


def _factor_sets() -> list[tuple[str, str]]:
    from gia.accounting.factors import DEFAULT_FACTOR_SET, factor_set_specs

    specs = factor_set_specs()
    return sorted(((s.id, s.description) for s in specs.values()), key=lambda p: p[0] != DEFAULT_FACTOR_SET)


@require_POST
@rule("certificates.overview")
def reassess_all(request: HttpRequest) -> HttpResponse:
    """Assess every area's latest versions again with a factor set: a job whose outcome is a CSV of the
    stored and the new levels side by side (nothing stored changes)."""
    from gia.accounting.factors import factor_set_specs
    from gia.web.actions.jobs import do_ask
    from gia.web.models import Area, Job

    factor_set = request.POST.get("factor_set", "")
    if factor_set not in factor_set_specs():
        messages.error(request, _("Choose a factor set from the list."))
        return redirect("deadlines")
    areas = list(Area.objects.order_by("pk").values_list("pk", flat=True))
    job = do_ask(
        request.user,
        Job.Kind.REASSESS,
        {"factor_set": factor_set, "areas": areas},
        language=request.LANGUAGE_CODE,
    )
    return redirect("job", job=job.pk)


@require_http_methods(["GET", "POST"])
@rule("certificates.overview")
def apply_deadlines(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    due = list(
        Certificate.objects.filter(status=Certificate.Status.VALID, corrective_until__lt=today)
        .select_related("area")
        .order_by("number")
    )
    if not _confirmed(request):
        if not due:
            messages.info(request, _("No certificate is past its corrective period."))
            return redirect("deadlines")
        return _confirm_page(
            request,
            title=ngettext("Suspend {count} certificate?", "Suspend {count} certificates?", len(due)).format(
                count=len(due)
            ),
            consequences=[
                _(
                    "Their corrective periods have ended without data passing every gate. Once suspended, anyone who verifies them sees “suspended”, the areas leave the public registry, and their managers are told by e-mail."
                ),
                _(
                    "A suspension is lifted only by reinstating the certificate once the area's data passes every gate."
                ),
            ],
            items=[
                _("{number} · {area} · corrective period ended {day}").format(
                    number=c.number,
                    area=c.area.name,
                    day=date_format(c.corrective_until, "DATE_FORMAT"),
                )
                for c in due
            ],
            button=ngettext("Suspend {count} certificate", "Suspend {count} certificates", len(due)).format(
                count=len(due)
            ),
            cancel=reverse("deadlines"),
        )
    suspended = certificates.do_apply_deadlines(request.user)
    messages.success(
        request,
        ngettext("{count} certificate suspended.", "{count} certificates suspended.", len(suspended)).format(
            count=len(suspended)
        ),
    )
    return redirect("deadlines")


@require_POST
@rule("certificate.manage", about="certificate")
def certificate_reinstate(request: HttpRequest, certificate: Certificate) -> HttpResponse:
    return _run(
        request,
        lambda: certificates.do_reinstate(request.user, certificate),
        _("The certificate is reinstated."),
        redirect("deadlines"),
    )


@require_http_methods(["GET", "POST"])
@rule("certificate.manage", about="certificate")
def certificate_withdraw(request: HttpRequest, certificate: Certificate) -> HttpResponse:
    if certificate.status == Certificate.Status.WITHDRAWN:
        messages.error(request, _("This certificate is withdrawn already."))
        return redirect("deadlines")
    reason = request.POST.get("reason", "").strip()
    if not _confirmed(request) or not reason:
        return _confirm_page(
            request,
            title=_("Withdraw the certificate {number}?").format(number=certificate.number),
            consequences=[
                _(
                    "The certificate {number} of {area} will be withdrawn: anyone who verifies it sees “withdrawn”, and the area leaves the public registry. The area's managers are told by e-mail."
                ).format(number=certificate.number, area=certificate.area.name),
                _("This cannot be undone."),
            ],
            reason={"name": "reason", "label": _("Reason for the withdrawal (required)"), "value": reason},
            error=_("Give the reason for the withdrawal.") if _confirmed(request) else "",
            button=_("Withdraw the certificate {number}").format(number=certificate.number),
            cancel=reverse("deadlines"),
        )
    return _run(
        request,
        lambda: certificates.do_withdraw_certificate(request.user, certificate, reason),
        _("The certificate {number} is withdrawn.").format(number=certificate.number),
        redirect("deadlines"),
    )


# --- public verification ----------------------------------------------------------------------------


def verification(certificate: Certificate, today: dt.date | None = None) -> dict[str, Any]:
    """What anyone may know about a certificate: its state today and what it certifies."""
    return {
        "number": certificate.number,
        "status": certificate.state_on(today or timezone.localdate()),
        "area": certificate.area.name,
        "country": certificate.area.country,
        "level": certificate.level,
        "edition": certificate.edition,
        "country_profile": certificate.country_profile,
        "stage": certificate.stage,
        "valid_from": certificate.valid_from.isoformat(),
        "valid_to": certificate.valid_to.isoformat(),
    }


#: a certificate number with its parts: GIA, country, year, serial (separators optional when typed)
CERTIFICATE_NUMBER = re.compile(r"GIA-?([A-Z]{2})-?(\d{4})-?(\d{1,6})")


def canonical_number(text: str) -> str:
    """A certificate number as a person types or a scanner reads it, in its canonical form.

    Case and spacing do not matter: ``" gia de 2026 0001 "``, ``"gia-de-2026-0001"`` and
    ``"GIADE20260001"`` all give ``"GIA-DE-2026-0001"``; the serial gets its four digits back.
    Text that is no certificate number comes back upper-cased with its separators as dashes.
    """
    text = re.sub(r"[\s._/\-\u2010-\u2015]+", "-", text.strip().upper()).strip("-")
    match = CERTIFICATE_NUMBER.fullmatch(text)
    if match is None:
        return text
    country, year, serial = match.groups()
    return f"GIA-{country}-{year}-{int(serial):04d}"


def find_certificate(text: str) -> Certificate | None:
    """The certificate a typed number names (any case, any spacing), or None."""
    number = canonical_number(text)[:40]
    if not number:
        return None
    found = Certificate.objects.select_related("area").filter(number=number).first()
    return found or Certificate.objects.select_related("area").filter(number__iexact=number).first()


def _unknown_number(request: HttpRequest, text: str) -> HttpResponse:
    """The verification page again, saying no certificate has the number (status 404, never a bare page)."""
    typed = " ".join(text.split())[:60]
    return render(request, "gia/verify.html", {"unknown": typed, "typed": typed}, status=404)


@rule(PUBLIC)
def verify(request: HttpRequest) -> HttpResponse:
    """The verification form; a number typed in any case or spacing leads to its certificate."""
    text = request.GET.get("number", "")
    if not text.strip():
        return render(request, "gia/verify.html", {})
    certificate = find_certificate(text)
    if certificate is None:
        return _unknown_number(request, text)
    return redirect("verify_certificate", certificate=certificate.number)


@rule(PUBLIC)
def _verify_number(request: HttpRequest, number_text: str) -> HttpResponse:
    certificate = find_certificate(number_text)
    if certificate is None:
        return _unknown_number(request, number_text)
    if certificate.number != number_text:
        return redirect("verify_certificate", certificate=certificate.number)
    return render(
        request,
        "gia/verify.html",
        {
            "certificate": certificate,
            "area_name": public_name(certificate.area),
            "facts": verification(certificate),
            "level_names": level_names(request.LANGUAGE_CODE),
            "stage_name": Application.Stage(certificate.stage).label
            if certificate.stage in Application.Stage.values
            else certificate.stage,
            "profile_name": dict(COUNTRIES).get(certificate.country_profile, certificate.country_profile),
            "has_pdf": files.exists(certificates.certificate_pdf_name(certificate)),
        },
    )


def verify_certificate(request: HttpRequest, certificate: str) -> HttpResponse:
    """A certificate's verification page. The number in the address is looked up as people type it
    (any case, any spacing; the canonical address is redirected to) rather than by the URL loader,
    which answers an unknown number with a bare "not found": an unknown number gets the form again
    with a sentence saying so."""
    return _verify_number(request, number_text=certificate)


verify_certificate.gia_rule = _verify_number.gia_rule  # type: ignore[attr-defined]


@rule(PUBLIC)
def certificate_pdf(request: HttpRequest, certificate: Certificate) -> FileResponse:
    stored = certificates.certificate_pdf_name(certificate)
    if not files.exists(stored):
        raise Http404
    return FileResponse(
        files.open_file(stored),
        as_attachment=True,
        filename=f"{certificate.number}.pdf",
        content_type="application/pdf",
    )


@rule(PUBLIC)
def certificate_json(request: HttpRequest, certificate: Certificate) -> HttpResponse:
    if not certificate.signed_json:
        raise Http404
    response = HttpResponse(certificate.signed_json, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{certificate.number}.json"'
    return response


@rule(PUBLIC)
def signing_certificate(request: HttpRequest) -> HttpResponse:
    """The certification body's public signing certificate (PEM), for offline verification."""
    from django.conf import settings

    path = settings.GIA_SIGNING_CERT
    if not path.is_file():
        raise Http404
    return HttpResponse(path.read_bytes(), content_type="application/x-pem-file")


@rule(PUBLIC)
def audit_head(request: HttpRequest) -> JsonResponse:
    """The audit trail's head now (last event's sequence number and hash): anyone may record it, so a
    rewrite of the trail inside the database shows against the heads recorded outside it."""
    from gia.web.actions.audit import head

    sequence, digest = head()
    return JsonResponse(
        {"sequence": sequence, "hash": digest, "at": timezone.now().isoformat(timespec="seconds")},
        headers={"Cache-Control": "no-store"},
    )


def verify_json(number: str) -> JsonResponse:
    """The API's answer for a number typed in any case or spacing (``GET /api/verify/<number>``)."""
    certificate = find_certificate(number)
    if certificate is None:
        return JsonResponse({"number": canonical_number(number)[:40], "status": "unknown"}, status=404)
    return JsonResponse(verification(certificate))
