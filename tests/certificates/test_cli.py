"""``gia certificate``: keygen, issue, verify and show, driven as a user types them."""

from __future__ import annotations

import json
import stat

import pytest
import yaml
from typer.testing import CliRunner

from gia.cli import app
from tests.certificates.conftest import RECORD

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False, env={"COLUMNS": "250"})


@pytest.fixture
def issued(tmp_path):
    """Keys from ``keygen`` and a certificate from ``issue``: (key dir, out dir)."""
    keys, out = tmp_path / "keys", tmp_path / "out"
    assert run("certificate", "keygen", "--out", str(keys)).exit_code == 0
    record = tmp_path / "record.yaml"
    record.write_text(yaml.safe_dump(RECORD.to_dict(), allow_unicode=True), encoding="utf-8")
    result = run(
        "certificate", "issue", str(record),
        "--key", str(keys / "gia-signing-key.pem"),
        "--cert", str(keys / "gia-signing-cert.pem"),
        "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "GIA-DK-2026-0001" in result.output
    return keys, out


def test_keygen_writes_the_keys_and_refuses_to_overwrite_them(tmp_path):
    result = run("certificate", "keygen", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "gia-signing-key.pem" in result.output and "gia-signing-cert.pem" in result.output
    assert stat.S_IMODE((tmp_path / "gia-signing-key.pem").stat().st_mode) == 0o600
    before = (tmp_path / "gia-signing-key.pem").read_bytes()
    again = run("certificate", "keygen", "--out", str(tmp_path))
    assert again.exit_code == 1
    assert "exists already" in again.output and "--force" in again.output
    assert (tmp_path / "gia-signing-key.pem").read_bytes() == before
    forced = run("certificate", "keygen", "--out", str(tmp_path), "--force")
    assert forced.exit_code == 0
    assert (tmp_path / "gia-signing-key.pem").read_bytes() != before


@pytest.mark.parametrize("suffix", ["pdf", "json"])
@pytest.mark.parametrize("key", ["gia-signing-cert.pem", "public-key.pem"])
def test_verify_says_authentic_and_unaltered_for_a_good_file(issued, suffix, key):
    keys, out = issued
    if key == "public-key.pem":
        from gia.certificates.keys import load_certificate, public_key_pem

        (keys / key).write_bytes(public_key_pem(load_certificate(keys / "gia-signing-cert.pem").public_key()))
    result = run(
        "certificate", "verify", str(out / f"GIA-DK-2026-0001.{suffix}"), "--public-key", str(keys / key)
    )
    assert result.exit_code == 0, result.output
    assert "authentic and unaltered" in result.output
    assert "GIA-DK-2026-0001" in result.output


@pytest.mark.parametrize("suffix", ["pdf", "json"])
def test_verify_fails_with_the_reason_for_one_changed_byte(issued, suffix):
    keys, out = issued
    path = out / f"GIA-DK-2026-0001.{suffix}"
    data = bytearray(path.read_bytes())
    data[len(data) // 3] ^= 0x01
    path.write_bytes(bytes(data))
    result = run("certificate", "verify", str(path), "--public-key", str(keys / "gia-signing-cert.pem"))
    assert result.exit_code == 1
    assert "NOT verified" in result.output
    assert "altered" in result.output


def test_verify_fails_for_another_key(issued, tmp_path):
    _, out = issued
    assert run("certificate", "keygen", "--out", str(tmp_path / "other")).exit_code == 0
    for suffix in ("pdf", "json"):
        result = run(
            "certificate", "verify", str(out / f"GIA-DK-2026-0001.{suffix}"),
            "--public-key", str(tmp_path / "other" / "gia-signing-cert.pem"),
        )  # fmt: skip
        assert result.exit_code == 1
        assert "not signed by this key" in result.output


def test_verify_names_a_missing_key_file(issued, tmp_path):
    _, out = issued
    result = run(
        "certificate", "verify", str(out / "GIA-DK-2026-0001.pdf"), "--public-key", str(tmp_path / "no.pem")
    )
    assert result.exit_code == 1
    assert "no.pem" in result.output and "missing" in result.output


def test_show_prints_the_fields_and_verifies_on_request(issued):
    keys, out = issued
    result = run("certificate", "show", str(out / "GIA-DK-2026-0001.pdf"))
    assert result.exit_code == 0, result.output
    assert "Kalundborg Eco-Industrial Park" in result.output and "2029-02-28" in result.output
    assert "not verified" in result.output
    result = run(
        "certificate",
        "show",
        str(out / "GIA-DK-2026-0001.json"),
        "--public-key",
        str(keys / "gia-signing-cert.pem"),
    )
    assert result.exit_code == 0
    assert "authentic and unaltered" in result.output


def test_issue_names_a_wrong_field_and_writes_nothing(tmp_path):
    keys = tmp_path / "keys"
    run("certificate", "keygen", "--out", str(keys))
    record = tmp_path / "record.json"
    record.write_text(json.dumps({**RECORD.to_dict(), "valid_to": "2020-01-01"}), encoding="utf-8")
    result = run(
        "certificate", "issue", str(record),
        "--key", str(keys / "gia-signing-key.pem"), "--cert", str(keys / "gia-signing-cert.pem"),
        "--out", str(tmp_path / "out"),
    )  # fmt: skip
    assert result.exit_code == 1
    assert "valid_to" in result.output
    assert not (tmp_path / "out").exists()
