"""Authenticated downloads and API answers are never kept by a browser or proxy cache
(issue 21 point 4): `Cache-Control: private, no-store`, set by core.middleware."""

import types

import pytest
from django.urls import reverse

from core.permission_matrix.url_matrix import MATRIX

#: Non-HTML answers that may be cached: public reference data without a user's data in it.
CACHEABLE = {"risklog:levels_css"}


def cache_directives(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.fixture
def world(users):
    from .world import build_world

    return build_world(types.SimpleNamespace(users=users))


def _urls(world):
    for name, (kwargs_factory, _expected) in sorted(MATRIX.items()):
        yield name, reverse(name, kwargs=kwargs_factory(world))
    # The downloads the URL matrix reaches in one format only: the other one too.
    yield "benchmarks:export", reverse("benchmarks:export", kwargs={"code": 751, "fmt": "xlsx"})
    yield (
        "risklog:risk_export",
        reverse("risklog:risk_export", kwargs={"slug": world.rl_reform.slug, "fmt": "csv"}),
    )


def test_every_authenticated_download_and_api_answer_is_private_no_store(world, client_for):
    """Every URL of the matrix, fetched as STAR staff (and 751's manager for his own
    objects): each answer that is not an HTML page must not be stored."""
    checked, offenders = [], []
    for role in ("staff", "jc751"):
        client = client_for(role)
        for name, url in _urls(world):
            response = client.get(url)
            content_type = response.get("Content-Type", "")
            if name in CACHEABLE or response.status_code != 200:
                continue
            if content_type.startswith("text/html") and not url.startswith("/api/"):
                continue
            checked.append((role, url, content_type.split(";")[0]))
            if not {"private", "no-store"} <= cache_directives(response):
                offenders.append((role, url, response.get("Cache-Control")))
    assert not offenders, f"answers a cache may keep: {offenders}"
    kinds = {kind for _role, _url, kind in checked}
    # The downloads of the issue are among what was checked.
    assert {"application/pdf", "text/csv", "application/json"} <= kinds, kinds
    assert any("spreadsheetml" in kind for kind in kinds), kinds


def test_api_answers_are_private_no_store_for_token_and_refusals(users, client):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=users["jc751"])
    ok = client.get("/api/v1/benchmark/751/", headers={"authorization": f"Token {token.key}"})
    assert ok.status_code == 200
    assert {"private", "no-store"} <= cache_directives(ok), ok.get("Cache-Control")
    refused = client.get("/api/v1/benchmark/101/", headers={"authorization": f"Token {token.key}"})
    assert refused.status_code == 404
    assert {"private", "no-store"} <= cache_directives(refused)
    anonymous = client.get("/api/v1/reports/")
    assert anonymous.status_code == 401
    assert {"private", "no-store"} <= cache_directives(anonymous)


def test_html_pages_and_public_style_keep_their_own_caching(world, client_for):
    staff = client_for("staff")
    page = staff.get(reverse("benchmarks:page", kwargs={"code": 751}))
    assert page.status_code == 200
    assert cache_directives(page) == {"private", "no-cache"}  # ETag revalidation (issue 9)
    css = staff.get(reverse("risklog:levels_css"))
    assert cache_directives(css) == {"public", "max-age=300"}
