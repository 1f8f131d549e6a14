"""Jobs with real Celery workers, as on one machine: the web side (``tests.web.jobs_world``) and the
workers are separate processes sharing a SQLite database and the data folder, with the embedded broker
(files), with Redis (127.0.0.1:6379) and with RabbitMQ (127.0.0.1:5672), as in production (both
required in CI).

What a user relies on: pressing "Submit" twice never makes two versions; a worker killed in the middle
(``kill -9``) leaves nothing half-stored and another worker finishes the job; a job over its time limit
fails with a plain message and stores nothing; the PDF report and the roadmap come back as files."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import YEAR

ROOT = Path(__file__).resolve().parents[2]


def _up(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


#: the embedded broker, and the two production brokers as they run on this machine (required in CI)
BROKERS = [
    "filesystem",
    pytest.param(
        "redis",
        marks=pytest.mark.skipif(
            not _up(6379) and os.environ.get("CI") != "true", reason="no Redis on 127.0.0.1:6379"
        ),
    ),
    pytest.param(
        "rabbitmq",
        marks=pytest.mark.skipif(
            not _up(5672) and os.environ.get("CI") != "true", reason="no RabbitMQ on 127.0.0.1:5672"
        ),
    ),
]
BROKER_URLS = {
    "filesystem": "filesystem://",
    "redis": "redis://127.0.0.1:6379/15",
    "rabbitmq": "amqp://guest:guest@127.0.0.1:5672//",
}


class World:
    """The platform's processes: the web side's commands, workers, and a look into the database."""

    def __init__(self, folder: Path, broker: str, **settings: str) -> None:
        self.folder = folder
        self.database = folder / "gia.sqlite3"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "gia.web.settings.dev",
            "GIA_DATA_DIR": str(folder),
            "DATABASE_URL": f"sqlite:///{self.database}",
            "GIA_BROKER_URL": broker,
            "GIA_JOBS_EAGER": "false",
            "GIA_JOB_LEASE": "3",
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
            **settings,
        }
        self.workers: list[subprocess.Popen[bytes]] = []

    def web(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "tests.web.jobs_world", *args],
            cwd=self.folder,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def worker(self, concurrency: int = 2) -> subprocess.Popen[bytes]:
        log = (self.folder / f"worker-{len(self.workers)}.log").open("wb")
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "gia.web.jobs",
                "worker",
                f"--concurrency={concurrency}",
                "--without-mingle",
                "--without-gossip",
                "--loglevel=INFO",
                f"--hostname=test-{uuid.uuid4().hex[:8]}@%h",
            ],
            cwd=self.folder,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill -9 takes the pool's children too
        )
        self.workers.append(process)
        return process

    def kill(self, process: subprocess.Popen[bytes], sig: int = signal.SIGKILL) -> None:
        if process.poll() is None:
            os.killpg(process.pid, sig)
        process.wait(timeout=30)

    def job(self, job_id: str) -> dict[str, Any]:
        with sqlite3.connect(self.database, timeout=20) as db:
            row = db.execute(
                "SELECT state, attempts, step_number, result, error FROM gia_job WHERE id = ?",
                (uuid.UUID(job_id).hex,),
            ).fetchone()
        state, attempts, step, result, error = row
        return {"state": state, "attempts": attempts, "step": step, "result": json.loads(result), "error": json.loads(error)}

    def wait(self, job_id: str, until: Any, timeout: float = 90) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.job(job_id)
            if until(found):
                return found
            time.sleep(0.2)
        logs = "\n".join(p.read_text()[-2000:] for p in self.folder.glob("worker-*.log"))
        raise AssertionError(f"job {job_id} never got there: {self.job(job_id)}\n{logs}")

    def stop(self) -> None:
        for process in self.workers:
            if process.poll() is None:
                self.kill(process)


@pytest.fixture(params=BROKERS)
def world(request: Any, tmp_path: Path) -> Iterator[World]:
    """A platform of its own: its folder (database, files, the embedded broker) and, on Redis and
    RabbitMQ, a queue of its own (tests run side by side in several processes)."""
    broker = BROKER_URLS[request.param]
    queue = f"gia-test-{uuid.uuid4().hex[:12]}"
    marker = request.node.get_closest_marker("job_settings")
    made = World(tmp_path, broker, GIA_JOBS_QUEUE=queue, **(marker.kwargs if marker else {}))
    made.web("setup")
    yield made
    made.stop()
    if request.param == "redis":
        import redis

        redis.Redis.from_url(broker).delete(queue)
    elif request.param == "rabbitmq":
        from kombu import Connection

        with Connection(broker) as connection:
            connection.default_channel.queue_delete(queue)


def done(job: dict[str, Any]) -> bool:
    return job["state"] in ("done", "failed")


@pytest.mark.job_settings(GIA_JOB_STEP_PAUSE="0.5")
def test_the_same_data_submitted_twice_at_once_makes_one_version(world: World) -> None:
    first, second = world.web("ask", "first click", "second click").split()
    world.worker(concurrency=2)  # both jobs run at the same time
    outcomes = sorted((world.wait(first, done)["state"], world.wait(second, done)["state"]))
    assert outcomes == ["done", "failed"]
    failed = next(j for j in (world.job(first), world.job(second)) if j["state"] == "failed")
    assert failed["error"]["problems"][0][1] == "Nothing has changed since version 1."
    assert failed["error"]["retry"] is False
    check = json.loads(world.web("verify"))
    assert len(check["versions"]) == 1 and check["chain_intact"]


@pytest.mark.job_settings(GIA_JOB_STEP_PAUSE="2")
def test_a_worker_killed_in_the_middle_leaves_nothing_half_stored_and_the_job_is_finished(world: World) -> None:
    (job_id,) = world.web("ask", "submitted once").split()
    first = world.worker(concurrency=1)
    world.wait(job_id, lambda j: j["state"] == "running" and j["step"] >= 2)
    world.kill(first)  # kill -9, the pool's child with it, in the middle of the job
    assert world.job(job_id)["state"] == "running"
    assert json.loads(world.web("verify"))["versions"] == []
    time.sleep(3.5)  # the lease of the lost worker runs out
    world.worker(concurrency=1)  # a new worker picks up what the lost one left
    finished = world.wait(job_id, done)
    assert (finished["state"], finished["attempts"], finished["result"]) == ("done", 2, {"version": 1})
    check = json.loads(world.web("verify"))
    assert check["versions"] == [[1, "submitted once"]] and check["chain_intact"]


@pytest.mark.job_settings(GIA_JOB_STEP_PAUSE="4", GIA_JOB_TIME_LIMIT="3")
def test_a_job_over_its_time_limit_fails_cleanly(world: World) -> None:
    (job_id,) = world.web("ask", "too slow").split()
    world.worker(concurrency=1)
    failed = world.wait(job_id, done)
    assert failed["state"] == "failed"
    assert "was stopped; nothing was stored" in failed["error"]["title"]
    assert failed["error"]["retry"] is True
    check = json.loads(world.web("verify"))
    assert check["versions"] == [] and check["chain_intact"]


def test_the_pdf_report_and_the_roadmap_jobs_return_their_files(world: World) -> None:
    report, roadmap = world.web("files").split()
    world.worker(concurrency=2)
    assert world.wait(report, done, timeout=120)["state"] == "done", world.job(report)
    assert world.wait(roadmap, done, timeout=120)["state"] == "done", world.job(roadmap)
    pdf = json.loads(world.web("fetch", report))
    assert pdf["head"] == "%PDF-" and pdf["size"] > 10_000
    assert pdf["filename"] == f"gia-report-north-park-{YEAR}-v1-en.pdf"
    plan = json.loads(world.web("fetch", roadmap))
    assert plan["head"].startswith("{") and plan["filename"].endswith("-pl.json")
    assert (world.folder / "files" / "jobs" / roadmap / "roadmap.html").read_text().count('id="year-') > 5


def test_assessing_every_area_again_fans_out_over_the_workers(world: World) -> None:
    (job_id,) = world.web("reassess", "6").split()
    world.worker(concurrency=1)
    world.worker(concurrency=1)
    finished = world.wait(job_id, done, timeout=180)
    assert finished["state"] == "done", finished
    assert finished["result"]["areas"] == 7 and finished["result"]["versions"] == 6  # one area has no version
    csv_file = json.loads(world.web("fetch", job_id))
    assert csv_file["head"] == "area," and csv_file["filename"].startswith("gia-reassessment-")
    # one task per area, spread over both workers (each is one process)
    logs = [p.read_text() for p in sorted(world.folder.glob("worker-*.log"))]
    assert all("gia.reassess_area" in log for log in logs), "every worker took areas"
    assert not (world.folder / "control").exists(), "the broker's files stay in the data folder"
