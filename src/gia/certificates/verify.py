"""Offline verification of a certificate, a PDF or a signed JSON document, against the published key.

A document passes when it is **authentic** (signed with the certification body's key) and **unaltered**
(every byte is the one that was signed). For the JSON document that means: the Ed25519 signature of
the certificate's canonical JSON verifies, and the file is exactly the form GIA writes. For the PDF:
the PAdES signature is intact and valid, its signer is the given key (with a certificate PEM: that
certificate is the trust root; with a bare public key: the embedded signer certificate holds that key
and is self-signed by it), the signature covers the whole file, and the signature container holds
nothing beyond what GIA writes (so that no byte outside the signed range can change either).
A signed JSON document attached to the PDF is verified as well and names the certificate.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from gia.certificates._loop import outside_event_loop
from gia.certificates.document import CertificateRecord, SignedCertificate
from gia.certificates.keys import VerificationKey, as_verification_key
from gia.certificates.pdf import ATTACHMENT_NAME
from gia.errors import GiaInputError
from gia.i18n import _

KeyLike = VerificationKey | x509.Certificate | Ed25519PublicKey | Path | str
_UPPER_HEX = re.compile(rb"\A(?:[0-9A-F]{2})+\Z")


@dataclass(frozen=True)
class Verdict:
    """The outcome of a verification.

    Attributes
    ----------
    kind : str
        ``"pdf"`` or ``"json"``.
    authentic : bool
        Signed with the given key.
    unaltered : bool
        No byte changed since signing (the signature is intact and covers the whole file).
    message : str
        What a person reads: why it passed, or the first reason it failed.
    number : str or None
        The certificate number, when the document names it.
    record : CertificateRecord or None
        The certificate, when it could be read (from the JSON document, or the one attached to the PDF).
    """

    kind: str
    authentic: bool
    unaltered: bool
    message: str
    number: str | None = None
    record: CertificateRecord | None = None

    @property
    def ok(self) -> bool:
        """Authentic and unaltered."""
        return self.authentic and self.unaltered


def _raw(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _passed(kind: str, record: CertificateRecord | None, key: VerificationKey) -> Verdict:
    number = record.number if record else None
    if number:
        message = _("authentic and unaltered: certificate {number}, signed by the key {key_id}").format(
            number=number, key_id=key.key_id[:16]
        )
    else:
        message = _("authentic and unaltered: signed by the key {key_id}").format(key_id=key.key_id[:16])
    return Verdict(kind, True, True, message, number, record)


def verify_json(data: bytes, public_key_or_cert: KeyLike) -> Verdict:
    """Verify a signed JSON certificate (``gia-certificate/1``).

    Parameters
    ----------
    data : bytes
        The file's bytes.
    public_key_or_cert : VerificationKey, x509.Certificate, Ed25519PublicKey or path
        The certification body's published certificate or public key.

    Returns
    -------
    Verdict
        Never raises for a bad document; a bad key file raises :class:`GiaInputError`.
    """
    key = as_verification_key(public_key_or_cert)
    try:
        signed = SignedCertificate.from_json(data)
    except GiaInputError as error:
        return Verdict(
            "json",
            False,
            False,
            _("altered or damaged: not a valid GIA certificate ({reason})").format(reason=error.render()),
        )
    record = signed.record
    try:
        key.public_key.verify(signed.signature, record.canonical_json())
    except InvalidSignature:
        if signed.key_id != key.key_id:
            message = _(
                "not signed by this key: the document names the key {theirs}, this key is {ours}"
            ).format(theirs=signed.key_id[:16], ours=key.key_id[:16])
            return Verdict("json", False, False, message, record.number, record)
        message = _("altered: the certificate does not match its signature")
        return Verdict("json", False, False, message, record.number, record)
    if signed.key_id != key.key_id or signed.to_json() != data:
        message = _("altered: the signature is genuine but bytes outside the signed certificate were changed")
        return Verdict("json", True, False, message, record.number, record)
    return _passed("json", record, key)


@contextlib.contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """Keep a library's log records about a broken signature off the console: the verdict says it."""
    logger = logging.getLogger(logger_name)
    previous = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(previous)


