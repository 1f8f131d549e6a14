"""The certification workflow as an explicit state machine (the certificate's life after it:
:mod:`gia.web.actions.certificates`).

Application: applied → (completeness check) complete | incomplete → (incomplete: resubmitted →
applied) → auditor assigned: in audit (criterion reviews, findings, corrective actions, evidence)
→ recommended → granted (certificate issued) | refused; the applicant may withdraw an open
application. Certificate: valid → (a monitoring year fails a gate) corrective period of six months →
suspended → reinstated | withdrawn; expired after three years; renewed by a new application.

Every transition is one ``do_*`` function: it checks the state it starts from (an illegal
transition raises :class:`ActionError` naming the states), runs in one transaction, writes the
audit trail and e-mails whoever the next step waits for.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gia import certification as rules
from gia import i18n
from gia.assessment.overrides import AuditorValueError, check_auditor_value
from gia.certification import level_rank as rank_of
from gia.dataset.io import parse_submission
from gia.errors import GiaInputError
from gia.pipeline import assess_submission
from gia.standard.loader import load_standard
from gia.web import files
from gia.web.actions import ActionError
from gia.web.actions.accounts import check_independence
from gia.web.actions.audit import pseudonym, record
from gia.web.actions.certificates import issue_certificate
from gia.web.actions.notifications import area_managers, certification_body, notify
from gia.web.actions.submissions import assessment_summary, check_file_name, check_upload_size, series_dir
from gia.web.models import (
    Application,
    Area,
    Certificate,
    CriterionReview,
    Evidence,
    Finding,
    Membership,
    Role,
    SubmissionVersion,
)
from gia.web.permissions import roles

State = Application.State
OPEN_STATES = tuple(State(s) for s in rules.OPEN_STATES)
EVIDENCE_TYPES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".xlsx": (b"PK\x03\x04",),
    ".docx": (b"PK\x03\x04",),
    ".csv": (),
    ".txt": (),
}


#: each step of the workflow in words, as the refusal names it ("… cannot be decided")
STEP_WORDS = {
    "check_completeness": gettext_noop("checked for completeness"),
    "resubmit": gettext_noop("resubmitted"),
    "assign_auditor": gettext_noop("given an auditor"),
    "give_evidence": gettext_noop("given evidence"),
    "review": gettext_noop("reviewed"),
    "add_finding": gettext_noop("given findings"),
    "answer_finding": gettext_noop("answered"),
    "change_finding": gettext_noop("changed"),
    "recommend": gettext_noop("recommended"),
    "decide": gettext_noop("decided"),
    "withdraw": gettext_noop("withdrawn"),
}


def _require_state(application: Application, step: str) -> None:
    """Refuse ``step`` unless the workflow (:data:`gia.certification.STEPS`) allows it in the
    application's state, naming the states that would."""
    try:
        rules.check_step(application.state, step)
    except rules.WorkflowError as error:
        raise ActionError(
            _(
                "An application that is {state} cannot be {action}; this is possible when it is {allowed}."
            ).format(
                state=application.get_state_display(),
                action=_(STEP_WORDS[step]),
                allowed=", ".join(str(State(s).label) for s in error.allowed),
            )
        ) from None


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


def _link(application: Application) -> str:
    return reverse("application_detail", kwargs={"application": application.pk})


def _snapshot(application: Application) -> dict[str, Any]:
    return {
        "state": application.state,
        "version": f"{application.version.year}/v{application.version.number}",
        "auditor": pseudonym(application.auditor) if application.auditor else None,
    }


# --- the application ---------------------------------------------------------------------------


