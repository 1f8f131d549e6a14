"""The signing key: generated once, kept private (0600), never overwritten by accident."""

from __future__ import annotations

import hashlib
import os
import stat

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from gia.certificates.keys import (
    CERTIFICATE_FILE,
    PRIVATE_KEY_FILE,
    generate_keys,
    load_certificate,
    load_private_key,
    load_verification_key,
    public_key_id,
)
from gia.errors import GiaInputError


def test_keygen_writes_a_private_key_only_its_owner_reads_and_a_certificate_of_it(tmp_path):
    previous = os.umask(0)  # even a permissive umask must not widen the key's mode
    try:
        files = generate_keys(tmp_path / "keys")
    finally:
        os.umask(previous)
    assert files.private_key == tmp_path / "keys" / PRIVATE_KEY_FILE
    assert files.certificate == tmp_path / "keys" / CERTIFICATE_FILE
    assert stat.S_IMODE(files.private_key.stat().st_mode) == 0o600
    assert files.private_key.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")  # PKCS #8
    key, certificate = load_private_key(files.private_key), load_certificate(files.certificate)
    assert isinstance(key, Ed25519PrivateKey)
    raw = serialization.Encoding.Raw, serialization.PublicFormat.Raw
    assert certificate.public_key().public_bytes(*raw) == key.public_key().public_bytes(*raw)
    assert certificate.subject == certificate.issuer  # self-signed
    certificate.verify_directly_issued_by(certificate)
    assert files.key_id == hashlib.sha256(key.public_key().public_bytes(*raw)).hexdigest()
    assert list((tmp_path / "keys").iterdir()) != [] and not list((tmp_path / "keys").glob("*.part"))


def test_keygen_refuses_to_overwrite_a_key_and_replaces_it_only_with_force(tmp_path):
    first = generate_keys(tmp_path)
    before = first.private_key.read_bytes()
    with pytest.raises(GiaInputError, match="exists already"):
        generate_keys(tmp_path)
    assert first.private_key.read_bytes() == before
    second = generate_keys(tmp_path, force=True)
    assert second.key_id != first.key_id
    assert stat.S_IMODE(second.private_key.stat().st_mode) == 0o600
    assert public_key_id(load_certificate(second.certificate).public_key()) == second.key_id


def test_keygen_refuses_when_only_the_certificate_exists(tmp_path):
    (tmp_path / CERTIFICATE_FILE).write_text("published", encoding="utf-8")
    with pytest.raises(GiaInputError, match="exists already"):
        generate_keys(tmp_path)
    assert not (tmp_path / PRIVATE_KEY_FILE).exists()


def test_the_certificate_has_the_common_name_and_validity_asked_for(tmp_path):
    files = generate_keys(tmp_path, common_name="Certification body of the Baltic", valid_years=3)
    certificate = load_certificate(files.certificate)
    assert "Certification body of the Baltic" in certificate.subject.rfc4514_string()
    days = (certificate.not_valid_after_utc - certificate.not_valid_before_utc).days
    assert days == 3 * 365 + 1


def test_loading_keys_names_the_file_and_the_problem(tmp_path, keys):
    missing = tmp_path / "nowhere.pem"
    with pytest.raises(GiaInputError, match="missing") as caught:
        load_private_key(missing)
    assert str(missing) in str(caught.value)
    with pytest.raises(GiaInputError, match="not the private signing key"):
        load_private_key(keys.certificate)
    garbage = tmp_path / "garbage.pem"
    garbage.write_bytes(b"hello")
    with pytest.raises(GiaInputError, match="not a PEM private key"):
        load_private_key(garbage)
    with pytest.raises(GiaInputError, match=r"not a PEM X\.509 certificate"):
        load_certificate(garbage)
    with pytest.raises(GiaInputError, match="not a PEM certificate or public key"):
        load_verification_key(garbage)
    with pytest.raises(GiaInputError, match="this is a private key"):
        load_verification_key(keys.private_key)


def test_loading_refuses_keys_of_other_kinds_and_encrypted_keys(tmp_path):
    ec_key = ec.generate_private_key(ec.SECP256R1())
    ec_path = tmp_path / "ec.pem"
    ec_path.write_bytes(
        ec_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    with pytest.raises(GiaInputError, match="Ed25519"):
        load_private_key(ec_path)
    ec_public = tmp_path / "ec-public.pem"
    ec_public.write_bytes(
        ec_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    with pytest.raises(GiaInputError, match="not an Ed25519 key"):
        load_verification_key(ec_public)
    encrypted = tmp_path / "encrypted.pem"
    encrypted.write_bytes(
        Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"secret"),
        )
    )
    with pytest.raises(GiaInputError, match="encrypted"):
        load_private_key(encrypted)


def test_a_verifier_accepts_the_certificate_or_the_bare_public_key(keys, public_key_pem):
    from_certificate = load_verification_key(keys.certificate)
    bare = load_verification_key(public_key_pem)
    assert from_certificate.certificate is not None and bare.certificate is None
    assert isinstance(bare.public_key, Ed25519PublicKey)
    assert from_certificate.key_id == bare.key_id == keys.key_id
