"""Every URL x every role answers the status declared in core/permission_matrix/url_matrix.py."""

import types

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.permission_matrix.url_matrix import EXCLUDED, EXCLUDED_PREFIXES, MATRIX, ROLES


def iter_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from iter_url_names(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def project_url_names():
    names = set()
    for name in iter_url_names():
        if name in EXCLUDED or name.startswith(EXCLUDED_PREFIXES):
            continue
        names.add(name)
    return names


def test_every_url_is_in_the_matrix():
    missing = sorted(project_url_names() - set(MATRIX))
    assert not missing, f"URLs without a row in core/permission_matrix/url_matrix.py: {missing}"


def test_matrix_has_no_stale_rows():
    stale = sorted(set(MATRIX) - project_url_names())
    assert not stale, f"rows in the URL matrix for URLs that no longer exist: {stale}"


@pytest.fixture
def world(users):
    """Objects the URL kwargs refer to; apps add theirs through tests/world.py."""
    from .world import build_world

    return build_world(types.SimpleNamespace(users=users))


def _check(expected, response, role, world):
    if expected == "jobcentre_home":
        user = world.users[role]
        assert response.status_code == 302, response.status_code
        assert str(user.municipality_id) in response["Location"]
        return
    assert response.status_code == expected, (
        f"{role}: expected {expected}, got {response.status_code}"
    )


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_answers_expected_status_for_every_role(name, world, client_for):
    kwargs_factory, expected = MATRIX[name]
    url = reverse(name, kwargs=kwargs_factory(world))
    for role in ROLES:
        response = client_for(role).get(url)
        _check(expected[role], response, role, world)
        if role == "anonymous" and expected[role] == 302:
            assert response["Location"].startswith("/login/"), response["Location"]