def do_apply(
    actor: User, area: Area, stage: str, version: SubmissionVersion, renews: Certificate | None = None
) -> Application:
    """The area manager applies for a stage with a submitted version of the area's data."""
    if version.area_id != area.pk:
        raise ActionError(_("Choose a version of this area's data."), "version")
    if stage not in Application.Stage.values:
        raise ActionError(_("Choose the stage: pre-certificate or certificate."), "stage")
    document_stage = version.data().get("stage", "certificate")
    if document_stage != stage:
        raise ActionError(
            _(
                "This version's data is for the stage {found}; apply for that stage or submit data for {stage}."
            ).format(found=document_stage, stage=stage),
            "stage",
        )
    in_force = (
        Certificate.objects.filter(
            area=area, status=Certificate.Status.VALID, valid_to__gte=timezone.localdate()
        )
        .select_related("version")
        .order_by("-valid_to")
        .first()
    )
    if in_force is not None and version.year <= in_force.version.year:
        raise ActionError(
            _(
                "The area's certificate {number} is valid until {date}, granted on the data of {year}; a renewal is applied for with the data of a later year."
            ).format(number=in_force.number, date=date_format(in_force.valid_to), year=in_force.version.year),
            "version",
        )
    summary = assessment_summary(version)
    with transaction.atomic():
        Area.objects.select_for_update().get(pk=area.pk)
        if Application.objects.filter(area=area, state__in=OPEN_STATES).exists():
            raise ActionError(_("This area has an open application already."))
        application = Application.objects.create(
            area=area,
            stage=stage,
            edition=summary["edition"],
            country_profile=summary["country_profile"],
            version=version,
            applicant=actor,
            renews=renews,
        )
        record(
            actor,
            "application.apply",
            f"application:{application.pk}",
            after={**_snapshot(application), "stage": stage},
        )
        notify(
            certification_body(),
            _("GIA: a new application waits for its completeness check"),
            _("{area} applies for the {stage}.").format(
                area=area.name, stage=application.get_stage_display()
            ),
            _link(application),
        )
    return application


def completeness_problems(application: Application) -> list[str]:
    """What is missing before an audit can start (empty: complete)."""
    problems = []  # companies that did not report are scored by GM-03, not a reason to stop here
    summary = assessment_summary(application.version)
    for criterion in summary["criteria"]:
        # a scored criterion without data earns no points; a gate without data cannot be judged
        if (
            criterion["applicable"]
            and "gate" in criterion
            and any(c.get("value") is None for c in criterion["gate"])
        ):
            problems.append(
                _("{id} {name}: the gate cannot be judged without data.").format(
                    id=criterion["id"], name=criterion["name"]
                )
            )
    return problems


def do_check_completeness(actor: User, application: Application) -> Application:
    """The certification body checks the application: complete (an auditor is next) or incomplete."""
    with transaction.atomic():
        application = _locked(application)
        _require_state(application, "check_completeness")
        before = _snapshot(application)
        problems = completeness_problems(application)
        application.completeness = problems
        application.state = rules.next_state(
            application.state, "check_completeness", State.INCOMPLETE if problems else State.COMPLETE
        )
        application.save()
        record(
            actor,
            "application.check",
            f"application:{application.pk}",
            before=before,
            after={**_snapshot(application), "problems": problems},
        )
        if problems:
            notify(
                area_managers(application.area),
                _("GIA: your application is incomplete"),
                _("Complete the data and resubmit:\n- {problems}").format(problems="\n- ".join(problems)),
                _link(application),
            )
    return application


def do_resubmit(actor: User, application: Application, version: SubmissionVersion) -> Application:
    """The applicant resubmits an incomplete application with a newer version of the data."""
    with transaction.atomic():
        application = _locked(application)
        _require_state(application, "resubmit")
        if version.area_id != application.area_id or (version.year, version.number) <= (
            application.version.year,
            application.version.number,
        ):
            raise ActionError(_("Resubmit with a newer version of the area's data."), "version")
        before = _snapshot(application)
        application.version = version
        application.state = rules.next_state(application.state, "resubmit")
        application.completeness = []
        application.save()
        record(
            actor,
            "application.resubmit",
            f"application:{application.pk}",
            before=before,
            after=_snapshot(application),
        )
        notify(
            certification_body(),
            _("GIA: an application was resubmitted"),
            str(application.area),
            _link(application),
        )
    return application


def do_assign_auditor(actor: User, application: Application, auditor: User) -> Application:
    """The certification body assigns an auditor; the audit starts."""
    with transaction.atomic():
        application = _locked(application)
        _require_state(application, "assign_auditor")
        if roles(auditor).certification_body:
            raise ActionError(
                _("An auditor cannot also decide: choose someone outside the certification body."), "auditor"
            )
        check_independence(auditor, Role.AUDITOR, application.area)
        before = _snapshot(application)
        application.auditor = auditor
        application.state = rules.next_state(application.state, "assign_auditor")
        application.save()
        Membership.objects.get_or_create(user=auditor, role=Role.AUDITOR, area=application.area)
        record(
            actor,
            "application.assign_auditor",
            f"application:{application.pk}",
            before=before,
            after=_snapshot(application),
        )
        notify([auditor], _("GIA: an audit is assigned to you"), str(application.area), _link(application))
        notify(
            area_managers(application.area),
            _("GIA: your audit has started"),
            _("Auditor: {name}").format(name=auditor.get_full_name() or auditor.username),
            _link(application),
        )
    return application


