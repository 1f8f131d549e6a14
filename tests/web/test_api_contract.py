"""The API keeps its OpenAPI contract (schemathesis): for every operation, with a manager's token and
anonymously, generated requests — the platform's own area and companies as well as names that exist
nowhere — never meet a server error, never get a status the schema does not document, and every body
has the documented content type and shape. Bounded (``EXAMPLES`` per operation) so that it runs in CI."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.generation import GenerationMode

from tests.web.conftest import YEAR, Platform

EXAMPLES = 30
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def api_schema(db: Any) -> Iterator[Any]:
    """The schema, read from the WSGI application that the requests then go to. As with Django's test
    client, a request's end does not close the test's database connection (its transaction)."""
    from django.core import signals
    from django.db import close_old_connections

    from gia.web.wsgi import application

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def manager_token(platform: Platform) -> str:
    from gia.web.actions.accounts import do_create_api_token

    return do_create_api_token(platform.users["manager"], "contract")[1]


def test_the_api_keeps_its_contract(api_schema: Any, platform: Platform, manager_token: str) -> None:
    real = {"area": platform.area.slug, "company": platform.company.slug, "year": YEAR, "version": 1}
    failures = []
    for result in api_schema.get_all_operations():
        operation = result.ok()
        strategy = st.one_of(
            operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE)
        )

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def keeps(case: Any) -> None:
            generated = dict(case.path_parameters or {})
            # the names as generated (mostly of nothing), then the platform's own area and company
            for parameters in (generated, {**generated, **{k: v for k, v in real.items() if k in generated}}):
                case.path_parameters = parameters
                for headers in ({"Authorization": f"Bearer {manager_token}"}, {}):
                    case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            keeps()
        except Exception as error:  # every operation is tried; all failures are reported together
            failures.append(f"{operation.label}: {error}")
    assert not failures, "\n\n".join(failures)


def test_the_schema_documents_the_submission_body_and_the_refusals() -> None:
    from gia.web.api import api

    document = api.get_openapi_schema()
    submit = document["paths"]["/api/areas/{area}/submissions/{year}"]["post"]
    body = submit["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["schema", "reporting_year", "area", "companies"]
    assert {"202", "401", "403", "404", "413", "422"} <= {str(k) for k in submit["responses"]}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if operation.get("security"):  # behind a rule: the refusals are documented
                assert {"401", "403"} <= {str(k) for k in operation["responses"]}, f"{method.upper()} {path}"


@pytest.mark.django_db
def test_an_anonymous_post_is_told_to_authenticate_not_about_csrf(platform: Platform) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    url = f"/api/areas/{platform.area.slug}/submissions/{YEAR}"
    response = client.post(url, "{}", content_type="application/json")
    assert response.status_code == 401
    # a signed-in browser without the CSRF token is still refused for the token
    client.force_login(platform.users["manager"])
    assert client.post(url, "{}", content_type="application/json").status_code == 403
