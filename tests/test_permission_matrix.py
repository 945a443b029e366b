"""The permission matrix beyond GET: every API write operation x every role answers what
core/permission_matrix/api_matrix.py declares; every municipality-scoped object is invisible
(404) to the other municipality's manager on read, update and delete; docs/permissions.md is up
to date."""

import types
from pathlib import Path

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import reverse

from core.access import visible_to
from core.permission_matrix.api_matrix import (
    ALLOWED,
    DECLARATION,
    MULTIPART,
    expand,
    expected_status,
)
from core.permission_matrix.table import render_markdown
from core.permission_matrix.url_matrix import ROLES

from .scope_matrix import SCOPED
from .test_api_contract import openapi_dict

WRITE_METHODS = {"post", "put", "patch", "delete"}
#: Users outside municipality 751: the other municipality's manager and an a-kasse's user.
OUTSIDERS = ("jc101", "akasse")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def world(users):
    from .world import build_world

    return build_world(types.SimpleNamespace(users=users))


def _send(client, method, url, fmt="json"):
    """The request, rolled back afterwards so a granted DELETE leaves the world intact."""
    with transaction.atomic():
        response = getattr(client, method.lower())(url, {}, format=fmt)
        transaction.set_rollback(True)
    return response


def test_every_api_write_operation_is_declared():
    schema = openapi_dict()
    operations = {
        (method.upper(), path)
        for path, ops in schema["paths"].items()
        for method in ops
        if method in WRITE_METHODS
    }
    missing = sorted(operations - set(DECLARATION))
    stale = sorted(set(DECLARATION) - operations)
    assert not missing, f"API write operations without a row in the API matrix: {missing}"
    assert not stale, f"rows in the API matrix for operations not in the schema: {stale}"


@pytest.mark.parametrize(
    "method,path", sorted(DECLARATION), ids=[f"{m} {p}" for m, p in sorted(DECLARATION)]
)
def test_api_write_operation_answers_expected_status_for_every_role(method, path, world, api_for):
    kwargs_factory, _writers, _own = DECLARATION[(method, path)]
    url = expand(path, kwargs_factory(world))
    expected = expected_status(method, path)
    for role in ROLES:
        fmt = "multipart" if path in MULTIPART else "json"
        response = _send(api_for(role), method, url, fmt)
        want = expected[role]
        if isinstance(want, tuple) and want[0] == ALLOWED:
            # Granted: the success status, 400 (field errors on the empty body) or, for a
            # DELETE of an object others refer to, 409.
            assert response.status_code in (want[1], 400, 409), (
                f"{method} {url} as {role}: expected allowed ({want[1]}, 400 or 409), "
                f"got {response.status_code} {response.content[:300]!r}"
            )
            if response.status_code in (400, 409):
                assert isinstance(response.json(), dict), response.content
        else:
            assert response.status_code == want, (
                f"{method} {url} as {role}: expected {want}, got {response.status_code}"
            )
            assert "detail" in response.json(), response.content


def scoped_models():
    return sorted(
        m._meta.label for m in apps.get_models() if getattr(m, "municipality_field", None)
    )


def test_every_municipality_scoped_model_has_a_cross_municipality_check():
    missing = sorted(set(scoped_models()) - set(SCOPED))
    stale = sorted(set(SCOPED) - set(scoped_models()))
    assert not missing, (
        f"municipality-scoped models without a row in tests/scope_matrix.py: {missing}"
    )
    assert not stale, f"rows in tests/scope_matrix.py for models that are not scoped: {stale}"
    for label, spec in SCOPED.items():
        assert spec.api or spec.pages or spec.reason, f"{label}: say how it is reached, or why not"
        if not spec.api or not spec.pages:
            assert spec.reason, f"{label}: no API or no pages: give the reason"


def _akasse_refused(role, url):
    """Evaluations are about municipal sites: an a-kasse gets 403 on all of them."""
    return role == "akasse" and url.startswith(("/api/v1/evaluation", "/benchmark/evaluering/"))


@pytest.mark.parametrize("label", sorted(SCOPED))
def test_other_municipality_manager_gets_404(label, world, api_for, client_for):
    spec = SCOPED[label]
    obj = spec.obj(world)
    assert obj is not None, f"{label}: the world has no object of 751"
    model = type(obj)
    from core.access import municipality_of

    assert municipality_of(obj) == 751, f"{label}: the object must belong to 751"

    # The one scoping mechanism: 751's manager sees it; 101's and an a-kasse's user do not.
    one = model.objects.filter(pk=obj.pk)
    assert visible_to(one, world.users["jc751"]).exists()
    for outsider in OUTSIDERS:
        assert not visible_to(one, world.users[outsider]).exists(), outsider

    if spec.api:
        url = expand(spec.api, {"id": obj.pk})
        owner = api_for("jc751").get(url).status_code
        assert owner == spec.owner_status, f"GET {url} as jc751: {owner}"
        for outsider in OUTSIDERS:
            api = api_for(outsider)
            if _akasse_refused(outsider, url):
                # Evaluations: an a-kasse is refused (403) before any object is looked up.
                assert api.get(url).status_code == 403, f"GET {url} as {outsider}"
                for method in ("PUT", "PATCH", "DELETE"):
                    assert _send(api, method, url).status_code == 403, f"{method} {url}"
                continue
            assert api.get(url).status_code == 404, f"GET {url} as {outsider}"
            for method in ("PUT", "PATCH", "DELETE"):
                response = _send(api, method, url)
                if method in spec.api_writes:
                    assert response.status_code == 404, f"{method} {url}: {response.status_code}"
                else:
                    assert response.status_code == 405, f"{method} {url}: {response.status_code}"
                    assert _send(api_for("staff"), method, url).status_code == 405

    for outsider in OUTSIDERS:
        client = client_for(outsider)
        for action, name in spec.pages.items():
            url = reverse(name, kwargs={"pk": obj.pk})
            status = 403 if _akasse_refused(outsider, url) else 404
            assert client.get(url).status_code == status, f"GET {url} ({action}) as {outsider}"
            if action != "read":
                assert client.post(url, {}).status_code == status, f"POST {url} ({action})"
    assert model.objects.filter(pk=obj.pk).exists(), f"{label}: the object survived"


def test_committed_permission_table_is_up_to_date():
    committed = (ROOT / "docs" / "permissions.md").read_text(encoding="utf-8")
    assert committed == render_markdown(), (
        "docs/permissions.md is out of date: run `manage.py permission_matrix` and commit it"
    )