def _criterion(application: Application, criterion: str) -> dict[str, Any]:
    for item in assessment_summary(application.version)["criteria"]:
        if item["id"] == criterion:
            return item
    raise ActionError(_("No criterion {id} in this assessment.").format(id=criterion), "criterion")


def _require_auditor(actor: User, application: Application) -> None:
    if application.auditor_id != actor.pk:
        raise ActionError(_("Only the auditor assigned to this application can do this."))


def do_review_criterion(
    actor: User,
    application: Application,
    criterion: str,
    verdict: str,
    value: float | None = None,
    reason: str = "",
) -> CriterionReview:
    """The auditor accepts a criterion's value, overrides it (value and reason required; both kept),
    or requests evidence for it."""
    reason = reason.strip()
    if verdict not in CriterionReview.Verdict.values:
        raise ActionError(_("Choose accept, override or request evidence."), "verdict")
    if verdict == CriterionReview.Verdict.OVERRIDDEN:
        if value is None:
            raise ActionError(_("An override needs the auditor's value."), "value")
        if not reason:
            raise ActionError(_("An override needs a reason."), "reason")
    if verdict == CriterionReview.Verdict.EVIDENCE_REQUESTED and not reason:
        raise ActionError(_("Say which evidence is needed."), "reason")
    with transaction.atomic():
        application = _locked(application)
        _require_state(application, "review")
        _require_auditor(actor, application)
        item = _criterion(application, criterion)
        if verdict == CriterionReview.Verdict.OVERRIDDEN:
            try:
                value = check_auditor_value(
                    value, f"{criterion} {item['name']}", item.get("indicator"), item["unit"]
                )
            except AuditorValueError as error:
                raise ActionError(error.message, "value") from None
        existing = CriterionReview.objects.filter(application=application, criterion=criterion).first()
        before = (
            None
            if existing is None
            else {"verdict": existing.verdict, "value": existing.auditor_value, "reason": existing.reason}
        )
        if (
            verdict == CriterionReview.Verdict.ACCEPTED
            and existing is not None
            and existing.verdict != verdict
            and reason == existing.reason
        ):
            reason = ""  # the earlier request's text, left in the form, is no reason for accepting
        review, _created = CriterionReview.objects.update_or_create(
            application=application,
            criterion=criterion,
            defaults={
                "verdict": verdict,
                "computed_value": item["value"],
                "auditor_value": value if verdict == CriterionReview.Verdict.OVERRIDDEN else None,
                "reason": reason,
                "reviewer": actor,
            },
        )
        record(
            actor,
            "audit.review",
            f"application:{application.pk}/{criterion}",
            before=before,
            after={
                "verdict": verdict,
                "computed": item["value"],
                "value": review.auditor_value,
                "reason": reason,
            },
        )
        if verdict == CriterionReview.Verdict.EVIDENCE_REQUESTED:
            notify(
                area_managers(application.area),
                _("GIA: the auditor requests evidence for {criterion}").format(criterion=criterion),
                reason,
                _link(application),
            )
    return review


def unreviewed_criteria(application: Application) -> list[str]:
    """The criteria of the application's assessment without any review yet, in the standard's order."""
    reviewed = set(application.reviews.values_list("criterion", flat=True))
    return [c["id"] for c in assessment_summary(application.version)["criteria"] if c["id"] not in reviewed]


