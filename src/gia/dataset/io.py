"""Reading submissions from JSON or YAML and writing their canonical JSON form."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gia.dataset.submission import SCHEMA_ID, Submission
from gia.documents import load, parse_text, validate


def load_submission(path: Path | str) -> Submission:
    """Read and validate a submission file (``.json``, ``.yaml`` or ``.yml``)."""
    return load(Submission, Path(path))


def parse_submission(text: str, name: str = "submission", suffix: str = ".json") -> Submission:
    """Validate a submission given as text (as uploaded to the web platform or the API)."""
    data, lines = parse_text(text, name, suffix)
    return validate(Submission, data, name, lines)


def submission_from_data(data: Any, name: str = "submission") -> Submission:
    return validate(Submission, data, name)


def to_data(submission: Submission) -> dict[str, Any]:
    """The submission as plain JSON-compatible data, every field present, canonical units."""
    return submission.model_dump(mode="json", by_alias=True)


def to_json(submission: Submission) -> str:
    """Canonical JSON: the same submission gives the same bytes, and reading them back gives it again."""
    return json.dumps(to_data(submission), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a submission document (``$id`` gia-submission/1), numbers in canonical units."""
    document = Submission.model_json_schema(by_alias=True)
    document["$id"] = SCHEMA_ID
    return document
