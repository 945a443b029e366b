"""A walk that looks at the pages (issue 17): every page a role reaches from the main navigation.

From each main-menu page the walk follows the same-origin links in the page, one page per URL
name (so 98 municipality pages count once), up to `DEPTH` clicks deep, and on every page it
records what a user would see as broken:

- a JavaScript error or a console error;
- visible text under 12 px outside chart SVG;
- a radio button or checkbox without a visible control (neither the input nor its label's
  DKFDS `::before` box is visible);
- a page wider than the window;
- a main-menu link that cannot be reached at a phone's width (375 px: the menu button opens it);
- a link on the page that answers 403 to the role that was shown it.

Used by tests/browser/test_look_walk.py (live test server) and from the command line against a
running server with demo data:
    python -m tests.browser.look_walk --base-url http://127.0.0.1:8000
"""

import argparse
import contextlib
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

MIN_TEXT_PX = 12
WIDTH_TOLERANCE = 2  # px: sub-pixel rounding
DEPTH = 2
#: URL names never walked: they change state on GET-free pages, belong to a third party or
#: download files.
SKIP_PREFIXES = ("/api/", "/admin/", "/static/", "/media/", "/i18n/", "/logout", "/__")
SKIP_SUFFIXES = (".pdf", ".csv", ".xlsx", "/pdf/", "/csv/", "/xlsx/", "/export/")

#: The per-page probe: small text outside SVG, invisible controls, page width, links.
PAGE_SCRIPT = (Path(__file__).with_name("look_walk.js")).read_text(encoding="utf-8")


@dataclass
class Walk:
    """Pages walked and problems found, per role and width."""

    pages: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    def add(self, role, width, url, kind, detail):
        self.problems.append(f"[{role} @{width}px] {url}: {kind}: {detail}")

    def summary(self):
        kinds = {}
        for p in self.problems:
            kind = p.split(": ", 2)[1]
            kinds[kind] = kinds.get(kind, 0) + 1
        return kinds


def _walkable(base_url, href):
    href, _ = urldefrag(href)
    parts = urlsplit(href)
    base = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or parts.netloc != base.netloc:
        return None
    path = parts.path
    if path.startswith(SKIP_PREFIXES) or path.endswith(SKIP_SUFFIXES):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def _route(path):
    """A page's kind: its URL name (one page per kind is walked), else its path shape."""
    try:
        from django.urls import Resolver404, resolve

        try:
            match = resolve(urlsplit(path).path)
            return match.view_name
        except Resolver404:
            return None
    except Exception:  # Django not set up: the path with numbers replaced
        return re.sub(r"\d+", "N", urlsplit(path).path)


def _link_status(context, url, cache):
    """The status the role gets for url, fetched once per kind of page (URL name)."""
    key = _route(urlsplit(url).path) or url
    if key not in cache:
        try:
            response = context.request.get(url, max_redirects=0, timeout=30000)
            cache[key] = response.status
        except Exception as error:  # a failed fetch is a problem of its own
            cache[key] = f"error {error}"
    return cache[key]


def _menu_reachable_at_phone_width(page, walk, role, width, url):
    """Every main-menu link is visible and inside the window: in the header, or in DKFDS's
    menu drawer after a click on the menu button."""
    hrefs = page.eval_on_selector_all(
        ".navigation-menu a.nav-link", "els => els.map(e => e.getAttribute('href'))"
    )
    if not hrefs:
        return
    desktop = page.locator(".navigation-menu a.nav-link")
    scope = ".navigation-menu"
    if not desktop.first.is_visible():
        scope = ".navigation-menu-mobile"
        button = page.locator("button.js-menu-open")
        if button.count() and button.first.is_visible():
            button.first.click()
            page.wait_for_timeout(400)
    for href in hrefs:
        link = page.locator(f'{scope} a.nav-link[href="{href}"]')
        box = link.first.bounding_box() if link.count() and link.first.is_visible() else None
        if box is None or box["x"] < 0 or box["x"] + box["width"] > width + WIDTH_TOLERANCE:
            walk.add(role, width, url, "menu link unreachable", href)
    close = page.locator("button.js-menu-close")
    if close.count() and close.first.is_visible():
        close.first.click()


