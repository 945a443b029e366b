"""The API contract: the OpenAPI schema is valid without warnings, and every operation answers
what the schema says (schemathesis against the WSGI app, in-process, STAR staff token)."""

import json
import os
import subprocess
import sys
import time

import pytest
import schemathesis
from django.conf import settings
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from star_impl.wsgi import application

from .conftest import ROOT


def test_spectacular_validates_without_warnings(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "star_impl.settings.test"}
    out = tmp_path / "schema.yml"
    result = subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--validate", "--fail-on-warn"]
        + ["--file", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stderr and "Error" not in result.stderr, result.stderr
    assert "/api/v1/reforms/" in out.read_text()


def openapi_dict():
    """The schema as a client downloads it from /api/v1/schema/ (JSON round trip)."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated, renderer_context={}))


#: Operations left out of the schemathesis run, with the reason. Keep this empty unless an
#: operation cannot run in-process (e.g. it streams a file from an external service).
EXCLUDED_OPERATIONS: dict[str, str] = {}

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

api_schema = schemathesis.openapi.from_dict(openapi_dict())
api_schema.app = application
# The examples and fuzzing phases (positive data from the schema) on every operation. The
# coverage phase (every boundary value, unsupported methods) multiplies the run time by ~5;
# SCHEMATHESIS_COVERAGE=1 turns it on for a deep run.
api_schema.config.phases.coverage.enabled = os.environ.get("SCHEMATHESIS_COVERAGE") == "1"
for _label in EXCLUDED_OPERATIONS:
    _method, _path = _label.split(" ", 1)
    api_schema = api_schema.exclude(method=_method, path=_path)

#: examples per operation; MAX_EXAMPLES env var to go deeper locally.
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "6"))
STATS = {"operations": set(), "calls": 0, "started": time.monotonic()}


@pytest.fixture
def staff_token(users):
    from rest_framework.authtoken.models import Token

    token, _ = Token.objects.get_or_create(user=users["staff"])
    return token.key


@pytest.fixture
def contract_world(users):
    """Real objects behind the ids, so some generated requests reach existing rows."""
    import types

    from .world import build_world

    return build_world(types.SimpleNamespace(users=users))


@pytest.fixture
def in_process_db():
    """Like Django's test client: the WSGI handler must not close the test's DB connection at
    the end of each request (the test runs in one transaction)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@api_schema.parametrize()
@hypothesis_settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_api_operation_conforms_to_schema(case, staff_token, contract_world, in_process_db):
    STATS["operations"].add(f"{case.method} {case.path}")
    STATS["calls"] += 1
    case.call_and_validate(
        headers={"Authorization": f"Token {staff_token}"},
        checks=CHECKS,
    )


def test_excluded_operations_exist_and_have_reasons():
    schema = openapi_dict()
    labels = {f"{m.upper()} {p}" for p, ops in schema["paths"].items() for m in ops}
    for label, reason in EXCLUDED_OPERATIONS.items():
        assert label in labels, f"excluded operation {label} is not in the schema"
        assert reason.strip(), f"excluded operation {label} needs a reason"
    assert settings.REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"] == "core.schema.StarAutoSchema"
