"""The page set the accessibility, reflow and security-header tests walk: every GET URL of
core/permission_matrix/url_matrix.py that answers 200 HTML to some role, built with the
URL-matrix world."""

import types

from django.test import Client
from django.urls import reverse

from core.permission_matrix.url_matrix import MATRIX

#: Which role visits a page: the first role in this order that gets 200 (the richest view a
#: normal user has; admin-only pages fall back to admin, public pages to anonymous last).
ROLE_ORDER = ["staff", "steering", "jc751", "admin", "jc101", "anonymous"]

#: Third-party HTML that is not one of our templates.
NOT_OUR_TEMPLATES = {"api-docs"}


def build_world(users):
    from tests.world import build_world as build

    return build(types.SimpleNamespace(users=users))


def clients(users):
    made = {"anonymous": Client()}
    for role, user in users.items():
        c = Client()
        c.force_login(user)
        made[role] = c
    return made


def page_set(world, users, seen=None):
    """[(name, url, role)] for every GET URL that answers 200 text/html to some role.

    `seen`, a list, receives (name, response) of every page fetched (header checks)."""
    by_role = clients(users)
    pages = []
    for name in sorted(MATRIX):
        if name in NOT_OUR_TEMPLATES:
            continue
        kwargs_factory, expected = MATRIX[name]
        roles = [r for r in ROLE_ORDER if expected.get(r) == 200]
        if not roles:
            continue
        url = reverse(name, kwargs=kwargs_factory(world))
        response = by_role[roles[0]].get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages.append((name, url, roles[0]))
            if seen is not None:
                seen.append((name, response))
    return pages


def session_cookie(user, base_url):
    c = Client()
    c.force_login(user)
    from django.conf import settings

    value = c.cookies[settings.SESSION_COOKIE_NAME].value
    return {"name": settings.SESSION_COOKIE_NAME, "value": value, "url": base_url}
