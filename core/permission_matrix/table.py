"""The permission matrix as one table: every page and API GET (url_matrix.py) and every API
write operation (api_matrix.py) x every role -> the expected status. Rendered to
docs/permissions.md by `manage.py permission_matrix`; the same declarations are what
tests/test_url_matrix.py and tests/test_permission_matrix.py check."""

import re

from django.urls import URLPattern, URLResolver, get_resolver

from .api_matrix import ALLOWED, DECLARATION, expected_status
from .other_municipalities import render_section
from .url_matrix import MATRIX, ROLES

ROLE_TITLES = {
    "anonymous": "Anonym",
    "admin": "Administrator",
    "staff": "STAR-medarbejder",
    "steering": "Styregruppe",
    "jc751": "Jobcenter 751",
    "jc101": "Jobcenter 101",
    "akasse": "A-kasse",
}


def _route_text(pattern):
    text = str(pattern)
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", text)
    text = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", text)
    return text.replace("^", "").replace("$", "").replace("\\", "")


def url_routes(resolver=None, namespace="", prefix="/"):
    """URL name -> its path template ("/reforms/{slug}/")."""
    resolver = resolver or get_resolver()
    routes = {}
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            for name, route in url_routes(entry, ns, prefix + _route_text(entry.pattern)).items():
                routes.setdefault(name, route)
        elif isinstance(entry, URLPattern) and entry.name:
            routes.setdefault(f"{namespace}{entry.name}", prefix + _route_text(entry.pattern))
    return routes


def cell(value):
    if isinstance(value, tuple) and value[0] == ALLOWED:
        return f"✓ {value[1]}"
    if value == "jobcentre_home":
        return "302 → egen side"
    return str(value)


def rows():
    """(section, method, path, name, {role: expected}) for every page and API operation."""
    routes = url_routes()
    out = []
    for name, (_kwargs, expected) in MATRIX.items():
        path = routes[name]
        section = "API" if path.startswith("/api/") else "Sider"
        out.append((section, "GET", path, name, expected))
    for method, path in DECLARATION:
        out.append(("API", method, path, "", expected_status(method, path)))
    method_order = {"GET": 0, "POST": 1, "PUT": 2, "PATCH": 3, "DELETE": 4}
    out.sort(key=lambda r: (r[0] != "Sider", r[2], method_order[r[1]], r[3]))
    return out


HEADER = """# Adgangsmatrix (permission matrix)

Genereret af `manage.py permission_matrix` fra `core/permission_matrix/url_matrix.py` (GET af
hver side og API-adresse) og `core/permission_matrix/api_matrix.py` (API'ets skrivende
operationer). Rediger ikke i hånden: ret erklæringen, kør kommandoen, og
`tests/test_permission_matrix.py` kontrollerer, at filen er opdateret. Se docs/api-contract.md.

Celler: den forventede HTTP-status for rollen. `✓ 201` = tilladt (den dokumenterede
succes-status; testen sender en tom krop, så 400 med feltfejl, og 409 for sletning af et
objekt som andre objekter bruger, tæller også som tilladt).
`302` for anonyme sider = til login. `401` = ikke logget ind (API). `403` = ingen adgang.
`404` = objektet tilhører en anden kommune (jobcenterchefen kan ikke se, at det findes).
`405` = metoden findes ikke. Objekter i matricen tilhører kommune 751.
Kolonnen *A-kasse* er en a-kasses bruger (`akasse1`): han læser reformsider og stiller
spørgsmål, ser sin egen a-kasses spørgsmål og intet kommunalt (403 for benchmark, rapporter,
mål, opfølgninger, indikatorværdier og alle evalueringens sider, eksporter og API-adresser;
404 for en kommunes eller en anden a-kasses objekter uden for evalueringerne).
"""


def render_markdown():
    lines = [HEADER]
    for section in ("Sider", "API"):
        lines.append(f"\n## {section}\n")
        lines.append("| Metode | Sti | Navn | " + " | ".join(ROLE_TITLES[r] for r in ROLES) + " |")
        lines.append("|" + "---|" * (3 + len(ROLES)))
        for sec, method, path, name, expected in rows():
            if sec != section:
                continue
            cells = " | ".join(cell(expected[r]) for r in ROLES)
            name_cell = f"`{name}`" if name else ""
            lines.append(f"| {method} | `{path}` | {name_cell} | {cells} |")
    operations = len(rows())
    lines.append(
        f"\n{operations} rækker × {len(ROLES)} roller = {operations * len(ROLES)} celler.\n"
    )
    lines.append(render_section())
    return "\n".join(lines)