def do_accept_remaining(actor: User, application: Application, criteria: list[str]) -> list[CriterionReview]:
    """The auditor accepts, in one step, the criteria ``criteria`` (those they were shown) that are still
    without any review; criteria reviewed meanwhile (accepted, overridden, evidence requested) stay as
    they are. Each acceptance is its own entry in the audit trail."""
    with transaction.atomic():
        application = _locked(application)
        _require_state(application, "review")
        _require_auditor(actor, application)
        items = {c["id"]: c for c in assessment_summary(application.version)["criteria"]}
        wanted = set(criteria)
        remaining = [c for c in unreviewed_criteria(application) if c in wanted]
        reviews = []
        for criterion in remaining:
            reviews.append(
                CriterionReview.objects.create(
                    application=application,
                    criterion=criterion,
                    verdict=CriterionReview.Verdict.ACCEPTED,
                    computed_value=items[criterion]["value"],
                    reviewer=actor,
                )
            )
            record(
                actor,
                "audit.review",
                f"application:{application.pk}/{criterion}",
                after={
                    "verdict": CriterionReview.Verdict.ACCEPTED,
                    "computed": items[criterion]["value"],
                    "value": None,
                    "reason": "",
                    "with_the_remaining": True,
                },
            )
    return reviews


def do_raise_finding(
    actor: User, application: Application, severity: str, text: str, deadline: dt.date, criterion: str = ""
) -> Finding:
    if severity not in Finding.Severity.values:
        raise ActionError(_("Choose the severity: major, minor or observation."), "severity")
    if not text.strip():
        raise ActionError(_("Describe the finding."), "text")
    if deadline < timezone.localdate():
        raise ActionError(_("The deadline is in the past."), "deadline")
    with transaction.atomic():
        application = _locked(application)
        _require_state(application, "add_finding")
        _require_auditor(actor, application)
        if criterion:
            _criterion(application, criterion)
        finding = Finding.objects.create(
            application=application,
            criterion=criterion,
            severity=severity,
            text=text.strip(),
            deadline=deadline,
            raised_by=actor,
        )
        record(
            actor,
            "audit.finding",
            f"finding:{finding.pk}",
            after={
                "severity": severity,
                "criterion": criterion,
                "text": finding.text,
                "deadline": deadline.isoformat(),
            },
        )
        notify(
            area_managers(application.area),
            _("GIA: a {severity} finding to answer by {deadline}").format(
                severity=finding.get_severity_display(), deadline=deadline
            ),
            finding.text,
            _link(application),
        )
    return finding


def do_answer_finding(actor: User, finding: Finding, corrective_action: str) -> Finding:
    """The applicant answers a finding with the corrective action taken (evidence uploaded beside it)."""
    if not corrective_action.strip():
        raise ActionError(_("Describe the corrective action."), "corrective_action")
    with transaction.atomic():
        finding = Finding.objects.select_for_update().select_related("application").get(pk=finding.pk)
        _require_state(finding.application, "answer_finding")
        if finding.status == Finding.Status.CLOSED:
            raise ActionError(_("This finding is closed."))
        before = {"status": finding.status, "corrective_action": finding.corrective_action}
        finding.corrective_action = corrective_action.strip()
        finding.status = Finding.Status.ANSWERED
        finding.answered = timezone.now()
        finding.save()
        record(
            actor,
            "audit.answer",
            f"finding:{finding.pk}",
            before=before,
            after={"status": finding.status, "corrective_action": finding.corrective_action},
        )
        notify(
            [finding.application.auditor],
            _("GIA: a finding was answered"),
            finding.corrective_action,
            _link(finding.application),
        )
    return finding


def do_close_finding(actor: User, finding: Finding) -> Finding:
    """The auditor closes a finding once its corrective action is accepted (an observation at once)."""
    with transaction.atomic():
        finding = Finding.objects.select_for_update().select_related("application").get(pk=finding.pk)
        _require_state(finding.application, "change_finding")
        _require_auditor(actor, finding.application)
        if finding.status == Finding.Status.CLOSED:
            raise ActionError(_("This finding is closed already."))
        if finding.status == Finding.Status.OPEN and finding.severity != Finding.Severity.OBSERVATION:
            raise ActionError(_("A finding is closed after the applicant has answered it."))
        before = {"status": finding.status}
        finding.status = Finding.Status.CLOSED
        finding.closed = timezone.now()
        finding.save()
        record(
            actor,
            "audit.close_finding",
            f"finding:{finding.pk}",
            before=before,
            after={"status": finding.status},
        )
    return finding


def evidence_name(evidence: Evidence) -> str:
    """The evidence's name in the file store: by its SHA-256, so the same bytes are kept once."""
    application = evidence.application
    return files.area_name(application.area.slug, application.version.year, "evidence", evidence.sha256)


