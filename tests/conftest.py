"""Shared test helpers: small submissions built from plain data, as a user would write them."""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

import pytest

from gia.dataset import Submission, submission_from_data

# the command line's tables and trees are written as wide as a terminal of 200 columns, whichever
# process runs the test (pytest-xdist's workers have no terminal; rich would fall back to 80)
os.environ["COLUMNS"] = "200"

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

BASE: dict[str, Any] = {
    "schema": "gia-submission/1",
    "reporting_year": 2024,
    "fictional": True,
    "area": {
        "id": "test-area",
        "name": "Test area",
        "country": "DE",
        "total_area_ha": 50,
        "boundary": {"type": "Point", "coordinates": [12.1, 54.1]},
        "management_entity": {
            "name": "Area GmbH",
            "contact": "info@example.org",
            "mandate": "manage the area",
        },
    },
    "companies": [
        {"id": "alpha", "name": "Alpha", "nace": "C25.1", "employees": 100},
        {"id": "beta", "name": "Beta", "nace": "G46.1", "employees": 50},
    ],
}


def make_submission(**changes: Any) -> Submission:
    """The base submission with top-level keys replaced (``area`` is merged, not replaced)."""
    data = copy.deepcopy(BASE)
    for key, value in changes.items():
        if key == "area":
            data["area"].update(value)
        else:
            data[key] = value
    return submission_from_data(data)


def company(company_id: str = "alpha", **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"id": company_id, "name": company_id.title(), "nace": "C25.1", "employees": 100}
    data.update(fields)
    return data


@pytest.fixture
def base_data() -> dict[str, Any]:
    return copy.deepcopy(BASE)


def pytest_sessionfinish(session, exitstatus):  # type: ignore[no-untyped-def]
    """In CI (``CI=true``) a skipped test fails the run: a skip there means a missing install step
    (Chromium, poppler-utils, PostgreSQL) that the project's own files should have made."""
    import os

    if os.environ.get("CI") != "true" or exitstatus != 0:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter is not None else []
    if skipped:
        reporter.write_line(
            f"CI: {len(skipped)} test(s) skipped; a skip in CI is a missing install step", red=True
        )
        for report in skipped[:10]:
            reporter.write_line(f"  {report.nodeid}: {report.longrepr[-1] if report.longrepr else ''}")
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A test that switches the language (a CLI run with ``--lang``, a page in Polish) leaves the next
    test in English, for the core's messages and Django's."""
    yield
    from gia import i18n

    i18n.activate("en")
    try:
        from django.utils import translation

        translation.deactivate()
    except Exception:  # Django not configured for this test
        pass
