"""Personal data (GDPR): what a person may take with them, erasure that keeps the audit trail
verifiable, and the retention periods of the records that hold personal data.

The audit trail names people by a pseudonym (:func:`gia.web.actions.audit.pseudonym`); erasing a
person removes the pseudonym's link to them and anonymises the account, so the trail's bytes — and its
hash chain — stay as they were while naming no one. Records the certification needs (who submitted a
version, who reviewed a criterion) keep pointing to the anonymised account.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gia.certification import OPEN_STATES
from gia.web.actions import ActionError
from gia.web.actions.accounts import login_name
from gia.web.actions.audit import pseudonym, record
from gia.web.models import (
    ApiToken,
    Application,
    AuditEvent,
    Evidence,
    Invitation,
    LoginFailure,
    Membership,
    OutgoingMail,
    Preference,
    Pseudonym,
    Role,
    SectionSave,
    SeriesFile,
    SubmissionVersion,
)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def personal_data(user: User) -> dict[str, Any]:
    """Everything GIA keeps about ``user`` as a person, in one JSON-ready document (GDPR Art. 15, 20)."""
    # a read: the pseudonym is looked up, never made (someone without one has no events in the trail)
    code = Pseudonym.objects.filter(user=user).values_list("code", flat=True).first() or ""
    actor = f"person:{code}"
    return {
        "about": _(
            "The personal data GIA keeps about you: your account, your roles, your invitations, your API "
            "tokens (names and dates, never the tokens), failed sign-ins with your name, the audit trail's "
            "events you did (the trail names you by your pseudonym) and what you submitted or uploaded."
        ),
        "exported": timezone.now().isoformat(),
        "account": {
            "username": user.username,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "language": Preference.objects.filter(user=user).values_list("language", flat=True).first(),
            "pseudonym": code,
        },
        "roles": [
            {
                "role": m.role,
                "area": m.area.slug if m.area else None,
                "company": m.company.slug if m.company else None,
                "since": _iso(m.created),
            }
            for m in Membership.objects.filter(user=user).select_related("area", "company")
        ],
        "invitations": [
            {
                "role": i.role,
                "area": i.area.slug if i.area else None,
                "created": _iso(i.created),
                "accepted": _iso(i.accepted),
            }
            for i in Invitation.objects.filter(Q(email=user.email) | Q(accepted_by=user)).select_related("area")
            if user.email or i.accepted_by_id == user.pk
        ],
        "api_tokens": [
            {"name": t.name, "created": _iso(t.created), "last_used": _iso(t.last_used), "revoked": _iso(t.revoked)}
            for t in ApiToken.objects.filter(user=user)
        ],
        "failed_sign_ins": [
            {"at": _iso(f.at), "address": f.address}
            for f in LoginFailure.objects.filter(username=login_name(user.username))
        ],
        "audit_trail": [
            {"sequence": e.sequence, "at": _iso(e.at), "action": e.action, "target": e.target}
            for e in AuditEvent.objects.filter(actor=actor).order_by("sequence")
        ],
        "submitted_versions": [
            {"area": v.area.slug, "year": v.year, "version": v.number, "submitted": _iso(v.submitted)}
            for v in SubmissionVersion.objects.filter(submitted_by=user).select_related("area")
        ],
        "uploaded_files": [
            {"name": f.name, "sha256": f.sha256, "uploaded": _iso(f.uploaded)}
            for files in (SeriesFile.objects, Evidence.objects)
            for f in files.filter(uploaded_by=user)
        ],
        "sections_saved": SectionSave.objects.filter(saved_by=user).count(),
    }


def erasure_blockers(user: User) -> list[str]:
    """Why ``user`` cannot be erased now (each with what to do first); empty when they can."""
    blockers = []
    for m in Membership.objects.filter(user=user, role=Role.AREA_MANAGER).select_related("area"):
        others = Membership.objects.filter(area=m.area, role=Role.AREA_MANAGER, user__is_active=True).exclude(user=user)
        if not others.exists():
            blockers.append(
                _("You are the only manager of {area}: invite another manager first.").format(area=m.area)
            )
    for application in Application.objects.filter(auditor=user, state__in=OPEN_STATES).select_related("area"):
        blockers.append(
            _("You audit application {number} of {area}, still open: the certification body assigns another auditor first.").format(
                number=application.pk, area=application.area
            )
        )
    if Membership.objects.filter(user=user, role=Role.CERTIFICATION_BODY).exists() and not (
        Membership.objects.filter(role=Role.CERTIFICATION_BODY, user__is_active=True).exclude(user=user).exists()
    ):
        blockers.append(_("You are the certification body's only member: add another member first."))
    return blockers


def do_erase_person(actor: User | str, user: User) -> str:
    """Erase ``user`` as a person: the account is anonymised and closed, their roles, tokens, preferences,
    failed sign-ins, pending invitations and queued e-mails are deleted, and the audit trail's pseudonym
    no longer leads to them. Returns the pseudonym (which the records keep). Refused while the person
    holds a role nobody else holds (:func:`erasure_blockers`)."""
    blockers = erasure_blockers(user)
    if blockers:
        raise ActionError(" ".join(blockers), "")
    with transaction.atomic():
        code = pseudonym(user)
        email, username = user.email, user.username
        by = f"person:{code}" if actor == user else actor
        Membership.objects.filter(user=user).delete()
        ApiToken.objects.filter(user=user).delete()
        Preference.objects.filter(user=user).delete()
        LoginFailure.objects.filter(username=login_name(username)).delete()
        if email:
            Invitation.objects.filter(email=email, accepted=None).delete()
            Invitation.objects.filter(email=email).update(email="")
            for mail in OutgoingMail.objects.filter(recipients__icontains=email):
                mail.delete()
        erased_name = f"erased-{code}"
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
        ).update(object_repr=erased_name)
        user.username, user.email, user.first_name, user.last_name = erased_name, "", "", ""
        user.is_active = user.is_staff = user.is_superuser = False
        user.set_unusable_password()  # also ends every session: they hold the old password's hash
        user.save()
        now = timezone.now()
        Pseudonym.objects.filter(Q(user=user) | Q(email=email) if email else Q(user=user)).update(
            user=None, email="", erased=now
        )
        record(by, "person.erase", f"person:{code}")
    return code


def do_purge_personal_data(now: dt.datetime | None = None) -> dict[str, int]:
    """Delete the records of personal data whose retention period is over (settings ``GIA_RETENTION_*``):
    failed sign-ins, invitations never accepted, e-mails sent, expired sessions. Run daily."""
    now = now or timezone.now()
    days = settings.GIA_RETENTION_DAYS
    with transaction.atomic():
        counts = {
            "failed_sign_ins": LoginFailure.objects.filter(at__lt=now - dt.timedelta(days=days["failed_sign_ins"]))
            .delete()[0],
            "invitations": Invitation.objects.filter(
                accepted=None, expires__lt=now - dt.timedelta(days=days["invitations"])
            ).delete()[0],
            "emails": OutgoingMail.objects.filter(sent__lt=now - dt.timedelta(days=days["emails"])).delete()[0],
            "sessions": Session.objects.filter(expire_date__lt=now).delete()[0],
        }
        if any(counts.values()):
            record("system", "privacy.purge", "personal-data", after=counts)
    return counts
