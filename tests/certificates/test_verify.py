"""Offline verification: a good certificate passes; one changed byte, or another key, fails."""

from __future__ import annotations

import base64
import io
import json

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from gia.certificates.keys import load_certificate, load_verification_key
from gia.certificates.verify import verify_bytes, verify_file, verify_json, verify_pdf
from gia.errors import GiaInputError
from tests.certificates.conftest import RECORD


def _changed(data: bytes, position: int, xor: int = 0x01) -> bytes:
    changed = bytearray(data)
    changed[position] ^= xor
    return bytes(changed)


def _signed_range(pdf: bytes) -> tuple[int, int]:
    """Start and end of the /Contents hex string (the only bytes the PDF signature does not cover)."""
    signature = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
    _, gap_start, gap_end, _ = (int(n) for n in signature.byte_range)
    return gap_start, gap_end


# -- JSON -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["certificate", "public key"])
def test_a_signed_json_certificate_verifies(signed_json, keys, public_key_pem, key):
    verdict = verify_json(signed_json.to_json(), keys.certificate if key == "certificate" else public_key_pem)
    assert verdict.ok, verdict.message
    assert verdict.authentic and verdict.unaltered
    assert verdict.number == "GIA-DK-2026-0001"
    assert verdict.record == RECORD
    assert "authentic and unaltered" in verdict.message


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b'"Kalundborg Eco', b'"Kalundborg Eko'),  # the certificate's body
        (b'"gold"', b'"gole"'),
        (b'"2029-02-28"', b'"2029-02-29"'),
        (b'"schema": "gia-certificate/1"', b'"schema": "gia-certificate/2"'),
        (b'"algorithm": "Ed25519"', b'"algorithm": "Ed25518"'),
        (b'\n  "certificate"', b'\n \t"certificate"'),  # insignificant whitespace, still the same JSON
        (b'"area_id": "kalundborg",\n', b'"area_id": "kalundborg",\r'),
    ],
)
def test_a_json_certificate_with_one_changed_byte_fails(signed_json, keys, old, new):
    data = signed_json.to_json()
    assert data.count(old) == 1 and len(old) == len(new)
    verdict = verify_json(data.replace(old, new), keys.certificate)
    assert not verdict.ok
    assert not verdict.unaltered
    assert "altered" in verdict.message


@pytest.mark.parametrize("index", [0, 1, 40, 84, 85])  # 85: the last base64 digit, which holds padding bits
def test_a_json_certificate_with_a_changed_signature_fails(signed_json, keys, index):
    data = signed_json.to_json()
    value = base64.b64encode(signed_json.signature)
    assert value[86:] == b"=="
    start = data.index(value)
    for replacement in b"AQgw":
        if replacement != value[index]:
            changed = bytearray(data)
            changed[start + index] = replacement
            assert not verify_json(bytes(changed), keys.certificate).ok


def test_every_changed_byte_of_a_json_certificate_fails(signed_json, keys):
    key = load_verification_key(keys.certificate)
    data = signed_json.to_json()
    passed = [i for i in range(len(data)) if verify_json(_changed(data, i), key).ok]
    passed += [i for i in range(len(data)) if verify_json(_changed(data, i, 0x20), key).ok]
    assert passed == []
    assert not verify_json(data + b"\n", key).ok
    assert not verify_json(data[:-1], key).ok


def test_a_json_certificate_signed_with_another_key_is_not_authentic(signed_json, other_keys):
    verdict = verify_json(signed_json.to_json(), other_keys.certificate)
    assert not verdict.ok and not verdict.authentic
    assert "not signed by this key" in verdict.message


def test_a_json_certificate_with_a_changed_key_id_is_authentic_but_altered(signed_json, keys):
    document = json.loads(signed_json.to_json())
    document["signature"]["key_id"] = "0" * 64
    data = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()
    verdict = verify_json(data, keys.certificate)
    assert verdict.authentic and not verdict.unaltered and not verdict.ok


def test_garbage_is_not_a_certificate(keys):
    verdict = verify_bytes(b"hello", keys.certificate)
    assert not verdict.ok
    assert "not a valid GIA certificate" in verdict.message


# -- PDF --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["certificate", "public key"])
def test_a_signed_pdf_certificate_verifies(signed_pdf, keys, public_key_pem, key):
    verdict = verify_pdf(signed_pdf, keys.certificate if key == "certificate" else public_key_pem)
    assert verdict.ok, verdict.message
    assert verdict.kind == "pdf"
    assert verdict.number == "GIA-DK-2026-0001"  # from the signed JSON attached to it
    assert verdict.record == RECORD


