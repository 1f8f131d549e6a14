"""Benchmark of GIA's hourly time series: reading, validating, matching and assessing.

``make bench`` (``python bench/run.py``) generates the synthetic areas (``bench/generate.py``) into
``bench/.data/`` if they are missing or were made by another version of the generator, then measures:

1. 1 000 companies × 8 784 h, load and generation meters in one Parquet file (one load meter a
   company, PV at about 80 % and a wind PPA at about 20 % of them: about 17.6 million readings):

   a. ``read_series``: reading + validation + resampling to the hours of the year (such a file is
      read in one streaming pass straight into a dense meters × hours grid, ``gia.io.dense``; any
      file it cannot take as it is goes the general way, which names each problem);
   b. hourly matching, ours: from the Parquet file to the CFE scores — ``read_series``,
      ``gia.io.hourly.arrange`` and ``cfe_scores`` (the submission is loaded before the clock starts);
   c. the same hourly matching as one DuckDB SQL query over the same file (meters joined to
      companies and roles through a registered table; readings truncated to the hour; summed per
      company and hour; Σ[least(S, L) + g·greatest(L − S, 0)] / Σ L per company and for the area, with
      g = the DE yearly grid carbon-free share 0.62). Its area score must equal ours to 1e-9
      (relative); the companies' scores are compared too;
   d. the full assessment as ``gia assess`` does it, without printing: loading the submission (its
      stored JSON form, as the platform keeps documents; the YAML twin is what a person edits),
      reading the series (``load_hourly``) and ``assess``.

2. 100 companies at 15-minute resolution, load meters in CSV (about 3.5 million readings):
   ``read_readings`` + ``resample``.

Every measurement runs in a fresh subprocess (``run.py --child STEP``), so that each has its own
peak resident memory: ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` read in the child at the end,
which includes the interpreter and the imported libraries (the RSS after the imports, before the
clock starts, is shown as "base"). The clock (``time.perf_counter``) starts after the imports and
the untimed preparation and stops when the result is in hand. Each step runs three times (three
processes); the table shows the best time and the highest peak RSS. MB here are MiB (2^20 bytes).

Targets (issue 15): hourly matching ≤ 0.6 × DuckDB's time on the same file in the same run; the
full 1 000-company assessment ≤ 1.2 s; peak RSS ≤ 800 MB for each step of the 1 000-company area;
the CSV import ≤ 5 s. Times depend on the machine and on what else runs on it: compare runs made
one after the other, and run twice when others share the cores.

The exit code is 0 when every step ran, even if targets are missed (it is a report; misses are
marked ``MISS``); it is 1 if a step failed or DuckDB's area score differs from ours.

``python bench/run.py --profile STEP`` runs one step once under cProfile and prints where the time
goes (steps: read_series, matching, duckdb, assess, csv).
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import json
import os
import platform
import pstats
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_DATA_DIR = BENCH_DIR / ".data"
YEAR = 2024
TIMEZONE = "Europe/Berlin"
#: the DE yearly carbon-free share of the grid used by the DuckDB query (GIA reads it from its factors)
GRID_SHARE_DE = 0.62
MB = 1024 * 1024
RSS_TARGET_MB = 800
ASSESS_TARGET_S = 1.2
MATCHING_TARGET_RATIO = 0.6
CSV_TARGET_S = 5.0
AGREEMENT = 1e-9
CHILD_TIMEOUT_S = 1800


# --- data sets -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """One generated area in the cache: its generator arguments and where it lives."""

    name: str
    companies: int
    resolution: int
    format: str
    seed: int
    meters: str = "all"

    def folder(self, root: Path) -> Path:
        return root / self.name

    def series(self, root: Path) -> Path:
        return self.folder(root) / f"series.{self.format}"

    def arguments(self, root: Path) -> list[str]:
        return [
            "--companies", str(self.companies),
            "--year", str(YEAR),
            "--resolution", str(self.resolution),
            "--format", self.format,
            "--out", str(self.folder(root)),
            "--seed", str(self.seed),
            "--meters", self.meters,
        ]  # fmt: skip


def generator_fingerprint() -> str:
    return hashlib.sha256((BENCH_DIR / "generate.py").read_bytes()).hexdigest()[:16]


def ensure_dataset(dataset: Dataset, root: Path, regenerate: bool) -> str:
    """Generate ``dataset`` unless the cache holds it from the same generator and arguments."""
    folder = dataset.folder(root)
    marker = folder / ".complete.json"
    expected = {"arguments": dataset.arguments(root), "generator": generator_fingerprint()}
    if not regenerate and marker.is_file():
        try:
            if json.loads(marker.read_text())["key"] == expected:
                return "cached"
        except (ValueError, KeyError):
            pass
    if folder.exists():
        shutil.rmtree(folder)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(BENCH_DIR / "generate.py"), *dataset.arguments(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"generating {dataset.name} failed:\n{done.stderr}")
    seconds = time.perf_counter() - started
    marker.write_text(json.dumps({"key": expected, "summary": done.stdout.strip()}))
    return f"generated in {seconds:.1f} s: {done.stdout.strip()}"


# --- the measured steps (run in the child) ---------------------------------------------------------


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MB  # ru_maxrss is in KiB on Linux


@dataclass
class Measurement:
    """What a child reports: the timed seconds, readings handled, memory, and step-specific results."""

    seconds: float
    readings: int
    base_rss_mb: float
    peak_rss_mb: float = 0.0
    result: dict[str, Any] = field(default_factory=dict)


class Clock:
    """Starts at construction; records the RSS before the timed part."""

    def __init__(self) -> None:
        self.base_rss_mb = peak_rss_mb()
        self.started = time.perf_counter()

    def stop(self, readings: int, **result: Any) -> Measurement:
        return Measurement(time.perf_counter() - self.started, readings, self.base_rss_mb, result=result)


def step_read_series(root: Path) -> Measurement:
    """1a: read_series on the Parquet file (reading, validation, resampling)."""
    from gia.io.timeseries import read_series

    path = HOURLY.series(root)
    clock = Clock()
    series = read_series([(path, "long", None, None)], YEAR, TIMEZONE)
    readings = sum(m.readings for m in series.meters.values())
    return clock.stop(readings, meters=len(series.meters))


def step_matching(root: Path) -> Measurement:
    """1b: from the Parquet file to the CFE scores with GIA (read_series, arrange, cfe_scores)."""
    from gia.accounting import load_factor_set
    from gia.accounting.hourly import cfe_scores
    from gia.dataset import load_submission
    from gia.io.hourly import arrange
    from gia.io.timeseries import read_series
    from gia.standard import load_standard

    folder = HOURLY.folder(root)
    submission = load_submission(folder / "submission.yaml")
    hourly = submission.hourly
    assert hourly is not None
    profile = load_standard(submission.edition).profile(submission.area.country)
    share, flags = load_factor_set(profile.default_factor_set).grid_carbon_free_share(
        submission.area.country, submission.reporting_year
    )
    assert share is not None and abs(share.value - GRID_SHARE_DE) < 1e-12, share
    timezone = hourly.timezone or profile.timezone
    storage = frozenset(m.id for m in hourly.meters if m.role == "storage")
    files = [(folder / f.path, f.layout, f.timezone, f.unit) for f in hourly.files]

    clock = Clock()
    series = read_series(files, submission.reporting_year, timezone, hourly.gaps, storage)
    data = arrange(submission, series, ", ".join(f.path for f in hourly.files))
    scores = cfe_scores(data, share, flags)
    assert scores is not None
    measurement = clock.stop(sum(m.readings for m in series.meters.values()))
    measurement.result = {
        "area": scores.area.value,
        "companies": {company: figure.value for company, figure in scores.companies.items()},
    }
    return measurement


#: The reference query. The hour is the timestamp truncated to its UTC hour, written as integer
#: division of the microseconds since 1970 (Berlin's offsets are whole hours, so these are the area's
#: hours too); ``date_trunc('hour', ts)`` on a TIMESTAMPTZ groups the same but goes through DuckDB's
#: ICU time-zone code and measured 1.2–1.5 × slower here, so the faster form keeps the reference strict.
DUCKDB_QUERY = """
WITH readings AS (
    SELECT m.company, m.is_load, epoch_us(r."timestamp") // 3600000000 AS hour, r.value
    FROM read_parquet('{path}') AS r
    JOIN meters AS m ON m.meter_id = r.meter_id
    WHERE r."timestamp" >= '{start}'::TIMESTAMPTZ AND r."timestamp" < '{end}'::TIMESTAMPTZ
),
company_hours AS (
    SELECT company, hour,
           coalesce(sum(value) FILTER (WHERE is_load), 0) AS l,
           coalesce(sum(value) FILTER (WHERE NOT is_load), 0) AS s
    FROM readings
    GROUP BY company, hour
),
area_hours AS (
    SELECT hour, sum(l) AS l, sum(s) AS s FROM company_hours GROUP BY hour
),
scored AS (
    SELECT company, l, greatest(s, 0) AS s FROM company_hours
    UNION ALL
    SELECT NULL AS company, l, greatest(s, 0) AS s FROM area_hours
)
SELECT company, sum(least(s, l) + {g} * greatest(l - s, 0)) / sum(l) AS cfe, count(*) AS hours
FROM scored
GROUP BY company
"""


def step_duckdb(root: Path) -> Measurement:
    """1c: the hourly matching as one DuckDB query over the same Parquet file."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    import duckdb
    import pyarrow as pa
    import pyarrow.parquet as pq
    import yaml

    folder = HOURLY.folder(root)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(folder / "submission.yaml", encoding="utf-8") as stream:
        document = yaml.load(stream, Loader=loader)
    meters = [m for m in document["hourly"]["meters"] if m["role"] in ("load", "generation", "ppa")]
    table = pa.table(
        {
            "meter_id": [m["id"] for m in meters],
            "company": [m["company"] for m in meters],
            "is_load": [m["role"] == "load" for m in meters],
        }
    )
    zone = ZoneInfo(TIMEZONE)
    start = dt.datetime(YEAR, 1, 1, tzinfo=zone).astimezone(dt.UTC).isoformat()
    end = dt.datetime(YEAR + 1, 1, 1, tzinfo=zone).astimezone(dt.UTC).isoformat()
    path = HOURLY.series(root)
    query = DUCKDB_QUERY.format(
        path=str(path).replace("'", "''"), start=start, end=end, g=repr(GRID_SHARE_DE)
    )
    readings = pq.ParquetFile(path).metadata.num_rows

    clock = Clock()
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")
    connection.register("meters", table)
    rows = connection.execute(query).fetchall()
    measurement = clock.stop(readings)
    connection.close()
    measurement.result = {
        "area": next(cfe for company, cfe, _hours in rows if company is None),
        "companies": {company: cfe for company, cfe, _hours in rows if company is not None},
    }
    return measurement


