"""Benchmark of the web platform: latency of the dashboard and registry pages under concurrent clients.

``python bench/web.py`` (from the project root, with the project's virtual environment):

1. prepares a fresh data directory per database under ``bench/.data/web/`` (``GIA_DATA_DIR``):
   the certification body's signing keys (``gia certificate keygen``), ``migrate``, ``collectstatic`` (the production settings keep a static manifest) and the demo
   (``gia.web.demo.load_demo`` with one known password), in a subprocess of this script. The
   databases are the embedded SQLite (``DATABASE_URL=sqlite:///…/gia.sqlite3``) and PostgreSQL (a
   dedicated database ``gia_bench``, created and dropped here through psycopg) when it is reachable;
2. for each database and server configuration (``--servers 3x4,5x1``: workers × threads; one thread
   means gunicorn's sync worker, more its gthread worker) starts gunicorn serving
   ``gia.web.wsgi:application`` with ``gia.web.settings.production`` (DEBUG off; the secret key,
   hosts and database from the environment; ``GIA_SSL_REDIRECT=false`` over plain HTTP), through a
   generated settings module that changes only the static storage and e-mail (``SETTINGS_OVERRIDE``);
3. signs in as the demo area manager of de-tollensetal-nord (GET the login page, POST the form with
   its CSRF token) and measures, page by page: the dashboard of 2024 (signed in), the registry and
   the area's public profile (anonymous). Per page: 1 client in sequence (the service time), a
   warm-up, then ``--requests`` requests from ``--concurrency`` clients (threads with one keep-alive
   connection each, http.client; no think time unless ``--think S``: a closed loop, so by Little's law
   the mean latency is about clients / throughput). Before each measurement it waits (up to
   ``--quiet-wait`` s) until other work on the machine has stopped, and repeats (``--retries``) a
   measurement during which other processes took more than 15 % of a core. Every response must be 200 and be
   the page asked for (the dashboard shows the area's level, not the sign-in form; the registry lists
   the area); anything else counts as an error. The clients share one signed-in session;
4. prints per page: requests, errors, throughput, p50 / p95 / p99 / max latency (ms, nearest rank),
   the goal (p95 ≤ 150 ms) met or missed, the 1-client p50, gunicorn's CPU per request and the CPU
   shares (from /proc) of gunicorn, of this load generator, of the PostgreSQL backends and of
   everything else, so that who used the two cores is visible.

If a p95 misses the goal, each page is profiled in-process (``--profile-requests`` requests, Django's
test client against the same data, cProfile; the SQL queries listed and timed; a breakdown of where
the time goes, then pstats' top functions); ``--profile`` forces it, ``--no-profile`` skips it. The data directory and the PostgreSQL database are removed at the end
unless ``--keep``. Exit code 0 when the benchmark ran (missed goals are reported, not failed), 1 if a
page answered wrongly or a server did not start.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import html
import http.client
import io
import json
import os
import platform
import pstats
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DATA_ROOT = BENCH_DIR / ".data" / "web"
AREA = "de-tollensetal-nord"
YEAR = 2024
MANAGER = f"manager@{AREA}.example"
PASSWORD = "bench-password-7c1e9a"  # the demo users of a throw-away benchmark database
GOAL_P95_MS = 150.0
GOAL_VERIFY_RPS = 500.0
#: a measurement during which other processes used more than this share of a core is repeated
OTHERS_LIMIT = 0.15
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DATABASE = "gia_bench"
HOST = "127.0.0.1"
PAGES = {
    "dashboard": (f"/app/areas/{AREA}/{YEAR}/dashboard/", True),
    "registry": ("/registry/", False),
    "public_area": (f"/registry/{AREA}/", False),
    # the public verification endpoint (issue 5: ≥ 500 requests/s); {certificate} is the demo's number
    "verify": ("/api/verify/{certificate}", False),
}
CLK_TCK = os.sysconf("SC_CLK_TCK")


# --- the server's environment ------------------------------------------------------------------------


#: production settings with two changes: (1) ``collectstatic`` under production's
#: ManifestStaticFilesStorage fails, because leaflet.js ends in ``//# sourceMappingURL=leaflet.js.map``
#: and the map is not vendored; the same storage, rewriting references in CSS only, collects the files
#: (their names still hashed); (2) e-mail (the demo's notifications) goes nowhere instead of to SMTP.
SETTINGS_OVERRIDE = '''"""Written by bench/web.py: gia.web.settings.production, static files collectable, no e-mail."""
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage

from gia.web.settings.production import *  # noqa: F403
from gia.web.settings.production import STORAGES


class BenchStaticFilesStorage(ManifestStaticFilesStorage):
    patterns = tuple(p for p in ManifestStaticFilesStorage.patterns if p[0] == "*.css")


STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "gia_bench_settings.BenchStaticFilesStorage"}}
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
'''


def server_env(data_dir: Path, database_url: str) -> dict[str, str]:
    settings_dir = DATA_ROOT / "pythonpath"
    settings_dir.mkdir(parents=True, exist_ok=True)
    (settings_dir / "gia_bench_settings.py").write_text(SETTINGS_OVERRIDE)
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="gia_bench_settings",
        PYTHONPATH=os.pathsep.join(
            p for p in (str(settings_dir), str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p
        ),
        GIA_DATA_DIR=str(data_dir),
        DATABASE_URL=database_url,
        GIA_SECRET_KEY=secrets.token_urlsafe(48),
        GIA_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        GIA_SSL_REDIRECT="false",
        GIA_BASE_URL="https://gia.bench.invalid",
        GIA_HSTS_SECONDS="0",
        PYTHONUNBUFFERED="1",
    )
    if database_url.startswith("sqlite"):
        env["GIA_ALLOW_SQLITE"] = "true"  # production refuses SQLite unless told it is being measured
    return env


def child(step: str, env: dict[str, str]) -> dict[str, Any]:
    """Run ``web.py --child STEP`` with ``env``; its last output line is JSON."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", step], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise RuntimeError(f"child step {step} failed ({done.returncode})")
    lines = done.stdout.strip().splitlines()
    return {"result": json.loads(lines[-1]), "output": "\n".join(lines[:-1])}


