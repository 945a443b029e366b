"""Screenshots of the benchmark page's target-group filter and the national overview's
national paths (issue 22), from a server with `seed_demo` data:

    python -m tests.browser.target_group_screenshots --base-url http://127.0.0.1:8000 --out /tmp/22

Prints, per shot, the page width against the window (no horizontal scroll) and the smallest
font size, so that the numbers can be checked beside looking at the PNGs."""

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import urljoin

#: (file name, user, path, width, full page)
SHOTS = [
    ("22-benchmark-unge-1366", "jc751", "/benchmark/751/?target_group=unge", 1366, True),
    ("22-benchmark-unge-375", "jc751", "/benchmark/751/?target_group=unge", 375, True),
    ("22-benchmark-alle-375", "jc751", "/benchmark/751/", 375, False),
    (
        "22-benchmark-staff-1366",
        "star",
        "/benchmark/101/?target_group=ressourceforloeb",
        1366,
        True,
    ),
    ("22-overview-1366", "star", "/benchmark/oversigt/", 1366, False),
    ("22-overview-375", "star", "/benchmark/oversigt/", 375, False),
]

MEASURE = """() => {
  let smallest = 100;
  for (const el of document.querySelectorAll('body *')) {
    if (!el.offsetParent || !el.textContent.trim()) continue;
    smallest = Math.min(smallest, parseFloat(getComputedStyle(el).fontSize));
  }
  return [document.documentElement.scrollWidth, window.innerWidth, smallest];
}"""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--password", default=os.environ.get("DEMO_PASSWORD", "demo-star-2026"))
    parser.add_argument("--out", default="docs/screenshots")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "star_impl.settings.local")
    import django

    django.setup()
    from playwright.sync_api import sync_playwright

    from tests.browser.look_walk import _login
    from tests.conftest import CHROMIUM, CHROMIUM_ARGS

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, username, path, width, full in SHOTS:
            context = browser.new_context(
                locale="da-DK", viewport={"width": width, "height": 900 if width > 500 else 812}
            )
            _login(context, args.base_url, username, args.password)
            page = context.new_page()
            errors = []
            page.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
            page.goto(urljoin(args.base_url, path), wait_until="networkidle")
            scroll, inner, smallest = page.evaluate(MEASURE)
            page.screenshot(path=str(out / f"{name}.png"), full_page=full)
            print(
                f"{name}.png {username} {path}: width {scroll}/{inner}, font {smallest}px, {errors}"
            )
            context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
