"""The accessibility statement at /tilgaengelighed/ has every part the Danish web
accessibility act asks for: scope, conformance status, known gaps, contact, the enforcement
body and the dates it was prepared and last reviewed."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_statement_is_complete(client):
    response = client.get("/tilgaengelighed/")
    assert response.status_code == 200
    html = response.content.decode()
    headings = re.findall(r"<h2>([^<]+)</h2>", html)
    assert headings == [
        "Omfang",
        "Overensstemmelsesstatus",
        "Kendte mangler",
        "Kontakt",
        "Håndhævelse og klage",
        "Udarbejdelse",
    ]
    assert "WCAG 2.1 niveau AA" in html and "delvist i overensstemmelse" in html
    assert "axe-core" in html and "320 pixels" in html
    gaps = re.search(r"<h2>Kendte mangler</h2>\s*<ul>(.*?)</ul>", html, re.S).group(1)
    assert gaps.count("<li>") >= 4
    assert 'href="mailto:star@star.dk"' in html
    assert "Digitaliseringsstyrelsen" in html and 'href="https://www.was.digst.dk"' in html
    assert re.search(r"udarbejdet den \d+\. \w+ \d{4}", html)
    assert re.search(r"senest gennemgået den \d+\. \w+ \d{4}", html)