def child_prepare() -> dict[str, Any]:
    """Migrate, collect the static files and load the demo; the expected level and certified areas."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from gia.web.actions.submissions import latest_version
    from gia.web.demo import load_demo
    from gia.web.models import Area
    from gia.web.views.public import certified, level_names

    timings = {}
    key = getattr(settings, "GIA_SIGNING_KEY", None)  # the certification body signs what the demo certifies
    if key is not None and not key.is_file():
        gia = Path(sys.executable).with_name("gia")
        command = [str(gia)] if gia.exists() else [sys.executable, "-c", "from gia.cli import app; app()"]
        subprocess.run(
            [*command, "certificate", "keygen", "--out", str(key.parent)], check=True, capture_output=True
        )
    start = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    timings["migrate_s"] = time.perf_counter() - start
    start = time.perf_counter()
    call_command("collectstatic", interactive=False, verbosity=0)
    timings["collectstatic_s"] = time.perf_counter() - start
    start = time.perf_counter()
    users = load_demo(password=PASSWORD)
    timings["demo_s"] = time.perf_counter() - start
    version = latest_version(Area.objects.get(slug=AREA), YEAR)
    record = version.assessments.filter(language="en").first()
    level = (record.summary.get("level") or {}).get("level") or ""
    return {
        **timings,
        "users": [u.username for u in users],
        "level_name": level_names("en").get(level, "") or "no level",
        "certified": [c.area.slug for c in certified()],
        "certificate": next(c.number for c in certified() if c.area.slug == AREA),
    }


#: where the time of a request goes (cumulative, so the lines overlap): label, function
BREAKDOWN = (
    ("Django's handler: the whole request", "django.core.handlers.base.BaseHandler.get_response"),
    ("  loading the session and the user (lazily)", "django.contrib.auth.get_user"),
    ("  the view, rendering included", "django.core.handlers.base.BaseHandler._get_response"),
    ("    ORM queries (SQL + building objects)", "django.db.models.query.QuerySet._fetch_all"),
    ("      of which SQL execution", "django.db.backends.utils.CursorWrapper._execute"),
    ("    JSON decoding (stored summaries)", "json.decoder.JSONDecoder.decode"),
    ("    permissions: roles()", "gia.web.permissions.roles"),
    ("    level names (the standard's catalogue)", "gia.web.views.public.level_names"),
    ("    the dashboard's trend()", "gia.web.views.results.trend"),
    ("    template rendering", "django.template.base.Template.render"),
    ("      {% url %} tags", "django.template.defaulttags.URLNode.render"),
    ("      {% translate %} tags", "django.templatetags.i18n.TranslateNode.render"),
    ("      {% blocktranslate %} tags", "django.templatetags.i18n.BlockTranslateNode.render"),
    ("      {% csrf_token %} tags", "django.template.defaulttags.CsrfTokenNode.render"),
    ("      floatformat filter", "django.template.defaultfilters.floatformat"),
    ("      percent filter", "gia.web.templatetags.gia.percent"),
    ("      quantity filter", "gia.web.templatetags.gia.quantity"),
    ("      the context processor platform()", "gia.web.context.platform"),
)


def breakdown(stats: pstats.Stats, requests: int) -> list[tuple[str, float]]:
    """(label, ms a request) for BREAKDOWN, from the profile's cumulative times."""
    import importlib
    import inspect

    rows = []
    for label, dotted in BREAKDOWN:
        module_name, _sep, name = dotted.rpartition(".")
        owner: Any = None
        while module_name:
            try:
                owner = importlib.import_module(module_name)
                break
            except ImportError:
                module_name, _sep, outer = module_name.rpartition(".")
                name = f"{outer}.{name}"
        for part in name.split("."):
            owner = getattr(owner, part, None)
        code = getattr(inspect.unwrap(owner), "__code__", None) if owner is not None else None
        if code is None:
            continue
        key = (code.co_filename, code.co_firstlineno, code.co_name)
        cumulative = stats.stats.get(key, (0, 0, 0, 0.0))[3]  # type: ignore[attr-defined]
        rows.append((label, cumulative / requests * 1000))
    return rows