def test_an_unsigned_pdf_fails(unsigned_pdf, keys):
    verdict = verify_pdf(unsigned_pdf, keys.certificate)
    assert not verdict.ok
    assert "not signed" in verdict.message


@pytest.mark.parametrize("key", ["certificate", "public key"])
def test_a_pdf_signed_with_another_key_is_not_authentic(signed_pdf, other_keys, tmp_path, key):
    from gia.certificates.keys import public_key_pem

    path = other_keys.certificate
    if key == "public key":
        path = tmp_path / "other.pem"
        path.write_bytes(public_key_pem(load_certificate(other_keys.certificate).public_key()))
    verdict = verify_pdf(signed_pdf, path)
    assert not verdict.ok and not verdict.authentic
    assert "not signed by this key" in verdict.message


def test_a_pdf_with_a_changed_byte_inside_the_signed_range_fails(signed_pdf, unsigned_pdf, keys):
    key = load_verification_key(keys.certificate)
    gap_start, gap_end = _signed_range(signed_pdf)
    positions = {
        "header": 2,
        "page content": len(unsigned_pdf) // 2,
        "end of the first revision": len(unsigned_pdf) - 3,
        "byte range": signed_pdf.index(b"/ByteRange [") + 14,
        "signature dictionary": signed_pdf.index(b"/Reason") + 3,
        "right after the signature value": gap_end + 2,
        "end of file": len(signed_pdf) - 2,
    }
    for place, position in positions.items():
        assert not gap_start <= position < gap_end
        verdict = verify_pdf(_changed(signed_pdf, position), key)
        assert not verdict.ok, place
        assert "altered" in verdict.message, (place, verdict.message)
    verdict = verify_pdf(_changed(signed_pdf, len(unsigned_pdf) // 2), key)
    assert "digest does not match" in verdict.message


def test_a_pdf_with_a_changed_byte_in_the_signature_container_fails(signed_pdf, keys):
    key = load_verification_key(keys.certificate)
    gap_start, gap_end = _signed_range(signed_pdf)
    contents = signed_pdf[gap_start + 1 : gap_end - 1]
    der_end = len(contents.rstrip(b"0"))  # hex digits of the CMS; zero padding after it
    positions = [
        0,
        1,
        5,
        10,
        50,
        120,
        400,
        der_end // 2,
        der_end - 130,
        der_end - 2,
        der_end - 1,
        der_end + 10,
    ]
    positions += [len(contents) - 1]
    for offset in positions:
        for xor in (0x01, 0x20):  # 0x20 turns A into a: the same bytes to a lenient hex parser
            verdict = verify_pdf(_changed(signed_pdf, gap_start + 1 + offset, xor), key)
            assert not verdict.ok, (offset, xor)
            assert "altered" in verdict.message


def test_a_pdf_with_a_byte_added_after_signing_fails(signed_pdf, keys):
    key = load_verification_key(keys.certificate)
    for data in (signed_pdf + b"\n", signed_pdf + b"%", signed_pdf + b" " * 100):
        verdict = verify_pdf(data, key)
        assert not verdict.ok
        assert "does not cover the whole file" in verdict.message
    assert not verify_pdf(signed_pdf[:-1], key).ok


def test_a_pdf_with_an_incremental_update_after_signing_fails(signed_pdf, keys):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed_pdf))
    writer.root["/Lang"] = generic.TextStringObject("de")
    writer.update_root()
    output = io.BytesIO()
    writer.write(output)
    verdict = verify_pdf(output.getvalue(), keys.certificate)
    assert not verdict.ok
    assert "whole file" in verdict.message


def test_sampled_changed_bytes_anywhere_in_the_pdf_fail(signed_pdf, keys):
    key = load_verification_key(keys.certificate)
    passed = [i for i in range(0, len(signed_pdf), 37) if verify_pdf(_changed(signed_pdf, i), key).ok]
    assert passed == []


def test_verify_file_recognises_pdf_and_json_by_content(tmp_path, signed_pdf, signed_json, keys):
    (tmp_path / "certificate.bin").write_bytes(signed_pdf)
    (tmp_path / "certificate.txt").write_bytes(signed_json.to_json())
    assert verify_file(tmp_path / "certificate.bin", keys.certificate).kind == "pdf"
    assert verify_file(tmp_path / "certificate.txt", keys.certificate).kind == "json"
    assert verify_file(tmp_path / "certificate.txt", keys.certificate).ok
    with pytest.raises(GiaInputError, match="cannot read"):
        verify_file(tmp_path / "missing.pdf", keys.certificate)
    with pytest.raises(GiaInputError, match="private key"):
        verify_file(tmp_path / "certificate.txt", keys.private_key)
