"""Property-based run over the OpenAPI schema, and the documentation pages."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.support.server import CollectorServer, create_recruiter, run_collector

# Examples per operation; enough to find a crash, small enough to run in well under a minute.
MAX_EXAMPLES = 8
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CollectorServer]:
    with run_collector(tmp_path_factory.mktemp("schema")) as running:
        yield running


@pytest.fixture(scope="module")
def auth_headers(server: CollectorServer) -> dict[str, str]:
    return create_recruiter(server.base_url).headers


def test_openapi_schema_no_server_errors(
    server: CollectorServer, auth_headers: dict[str, str]
) -> None:
    # NOTE: schemathesis 4.32's `pytest.from_fixture` fails under pytest 9 (a `Function` has no
    # `_nodeid`), so the operations are driven through their documented `as_strategy()`.
    schema = schemathesis.openapi.from_url(f"{server.base_url}/openapi.json")
    labels = []
    for result in schema.get_all_operations():
        operation = result.ok()
        labels.append(operation.label)

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def check_operation(case: schemathesis.Case) -> None:
            case.call_and_validate(base_url=server.base_url, headers=auth_headers, checks=CHECKS)

        check_operation()
    assert "POST /api/v1/assessment/{token}/events" in labels


def test_openapi_docs_pages_served(server: CollectorServer) -> None:
    for page in ("/docs", "/redoc"):
        response = httpx.get(f"{server.base_url}{page}")
        assert response.status_code == 200
        assert "openapi.json" in response.text


def test_openapi_every_operation_documents_errors(server: CollectorServer) -> None:
    schema = httpx.get(f"{server.base_url}/openapi.json").json()
    missing = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert operation.get("summary") or operation.get("description"), f"{method} {path}"
            if path in ("/healthz",):
                continue
            errors = {code: r for code, r in operation["responses"].items() if code >= "400"}
            examples = [r["content"]["application/json"].get("example") for r in errors.values()]
            if not errors or not all(examples):
                missing.append(f"{method.upper()} {path}")
    assert missing == []
