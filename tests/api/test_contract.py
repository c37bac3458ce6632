"""The API answers as docs/openapi.yaml says, checked by schemathesis against a live server.

schemathesis generates requests from the committed description (every operation, with valid
and odd parameter values) and checks each answer: never a server error, a status code, a
content type and a body the description lists for that operation. Bounded: a fixed number of
examples per operation, derandomized, so a run is the same every time and takes seconds.
"""

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.test_api import corpus  # noqa: F401 - the fixture: an article of each kind
from tests.api_rates import api_rate

OPENAPI = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
SCHEMA = schemathesis.openapi.from_path(OPENAPI)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def generous_limit(settings):
    """schemathesis is one client sending hundreds of requests: a limit that lets it."""
    with api_rate(settings, "100000/minute"):
        yield


@pytest.fixture
def archive_online(live_server, transactional_db, corpus, generous_limit):  # noqa: F811
    return live_server.url


@SCHEMA.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_as_its_description_says(case, archive_online):
    case.call_and_validate(base_url=archive_online, checks=CHECKS)
