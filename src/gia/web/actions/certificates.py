"""Certificates in the registry. The certification workflow (application, audit, decision, signature)
issues them; until then the certification body registers one for an assessed version."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from gia.web.actions import ActionError
from gia.web.actions.audit import record
from gia.web.models import AssessmentRecord, Certificate, SubmissionVersion
from gia.web.permissions import roles

VALIDITY_YEARS = 3


def do_register_certificate(actor: User, version: SubmissionVersion, valid_from: dt.date) -> Certificate:
    """Register the certificate a version's assessment earns: its level, for three years."""
    if not roles(actor).certification_body:
        raise ActionError(_("Only the certification body registers certificates."))
    assessed = AssessmentRecord.objects.filter(version=version, language="en").first()
    if assessed is None or not assessed.level:
        raise ActionError(_("This version's assessment earns no level."))
    with transaction.atomic():
        sequence = Certificate.objects.filter(area__country=version.area.country).count() + 1
        certificate = Certificate.objects.create(
            number=f"GIA-{version.area.country}-{valid_from.year}-{sequence:04d}",
            area=version.area,
            version=version,
            level=assessed.level,
            edition=assessed.summary["edition"],
            country_profile=assessed.summary["country_profile"],
            valid_from=valid_from,
            valid_to=valid_from.replace(year=valid_from.year + VALIDITY_YEARS) - dt.timedelta(days=1),
        )
        record(
            actor,
            "certificate.register",
            f"certificate:{certificate.number}",
            after={
                "area": version.area.slug,
                "version": f"{version.year}/v{version.number}",
                "level": certificate.level,
                "valid_from": certificate.valid_from.isoformat(),
                "valid_to": certificate.valid_to.isoformat(),
            },
        )
    return certificate