def walk_role(
    context, base_url, role, width, walk, link_cache, depth=DEPTH, limit=80, progress=False
):
    """Walk one role's pages at one width in a logged-in browser context."""
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.set_default_timeout(20000)
    errors = []
    page.on("pageerror", lambda exc: errors.append(f"pageerror {exc}"))
    page.on(
        "console",
        lambda msg: errors.append(f"console {msg.text[:200]}") if msg.type == "error" else None,
    )
    page.goto(urljoin(base_url, "/"))
    menu = [
        _walkable(base_url, urljoin(base_url, h))
        for h in page.eval_on_selector_all(
            ".navigation-menu a.nav-link", "els => els.map(e => e.getAttribute('href'))"
        )
    ]
    queue = [(m, 0) for m in menu if m]
    seen_routes = set()
    seen_paths = set()
    while queue and len(seen_paths) < limit:
        path, level = queue.pop(0)
        route = _route(path)
        if path in seen_paths or (level > 0 and route in seen_routes):
            continue
        seen_paths.add(path)
        seen_routes.add(route)
        url = urljoin(base_url, path)
        errors.clear()
        if progress:
            print(f"{role} @{width}px {path}", file=sys.stderr, flush=True)
        try:
            response = page.goto(url)
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                continue  # a file (a document, a PDF): not a page to look at
            raise
        # Charts draw after load; a page that polls is never idle.
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_load_state("networkidle", timeout=5000)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        # The charts below the fold too (js/charts.js draws each when it comes near the window).
        page.evaluate("() => window.starCharts ? window.starCharts.drawAll() : 0")
        walk.pages.append(f"{role} @{width}px {path}")
        if response.status != 200:
            walk.add(role, width, path, "status", response.status)
        info = page.evaluate(PAGE_SCRIPT, MIN_TEXT_PX)
        for error in list(errors):
            walk.add(role, width, path, "js/console error", error)
        if info["smallTextCount"]:
            walk.add(
                role,
                width,
                path,
                "text under 12 px",
                f"{info['smallTextCount']}: " + "; ".join(info["smallText"][:3]),
            )
        for control in info["hiddenControls"]:
            walk.add(role, width, path, "control not visible", control)
        if info["scrollWidth"] > info["innerWidth"] + WIDTH_TOLERANCE:
            walk.add(role, width, path, "wider than window", f"{info['scrollWidth']} > {width}")
        if width < 768 and level == 0:
            _menu_reachable_at_phone_width(page, walk, role, width, path)
        links = {_walkable(base_url, href) for href in info["links"]}
        links.discard(None)
        for link in sorted(links):
            status = _link_status(context, urljoin(base_url, link), link_cache)
            if status == 403 or isinstance(status, str):
                walk.add(role, width, path, "link answers 403", f"{link} ({status})")
            if level < depth and status == 200:
                queue.append((link, level + 1))
    page.close()
    return walk


#: (role label, username, widths): the job-centre manager is also walked at a phone's width.
ROLES = [
    ("admin", "admin", [1366]),
    ("staff", "star", [1366]),
    ("steering", "styregruppe", [1366]),
    ("jc751", "jc751", [1366, 375]),
]


def _login(context, base_url, username, password):
    page = context.new_page()
    page.goto(urljoin(base_url, "/login/"))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.press("#id_password", "Enter")
    page.wait_for_url(lambda u: "/login/" not in u)
    page.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--password", default=os.environ.get("DEMO_PASSWORD", "demo-star-2026"))
    parser.add_argument("--role", action="append", help="only these roles")
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "star_impl.settings.local")
    import django

    django.setup()
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM, CHROMIUM_ARGS

    walk = Walk()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for role, username, widths in ROLES:
            if args.role and role not in args.role:
                continue
            for width in widths:
                context = browser.new_context(locale="da-DK")
                _login(context, args.base_url, username, args.password)
                walk_role(context, args.base_url, role, width, walk, {}, progress=True)
                context.close()
        browser.close()
    if args.verbose:
        print("\n".join(walk.pages))
    print("\n".join(walk.problems))
    print(f"pages walked: {len(walk.pages)}; problems: {len(walk.problems)} {walk.summary()}")
    return 1 if walk.problems else 0


if __name__ == "__main__":
    sys.exit(main())
