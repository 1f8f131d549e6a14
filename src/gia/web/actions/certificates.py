"""A certificate's life: issued and signed for a granted application; a monitoring year that fails a
gate opens a six-month corrective period, then the certification body suspends; reinstatement,
withdrawal; expiry after three years (read from the dates, see ``Certificate.state_on``).

Each step is atomic, writes the audit trail and e-mails whoever must act.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gia.certification import add_months, corrective_months, validity_end, validity_years
from gia.standard.loader import load_standard
from gia.web import files
from gia.web.actions import ActionError
from gia.web.actions.audit import record
from gia.web.actions.notifications import area_managers, certification_body, notify
from gia.web.actions.submissions import assessment_summary
from gia.web.models import Application, Area, AuditHead, Certificate, SubmissionVersion


def _next_number(area: Area, year: int) -> str:
    prefix = f"GIA-{area.country}-{year}-"
    taken = Certificate.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{taken + 1:04d}"


def issue_certificate(actor: User, application: Application, today: dt.date) -> Certificate:
    """Create, sign (JSON and PDF) and store the certificate of a granted application (inside its transaction)."""
    from gia.web.signing import sign_certificate

    catalogue = load_standard(application.edition).catalogue
    valid_to = validity_end(today, validity_years(catalogue, application.stage))
    # numbers are counted per country and year: issue one certificate at a time (the audit trail's
    # head row is the lock every action takes anyway)
    AuditHead.objects.select_for_update().get_or_create(pk=1)
    certificate = Certificate.objects.create(
        number=_next_number(application.area, today.year),
        area=application.area,
        version=application.version,
        level=application.decided_level,
        edition=application.edition,
        country_profile=application.country_profile,
        valid_from=today,
        valid_to=valid_to,
        stage=application.stage,
        application=application,
        issued=today,
    )
    if application.renews_id:
        Certificate.objects.filter(pk=application.renews_id, valid_to__gte=today).update(
            valid_to=today - dt.timedelta(days=1)
        )
    signed_json, pdf = sign_certificate(certificate)
    certificate.signed_json = signed_json
    certificate.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    certificate.save(update_fields=["signed_json", "pdf_sha256"])
    files.save(certificate_pdf_name(certificate), pdf)
    record(
        actor,
        "certificate.issue",
        f"certificate:{certificate.number}",
        after={
            "area": application.area.slug,
            "level": certificate.level,
            "valid_from": certificate.valid_from.isoformat(),
            "valid_to": certificate.valid_to.isoformat(),
            "json_sha256": hashlib.sha256(signed_json.encode()).hexdigest(),
            "pdf_sha256": certificate.pdf_sha256,
        },
    )
    return certificate


def certificate_pdf_name(certificate: Certificate) -> str:
    """The signed PDF's name in the file store."""
    return f"certificates/{certificate.number}.pdf"


def _certificate_snapshot(certificate: Certificate) -> dict[str, str | None]:
    return {
        "status": certificate.status,
        "corrective_until": certificate.corrective_until.isoformat()
        if certificate.corrective_until
        else None,
    }


def monitor(actor: User, version: SubmissionVersion, today: dt.date) -> None:
    """A yearly monitoring submission of a certified area (called inside the submission's transaction):
    a failing gate opens a six-month corrective period; passing gates close it."""
    summary = assessment_summary(version)
    for certificate in Certificate.objects.select_for_update().filter(
        area=version.area, status=Certificate.Status.VALID, valid_to__gte=today
    ):
        if version.year <= certificate.version.year:
            continue
        before = _certificate_snapshot(certificate)
        if not summary["gates"]["all_passed"] and certificate.corrective_until is None:
            months = corrective_months(load_standard(certificate.edition).catalogue)
            certificate.corrective_until = add_months(today, months)
            certificate.save(update_fields=["corrective_until"])
            record(
                actor,
                "certificate.corrective_period",
                f"certificate:{certificate.number}",
                before=before,
                after={**_certificate_snapshot(certificate), "failed_gates": summary["gates"]["failed"]},
            )
            notify(
                [*area_managers(version.area), *certification_body()],
                _("GIA: a gate failed — corrective period until {day}").format(
                    day=certificate.corrective_until
                ),
                _(
                    "Certificate {number}: failed gates {gates}. Submit corrected data passing every gate before the deadline, or the certificate is suspended."
                ).format(number=certificate.number, gates=", ".join(summary["gates"]["failed"])),
            )
        elif summary["gates"]["all_passed"] and certificate.corrective_until is not None:
            certificate.corrective_until = None
            certificate.save(update_fields=["corrective_until"])
            record(
                actor,
                "certificate.corrective_closed",
                f"certificate:{certificate.number}",
                before=before,
                after=_certificate_snapshot(certificate),
            )


def do_apply_deadlines(actor: User | str, today: dt.date | None = None) -> list[Certificate]:
    """Suspend the certificates whose corrective period has passed without passing gates."""
    today = today or timezone.localdate()
    suspended = []
    with transaction.atomic():
        for certificate in Certificate.objects.select_for_update().filter(
            status=Certificate.Status.VALID, corrective_until__lt=today
        ):
            before = _certificate_snapshot(certificate)
            certificate.status = Certificate.Status.SUSPENDED
            certificate.save(update_fields=["status"])
            record(
                actor,
                "certificate.suspend",
                f"certificate:{certificate.number}",
                before=before,
                after=_certificate_snapshot(certificate),
            )
            notify(
                [*area_managers(certificate.area), *certification_body()],
                _("GIA: certificate {number} is suspended").format(number=certificate.number),
                _("The corrective period ended on {day} without data passing every gate.").format(
                    day=certificate.corrective_until
                ),
            )
            suspended.append(certificate)
    return suspended


def do_reinstate(actor: User, certificate: Certificate) -> Certificate:
    """Lift a suspension once the area's latest submitted data passes every gate."""
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.status != Certificate.Status.SUSPENDED:
            raise ActionError(_("Only a suspended certificate is reinstated."))
        latest = SubmissionVersion.objects.filter(area=certificate.area).order_by("-year", "-number").first()
        if latest is None or not assessment_summary(latest)["gates"]["all_passed"]:
            raise ActionError(_("The area's latest data still fails a gate."))
        before = _certificate_snapshot(certificate)
        certificate.status = Certificate.Status.VALID
        certificate.corrective_until = None
        certificate.save(update_fields=["status", "corrective_until"])
        record(
            actor,
            "certificate.reinstate",
            f"certificate:{certificate.number}",
            before=before,
            after=_certificate_snapshot(certificate),
        )
        notify(
            area_managers(certificate.area),
            _("GIA: certificate {number} is reinstated").format(number=certificate.number),
            "",
        )
    return certificate


def do_withdraw_certificate(actor: User, certificate: Certificate, reason: str) -> Certificate:
    if not reason.strip():
        raise ActionError(_("Give the reason for the withdrawal."), "reason")
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.status == Certificate.Status.WITHDRAWN:
            raise ActionError(_("This certificate is withdrawn already."))
        before = _certificate_snapshot(certificate)
        certificate.status = Certificate.Status.WITHDRAWN
        certificate.save(update_fields=["status"])
        record(
            actor,
            "certificate.withdraw",
            f"certificate:{certificate.number}",
            before=before,
            after={**_certificate_snapshot(certificate), "reason": reason.strip()},
        )
        notify(
            area_managers(certificate.area),
            _("GIA: certificate {number} is withdrawn").format(number=certificate.number),
            reason.strip(),
        )
    return certificate
