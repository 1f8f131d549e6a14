"""The German example's hourly series are what their seeded generator makes from the example."""

from __future__ import annotations

import importlib.util

import polars as pl
from polars.testing import assert_frame_equal

from gia.dataset import load_submission
from tests.conftest import EXAMPLES


def _generator():
    path = EXAMPLES / "series" / "make_de_g3_park_series.py"
    spec = importlib.util.spec_from_file_location("make_de_g3_park_series", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_german_series_file_is_what_its_seeded_generator_makes() -> None:
    generator = _generator()
    made, meters = generator.build()
    stored = pl.read_parquet(generator.OUT)
    assert_frame_equal(stored, made, check_exact=True)
    # and the example declares exactly those meters
    declared = load_submission(EXAMPLES / "de-g3-park.yaml").hourly
    assert declared is not None
    written = [m.model_dump(exclude_defaults=True, mode="json") for m in declared.meters]
    assert written == meters
