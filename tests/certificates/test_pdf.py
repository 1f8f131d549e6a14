"""The certificate PDF: what is printed on it, the QR code, the attached JSON, the PAdES signature."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image
from pyhanko.pdf_utils.reader import PdfFileReader

from gia.certificates.document import sign_record
from gia.certificates.keys import load_certificate, load_private_key
from gia.certificates.pdf import qr_code, qr_data_uri, render_html, render_pdf, sign_pdf
from gia.certificates.verify import read_certificate
from gia.errors import GiaInputError
from tests.certificates.conftest import RECORD

PDFTOTEXT = shutil.which("pdftotext")
PDFTOPPM = shutil.which("pdftoppm")


def _text(pdf: bytes) -> str:
    result = subprocess.run(
        [PDFTOTEXT, "-layout", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,  # type: ignore[list-item]
    )
    return result.stdout.decode("utf-8")


def test_the_html_embeds_the_qr_code_of_the_verification_url():
    html = render_html(RECORD)
    assert qr_data_uri(RECORD.verification_url) in html


@pytest.mark.skipif(PDFTOTEXT is None, reason="needs poppler-utils' pdftotext")
def test_the_pdf_prints_the_area_the_level_the_validity_and_the_url(unsigned_pdf, signed_pdf):
    assert unsigned_pdf.startswith(b"%PDF-")
    for pdf in (unsigned_pdf, signed_pdf):
        text = _text(pdf)
        for expected in (
            "Kalundborg Eco-Industrial Park",
            "Denmark",
            "Gold",
            "GIA-DK-2026-0001",
            "March 1, 2026",
            "February 28, 2029",
            "gia-2026.1",
            RECORD.verification_url,
        ):
            assert expected in text
        assert text.count("\f") == 1  # one page


@pytest.mark.skipif(PDFTOTEXT is None, reason="needs poppler-utils' pdftotext")
def test_the_pdf_speaks_the_language_asked_for():
    text = _text(render_pdf(RECORD.replace(level="silver", level_name="Silver"), "de"))
    assert "Silber" in text  # the level's name from the standard's edition
    assert "1. März 2026" in text
    assert "Dänemark" in text
    text = _text(render_pdf(RECORD.replace(level="silver", level_name="Silver"), "pl"))
    assert "Srebrny" in text


@pytest.mark.skipif(PDFTOTEXT is None, reason="needs poppler-utils' pdftotext")
def test_a_withdrawn_certificate_says_so():
    text = _text(render_pdf(RECORD.replace(status="withdrawn")))
    assert "withdrawn" in text
    assert "no longer attests" in " ".join(text.split())


@pytest.mark.skipif(PDFTOTEXT is None or PDFTOPPM is None, reason="needs poppler-utils")
def test_the_printed_qr_code_is_the_one_of_the_verification_url(unsigned_pdf, tmp_path):
    """Rasterise the page and read the QR code's modules back: they are segno's matrix of the URL."""
    (tmp_path / "certificate.pdf").write_bytes(unsigned_pdf)
    subprocess.run(
        [PDFTOPPM, "-r", "300", "-png", "-singlefile", tmp_path / "certificate.pdf", tmp_path / "page"],  # type: ignore[list-item]
        check=True,
    )
    page = Image.open(tmp_path / "page.png").convert("L")
    width, height = page.size
    corner = page.crop((0, int(height * 0.7), int(width * 0.31), height))  # the QR code sits bottom left
    dark = corner.point(lambda value: 255 if value < 80 else 0)
    left, top, right, bottom = dark.getbbox()
    expected = [list(row) for row in qr_code(RECORD.verification_url).matrix]
    size = len(expected)
    module = (right - left) / size
    assert abs((bottom - top) / size - module) < 0.5
    read = [
        [
            1 if corner.getpixel((int(left + (x + 0.5) * module), int(top + (y + 0.5) * module))) < 128 else 0
            for x in range(size)
        ]
        for y in range(size)
    ]
    assert read == expected


def test_the_pdf_carries_the_signed_json(signed_pdf):
    assert read_certificate(signed_pdf) == RECORD


def test_the_attached_document_must_be_the_records():
    signed = sign_record(RECORD, Ed25519PrivateKey.generate())
    with pytest.raises(ValueError, match="not the one"):
        render_pdf(RECORD.replace(level="silver"), signed=signed)


def test_the_signature_is_pades_with_sha512_and_embeds_the_signers_certificate(signed_pdf, keys):
    signature = PdfFileReader(io.BytesIO(signed_pdf)).embedded_signatures[0]
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert signature.md_algorithm == "sha512"
    assert signature.signer_cert.dump() == load_certificate(keys.certificate).public_bytes(
        serialization.Encoding.DER
    )


def test_signing_with_a_certificate_of_another_key_is_refused(unsigned_pdf, keys, other_keys):
    with pytest.raises(GiaInputError, match="does not belong"):
        sign_pdf(unsigned_pdf, load_private_key(keys.private_key), other_keys.certificate)


def test_signing_something_that_is_not_a_pdf_is_refused(keys):
    with pytest.raises(GiaInputError, match="cannot sign"):
        sign_pdf(b"not a pdf at all", keys.private_key, keys.certificate)


@pytest.mark.skipif(PDFTOTEXT is None, reason="needs poppler-utils' pdftotext")
def test_a_danish_areas_signed_certificate_speaks_danish_and_english_and_verifies_offline(keys):
    from gia.certificates.document import sign_record
    from gia.certificates.keys import load_private_key
    from gia.certificates.verify import verify_pdf

    private_key = load_private_key(keys.private_key)
    signed = sign_record(RECORD, private_key)
    pdf = sign_pdf(render_pdf(RECORD, "da", signed=signed), keys.private_key, keys.certificate)
    raw = _text(pdf)
    assert raw.count("\f") == 1  # still one page
    text = " ".join(raw.split())
    assert "Certifikat" in text and "Certificate" in text  # each heading in Danish, English beneath
    assert "Guld" in text and "Gold" in text
    assert "1. marts 2026" in text and "March 1, 2026" in text
    assert "Danmark" in text and "Denmark" in text
    verdict = verify_pdf(pdf, keys.certificate)
    assert verdict.ok, verdict.message
    assert verdict.record == RECORD