def verify_pdf(data: bytes, public_key_or_cert: KeyLike) -> Verdict:
    """Verify the PAdES signature of a PDF certificate (and the signed JSON attached to it).

    Parameters
    ----------
    data : bytes
        The PDF's bytes.
    public_key_or_cert : VerificationKey, x509.Certificate, Ed25519PublicKey or path
        The certification body's published certificate (used as the trust root) or bare public key.

    Returns
    -------
    Verdict
        Never raises for a bad document; a bad key file raises :class:`GiaInputError`.
    """
    key = as_verification_key(public_key_or_cert)
    with _quiet("pyhanko"), _quiet("pyhanko_certvalidator"):
        try:
            return _verify_pdf(data, key)
        except Exception as error:  # a damaged file can break the parser anywhere
            return Verdict(
                "pdf",
                False,
                False,
                _("altered or damaged: the PDF cannot be read ({reason})").format(
                    reason=(str(error).splitlines() or [type(error).__name__])[0][:160]
                ),
            )


def _verify_pdf(data: bytes, key: VerificationKey) -> Verdict:
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    def failed(message: str, authentic: bool = False) -> Verdict:
        return Verdict("pdf", authentic, False, message)

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    signatures = reader.embedded_signatures
    if not signatures:
        return failed(_("not signed: the PDF carries no signature"))
    ours = [sig for sig in signatures if _signer_public_key(sig.signer_cert.dump()) == _raw(key.public_key)]
    if not ours:
        return failed(_("not signed by this key: the PDF's signature was made with another key"))
    signature = ours[-1]
    signer_der = signature.signer_cert.dump()
    signer = x509.load_der_x509_certificate(signer_der)
    if key.certificate is not None:
        trust_root = key.certificate.public_bytes(serialization.Encoding.DER)
    else:
        try:
            signer.verify_directly_issued_by(signer)
        except (ValueError, TypeError, InvalidSignature):
            return failed(_("altered: the signer's certificate in the PDF is not self-signed by this key"))
        trust_root = signer_der
    context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(trust_root)])
    status = outside_event_loop(lambda: validate_pdf_signature(signature, context))
    if not status.intact:
        return failed(_("altered: the signed content of the PDF was changed (its digest does not match)"))
    if not status.valid:
        return failed(_("altered: the signature value does not match the PDF"))
    if not status.trusted:
        return failed(_("not signed by this key: the signer's certificate is not the published certificate"))
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE or len(signatures) != 1:
        return failed(
            _(
                "altered: the signature does not cover the whole file (bytes were changed or added after signing)"
            ),
            authentic=True,
        )
    problem = _container_problem(data, signature, signer_der)
    if problem:
        return failed(problem, authentic=True)
    return _attachment_verdict(reader, key)


def _signer_public_key(certificate_der: bytes) -> bytes | None:
    try:
        public_key = x509.load_der_x509_certificate(certificate_der).public_key()
    except ValueError:
        return None
    return _raw(public_key) if isinstance(public_key, Ed25519PublicKey) else None


def _container_problem(data: bytes, signature: Any, signer_der: bytes) -> str | None:
    """Check the bytes outside the signed range: the ``/Contents`` string holds exactly GIA's CMS.

    The PDF signature covers every byte but the ``/Contents`` hex string; the CMS inside it is signed
    only in part (the signed attributes). This accepts exactly the form pyHanko writes: upper-case
    hex, the DER of one SignedData with one SHA-512/Ed25519 signer, the signer's certificate once,
    nothing unsigned, zero padding.
    """
    from asn1crypto import cms

    altered = _("altered: the signature container of the PDF was changed")
    start, gap_start, gap_end, length = (int(n) for n in signature.byte_range)
    if start != 0 or gap_end + length != len(data) or not gap_start < gap_end:
        return altered
    gap = data[gap_start:gap_end]
    if not (gap.startswith(b"<") and gap.endswith(b">") and _UPPER_HEX.match(gap[1:-1])):
        return altered
    raw = bytes.fromhex(gap[1:-1].decode("ascii"))
    content = cms.ContentInfo.load(raw)
    der = content.dump()
    if raw[: len(der)] != der or raw[len(der) :].strip(b"\0"):
        return altered
    reparsed = cms.ContentInfo.load(der, strict=True)
    reparsed.native  # noqa: B018  (parse every field: a malformed one raises)
    if reparsed.dump(force=True) != der:
        return altered
    signed_data = reparsed["content"]
    if reparsed["content_type"].native != "signed_data" or signed_data["version"].native != "v1":
        return altered
    if signed_data["encap_content_info"].native != {"content_type": "data", "content": None}:
        return altered
    if signed_data["crls"].native is not None or len(signed_data["signer_infos"]) != 1:
        return altered
    certificates = signed_data["certificates"]
    if len(certificates) != 1 or certificates[0].chosen.dump() != signer_der:
        return altered
    signer_info = signed_data["signer_infos"][0]
    certificate = certificates[0].chosen
    sha512 = {"algorithm": "sha512", "parameters": None}
    expected = {
        "version": "v1",
        "sid": {"issuer": certificate.issuer.native, "serial_number": certificate.serial_number},
        "digest_algorithm": sha512,
        "signature_algorithm": {"algorithm": "ed25519", "parameters": None},
        "unsigned_attrs": None,
    }
    if any(signer_info[name].native != value for name, value in expected.items()):
        return altered
    if signed_data["digest_algorithms"].native != [sha512]:
        return altered
    return None


