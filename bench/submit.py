"""Time submitting the bench's 1 000-company area through the web platform's action.

    .venv/bin/python bench/submit.py [--companies 1000] [--repeat 3]

Generates (or reuses, in ``bench/.data/``) the seeded 1 000-company area with its hourly Parquet
series, registers it in a throw-away SQLite database, attaches the series, puts the year's data in
the draft and calls ``do_submit`` (validation, hourly series, assessment, storing the version and its
assessment, monitoring, audit event) ``--repeat`` times, each on a fresh copy of the draft with one
number changed so that every submit makes a new version. Prints the time of each submit and how
many assessment results one version stores.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from run import HOURLY, Dataset, ensure_dataset  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--companies", type=int, default=HOURLY.companies)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args(argv)
    dataset = (
        HOURLY
        if options.companies == HOURLY.companies
        else Dataset(f"hourly-{options.companies}c-60min-parquet", options.companies, 60, "parquet", seed=1)
    )
    root = BENCH_DIR / ".data"
    print(f"dataset {dataset.name}: {ensure_dataset(dataset, root, regenerate=False)}")
    folder = dataset.folder(root)

    with tempfile.TemporaryDirectory(prefix="gia-bench-submit-") as data_dir:
        os.environ["GIA_DATA_DIR"] = data_dir
        os.environ.pop("DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gia.web.settings.dev")
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from django.conf import settings

        settings.GIA_MAX_UPLOAD_BYTES = 1 << 30  # the bench's series file is larger than an upload may be
        times, stored = _submit(folder, options.repeat)
    print(
        f"submit of {options.companies} companies: "
        + ", ".join(f"{t:.2f} s" for t in times)
        + f" (median {statistics.median(times):.2f} s); assessment results stored per version: {stored}"
    )
    return 0


def _submit(folder: Path, repeat: int) -> tuple[list[float], int]:
    import yaml
    from django.contrib.auth import get_user_model

    from gia.web.actions.areas import do_create_area
    from gia.web.actions.submissions import do_attach_series, do_replace_draft, do_submit
    from gia.web.models import AssessmentRecord, Membership, Role

    document = yaml.safe_load((folder / "submission.yaml").read_text(encoding="utf-8"))
    year = document["reporting_year"]
    actor = get_user_model().objects.create_user(
        username="bench", email="bench@example.org", password="x" * 20
    )
    Membership.objects.create(user=actor, role=Role.AREA_MANAGER)
    area_block = document["area"]
    area = do_create_area(
        actor,
        {
            "slug": area_block["id"],
            "name": area_block["name"],
            "country": area_block["country"],
            "total_area_ha": area_block.get("total_area_ha", 100.0),
            "boundary": {"type": "Point", "coordinates": [10.0, 54.0]},
            "management_name": "Bench GmbH",
            "management_contact": "bench@example.org",
            "management_mandate": "manage the area",
        },
    )
    for series in document["hourly"]["files"]:
        path = folder / series["path"]
        with path.open("rb") as stream:
            do_attach_series(actor, area, year, stream, path.stat().st_size, path.name)
        series["path"] = f"series/{path.name}"  # where the platform keeps an attached file
    times = []
    for attempt in range(repeat):
        changed = yaml.safe_load(yaml.safe_dump(document))
        changed["companies"][0]["employees"] = (
            int(changed["companies"][0].get("employees") or 1) + attempt + 1
        )
        do_replace_draft(actor, area, year, changed, "bench")
        started = time.perf_counter()
        version = do_submit(actor, area, year, f"bench {attempt + 1}")
        times.append(time.perf_counter() - started)
    return times, AssessmentRecord.objects.filter(version=version).count()


if __name__ == "__main__":
    sys.exit(main())
