"""The UI shell: Danish first, English switch, CSP, health, municipalities."""

import pytest

from indicators.models import Municipality, Region


@pytest.mark.django_db
def test_ninety_eight_municipalities_and_five_regions_are_loaded():
    assert Municipality.objects.count() == 98
    assert Region.objects.count() == 5
    assert Municipality.objects.get(code=101).name == "København"
    assert Municipality.objects.get(code=860).name == "Hjørring"
    assert Municipality.objects.get(code=751).region.name == "Midtjylland"
    assert not Municipality.objects.filter(code=411).exists()  # Christiansø is not one


@pytest.mark.django_db
def test_pages_are_danish_with_footer_link_and_strict_csp(client_for):
    response = client_for("staff").get("/")
    html = response.content.decode()
    assert '<html lang="da">' in html
    assert 'href="/tilgaengelighed/"' in html
    assert "Tilgængelighedserklæring" in html
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "<script>" not in html  # no inline scripts


@pytest.mark.django_db
def test_language_switch_to_english(client_for):
    c = client_for("staff")
    response = c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = c.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Accessibility statement" in html
    assert "Log out" in html


@pytest.mark.django_db
def test_healthz_reports_database_and_broker():
    from django.test import Client

    response = Client().get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] == "ok"
    assert body["broker_transport"] == "redis"


@pytest.mark.django_db
def test_healthz_stays_200_when_broker_is_down(settings, monkeypatch):
    from django.test import Client

    from star_impl.celery import app

    real = app.connection_for_write
    monkeypatch.setattr(app, "connection_for_write", lambda *a, **k: real("redis://127.0.0.1:1/0"))
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json()["broker"].startswith("error")


@pytest.mark.django_db
def test_healthz_is_503_when_database_is_down(monkeypatch):
    from django.test import Client

    from core import health

    monkeypatch.setattr(health, "database_status", lambda: "error: OperationalError")
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"].startswith("error")


@pytest.mark.django_db
def test_municipality_list_is_searchable_and_paginated(client_for):
    html = client_for("jc751").get("/municipalities/?q=aa").content.decode()
    assert "Aarhus" in html and "Aabenraa" in html and "København" not in html
    html = client_for("jc751").get("/municipalities/?q=751").content.decode()
    assert "Aarhus" in html and "Aabenraa" not in html


@pytest.mark.django_db
def test_unknown_municipality_page_is_danish_404(client_for):
    response = client_for("staff").get("/municipalities/999/")
    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()


@pytest.mark.django_db
def test_unknown_benchmark_code_is_404(client_for):
    assert client_for("staff").get("/benchmark/999/").status_code == 404


@pytest.mark.django_db
def test_unknown_api_path_is_json_404_not_html(client_for):
    response = client_for("staff").get("/api/v1/does-not-exist/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Ikke fundet."}


@pytest.mark.django_db
def test_api_error_on_server_failure_is_json(client_for):
    from core.views_pages import server_error

    request = client_for("staff").get("/").wsgi_request
    request.path = "/api/v1/values/"
    response = server_error(request)
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_danish_even_when_the_browser_asks_for_english(client_for):
    html = client_for("anonymous").get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="da">' in html.content.decode()
    assert "Log ind" in html.content.decode()