def pdf_attachments(reader: Any) -> dict[str, bytes]:
    """The PDF's embedded files by name (the ``/EmbeddedFiles`` name tree)."""
    found: dict[str, bytes] = {}

    def walk(node: Any) -> None:
        node = node.get_object()
        names = node.get("/Names")
        if names is not None:
            items = [names[index] for index in range(len(names))]
            for name, spec in zip(items[::2], items[1::2], strict=False):
                stream = spec.get("/EF", {}).get("/F")
                if stream is not None:
                    found[str(name)] = stream.get_object().data
        for kid in node.get("/Kids", []):
            walk(kid)

    names = reader.root.get("/Names")
    if names is not None and "/EmbeddedFiles" in names.get_object():
        walk(names.get_object()["/EmbeddedFiles"])
    return found


def _attachment_verdict(reader: Any, key: VerificationKey) -> Verdict:
    attached = pdf_attachments(reader).get(ATTACHMENT_NAME)
    if attached is None:
        return _passed("pdf", None, key)
    inner = verify_json(attached, key)
    if not inner.ok:
        message = _("the PDF's signature is genuine, but its attached certificate is not: {reason}").format(
            reason=inner.message
        )
        return Verdict("pdf", inner.authentic, inner.unaltered, message, inner.number, inner.record)
    return _passed("pdf", inner.record, key)


def _is_pdf(data: bytes) -> bool:
    return data.lstrip()[:1] != b"{" and b"%PDF-" in data[:1024]


def read_certificate(data: bytes, source: str = "certificate") -> CertificateRecord:
    """The certificate a file holds, without verifying it: the JSON document or the one attached to the PDF.

    Raises
    ------
    GiaInputError
        When the file is neither a GIA JSON certificate nor a PDF with one attached.
    """
    if _is_pdf(data):
        from pyhanko.pdf_utils.reader import PdfFileReader

        try:
            with _quiet("pyhanko"):
                attached = pdf_attachments(PdfFileReader(io.BytesIO(data), strict=False)).get(ATTACHMENT_NAME)
        except Exception as error:
            raise GiaInputError(source, [("", _("the PDF cannot be read"))]) from error
        if attached is None:
            raise GiaInputError(source, [("", _("the PDF carries no attached GIA certificate"))])
        data = attached
    return SignedCertificate.from_json(data, source).record


def verify_bytes(data: bytes, public_key_or_cert: KeyLike) -> Verdict:
    """Verify a PDF (``%PDF-``) or a JSON certificate, chosen by the content."""
    if _is_pdf(data):
        return verify_pdf(data, public_key_or_cert)
    return verify_json(data, public_key_or_cert)


def verify_file(path: Path | str, key_path: KeyLike) -> Verdict:
    """Verify a certificate file (PDF or JSON) against the published key.

    Parameters
    ----------
    path : Path or str
        The certificate, ``.pdf`` or ``.json`` (recognised by its content, not its name).
    key_path : path, certificate or public key
        ``gia-signing-cert.pem`` as published, or a bare public-key PEM.

    Returns
    -------
    Verdict

    Raises
    ------
    GiaInputError
        When the certificate file or the key file cannot be read, or the key file holds no Ed25519 key.
    """
    key = as_verification_key(key_path)
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise GiaInputError(
            str(path), [("", _("cannot read the file: {reason}").format(reason=error.strerror))]
        ) from error
    return verify_bytes(data, key)