def do_upload_evidence(
    actor: User,
    application: Application,
    criterion: str,
    stream: IO[bytes],
    size: int,
    name: str,
    content_type: str,
) -> Evidence:
    """Keep a file of evidence for a criterion: size and type checked, stored under its SHA-256 outside
    the web root; the same name again is the next version."""
    check_upload_size(name, size)
    check_file_name(Path(name).name, Evidence._meta.get_field("name").max_length)
    limit = settings.GIA_MAX_UPLOAD_BYTES
    suffix = Path(name).suffix.lower()
    if suffix not in EVIDENCE_TYPES:
        raise GiaInputError(name, [("", _("evidence is a PDF, PNG, JPEG, Excel, Word, CSV or text file"))])
    content = stream.read(limit + 1)
    if len(content) > limit:
        raise GiaInputError(
            name, [("", _("the file is larger than {limit} MB").format(limit=round(limit / 1e6)))]
        )
    signatures = EVIDENCE_TYPES[suffix]
    if signatures and not any(content.startswith(s) for s in signatures):
        raise GiaInputError(
            name, [("", _("the file's content is not what its name says ({suffix})").format(suffix=suffix))]
        )
    if not signatures and b"\0" in content[:4096]:
        raise GiaInputError(name, [("", _("a text file must not hold binary data"))])
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        application = _locked(application)
        _require_state(application, "give_evidence")
        if criterion:
            _criterion(application, criterion)
        safe = Path(name).name[:200]
        version = Evidence.objects.filter(application=application, criterion=criterion, name=safe).count() + 1
        evidence = Evidence.objects.create(
            application=application,
            criterion=criterion,
            name=safe,
            version=version,
            sha256=digest,
            size=len(content),
            # the browser's word for the type, kept only when it is a plain one that fits its column
            content_type=content_type
            if content_type
            and len(content_type) <= 100
            and content_type.isascii()
            and content_type.isprintable()
            else "application/octet-stream",
            uploaded_by=actor,
        )
        target = evidence_name(evidence)
        if not files.exists(target):
            files.save(target, content)
        record(
            actor,
            "evidence.upload",
            f"evidence:{evidence.pk}",
            after={
                "criterion": criterion,
                "name": safe,
                "version": version,
                "sha256": digest,
                "size": len(content),
            },
        )
        if application.auditor:
            notify(
                [application.auditor],
                _("GIA: new evidence"),
                _("{name} for {criterion}").format(name=safe, criterion=criterion or "—"),
                _link(application),
            )
    return evidence


def auditor_values(application: Application) -> dict[str, tuple[float, str]]:
    """The auditor's overrides as the assessment takes them: indicator → (value, reason)."""
    values: dict[str, tuple[float, str]] = {}
    criteria = {c["id"]: c for c in assessment_summary(application.version)["criteria"]}
    for review in application.reviews.filter(verdict=CriterionReview.Verdict.OVERRIDDEN):
        indicator = criteria.get(review.criterion, {}).get("indicator")
        if indicator and review.auditor_value is not None:
            values[indicator] = (review.auditor_value, review.reason)
    return values


def audited_assessment(
    application: Application, values: dict[str, tuple[float, str]] | None = None
) -> dict[str, Any]:
    """The version assessed again with the auditor's values (what the recommendation stands on)."""
    values = auditor_values(application) if values is None else values
    version = application.version
    submission = parse_submission(
        version.document, f"{application.area.slug} {version.year} v{version.number}"
    )
    with i18n.override("en"):
        return assess_submission(
            submission, series_dir(application.area, version.year), auditor_values=values
        ).to_dict()


def level_rank(level: str, edition: str | None = None) -> int:
    """The level's rank by its order in the application's edition (-1: no level of it)."""
    catalogue = load_standard(edition).catalogue if edition else load_standard().catalogue
    return rank_of(catalogue, level)


