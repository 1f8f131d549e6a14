"""The certificate as an A4 PDF (WeasyPrint) with a QR code, signed with PAdES (pyHanko).

:func:`render_pdf` prints the record through ``templates/certificate.html`` and, given the signed JSON
document, attaches it to the PDF (``gia-certificate.json``), so the PDF carries the detached
signature too. :func:`sign_pdf` adds a PAdES baseline B signature (``ETSI.CAdES.detached``, SHA-512,
Ed25519) with the certification body's key and embeds the signer's certificate.

References
----------
.. [1] ETSI EN 319 142-1 V1.1.1, "PAdES digital signatures; Part 1: Building blocks and PAdES baseline
   signatures", 2016.
.. [2] ISO/IEC 18004:2015, "QR Code bar code symbology specification".
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import cache
from pathlib import Path

import segno
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from babel import Locale
from babel.dates import format_date
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from gia import i18n
from gia.certificates._loop import outside_event_loop
from gia.certificates.document import CertificateRecord, SignedCertificate
from gia.certificates.keys import load_certificate, load_private_key
from gia.errors import GiaInputError
from gia.i18n import _
from gia.standard import load_standard

#: name of the signed JSON document attached to the PDF
ATTACHMENT_NAME = "gia-certificate.json"
#: the PDF signature field GIA signs
SIGNATURE_FIELD = "GIA-certificate-signature"


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("gia.certificates", "templates"),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    return env


def qr_code(url: str) -> segno.QRCode:
    """The QR code of ``url`` as printed on the certificate (error correction M or better).

    Parameters
    ----------
    url : str
        The public verification URL.

    Returns
    -------
    segno.QRCode
    """
    return segno.make(url, error="m", micro=False)


def qr_data_uri(url: str) -> str:
    """The QR code of ``url`` as an SVG ``data:`` URI (black on white, 4-module quiet zone)."""
    return qr_code(url).svg_data_uri(scale=4, border=4, dark="#000", light="#fff")


def _level_name(record: CertificateRecord, language: str) -> str:
    """The level's name in ``language`` from the standard's edition; the record's name otherwise."""
    try:
        levels = {lvl.id: lvl.name for lvl in load_standard(record.edition).catalogue.levels}
    except Exception:  # an edition this installation does not ship: print the name recorded
        return record.level_name
    name = levels.get(record.level)
    return name.get(language) if name is not None else record.level_name


def _country_name(country: str, language: str) -> str:
    try:
        return Locale.parse(language).territories.get(country, country)
    except (ValueError, TypeError):
        return country


def render_html(record: CertificateRecord, language: str = "en", second: str | None = "en") -> str:
    """The certificate page as self-contained HTML (the QR code inline as an SVG data URI).

    Parameters
    ----------
    record : CertificateRecord
        The certificate.
    language : str
        Language of the texts, usually the area's (one of :data:`gia.i18n.LANGUAGES`; others fall back
        to English).
    second : str, optional
        A second language printed beside the first (English by default, so that the certificate reads
        in every partner country); none when it is the same language or ``None``.

    Returns
    -------
    str
        HTML that WeasyPrint prints on one A4 page.
    """
    with i18n.override(language):
        language = i18n.language()
    languages = [language] + ([second] if second and second != language else [])

    def both(message: str, **values: object) -> Markup:
        """``message`` in each language, the second smaller beneath the first."""
        parts = []
        for index, lang in enumerate(languages):
            in_language = {k: v[lang] if isinstance(v, dict) else v for k, v in values.items()}
            with i18n.override(lang):
                text = i18n.gettext(message).format(**in_language) if values else i18n.gettext(message)
            parts.append(
                escape(text)
                if index == 0
                else Markup('<span class="second" lang="{}">{}</span>').format(lang, text)
            )
        return Markup(" ").join(parts)

    def each(function: Callable[[str], str]) -> Markup:
        values = [function(lang) for lang in languages]
        if len(values) == 1 or values[1] == values[0]:
            return escape(values[0])
        return Markup('{} <span class="second" lang="{}">{}</span>').format(
            values[0], languages[1], values[1]
        )

    status = _STATUSES.get(record.status, record.status)
    with i18n.override(language):
        return (
            _environment()
            .get_template("certificate.html")
            .render(
                record=record,
                language=language,
                both=both,
                level_name=each(lambda lang: _level_name(record, lang)),
                country_name=each(lambda lang: _country_name(record.country, lang)),
                valid_from=each(lambda lang: format_date(record.valid_from, format="long", locale=lang)),
                valid_to=each(lambda lang: format_date(record.valid_to, format="long", locale=lang)),
                issued=each(lambda lang: format_date(record.issued, format="long", locale=lang)),
                status=both(status),
                status_words={lang: _translated(lang, status) for lang in languages},
                qr_code=qr_data_uri(record.verification_url),
            )
        )