def child_profile(requests: int) -> dict[str, Any]:
    """Time and profile the pages in-process (Django's test client: no HTTP, no gunicorn)."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    client = Client()
    if not client.login(username=MANAGER, password=PASSWORD):
        raise RuntimeError("cannot sign in")
    anonymous = Client()
    report: dict[str, Any] = {}
    for page, (path, signed_in) in PAGES.items():
        browser = client if signed_in else anonymous
        for _ in range(5):  # warm-up: templates, translations, the standard's catalogue
            assert browser.get(path).status_code == 200
        queries: list[tuple[str, float]] = []

        def note(execute, sql, params, many, context, queries=queries):  # type: ignore[no-untyped-def]
            began = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                queries.append((sql, time.perf_counter() - began))

        with connection.execute_wrapper(note):
            browser.get(path)
        start = time.perf_counter()
        for _ in range(requests):
            browser.get(path)
        plain_ms = (time.perf_counter() - start) / requests * 1000
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(requests):
            browser.get(path)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        where = breakdown(stats, requests)
        stats.strip_dirs().sort_stats("cumulative").print_stats(28)
        stats.sort_stats("tottime").print_stats(18)
        report[page] = {
            "path": path,
            "ms_per_request": plain_ms,
            "queries": len(queries),
            "sql_ms": sum(t for _sql, t in queries) * 1000,
            "sql": [f"{t * 1000:6.2f} ms  " + (s if len(s) < 150 else s[:147] + "…") for s, t in queries],
            "breakdown": where,
            "profile": out.getvalue(),
        }
    return report


# --- PostgreSQL --------------------------------------------------------------------------------------


def pg_database_url(admin_url: str) -> str:
    parts = urllib.parse.urlsplit(admin_url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + PG_DATABASE))


def pg_recreate(admin_url: str, drop_only: bool = False) -> str | None:
    """Drop (and create) the benchmark database; None when PostgreSQL is not reachable."""
    try:
        import psycopg

        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
            if not drop_only:
                connection.execute(f"CREATE DATABASE {PG_DATABASE}")
            version = connection.execute("SHOW server_version").fetchone()[0]
    except Exception as error:
        print(f"  PostgreSQL at {admin_url} not usable: {error}")
        return None
    return version


# --- gunicorn ----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@dataclass
class Server:
    workers: int
    threads: int
    env: dict[str, str]
    log: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def label(self) -> str:
        kind = "gthread" if self.threads > 1 else "sync"
        return f"gunicorn {self.workers} workers × {self.threads} threads ({kind})"

    def start(self) -> None:
        self.port = free_port()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "gia.web.wsgi:application",
            f"--bind={HOST}:{self.port}",
            f"--workers={self.workers}",
            f"--threads={self.threads}",
            f"--worker-class={'gthread' if self.threads > 1 else 'sync'}",
            "--backlog=2048",
            "--log-level=warning",
        ]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}); see {self.log}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                connection = http.client.HTTPConnection(HOST, self.port, timeout=5)
                connection.request("GET", "/registry/")
                status = connection.getresponse().status
                connection.close()
                if status == 200:
                    return
                raise RuntimeError(f"gunicorn answers {status} for /registry/; see {self.log}")
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start within 60 s; see {self.log}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def cpu_seconds(self) -> float:
        return process_cpu_seconds(lambda pid, ppid, _cmdline: pid == self.pid or ppid == self.pid)

    @property
    def pid(self) -> int:
        return self.process.pid if self.process is not None else -1


def process_cpu_seconds(select: Any) -> float:
    """User + system CPU seconds of the processes ``select(pid, ppid, cmdline)`` picks (from /proc)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            if select(int(entry.name), int(fields[1]), cmdline):
                total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLK_TCK