def do_recommend(
    actor: User, application: Application, recommendation: str, level: str = "", note: str = ""
) -> Application:
    """The auditor recommends: grant (a level no higher than the audited assessment earns) or refuse."""
    if recommendation not in ("grant", "refuse"):
        raise ActionError(_("Recommend to grant or to refuse."), "recommendation")
    # the audited assessment takes a second or so: made before the application is locked, and
    # used only if the auditor's values are still the same once it is
    values = auditor_values(application) if recommendation == "grant" else {}
    earned = audited_assessment(application, values)["level"]["level"] if recommendation == "grant" else None
    with transaction.atomic():
        application = _locked(application)
        _require_state(application, "recommend")
        _require_auditor(actor, application)
        if recommendation == "grant":
            criteria = [c["id"] for c in assessment_summary(application.version)["criteria"]]
            reviewed = dict(application.reviews.values_list("criterion", "verdict"))
            unreviewed = [c for c in criteria if reviewed.get(c) not in ("accepted", "overridden")]
            if unreviewed:
                raise ActionError(
                    _("Review every criterion first; still open: {criteria}.").format(
                        criteria=", ".join(unreviewed)
                    )
                )
            if (
                application.findings.filter(severity=Finding.Severity.MAJOR)
                .exclude(status=Finding.Status.CLOSED)
                .exists()
            ):
                raise ActionError(_("A major finding is still open."))
            if auditor_values(application) != values:
                raise ActionError(_("The reviews changed meanwhile; recommend again."))
            if not earned:
                raise ActionError(
                    _("With the audited values the area earns no level; recommend to refuse."),
                    "recommendation",
                )
            edition = application.edition
            if level_rank(level, edition) < 0 or level_rank(level, edition) > level_rank(earned, edition):
                raise ActionError(
                    _("Choose a level up to {level}, the level the audited values earn.").format(
                        level=earned
                    ),
                    "level",
                )
        before = _snapshot(application)
        application.recommendation = recommendation
        application.recommended_level = level if recommendation == "grant" else ""
        application.recommendation_note = note.strip()
        application.state = rules.next_state(application.state, "recommend")
        application.save()
        record(
            actor,
            "application.recommend",
            f"application:{application.pk}",
            before=before,
            after={
                **_snapshot(application),
                "recommendation": recommendation,
                "level": application.recommended_level,
                "note": application.recommendation_note,
            },
        )
        notify(
            certification_body(),
            _("GIA: a recommendation waits for your decision"),
            str(application.area),
            _link(application),
        )
    return application


def do_decide(
    actor: User,
    application: Application,
    decision: str,
    level: str = "",
    note: str = "",
    today: dt.date | None = None,
) -> Application:
    """The certification body decides: grant with a level (a certificate is issued) or refuse."""
    if decision not in ("grant", "refuse"):
        raise ActionError(_("Decide to grant or to refuse."), "decision")
    with transaction.atomic():
        application = _locked(application)
        _require_state(application, "decide")
        if decision == "grant":
            if application.recommendation != "grant":
                raise ActionError(
                    _("The auditor recommended to refuse; a grant needs a new audit."), "decision"
                )
            edition = application.edition
            recommended = application.recommended_level
            if level_rank(level, edition) < 0 or level_rank(level, edition) > level_rank(
                recommended, edition
            ):
                raise ActionError(
                    _("Choose a level up to {level}, the recommended level.").format(
                        level=application.recommended_level
                    ),
                    "level",
                )
        before = _snapshot(application)
        application.state = rules.next_state(
            application.state, "decide", State.GRANTED if decision == "grant" else State.REFUSED
        )
        application.decided_level = level if decision == "grant" else ""
        application.decision_note = note.strip()
        application.save()
        record(
            actor,
            "application.decide",
            f"application:{application.pk}",
            before=before,
            after={
                **_snapshot(application),
                "decision": decision,
                "level": application.decided_level,
                "note": application.decision_note,
            },
        )
        certificate = None
        if decision == "grant":
            certificate = issue_certificate(actor, application, today or timezone.localdate())
        notify(
            area_managers(application.area),
            _("GIA: the decision on your application"),
            _("Granted: {level}, certificate {number}.").format(level=level, number=certificate.number)
            if certificate
            else _("Refused. {note}").format(note=application.decision_note),
            _link(application),
        )
    return application


def do_withdraw_application(actor: User, application: Application) -> Application:
    with transaction.atomic():
        application = _locked(application)
        _require_state(application, "withdraw")
        before = _snapshot(application)
        application.state = rules.next_state(application.state, "withdraw")
        application.save()
        record(
            actor,
            "application.withdraw",
            f"application:{application.pk}",
            before=before,
            after=_snapshot(application),
        )
    return application