def N_(message: str) -> str:  # noqa: N802 - marks a message for extraction, translated where it is printed
    return message


_STATUSES = {"valid": N_("valid"), "suspended": N_("suspended"), "withdrawn": N_("withdrawn")}


def _translated(language: str, message: str) -> str:
    with i18n.override(language):
        return i18n.gettext(message)


def render_pdf(
    record: CertificateRecord, language: str = "en", signed: SignedCertificate | None = None
) -> bytes:
    """The certificate as an unsigned A4 PDF.

    Parameters
    ----------
    record : CertificateRecord
        The certificate.
    language : str
        Language of the texts.
    signed : SignedCertificate, optional
        The signed JSON document of the same record, attached to the PDF as ``gia-certificate.json``.

    Returns
    -------
    bytes
        The PDF; sign it with :func:`sign_pdf`.

    Raises
    ------
    ValueError
        When ``signed`` is the document of another record.
    """
    from weasyprint import HTML, Attachment

    attachments = []
    if signed is not None:
        if signed.record != record:
            raise ValueError("the signed document is not the one of this record")
        attachments.append(
            Attachment(
                file_obj=io.BytesIO(signed.to_json()),
                name=ATTACHMENT_NAME,
                description=_("The certificate as signed JSON (gia-certificate/1)"),
                relationship="Source",
            )
        )
    return HTML(string=render_html(record, language)).write_pdf(attachments=attachments)


def _private_key(key: Ed25519PrivateKey | Path | str) -> Ed25519PrivateKey:
    return key if isinstance(key, Ed25519PrivateKey) else load_private_key(key)


def _certificate(certificate: x509.Certificate | Path | str) -> x509.Certificate:
    return certificate if isinstance(certificate, x509.Certificate) else load_certificate(certificate)


def sign_pdf(
    pdf: bytes,
    private_key: Ed25519PrivateKey | Path | str,
    certificate: x509.Certificate | Path | str,
    reason: str = "GIA certificate",
    location: str | None = None,
) -> bytes:
    """Sign a PDF with PAdES (SHA-512, Ed25519), embedding the signer's certificate.

    Parameters
    ----------
    pdf : bytes
        The PDF to sign (e.g. from :func:`render_pdf`).
    private_key : Ed25519PrivateKey or path
        The certification body's private key, or the path of its PEM file.
    certificate : x509.Certificate or path
        The certificate of that key (``gia-signing-cert.pem``).
    reason : str
        The reason written into the signature.
    location : str, optional
        The place of signing.

    Returns
    -------
    bytes
        The signed PDF (the original revision plus an incremental update holding the signature).

    Raises
    ------
    GiaInputError
        When the certificate does not belong to the key or the PDF cannot be read.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key, cert = _private_key(private_key), _certificate(certificate)
    raw = serialization.Encoding.Raw, serialization.PublicFormat.Raw
    if key.public_key().public_bytes(*raw) != cert.public_key().public_bytes(*raw):
        raise GiaInputError(_("certificate"), [("", _("the certificate does not belong to the private key"))])
    signing_cert = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    signing_key = asn1_keys.PrivateKeyInfo.load(
        key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    signer = signers.SimpleSigner(
        signing_cert=signing_cert, signing_key=signing_key, cert_registry=SimpleCertificateStore()
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha512",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        name=cert.subject.rfc4514_string(),
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=True)
        return outside_event_loop(lambda: signers.sign_pdf(writer, metadata, signer=signer).getvalue())
    except (PdfError, ValueError) as error:
        raise GiaInputError(
            _("PDF"), [("", _("cannot sign the PDF: {reason}").format(reason=error))]
        ) from error