def database_cpu_seconds() -> float:
    """CPU of the PostgreSQL backends serving the benchmark database (0 for SQLite: it runs in gunicorn)."""
    return process_cpu_seconds(lambda _pid, _ppid, cmdline: f" {PG_DATABASE} " in cmdline)


def machine_busy_seconds() -> float:
    """CPU seconds all cores have spent busy since boot (/proc/stat: everything but idle and iowait)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    return (sum(fields) - fields[3] - fields[4]) / CLK_TCK


def wait_for_quiet(limit_s: float, threshold: float = OTHERS_LIMIT) -> float:
    """Wait (up to ``limit_s``) until the rest of the machine uses under ``threshold`` of one core over a
    second, since other work on the two cores distorts the measurement; returns that share."""
    deadline = time.monotonic() + limit_s
    while True:
        before = machine_busy_seconds() - time.process_time()
        time.sleep(1.0)
        busy = machine_busy_seconds() - time.process_time() - before
        if busy < threshold or time.monotonic() >= deadline:
            return busy


# --- the load generator ------------------------------------------------------------------------------


def cookies_of(response: http.client.HTTPResponse) -> dict[str, str]:
    jar = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _sep, rest = header.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]
    return jar


def sign_in(port: int) -> str:
    """The ``sessionid`` of the demo area manager, signed in through the login form."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    connection.request("GET", "/accounts/login/")
    response = connection.getresponse()
    page = response.read().decode()
    jar = cookies_of(response)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if response.status != 200 or token is None or "csrftoken" not in jar:
        raise RuntimeError(f"login page: {response.status}, no CSRF token")
    body = urllib.parse.urlencode(
        {"username": MANAGER, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)}
    )
    connection.request(
        "POST",
        "/accounts/login/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={jar['csrftoken']}",
        },
    )
    response = connection.getresponse()
    response.read()
    session = cookies_of(response).get("sessionid")
    connection.close()
    if response.status != 302 or not session:
        raise RuntimeError(f"sign-in refused: {response.status}")
    return session


