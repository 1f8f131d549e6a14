"""Shared fixtures: one key pair, one record, its signed JSON and signed PDF (made once per session)."""

from __future__ import annotations

import datetime as dt

import pytest

from gia.certificates.document import CertificateRecord, SignedCertificate, sign_record
from gia.certificates.keys import KeyFiles, generate_keys, load_certificate, load_private_key
from gia.certificates.pdf import render_pdf, sign_pdf

RECORD = CertificateRecord(
    number="GIA-DK-2026-0001",
    area_id="kalundborg",
    area_name="Kalundborg Eco-Industrial Park",
    country="DK",
    level="gold",
    level_name="Gold",
    edition="gia-2026.1",
    country_profile="DK",
    valid_from=dt.date(2026, 3, 1),
    valid_to=dt.date(2029, 2, 28),
    issued=dt.date(2026, 2, 20),
    verification_url="https://gia.example.org/verify/GIA-DK-2026-0001",
)


@pytest.fixture(scope="session")
def keys(tmp_path_factory) -> KeyFiles:
    return generate_keys(tmp_path_factory.mktemp("keys"))


@pytest.fixture(scope="session")
def other_keys(tmp_path_factory) -> KeyFiles:
    return generate_keys(tmp_path_factory.mktemp("other-keys"))


@pytest.fixture(scope="session")
def signed_json(keys) -> SignedCertificate:
    return sign_record(RECORD, load_private_key(keys.private_key))


@pytest.fixture(scope="session")
def unsigned_pdf(signed_json) -> bytes:
    return render_pdf(RECORD, "en", signed_json)


@pytest.fixture(scope="session")
def signed_pdf(keys, unsigned_pdf) -> bytes:
    return sign_pdf(unsigned_pdf, keys.private_key, keys.certificate)


@pytest.fixture(scope="session")
def public_key_pem(keys, tmp_path_factory):
    """The bare public key (``-----BEGIN PUBLIC KEY-----``) of ``keys``."""
    from gia.certificates.keys import public_key_pem

    path = tmp_path_factory.mktemp("public") / "gia-public-key.pem"
    path.write_bytes(public_key_pem(load_certificate(keys.certificate).public_key()))
    return path