def step_assess(root: Path) -> Measurement:
    """1d: what ``gia assess`` does, without printing: load, read the series, assess."""
    from gia import i18n
    from gia.assessment import assess
    from gia.dataset import load_submission
    from gia.io.hourly import load_hourly
    from gia.standard import load_standard

    file = HOURLY.folder(root) / "submission.json"  # documents are stored as JSON (DESIGN: a submission)
    i18n.activate("en")
    clock = Clock()
    submission = load_submission(file)
    standard = load_standard(submission.edition)
    timezone = standard.profile(submission.area.country).timezone
    hourly = load_hourly(submission, file.parent, timezone)
    result = assess(submission, standard, factor_set=None, language="en", hourly=hourly)
    readings = int(hourly.quality.meter_hours_read) if hourly is not None else 0
    measurement = clock.stop(readings)
    measurement.result = {
        "level": result.level.level,
        "cfe": result.hourly_cfe["area"].value if result.hourly_cfe else None,
        "series_total_mismatch": sum(1 for f in result.flags if f.code == "series_total_mismatch"),
    }
    return measurement


def step_csv(root: Path) -> Measurement:
    """2: read_readings + resample of the 15-minute CSV file."""
    from gia.io.timeseries import read_readings, resample

    path = CSV.series(root)
    clock = Clock()
    frame = read_readings(path, "long", None, None)
    series = resample(frame, YEAR, str(path), TIMEZONE)
    measurement = clock.stop(frame.height, problems=len(series.problems), meters=len(series.meters))
    if series.problems:
        raise RuntimeError(f"{len(series.problems)} problems, first: {series.problems[0]}")
    return measurement


