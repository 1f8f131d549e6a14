"""Benchmark of the hybrid power plant sizer: a sweep of 100 plant sizes over 8 760 hours.

``python bench/toolbox.py`` builds the study once (typical-year PV at Gdańsk with pvlib, the wind
series, a two-shift manufacturing load of 2 GWh a year), then times
``gia.toolbox.hybrid.sweep(study, target_cfe=0.6)`` over a 5 PV × 5 wind × 4 battery grid of sizes
(100 plants, 8 760 hours each: generation, greedy battery dispatch, hourly CFE score, costs). The
sweep runs once to warm up and then three times; the best time counts. The set-up (pvlib's
weather and PV model, cached per location afterwards) is timed apart. Peak RSS is
``ru_maxrss`` at the end (MiB).

Exit code 0 when the benchmark ran (a missed 10 s target prints ``MISS``), 1 if the sweep failed.
"""

from __future__ import annotations

import platform
import resource
import sys
import time

REPEATS = 3
TARGET_S = 10.0
SIZES = 100
HOURS = 8760


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if platform.system() == "Darwin" else peak / 1024


def main() -> int:
    from gia.toolbox import hybrid

    started = time.perf_counter()
    load = hybrid.sector_load("manufacturing_two_shifts", 2_000_000)
    study = hybrid.study("gdansk", load)
    setup = time.perf_counter() - started
    base_rss = peak_rss_mb()
    try:
        result = hybrid.sweep(study, 0.6)  # warm-up
        assert len(result.results.pv_kwp) == SIZES and study.load.values.size == HOURS
        times = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            result = hybrid.sweep(study, 0.6)
            times.append(time.perf_counter() - start)
    except Exception as error:  # pragma: no cover - a report, not a test
        print(f"sweep failed: {error!r}")
        return 1
    best = min(times)
    verdict = "OK" if best <= TARGET_S else "MISS"
    r = result.results
    print(f"hybrid sweep: {SIZES} plant sizes × {HOURS} hours (PV + wind + battery, Gdańsk, 2 GWh/year load)")
    print(f"  set-up (pvlib typical year, wind series, costs): {setup:.2f} s")
    print(
        f"  sweep: best of {REPEATS} {best:.3f} s (all: {', '.join(f'{t:.3f}' for t in times)}) — target ≤ {TARGET_S:.0f} s: {verdict}"
    )
    print(f"  per plant size: {best / SIZES * 1000:.2f} ms")
    if result.best is not None:
        row = r.row(result.best)
        print(
            f"  cheapest reaching CFE ≥ 60 %: PV {row['pv_kwp']:.0f} kWp, wind {row['wind_kw']:.0f} kW, "
            f"battery {row['battery_kwh']:.0f} kWh; CFE {row['cfe_score']:.3f}"
        )
    print(
        f"  peak RSS: {peak_rss_mb():.0f} MiB (after set-up: {base_rss:.0f} MiB); python {platform.python_version()}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
