"""The production layout on one machine (issue 15): ``deploy/one-machine.sh`` starts gunicorn, two Celery
workers and beat on PostgreSQL and Redis with the production settings; a client submits a year and
downloads its PDF report through the API, both done by the workers; SIGTERM stops every process.

Needs PostgreSQL (127.0.0.1:5432, trust) and Redis (127.0.0.1:6379); CI requires both."""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import YEAR, year_document
from tests.web.test_files_s3 import free_port
from tests.web.test_jobs_worker import _up

ROOT = Path(__file__).resolve().parents[2]


pytestmark = [
    pytest.mark.deploy,
    pytest.mark.skipif(
        not (_up(5432) and _up(6379)) and os.environ.get("CI") != "true",
        reason="needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379",
    ),
]


class Deployed:
    def __init__(self, base: str, token: str) -> None:
        self.base, self.token = base, token

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, dict[str, str], bytes]:
        request = urllib.request.Request(
            self.base + path,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                return answer.status, dict(answer.headers), answer.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def job(self, location: str, timeout: float = 180) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status, _headers, body = self.call("GET", location)
            assert status == 200, body
            job = json.loads(body)
            if job["state"] in ("done", "failed"):
                return job
            time.sleep(0.3)
        raise AssertionError(f"the job at {location} did not end")


@pytest.fixture
def deployed(tmp_path: Path) -> Iterator[tuple[Deployed, subprocess.Popen[bytes], Path]]:
    import psycopg

    database = f"gia_deploy_{uuid.uuid4().hex[:10]}"
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{database}"')
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gia.web.settings.production",
        "DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{database}",
        "GIA_BROKER_URL": "redis://127.0.0.1:6379/13",
        "GIA_JOBS_QUEUE": f"gia-deploy-{uuid.uuid4().hex[:8]}",
        "GIA_SECRET_KEY": secrets.token_urlsafe(60),
        "GIA_ALLOWED_HOSTS": "127.0.0.1",
        "GIA_BASE_URL": "https://gia.example.org",
        "GIA_SSL_REDIRECT": "false",  # the test talks plain HTTP to gunicorn (a TLS proxy would be in front)
        "GIA_DATA_DIR": str(tmp_path / "var"),
        "GIA_BIND": f"127.0.0.1:{port}",
        "GIA_WEB_WORKERS": "2",
        "GIA_JOB_WORKERS": "2",
        "PYTHON": sys.executable,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
    }
    env.pop("GIA_JOBS_EAGER", None)
    log = (tmp_path / "one-machine.log").open("wb")
    script = subprocess.Popen(
        ["bash", str(ROOT / "deploy" / "one-machine.sh")],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert script.poll() is None, (tmp_path / "one-machine.log").read_text()[-3000:]
            try:
                urllib.request.urlopen(base + "/api/registry", timeout=2).read()
                break
            except OSError:
                assert time.monotonic() < deadline, (tmp_path / "one-machine.log").read_text()[-3000:]
                time.sleep(0.5)
        made = subprocess.run(
            [sys.executable, "-m", "tests.deploy.world", "setup"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
        )
        assert made.returncode == 0, made.stderr[-3000:]
        yield Deployed(base, made.stdout.strip()), script, tmp_path
    finally:
        if script.poll() is None:
            os.killpg(script.pid, signal.SIGKILL)
            script.wait(timeout=30)
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        import redis

        redis.Redis.from_url("redis://127.0.0.1:6379/13").delete(env["GIA_JOBS_QUEUE"])


def test_the_production_layout_submits_a_year_and_serves_its_pdf(deployed: Any) -> None:
    platform, script, folder = deployed
    status, headers, body = platform.call("POST", f"/api/areas/north-park/submissions/{YEAR}", year_document("north-park"))
    assert status == 202, body
    submitted = platform.job(headers["Location"])
    assert submitted["state"] == "done" and submitted["result"]["version"] == 1, submitted
    status, headers, body = platform.call("POST", f"/api/areas/north-park/submissions/{YEAR}/1/report?lang=pl")
    assert status == 202, body
    printed = platform.job(headers["Location"])
    assert printed["state"] == "done", printed
    status, headers, pdf = platform.call("GET", printed["result"]["file_url"])
    assert status == 200 and pdf.startswith(b"%PDF-") and len(pdf) > 10_000
    assert headers["Content-Disposition"].endswith(f'gia-report-north-park-{YEAR}-v1-pl.pdf"')
    # the work was done by the workers, not by the web processes
    logs = "".join(p.read_text() for p in sorted((folder / "var" / "log").glob("worker-*.log")))
    assert logs.count("gia.run_job") >= 2 and "succeeded" in logs
    # SIGTERM stops every process the script started
    os.kill(script.pid, signal.SIGTERM)
    assert script.wait(timeout=90) == 0
    left = subprocess.run(["pgrep", "-g", str(script.pid)], capture_output=True, text=True, check=False)
    assert left.stdout.strip() == "", f"processes left running: {left.stdout}"
