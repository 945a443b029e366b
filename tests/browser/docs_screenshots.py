"""The user guide's screenshots (docs/brugervejledning.md) from the demo data, as each role sees
its pages in Chromium at 1366 px, and the job-centre manager's also at a phone's 375 px.

Run against a server with `seed_demo` data (`make run`, or gunicorn on a demo database):
    python -m tests.browser.docs_screenshots --base-url http://127.0.0.1:8000
The import and dispatch screens (04, 06) come from the journeys (SAVE_SCREENSHOTS=1 pytest
tests/browser/test_journeys.py): they need an upload and recipients the demo has not got.
"""

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import urljoin

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

#: (file name, username, path or URL name, width, what to click first, full page?)
SHOTS = [
    ("01-forside-star", "star", "/", 1366, None, False),
    ("02-opret-reform", "star", "/reforms/new/", 1366, None, False),
    ("03-opret-indikator", "star", "/indicators/new/", 1366, None, False),
    ("05-rapporter", "star", "/rapporter/", 1366, None, False),
    ("07-eskaleringer", "styregruppe", "escalation", 1366, None, False),
    ("08-benchmark-jobcenter", "jc751", "/benchmark/751/", 1366, None, False),
    ("08b-benchmark-telefon", "jc751", "/benchmark/751/", 375, None, False),
    ("08c-menu-telefon", "jc751", "/benchmark/751/", 375, "button.js-menu-open", False),
    ("09-rapportarkiv-jobcenter", "jc751", "/rapporter/", 1366, None, False),
    ("10-brugere-admin", "admin", "/users/", 1366, None, False),
    ("11-inviter-bruger", "admin", "/users/invite/", 1366, None, False),
    ("12-risikokort-star", "star", "heat_map", 1366, None, False),
    ("13-oversigt-styregruppe", "styregruppe", "/benchmark/oversigt/", 1366, None, False),
    ("22-akasse-reformer-og-spoergsmaal", "akasse1", "/reforms/questions/", 1366, None, False),
]


def _paths():
    """Paths that name demo objects: the first open escalation, the first reform's heat map."""
    from django.urls import reverse

    from reforms.models import Escalation, Reform

    escalation = Escalation.objects.order_by("pk").first()
    reform = Reform.objects.order_by("pk").first()
    return {
        "escalation": escalation.get_absolute_url() if escalation else "/reforms/escalations/",
        "heat_map": reverse("risklog:heat_map", kwargs={"slug": reform.slug}),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--password", default=os.environ.get("DEMO_PASSWORD", "demo-star-2026"))
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "star_impl.settings.local")
    import django

    django.setup()
    from playwright.sync_api import sync_playwright

    from tests.browser.look_walk import _login
    from tests.conftest import CHROMIUM, CHROMIUM_ARGS

    named = _paths()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, username, path, width, click, full in SHOTS:
            context = browser.new_context(
                locale="da-DK", viewport={"width": width, "height": 900 if width > 500 else 812}
            )
            _login(context, args.base_url, username, args.password)
            page = context.new_page()
            page.goto(urljoin(args.base_url, named.get(path, path)), wait_until="networkidle")
            if click:
                page.click(click)
                page.wait_for_timeout(500)
            page.screenshot(path=str(out / f"{name}.png"), full_page=full)
            print(f"{name}.png  {username} {width}px {named.get(path, path)}")
            context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
