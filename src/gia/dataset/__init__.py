"""The submission: one reporting year of one area and its companies, validated with pydantic."""

from gia.dataset.io import (
    json_schema,
    load_submission,
    parse_submission,
    submission_from_data,
    to_data,
    to_json,
)
from gia.dataset.submission import SCHEMA_ID, Company, Submission

__all__ = [
    "SCHEMA_ID",
    "Company",
    "Submission",
    "json_schema",
    "load_submission",
    "parse_submission",
    "submission_from_data",
    "to_data",
    "to_json",
]