@dataclass
class Check:
    """What a right answer contains (bytes found in the body)."""

    must_contain: bytes

    def ok(self, status: int, body: bytes) -> bool:
        return status == 200 and self.must_contain in body


@dataclass
class Phase:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    reconnects: int = 0
    first_error: str = ""
    wall_s: float = 0.0
    client_cpu_s: float = 0.0
    server_cpu_s: float = 0.0
    machine_cpu_s: float = 0.0
    database_cpu_s: float = 0.0

    @property
    def others_share(self) -> float:
        """CPU used by the rest of the machine while measuring, in cores."""
        own = self.server_cpu_s + self.client_cpu_s + self.database_cpu_s
        return (self.machine_cpu_s - own) / self.wall_s if self.wall_s else 0.0

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        rank = max(1, -(-len(ordered) * q // 1))  # nearest rank: ceil(q·n)
        return ordered[int(rank) - 1] * 1000


def drive(
    port: int,
    path: str,
    headers: dict[str, str],
    check: Check,
    total: int,
    concurrency: int,
    server: Server,
    think_s: float = 0.0,
) -> Phase:
    """``total`` GETs of ``path`` from ``concurrency`` threads, each with its own keep-alive connection;
    before each request a client waits a random 0 to 2 × ``think_s`` seconds (0: not at all)."""
    phase = Phase()
    lock = threading.Lock()
    issued = 0
    start_line = threading.Barrier(concurrency + 1)

    def client() -> None:
        nonlocal issued
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        latencies = []
        errors = reconnects = 0
        first_error = ""
        start_line.wait()
        while True:
            with lock:
                if issued >= total:
                    break
                issued += 1
            if think_s:  # before the first request too, so that the clients do not start in one burst
                time.sleep(random.uniform(0, 2 * think_s))
            began = time.perf_counter()
            status, body = 0, b""
            for attempt in range(2):
                try:
                    connection.request("GET", path, headers=headers)
                    response = connection.getresponse()
                    body = response.read()
                    status = response.status
                    break
                except (http.client.HTTPException, OSError) as error:
                    connection.close()  # the server closed an idle keep-alive connection: reconnect once
                    reconnects += 1
                    if attempt == 1:
                        first_error = first_error or repr(error)
            latencies.append(time.perf_counter() - began)
            if not check.ok(status, body):
                errors += 1
                first_error = first_error or f"HTTP {status}: {body[:120]!r}"
        connection.close()
        with lock:
            phase.latencies.extend(latencies)
            phase.errors += errors
            phase.reconnects += reconnects
            phase.first_error = phase.first_error or first_error

    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    server_cpu = server.cpu_seconds()
    client_cpu = time.process_time()
    machine_cpu = machine_busy_seconds()
    database_cpu = database_cpu_seconds()
    began = time.perf_counter()
    start_line.wait()
    for thread in threads:
        thread.join()
    phase.wall_s = time.perf_counter() - began
    phase.client_cpu_s = time.process_time() - client_cpu
    phase.server_cpu_s = server.cpu_seconds() - server_cpu
    phase.machine_cpu_s = machine_busy_seconds() - machine_cpu
    phase.database_cpu_s = database_cpu_seconds() - database_cpu
    return phase


# --- the run -----------------------------------------------------------------------------------------


@dataclass
class Row:
    database: str
    server: str
    page: str
    single: Phase
    loaded: Phase
    concurrency: int


def describe_machine() -> None:
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    import django
    import gunicorn

    print(f"code: {ROOT / 'src'} (this checkout's gia, first on the servers' PYTHONPATH)")
    print(
        f"machine: {os.cpu_count()} cores ({len(os.sched_getaffinity(0))} usable, {cpu}), "
        f"{platform.system()} {platform.release()}; Python {platform.python_version()}, "
        f"Django {django.get_version()}, gunicorn {gunicorn.__version__}"
    )


def page_checks(prepared: dict[str, Any]) -> dict[str, Check]:
    level = html.escape(prepared["level_name"]).encode()
    if AREA not in prepared["certified"]:
        raise RuntimeError(f"{AREA} is not certified in the demo data; the registry check needs it")
    return {
        "dashboard": Check(b'<strong id="level">' + level + b"</strong>"),
        "registry": Check(f'href="/registry/{AREA}/"'.encode()),
        "public_area": Check(b'<span class="label">Level</span><strong>' + level + b"</strong>"),
        "verify": Check(b'"status": "valid"'),
    }


def print_row(row: Row) -> None:
    p = row.loaded
    n = len(p.latencies)
    p95 = p.percentile(0.95)
    throughput = n / p.wall_s if p.wall_s else 0.0
    if row.page == "verify":  # its goal is throughput: ≥ 500 requests/s
        verdict = "OK" if throughput >= GOAL_VERIFY_RPS and p.errors == 0 else "MISS"
    else:
        verdict = "OK" if p95 <= GOAL_P95_MS and p.errors == 0 else "MISS"
    print(
        f"  {row.page:<12} {n:>6} {p.errors:>4} {throughput:>8.1f} "
        f"{p.percentile(0.50):>7.1f} {p95:>7.1f} {p.percentile(0.99):>7.1f} {max(p.latencies) * 1000:>7.1f}  "
        f"{verdict:<4}  {row.single.percentile(0.50):>6.1f}  "
        f"{p.server_cpu_s / n * 1000:>6.1f} {p.server_cpu_s / p.wall_s * 100:>5.0f}% "
        f"{p.client_cpu_s / p.wall_s * 100:>5.0f}% "
        f"{p.database_cpu_s / p.wall_s * 100:>5.0f}% {p.others_share * 100:>5.0f}%"
    )
    if p.errors:
        print(f"      first error: {p.first_error}")
    if p.reconnects:
        print(f"      {p.reconnects} reconnects (keep-alive connections closed by the server)")


def header() -> None:
    print(
        f"  {'page':<12} {'reqs':>6} {'err':>4} {'req/s':>8} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}  "
        f"{'goal':<4}  {'1-cli':>6}  {'srvCPU':>6} {'srv%':>6} {'cli%':>6} {'db%':>6} {'oth%':>6}"
    )


def run_database(
    name: str, data_dir: Path, database_url: str, args: argparse.Namespace, rows: list[Row]
) -> dict[str, str] | None:
    data_dir.mkdir(parents=True, exist_ok=True)
    env = server_env(data_dir, database_url)
    started = time.perf_counter()
    prepared = child("prepare", env)["result"]
    print(
        f"  prepared in {time.perf_counter() - started:.1f} s (migrate {prepared['migrate_s']:.1f} s, "
        f"collectstatic {prepared['collectstatic_s']:.1f} s, demo {prepared['demo_s']:.1f} s); "
        f"{len(prepared['users'])} demo users, certified: {', '.join(prepared['certified'])}; "
        f"{AREA} {YEAR}: {prepared['level_name']}"
    )
    checks = page_checks(prepared)
    for spec in args.servers:
        workers, threads = (int(x) for x in spec.split("x"))
        server = Server(workers, threads, env, data_dir / "gunicorn.log")
        print(f"\n[{name}] {server.label}, {args.concurrency} clients, {args.requests} requests a page")
        try:
            server.start()
            session = sign_in(server.port)
            header()
            for page in args.pages:
                path, signed_in = PAGES[page]
                path = path.format(certificate=prepared["certificate"])
                headers = {"Cookie": f"sessionid={session}"} if signed_in else {}
                check = checks[page]
                drive(server.port, path, headers, check, args.warmup, args.concurrency, server)
                single = drive(server.port, path, headers, check, args.single, 1, server)
                for attempt in range(args.retries + 1):
                    wait_for_quiet(args.quiet_wait)
                    loaded = drive(
                        server.port, path, headers, check, args.requests, args.concurrency, server, args.think
                    )
                    if loaded.others_share < OTHERS_LIMIT:
                        break
                    note = "measuring again" if attempt < args.retries else "kept; the numbers are disturbed"
                    print(
                        f"      ({page}: other work took {loaded.others_share * 100:.0f} % of a core "
                        f"meanwhile; {note})"
                    )
                row = Row(name, server.label, page, single, loaded, args.concurrency)
                rows.append(row)
                print_row(row)
        finally:
            server.stop()
    return env


def print_profile(report: dict[str, Any], top_sql: bool) -> None:
    for page, item in report.items():
        print(
            f"\n--- {page} {item['path']}: {item['ms_per_request']:.1f} ms a request in-process "
            f"(test client, no profiler); {item['queries']} SQL queries, {item['sql_ms']:.1f} ms in SQL"
        )
        if top_sql:
            for sql in item["sql"]:
                print(f"    {sql}")
        whole = item["breakdown"][0][1] if item["breakdown"] else 0.0
        print("  where the time goes under the profiler (ms a request, cumulative, lines overlap):")
        for label, ms in item["breakdown"]:
            if ms > 0:
                print(f"    {label:<48} {ms:7.2f} ms {ms / whole * 100 if whole else 0:5.1f} %")
        print(item["profile"].rstrip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="measured requests a page (2000)")
    parser.add_argument("--concurrency", type=int, default=50, help="concurrent clients (50)")
    parser.add_argument("--warmup", type=int, default=200, help="warm-up requests a page (200)")
    parser.add_argument("--single", type=int, default=100, help="requests from 1 client a page (100)")
    parser.add_argument(
        "--servers",
        "--workers",
        default="3x4,5x1",
        help="gunicorn configurations, workers×threads, comma-separated (3x4,5x1)",
    )
    parser.add_argument(
        "--think", type=float, default=0.0, help="mean pause of a client between requests, s (0: none)"
    )
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=120.0,
        help="wait up to this long (s) before each measurement for other work on the machine to stop (120)",
    )
    parser.add_argument(
        "--retries",
        type=int,
        default=3,
        help="repeat a measurement disturbed by other work on the machine up to this often (3)",
    )
    parser.add_argument("--databases", default="sqlite,postgres", help="sqlite,postgres")
    parser.add_argument("--pages", default="dashboard,registry,public_area,verify", help=", ".join(PAGES))
    parser.add_argument("--postgres-url", default=os.environ.get("GIA_BENCH_POSTGRES", PG_ADMIN_URL))
    parser.add_argument("--keep", action="store_true", help="keep bench/.data/web and the gia_bench database")
    parser.add_argument("--profile", action="store_true", help="profile the pages even if the goal is met")
    parser.add_argument("--no-profile", action="store_true", help="never profile")
    parser.add_argument("--profile-requests", type=int, default=30)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child == "prepare":
        print(json.dumps(child_prepare()))
        return 0
    if args.child == "profile":
        print(json.dumps(child_profile(int(os.environ.get("GIA_BENCH_PROFILE_REQUESTS", "30")))))
        return 0

    args.servers = [s.strip().replace("×", "x") for s in args.servers.split(",") if s.strip()]
    args.pages = [p.strip() for p in args.pages.split(",") if p.strip()]
    databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    for page in args.pages:
        if page not in PAGES:
            parser.error(f"unknown page {page}")
    print("GIA web platform latency benchmark")
    describe_machine()
    think = f"think time 0–{2 * args.think:g} s" if args.think else "no think time"
    print(
        f"load: {args.concurrency} concurrent clients (threads, http.client, keep-alive, {think}), "
        f"{args.requests} requests a page after {args.warmup} warm-up requests; "
        f"goal p95 ≤ {GOAL_P95_MS:.0f} ms"
    )
    print(
        "settings: gia.web.settings.production (DEBUG off, SSL redirect off, sessions in the database, "
        "local-memory cache), static storage collecting without leaflet's missing source map, "
        "no e-mail; static files not measured"
    )
    print(
        "columns: latency in ms (nearest rank); 1-cli = p50 from one client in sequence (service time); "
        "srvCPU = gunicorn CPU ms a request; srv% / cli% / db% / oth% = CPU of the server / of this "
        "load generator / of the PostgreSQL backends / of everything else on the machine (100 % = one core)"
    )

    shutil.rmtree(DATA_ROOT, ignore_errors=True)
    rows: list[Row] = []
    failed = False
    profile_env = None
    pg_used = False
    try:
        for database in databases:
            if database == "sqlite":
                data_dir = DATA_ROOT / "sqlite"
                url = "sqlite:///" + str(data_dir / "gia.sqlite3")
                print(f"\n== SQLite {__import__('sqlite3').sqlite_version}: {data_dir / 'gia.sqlite3'}")
            elif database == "postgres":
                print(f"\n== PostgreSQL: database {PG_DATABASE} at {args.postgres_url}")
                version = pg_recreate(args.postgres_url)
                if version is None:
                    print("  skipped")
                    continue
                pg_used = True
                print(f"  PostgreSQL {version}")
                data_dir = DATA_ROOT / "postgres"
                url = pg_database_url(args.postgres_url)
            else:
                parser.error(f"unknown database {database}")
            try:
                env = run_database(database, data_dir, url, args, rows)
            except RuntimeError as error:
                print(f"  FAILED: {error}")
                failed = True
                continue
            if database == "sqlite" or profile_env is None:
                profile_env = env

        print("\n== summary: p95 per page (ms), goal ≤ 150 ms; the verification endpoint: ≥ 500 req/s")
        for row in rows:
            p95 = row.loaded.percentile(0.95)
            n = len(row.loaded.latencies)
            met = n / row.loaded.wall_s >= GOAL_VERIFY_RPS if row.page == "verify" else p95 <= GOAL_P95_MS
            verdict = "OK" if met and row.loaded.errors == 0 else "MISS"
            disturbed = (
                f"  (disturbed: others used {row.loaded.others_share * 100:.0f} % of a core)"
                if row.loaded.others_share >= OTHERS_LIMIT
                else ""
            )
            print(
                f"  {row.database:<9} {row.server:<42} {row.page:<12} p95 {p95:7.1f}  "
                f"{n / row.loaded.wall_s:6.1f} req/s  errors {row.loaded.errors}  {verdict}{disturbed}"
            )
            failed = failed or row.loaded.errors > 0 or row.single.errors > 0
        missed = any(r.loaded.percentile(0.95) > GOAL_P95_MS for r in rows if r.page != "verify")
        if profile_env is not None and not args.no_profile and (missed or args.profile):
            print(
                f"\n== profile: {args.profile_requests} requests a page in-process under cProfile "
                f"(data of the {'SQLite' if 'sqlite' in profile_env['DATABASE_URL'] else 'PostgreSQL'} run)"
            )
            profile_env = dict(profile_env, GIA_BENCH_PROFILE_REQUESTS=str(args.profile_requests))
            print_profile(child("profile", profile_env)["result"], top_sql=True)
    finally:
        if not args.keep:
            shutil.rmtree(DATA_ROOT, ignore_errors=True)
            if pg_used:
                pg_recreate(args.postgres_url, drop_only=True)
        else:
            print(f"\nkept {DATA_ROOT}" + (f" and the database {PG_DATABASE}" if pg_used else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
