"""Signed certificates: the signing key, the certificate document, its PDF, offline verification.

A certificate is signed twice with the certification body's Ed25519 key: a detached signature over
the canonical JSON of the record (the ``gia-certificate/1`` document) and a PAdES signature of the PDF,
which carries the QR code of the public verification page and the signed JSON as an attachment.
Anyone holding the published certificate (``gia-signing-cert.pem``) or bare public key verifies either
file offline.
"""

from gia.certificates.document import SCHEMA, CertificateRecord, SignedCertificate, sign_record
from gia.certificates.keys import (
    KeyFiles,
    VerificationKey,
    generate_keys,
    load_certificate,
    load_private_key,
    load_verification_key,
    public_key_id,
)
from gia.certificates.pdf import qr_code, render_html, render_pdf, sign_pdf
from gia.certificates.verify import (
    Verdict,
    read_certificate,
    verify_bytes,
    verify_file,
    verify_json,
    verify_pdf,
)

__all__ = [
    "SCHEMA",
    "CertificateRecord",
    "KeyFiles",
    "SignedCertificate",
    "Verdict",
    "VerificationKey",
    "generate_keys",
    "load_certificate",
    "load_private_key",
    "load_verification_key",
    "public_key_id",
    "qr_code",
    "read_certificate",
    "render_html",
    "render_pdf",
    "sign_pdf",
    "sign_record",
    "verify_bytes",
    "verify_file",
    "verify_json",
    "verify_pdf",
]
