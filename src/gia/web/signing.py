"""Signing an issued certificate with the certification body's key: the gia-certificate/1 JSON with
its detached Ed25519 signature, and the PDF (with QR code) with a PAdES signature."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from gia import i18n
from gia.certificates.document import CertificateRecord, sign_record
from gia.certificates.keys import load_certificate, load_private_key
from gia.errors import GiaInputError
from gia.web.actions import ActionError
from gia.web.actions.audit import head
from gia.web.models import AssessmentRecord, Certificate
from gia.web.views.public import level_names


def record_of(certificate: Certificate) -> CertificateRecord:
    return CertificateRecord(
        number=certificate.number,
        area_id=certificate.area.slug,
        area_name=certificate.area.name,
        country=certificate.area.country,
        level=certificate.level,
        level_name=level_names("en").get(certificate.level, certificate.level),
        edition=certificate.edition,
        country_profile=certificate.country_profile,
        valid_from=certificate.valid_from,
        valid_to=certificate.valid_to,
        issued=certificate.issued or certificate.valid_from,
        verification_url=settings.GIA_BASE_URL.rstrip("/")
        + reverse("verify_certificate", kwargs={"certificate": certificate.number}),
        status=certificate.status,
        audit_head="{}:{}".format(*head()),
        **_data_notice(certificate),
    )


def _data_notice(certificate: Certificate) -> dict[str, str]:
    """The factor set of the certified version's assessment and, where it rests on reference factors
    not yet verified against their primary source, a notice naming them (in English, as the record)."""
    record = AssessmentRecord.objects.of(certificate.version_id, "en") if certificate.version_id else None
    if record is None:
        return {}
    summary = record.summary_in("en")
    factors = summary.get("reference_factors")
    if not factors:
        return {}
    unverified = [f["id"] for f in factors["unverified"]]
    notice = (
        "the assessment rests on {count} reference factor{s} not yet verified against {their} primary source: {ids}".format(
            count=len(unverified),
            s="" if len(unverified) == 1 else "s",
            their="its" if len(unverified) == 1 else "their",
            ids=", ".join(unverified),
        )
        if unverified
        else ""
    )
    digest = summary.get("factor_set_digest")
    return {
        "factor_set": f"{summary['factor_set']} ({digest})" if digest else summary["factor_set"],
        "data_notice": notice,
    }


def sign_certificate(certificate: Certificate) -> tuple[str, bytes]:
    """The signed JSON document and the signed PDF of ``certificate``."""
    from gia.certificates.pdf import render_pdf, sign_pdf

    key_path, cert_path = settings.GIA_SIGNING_KEY, settings.GIA_SIGNING_CERT
    if not key_path.is_file() or not cert_path.is_file():
        raise ActionError(
            _(
                "The certification body's signing key is not set up: run `gia certificate keygen --out {directory}`."
            ).format(directory=key_path.parent)
        )
    try:
        private_key = load_private_key(key_path)
        signer = load_certificate(cert_path)
    except GiaInputError as error:
        raise ActionError(error.render()) from None
    record = record_of(certificate)
    signed = sign_record(record, private_key)
    language = i18n.COUNTRY_LANGUAGE.get(record.country, "en")  # the area's language, English beside it
    pdf = sign_pdf(render_pdf(record, language, signed=signed), private_key, signer)
    return signed.to_json().decode(), pdf