HOURLY = Dataset("hourly-1000c-60min-parquet", 1000, 60, "parquet", seed=1)
CSV = Dataset("load-100c-15min-csv", 100, 15, "csv", seed=2, meters="load")
STEPS: dict[str, Callable[[Path], Measurement]] = {
    "read_series": step_read_series,
    "matching": step_matching,
    "duckdb": step_duckdb,
    "assess": step_assess,
    "csv": step_csv,
}


def child_main(step: str, root: Path) -> int:
    measurement = STEPS[step](root)
    measurement.peak_rss_mb = peak_rss_mb()
    print(json.dumps(measurement.__dict__))
    return 0


def profile_main(step: str, root: Path, top: int) -> int:
    """Run one step under cProfile and print the functions with the most cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    measurement = STEPS[step](root)
    profiler.disable()
    print(
        f"{step}: {measurement.seconds:.2f} s timed (with profiling overhead), {measurement.readings:,} readings"
    )
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    print(out.getvalue())
    return 0


# --- the parent: runs the children and reports -----------------------------------------------------


@dataclass
class StepResult:
    label: str
    step: str
    runs: list[Measurement] = field(default_factory=list)
    error: str = ""

    @property
    def seconds(self) -> float:
        return min(r.seconds for r in self.runs)

    @property
    def peak_rss_mb(self) -> float:
        return max(r.peak_rss_mb for r in self.runs)

    @property
    def base_rss_mb(self) -> float:
        return max(r.base_rss_mb for r in self.runs)

    @property
    def readings(self) -> int:
        return self.runs[0].readings

    @property
    def result(self) -> dict[str, Any]:
        return self.runs[0].result


def run_child(step: str, root: Path) -> Measurement:
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", step, "--data", str(root)],
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT_S,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(
            done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"
        )
    return Measurement(**json.loads(done.stdout.strip().splitlines()[-1]))


def measure(label: str, step: str, root: Path, repeats: int) -> StepResult:
    result = StepResult(label, step)
    for _ in range(repeats):
        try:
            result.runs.append(run_child(step, root))
        except (RuntimeError, subprocess.TimeoutExpired, ValueError) as error:
            result.error = str(error)
            result.runs.clear()
            break
    shown = f"{result.seconds:.2f} s, {result.peak_rss_mb:.0f} MB" if result.runs else f"ERROR {result.error}"
    print(f"  {label}: {shown}", flush=True)
    return result


def machine() -> list[str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = []
    for module in ("polars", "numpy", "duckdb", "pyarrow"):
        try:
            versions.append(f"{module} {__import__(module).__version__}")
        except ImportError:
            versions.append(f"{module} missing")
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
        memory_text = f"{memory:.1f} GiB RAM"
    except (ValueError, OSError):
        memory_text = "RAM unknown"
    return [
        f"machine: nproc {len(os.sched_getaffinity(0))} (os.cpu_count {os.cpu_count()}), CPU {cpu}, {memory_text}",
        f"software: Python {platform.python_version()} ({platform.system()} {platform.release()}), "
        + ", ".join(versions),
    ]


@dataclass
class Row:
    step: str
    readings: str
    seconds: str
    rss: str
    target: str
    verdict: str


def verdict(checks: list[tuple[bool, str]]) -> str:
    missed = [text for ok, text in checks if not ok]
    return "pass" if not missed else "MISS: " + "; ".join(missed)


def relative(a: float, b: float) -> float:
    return abs(a - b) / max(abs(a), abs(b), 1e-300)


def report(results: dict[str, StepResult]) -> tuple[list[Row], list[str], bool]:
    """The table rows, notes under the table, and whether everything ran and agreed."""
    rows: list[Row] = []
    notes: list[str] = []
    ok = True

    def agreement() -> tuple[bool, str]:
        ours = results.get("matching")
        if ours is None or not ours.runs:
            return False, "nothing to compare with"
        duck = results.get("duckdb")
        if duck is None or not duck.runs:
            return False, "no DuckDB result"
        difference = relative(ours.result["area"], duck.result["area"])
        return difference <= AGREEMENT, f"area CFE differs from ours by {difference:.1e}"

    def rss_check(r: StepResult) -> tuple[bool, str]:
        return r.peak_rss_mb <= RSS_TARGET_MB, f"RSS {r.peak_rss_mb:.0f} MB > {RSS_TARGET_MB:.0f} MB"

    def ratio_check(r: StepResult) -> tuple[bool, str]:
        duck = results.get("duckdb")
        if duck is None or not duck.runs:
            return False, "no DuckDB time to compare with (--only matching duckdb)"
        ratio = r.seconds / duck.seconds
        return ratio <= MATCHING_TARGET_RATIO, f"{ratio:.2f} × DuckDB > {MATCHING_TARGET_RATIO} ×"

    targets: dict[str, tuple[str, Callable[[StepResult], list[tuple[bool, str]]]]] = {
        "read_series": (f"RSS ≤ {RSS_TARGET_MB:.0f} MB", lambda r: [rss_check(r)]),
        "matching": (
            f"≤ {MATCHING_TARGET_RATIO} × DuckDB; RSS ≤ {RSS_TARGET_MB:.0f} MB",
            lambda r: [ratio_check(r), rss_check(r)],
        ),
        "duckdb": ("reference; area CFE = ours to 1e-9", lambda r: [agreement()]),
        "assess": (
            f"≤ {ASSESS_TARGET_S:g} s; RSS ≤ {RSS_TARGET_MB:.0f} MB",
            lambda r: [
                (r.seconds <= ASSESS_TARGET_S, f"{r.seconds:.2f} s > {ASSESS_TARGET_S:g} s"),
                rss_check(r),
            ],
        ),
        "csv": (
            f"≤ {CSV_TARGET_S:g} s",
            lambda r: [(r.seconds <= CSV_TARGET_S, f"{r.seconds:.2f} s > {CSV_TARGET_S:g} s")],
        ),
    }
    for key, result in results.items():
        target, checks = targets[key]
        if not result.runs:
            ok = False
            rows.append(Row(result.label, "—", "—", "—", target, f"ERROR: {result.error}"))
            continue
        rows.append(
            Row(
                result.label,
                f"{result.readings:,}",
                f"{result.seconds:.2f}",
                f"{result.peak_rss_mb:.0f} (base {result.base_rss_mb:.0f})",
                target,
                verdict(checks(result)),
            )
        )
    ours, duck = results.get("matching"), results.get("duckdb")
    if ours and duck and ours.runs and duck.runs:
        notes.append(
            f"hourly matching: ours {ours.seconds:.2f} s / DuckDB {duck.seconds:.2f} s = "
            f"{ours.seconds / duck.seconds:.2f} × (target ≤ {MATCHING_TARGET_RATIO} ×)"
        )
        difference = relative(ours.result["area"], duck.result["area"])
        agree = difference <= AGREEMENT
        ok = ok and agree
        notes.append(
            f"area CFE score: ours {ours.result['area']:.12f}, DuckDB {duck.result['area']:.12f}, "
            f"relative difference {difference:.1e} → {'agree' if agree else 'DISAGREE'} (≤ {AGREEMENT:g})"
        )
        ours_companies, duck_companies = ours.result["companies"], duck.result["companies"]
        common = set(ours_companies) & set(duck_companies)
        worst = max((relative(ours_companies[c], duck_companies[c]) for c in common), default=0.0)
        notes.append(
            f"company CFE scores: {len(common)} compared ({len(ours_companies)} ours, {len(duck_companies)} DuckDB), "
            f"largest relative difference {worst:.1e}"
        )
    assessed = results.get("assess")
    if assessed and assessed.runs:
        notes.append(
            f"assessment: area CFE {assessed.result['cfe']:.4f}, level {assessed.result['level'] or 'none'}, "
            f"{assessed.result['series_total_mismatch']} series_total_mismatch flags"
        )
    return rows, notes, ok


def print_table(rows: list[Row], repeats: int) -> None:
    header = Row("step", "readings", f"seconds (best of {repeats})", "peak RSS MB", "target", "pass/fail")
    table = [header, *rows]
    widths = [
        max(len(getattr(r, f)) for r in table) for f in ("step", "readings", "seconds", "rss", "target")
    ]
    for index, r in enumerate(table):
        cells = (r.step, r.readings, r.seconds, r.rss, r.target)
        aligned = [
            c.rjust(w) if 0 < i < 4 and index else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        print(" | ".join([*aligned, r.verdict]))
        if index == 0:
            print("-+-".join("-" * w for w in widths) + "-+-" + "-" * 9)


def parent_main(root: Path, repeats: int, regenerate: bool, only: list[str] | None) -> int:
    for line in machine():
        print(line)
    print(f"data: {root}")
    for dataset in (HOURLY, CSV):
        print(f"  {dataset.name}: {ensure_dataset(dataset, root, regenerate)}", flush=True)
    plan = [
        ("1a read_series (Parquet)", "read_series"),
        ("1b hourly matching, ours", "matching"),
        ("1c hourly matching, DuckDB", "duckdb"),
        ("1d full assessment", "assess"),
        ("2 CSV 15-min import+validation", "csv"),
    ]
    print(f"measuring ({repeats} fresh processes per step):", flush=True)
    results = {
        step: measure(label, step, root, repeats) for label, step in plan if only is None or step in only
    }
    rows, notes, ok = report(results)
    print()
    print_table(rows, repeats)
    print()
    for note in notes:
        print(note)
    print("MB = MiB; base = RSS after the imports, before the clock starts; seconds exclude imports.")
    missed = [r.step for r in rows if r.verdict.startswith("MISS")]
    print(f"targets missed: {', '.join(missed)}" if missed else "all targets met")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark of GIA's hourly time series.")
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA_DIR, help="cache folder of the generated data"
    )
    parser.add_argument(
        "--repeats", type=int, default=3, help="fresh processes per step (best time is shown)"
    )
    parser.add_argument("--regenerate", action="store_true", help="generate the data again")
    parser.add_argument("--only", nargs="+", choices=sorted(STEPS), help="measure only these steps")
    parser.add_argument("--profile", choices=sorted(STEPS), help="run one step once under cProfile")
    parser.add_argument("--top", type=int, default=30, help="functions shown by --profile")
    parser.add_argument("--child", choices=sorted(STEPS), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child_main(args.child, args.data)
    if args.profile:
        for dataset in (HOURLY, CSV):
            ensure_dataset(dataset, args.data, False)
        return profile_main(args.profile, args.data, args.top)
    return parent_main(args.data, args.repeats, args.regenerate, args.only)


if __name__ == "__main__":
    sys.exit(main())
