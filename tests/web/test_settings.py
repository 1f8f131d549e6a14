"""Production settings: secrets from the environment, Django's deploy checks clean."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys

BASE_ENV = {k: v for k, v in os.environ.items() if not k.startswith(("GIA_", "DJANGO_", "DATABASE_URL"))}


def run_check(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gia.web", "check", "--deploy", "--fail-level", "WARNING"],
        env={**BASE_ENV, "DJANGO_SETTINGS_MODULE": "gia.web.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_deploy_checks_are_clean_in_production_settings() -> None:
    result = run_check(
        GIA_SECRET_KEY=secrets.token_urlsafe(60),
        GIA_ALLOWED_HOSTS="gia.example.org",
        DATABASE_URL="postgresql://gia@db.example.org:5432/gia",
        GIA_BASE_URL="https://gia.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = run_check(GIA_ALLOWED_HOSTS="gia.example.org", DATABASE_URL="postgresql://gia@db/gia")
    assert result.returncode != 0
    assert "GIA_SECRET_KEY must be set" in result.stderr


def test_production_refuses_sqlite_and_a_plain_http_base_url() -> None:
    common = {"GIA_SECRET_KEY": secrets.token_urlsafe(60), "GIA_ALLOWED_HOSTS": "gia.example.org"}
    result = run_check(**common, DATABASE_URL="sqlite:///gia.sqlite3", GIA_BASE_URL="https://gia.example.org")
    assert "DATABASE_URL must name the PostgreSQL database" in result.stderr
    result = run_check(**common, DATABASE_URL="postgresql://gia@db/gia", GIA_BASE_URL="http://127.0.0.1:8000")
    assert "GIA_BASE_URL must be the platform's public https:// address" in result.stderr


def test_no_secret_is_committed_in_the_settings() -> None:
    from pathlib import Path

    settings_dir = Path(__file__).resolve().parents[2] / "src" / "gia" / "web" / "settings"
    production = (settings_dir / "production.py").read_text() + (settings_dir / "base.py").read_text()
    assert 'SECRET_KEY = os.environ.get("GIA_SECRET_KEY", "")' in production
    assert "not-secret" not in production


#: a PEM private key: the header line followed by base64 (not a test that merely names the header)
KEY_BLOCK = re.compile(rb"-----BEGIN [A-Z ]*PRIVATE" + rb" KEY-----\r?\n[A-Za-z0-9+/=]{40,}")


def test_no_private_key_is_in_the_repository() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=root, capture_output=True, text=True, check=False
    ).stdout.split()
    leaking = [
        name
        for name in tracked
        if (root / name).is_file()
        and (root / name).stat().st_size < 2_000_000
        and KEY_BLOCK.search((root / name).read_bytes())
    ]
    assert leaking == []


def test_static_files_collect_under_production_settings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The manifest storage follows every reference (a vendored file naming a missing map fails here)."""
    result = subprocess.run(
        [sys.executable, "-m", "gia.web", "collectstatic", "--noinput", "-v0"],
        env={
            **BASE_ENV,
            "DJANGO_SETTINGS_MODULE": "gia.web.settings.production",
            "GIA_SECRET_KEY": secrets.token_urlsafe(60),
            "GIA_ALLOWED_HOSTS": "gia.example.org",
            "DATABASE_URL": "postgresql://gia@db.example.org:5432/gia",
            "GIA_BASE_URL": "https://gia.example.org",
            "GIA_DATA_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    manifest = (tmp_path / "static" / "staticfiles.json").read_text()
    assert "vendor/leaflet-1.9.4/leaflet.js" in manifest


def test_a_server_error_in_production_leaves_a_json_line_with_its_request_id(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A 500 must leave a trace (issue 18, 2): here the database has no tables, so every page fails."""
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    script = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('collectstatic', interactive=False, verbosity=0)\n"
        "from django.test import Client\n"
        "response = Client(raise_request_exception=False).get('/registry/', headers={'X-Request-ID': 'probe-1234-abcd'}, secure=True)\n"
        "print(response.status_code, response.headers.get('X-Request-ID'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={
            **BASE_ENV,
            "DJANGO_SETTINGS_MODULE": "gia.web.settings.production",
            "GIA_SECRET_KEY": secrets.token_urlsafe(60),
            "GIA_ALLOWED_HOSTS": "testserver",
            "GIA_ALLOW_SQLITE": "true",
            "DATABASE_URL": f"sqlite:///{empty}",
            "GIA_BASE_URL": "https://gia.example.org",
            "GIA_DATA_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.stdout.split() == ["500", "probe-1234-abcd"], result.stdout + result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    error = next(line for line in lines if line["logger"] == "django.request")
    assert error["level"] == "ERROR" and error["request_id"] == "probe-1234-abcd"
    assert error["path"] == "/registry/" and error["status"] == 500
    assert "OperationalError" in error["exception"]
