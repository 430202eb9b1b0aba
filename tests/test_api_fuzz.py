"""Schemathesis over the app's own OpenAPI schema, in process, against the real seed bot: no 5xx, no response
outside the schema, whatever the request."""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from web.app import create_app
from web.settings import Settings

EXAMPLES = 130  # per operation and mode; /healthz takes no input, so 4 × 2 × 130 + 1 = 1,041 cases


# Not checked: that every schema-valid request is accepted. A speaker filter such as ',' is well-formed but names
# no word; the API answers it with a 422 that says what to give, which a JSON schema cannot express.


@pytest.fixture(scope="module")
def fuzzed_app(seed_settings: Settings, seed_bot, tmp_path_factory):
    """The seed app with its own runtime database ."""
    settings = seed_settings.model_copy(update={"data": tmp_path_factory.mktemp("fuzz")})
    app = create_app(settings, bot=seed_bot)
    with TestClient(app):  # runs the lifespan: the app keeps its bot and store while schemathesis calls it
        yield app


def test_no_request_gets_a_5xx_or_a_response_outside_the_schema(fuzzed_app):
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", fuzzed_app)
    cases = 0
    operations = [result.ok() for result in schema.get_all_operations()]
    assert sorted(f"{o.method.upper()} {o.path}" for o in operations) == [
        "GET /api/exchanges", "GET /api/speakers", "GET /healthz", "POST /api/ask", "POST /api/feedback",
    ]
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            if mode is GenerationMode.NEGATIVE and operation.path == "/healthz":
                continue  # nothing to get wrong

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                      suppress_health_check=list(HealthCheck))  # fmt: skip
            def call(case) -> None:
                nonlocal cases
                cases += 1
                response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
                assert response.status_code < 500, (case.as_curl_command(), response.text)

            call()
    print(f"schemathesis: {cases} cases")
    assert cases >= 1000
