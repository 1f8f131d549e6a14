"""The certificate as a record, its canonical JSON form and the signed JSON document.

The signed document (schema ``gia-certificate/1``) is a JSON file::

    {
      "schema": "gia-certificate/1",
      "certificate": {"area_id": ..., "number": ..., ...},
      "signature": {"algorithm": "Ed25519", "key_id": "<sha256 hex>", "value": "<base64>"}
    }

``signature.value`` is the Ed25519 signature of :meth:`CertificateRecord.canonical_json`: the
``certificate`` object with sorted keys, no insignificant whitespace, UTF-8 (no ``\\u`` escapes
beyond JSON's required ones) and ISO 8601 dates. ``key_id`` is :func:`gia.certificates.keys.public_key_id`
of the signing key. :meth:`SignedCertificate.to_json` writes the file byte for byte the same for the same
certificate; verification accepts exactly that form, so any changed byte fails.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, fields
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gia.certificates.keys import public_key_id
from gia.errors import GiaInputError
from gia.i18n import _

SCHEMA = "gia-certificate/1"
ALGORITHM = "Ed25519"
STATUSES = ("valid", "suspended", "withdrawn")
DATE_FIELDS = ("valid_from", "valid_to", "issued")
#: fields added after the first certificates were signed: written only when they hold something,
#: so a certificate signed before keeps its bytes and its signature
OPTIONAL_FIELDS = ("factor_set", "data_notice", "audit_head")


@dataclass(frozen=True)
class CertificateRecord:
    """A certificate as the certification body issued it.

    Attributes
    ----------
    number : str
        The certificate number, e.g. ``GIA-DK-2026-0001``.
    area_id : str
        The certified area's stable identifier (its slug in the registry).
    area_name : str
        The area's name as printed.
    country : str
        ISO 3166-1 alpha-2 code of the area's country.
    level : str
        The level's identifier in the standard (``bronze`` … ``platinum``).
    level_name : str
        The level's English name (printed when the standard does not name it in the chosen language).
    edition : str
        The edition of the standard assessed against (``gia-2026.1``).
    country_profile : str
        The country profile applied (``DK``).
    valid_from, valid_to : date
        First and last day of validity.
    issued : date
        The day of the certification decision.
    status : str
        ``valid``, ``suspended`` or ``withdrawn`` at the time of signing.
    verification_url : str
        The public verification page (printed and encoded in the QR code).
    issuer : str
        The certification body.
    factor_set : str
        The factor set the assessment used, with the digest of its values (``gia-fs-2026.2-ar6 (1f…)``);
        left out of the JSON when empty (certificates signed before it was recorded).
    data_notice : str
        What a reader must know about the reference data, e.g. "the assessment rests on 3 reference
        factors not yet verified against their primary source: …"; left out of the JSON when empty.
    audit_head : str
        The head of the platform's audit trail when the certificate was signed (``<sequence>:<hash>``):
        an anchor outside the database, checked by ``gia audit verify``; left out when empty.
    """

    number: str
    area_id: str
    area_name: str
    country: str
    level: str
    level_name: str
    edition: str
    country_profile: str
    valid_from: dt.date
    valid_to: dt.date
    issued: dt.date
    verification_url: str
    status: str = "valid"
    issuer: str = "GIA certification body"
    factor_set: str = ""
    data_notice: str = ""
    audit_head: str = ""

    def __post_init__(self) -> None:
        problems = _problems(self)
        if problems:
            raise GiaInputError(_("certificate {number}").format(number=self.number or "?"), problems)

    def to_dict(self) -> dict[str, str]:
        """The record as JSON values (dates as ``YYYY-MM-DD``), keys sorted."""
        values = {
            f.name: (value.isoformat() if isinstance(value, dt.date) else value)
            for f in fields(self)
            for value in [getattr(self, f.name)]
            if not (f.name in OPTIONAL_FIELDS and value == "")
        }
        return dict(sorted(values.items()))

    def canonical_json(self) -> bytes:
        """The bytes the signature covers: sorted keys, no insignificant whitespace, UTF-8.

        Returns
        -------
        bytes
            e.g. ``{"area_id":"kalundborg","area_name":"Kalundborg Eco-Industrial Park",...}``.
        """
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
            "utf-8"
        )

    @classmethod
    def from_dict(cls, data: Any, source: str = "certificate") -> CertificateRecord:
        """Read a record from JSON values, naming every wrong or missing field.

        Parameters
        ----------
        data : dict
            As :meth:`to_dict` writes it.
        source : str
            The file or input named in messages.

        Raises
        ------
        GiaInputError
            When a field is missing, unknown or of the wrong type.
        """
        if not isinstance(data, dict):
            raise GiaInputError(source, [("certificate", _("expected an object"))])
        names = [f.name for f in fields(cls)]
        required = [f.name for f in fields(cls) if f.default is dataclasses.MISSING]
        problems = [(name, _("missing")) for name in required if name not in data]
        problems += [(str(name), _("unknown field")) for name in data if name not in names]
        values: dict[str, Any] = {}
        for name in names:
            if name not in data:
                continue
            value = data[name]
            if not isinstance(value, str):
                problems.append((name, _("expected a text")))
            elif name in DATE_FIELDS:
                try:
                    values[name] = _parse_date(value)
                except ValueError:
                    problems.append(
                        (name, _("expected a date as YYYY-MM-DD, not {value!r}").format(value=value))
                    )
            else:
                values[name] = value
        if problems:
            raise GiaInputError(source, problems)
        try:
            return cls(**values)
        except GiaInputError as error:
            raise GiaInputError(source, error.problems) from error

    def replace(self, **changes: Any) -> CertificateRecord:
        """A copy with ``changes`` (e.g. a new status)."""
        return dataclasses.replace(self, **changes)


def _parse_date(text: str) -> dt.date:
    day = dt.date.fromisoformat(text)
    if day.isoformat() != text:  # only the canonical form: 2026-01-05, not 20260105
        raise ValueError(text)
    return day


def _problems(record: CertificateRecord) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    for f in fields(record):
        value = getattr(record, f.name)
        if f.name in DATE_FIELDS:
            if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
                problems.append((f.name, _("expected a date")))
        elif not isinstance(value, str):
            problems.append((f.name, _("expected a text")))
        else:
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                problems.append((f.name, _("not valid Unicode text")))
    if problems:
        return problems
    for name in ("number", "area_id", "area_name", "level", "edition", "verification_url"):
        if not getattr(record, name).strip():
            problems.append((name, _("must not be empty")))
    if not (len(record.country) == 2 and record.country.isascii() and record.country.isupper()):
        problems.append(("country", _("expected a two-letter country code such as DK")))
    if record.valid_to < record.valid_from:
        problems.append(("valid_to", _("the validity ends before it starts")))
    if record.status not in STATUSES:
        problems.append(("status", _("expected one of {choices}").format(choices=", ".join(STATUSES))))
    if not record.verification_url.startswith(("https://", "http://")):
        problems.append(("verification_url", _("expected an http(s) URL")))
    return problems


@dataclass(frozen=True)
class SignedCertificate:
    """A record with its detached Ed25519 signature: the ``gia-certificate/1`` JSON document.

    Attributes
    ----------
    record : CertificateRecord
        The signed certificate.
    key_id : str
        SHA-256 hex of the signing public key.
    signature : bytes
        The 64-byte Ed25519 signature of ``record.canonical_json()``.
    """

    record: CertificateRecord
    key_id: str
    signature: bytes

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "certificate": self.record.to_dict(),
            "signature": {
                "algorithm": ALGORITHM,
                "key_id": self.key_id,
                "value": base64.b64encode(self.signature).decode("ascii"),
            },
        }

    def to_json(self) -> bytes:
        """The document as written to a file: indented, UTF-8, final newline; deterministic."""
        return (json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes, source: str = "certificate") -> SignedCertificate:
        """Parse a signed document (without verifying it: see :func:`gia.certificates.verify.verify_json`).

        Raises
        ------
        GiaInputError
            When the bytes are not UTF-8 JSON of the ``gia-certificate/1`` form.
        """
        try:
            document = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise GiaInputError(
                source, [("", _("not a JSON document: {reason}").format(reason=error))]
            ) from error
        if not isinstance(document, dict):
            raise GiaInputError(source, [("", _("expected a JSON object"))])
        if document.get("schema") != SCHEMA:
            raise GiaInputError(source, [("schema", _("expected {schema!r}").format(schema=SCHEMA))])
        unknown = sorted(set(document) - {"schema", "certificate", "signature"})
        if unknown:
            raise GiaInputError(source, [(name, _("unknown field")) for name in unknown])
        record = CertificateRecord.from_dict(document.get("certificate"), source)
        signature = document.get("signature")
        if not isinstance(signature, dict) or set(signature) != {"algorithm", "key_id", "value"}:
            raise GiaInputError(source, [("signature", _("expected algorithm, key_id and value"))])
        if signature["algorithm"] != ALGORITHM:
            raise GiaInputError(
                source, [("signature.algorithm", _("expected {algorithm!r}").format(algorithm=ALGORITHM))]
            )
        if not isinstance(signature["key_id"], str):
            raise GiaInputError(source, [("signature.key_id", _("expected a text"))])
        try:
            value = base64.b64decode(str(signature["value"]), validate=True)
        except (binascii.Error, ValueError) as error:
            raise GiaInputError(source, [("signature.value", _("not valid base64"))]) from error
        if len(value) != 64:
            raise GiaInputError(source, [("signature.value", _("an Ed25519 signature has 64 bytes"))])
        return cls(record, signature["key_id"], value)


def sign_record(record: CertificateRecord, private_key: Ed25519PrivateKey) -> SignedCertificate:
    """Sign the record's canonical JSON with the certification body's key.

    Parameters
    ----------
    record : CertificateRecord
        The certificate to sign.
    private_key : Ed25519PrivateKey
        The certification body's key (:func:`gia.certificates.keys.load_private_key`).

    Returns
    -------
    SignedCertificate
        Ed25519 signatures are deterministic: the same record and key give the same document.
    """
    return SignedCertificate(
        record, public_key_id(private_key.public_key()), private_key.sign(record.canonical_json())
    )
