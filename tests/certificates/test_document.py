"""The certificate record, its canonical JSON and the signed JSON document."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gia.certificates.document import (
    SCHEMA,
    STATUSES,
    CertificateRecord,
    SignedCertificate,
    sign_record,
)
from gia.certificates.keys import load_private_key
from gia.errors import GiaInputError
from tests.certificates.conftest import RECORD

CANONICAL = (
    b'{"area_id":"kalundborg","area_name":"Kalundborg Eco-Industrial Park","country":"DK",'
    b'"country_profile":"DK","edition":"gia-2026.1","issued":"2026-02-20",'
    b'"issuer":"GIA certification body","level":"gold","level_name":"Gold","number":"GIA-DK-2026-0001",'
    b'"status":"valid","valid_from":"2026-03-01","valid_to":"2029-02-28",'
    b'"verification_url":"https://gia.example.org/verify/GIA-DK-2026-0001"}'
)


def test_canonical_json_sorts_keys_drops_whitespace_and_writes_iso_dates():
    assert RECORD.canonical_json() == CANONICAL


def test_canonical_json_writes_utf8_not_escapes():
    record = RECORD.replace(area_name="Łódź Specjalna Strefa Ekonomiczna")
    assert "Łódź".encode() in record.canonical_json()
    assert b"\\u" not in record.canonical_json()


def test_the_signed_document_has_the_schema_the_certificate_and_the_signature(keys, signed_json):
    document = json.loads(signed_json.to_json())
    assert list(document) == ["schema", "certificate", "signature"]
    assert document["schema"] == SCHEMA
    assert document["certificate"] == json.loads(CANONICAL)
    assert document["signature"]["algorithm"] == "Ed25519"
    assert document["signature"]["key_id"] == keys.key_id
    assert len(base64.b64decode(document["signature"]["value"])) == 64
    assert signed_json.to_json().endswith(b"}\n")


def test_signing_is_deterministic_byte_for_byte(keys, signed_json):
    again = sign_record(RECORD, load_private_key(keys.private_key))
    assert again.to_json() == signed_json.to_json()
    assert SignedCertificate.from_json(signed_json.to_json()) == signed_json


def test_a_record_names_each_wrong_field():
    with pytest.raises(GiaInputError) as caught:
        RECORD.replace(valid_to=dt.date(2025, 1, 1), status="expired", country="dk")
    places = [place for place, _ in caught.value.problems]
    assert places == ["country", "valid_to", "status"]
    with pytest.raises(GiaInputError, match="valid_from"):
        CertificateRecord.from_dict({**RECORD.to_dict(), "valid_from": "1.3.2026"}, "record.json")
    with pytest.raises(GiaInputError, match="colour: unknown field"):
        CertificateRecord.from_dict({**RECORD.to_dict(), "colour": "green"}, "record.json")
    data = RECORD.to_dict()
    del data["number"]
    with pytest.raises(GiaInputError, match="number: missing"):
        CertificateRecord.from_dict(data, "record.json")


def test_a_document_of_another_schema_or_with_a_short_signature_is_refused(signed_json):
    document = signed_json.to_dict()
    with pytest.raises(GiaInputError, match="schema"):
        SignedCertificate.from_json(json.dumps({**document, "schema": "gia-certificate/2"}).encode())
    short = {
        **document,
        "signature": {**document["signature"], "value": base64.b64encode(b"x" * 10).decode()},
    }
    with pytest.raises(GiaInputError, match="64 bytes"):
        SignedCertificate.from_json(json.dumps(short).encode())


text = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40).filter(str.strip)
days = st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))


@st.composite
def records(draw) -> CertificateRecord:
    valid_from = draw(days)
    return CertificateRecord(
        number=draw(text),
        area_id=draw(text),
        area_name=draw(text),
        country=draw(st.sampled_from(["DK", "PL", "DE", "SE", "FI", "LT", "LV", "EE"])),
        level=draw(text),
        level_name=draw(st.text(max_size=20)),
        edition=draw(text),
        country_profile=draw(st.text(max_size=8)),
        valid_from=valid_from,
        valid_to=valid_from + dt.timedelta(days=draw(st.integers(0, 4000))),
        issued=draw(days),
        verification_url="https://gia.example.org/verify/" + draw(st.text(max_size=30)),
        status=draw(st.sampled_from(STATUSES)),
        issuer=draw(st.text(max_size=30)),
    )


@settings(max_examples=150, deadline=None)
@given(record=records())
def test_any_record_round_trips_and_reserialises_to_the_same_bytes(record, keys):
    canonical = record.canonical_json()
    assert CertificateRecord.from_dict(json.loads(canonical)) == record
    assert CertificateRecord.from_dict(json.loads(canonical)).canonical_json() == canonical
    assert json.loads(canonical) == record.to_dict()
    signed = sign_record(record, load_private_key(keys.private_key))
    parsed = SignedCertificate.from_json(signed.to_json())
    assert parsed == signed
    assert parsed.to_json() == signed.to_json()


def test_a_certificate_signed_before_the_factor_set_was_recorded_keeps_its_bytes() -> None:
    """Fields added later are written only when they hold something: an older record's canonical
    JSON, and so its signature, stays the same."""
    from gia.certificates.document import CertificateRecord

    older = {
        "area_id": "kalundborg",
        "area_name": "Kalundborg",
        "country": "DK",
        "country_profile": "DK",
        "edition": "gia-2026.1",
        "issued": "2026-03-01",
        "issuer": "GIA certification body",
        "level": "gold",
        "level_name": "Gold",
        "number": "GIA-DK-2026-0001",
        "status": "valid",
        "valid_from": "2026-03-01",
        "valid_to": "2029-02-28",
        "verification_url": "https://gia.example/verify/GIA-DK-2026-0001",
    }
    record = CertificateRecord.from_dict(older)
    assert record.to_dict() == older
    newer = record.replace(
        factor_set="gia-fs-2026.2-ar6 (1ed86ea428f43444)", data_notice="rests on 3 factors"
    )
    assert newer.to_dict()["factor_set"].startswith("gia-fs-2026.2-ar6")
    assert CertificateRecord.from_dict(newer.to_dict()) == newer
