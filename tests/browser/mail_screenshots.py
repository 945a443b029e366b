"""Issue 18's screenshots in docs/screenshots/ from the demo data: the quarterly e-mail's HTML
part (Aarhus's analyst's, with the opt-out link) and "Hvad kan I gøre" on /benchmark/751/, each
at 1366 and 375 px in Chromium. Run against a server with `seed_demo` data on the same database:
    python -m tests.browser.mail_screenshots --base-url http://127.0.0.1:8000
"""

import argparse
import os
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def demo_mail_html():
    """The HTML part of Aarhus's newest report's e-mail to its first recipient who is not a
    formal addressee (the demo's analyst)."""
    from benchmarks.models import Recipient, Report
    from benchmarks.reports.mail import dispatch_messages
    from benchmarks.reports.selectors import quarter_of

    report = (
        Report.objects.filter(municipality_id=751, state=Report.State.DONE)
        .order_by("-period")
        .first()
    )
    recipient = Recipient.objects.filter(
        municipality_id=751, active=True, role=Recipient.Role.OTHER
    ).first()
    [message] = dispatch_messages(
        municipality=report.municipality,
        quarter=quarter_of(report.period),
        report=report,
        recipients=[recipient],
    )
    return message.alternatives[0][0]


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

    out = Path(args.out)
    html = demo_mail_html()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width, suffix in ((1366, ""), (375, "-telefon")):
            context = browser.new_context(locale="da-DK", viewport={"width": width, "height": 900})
            page = context.new_page()
            page.set_content(html)
            page.screenshot(path=str(out / f"18-kvartalsmail{suffix}.png"), full_page=True)
            _login(context, args.base_url, "jc751", args.password)
            page.goto(args.base_url.rstrip("/") + "/benchmark/751/", wait_until="networkidle")
            page.locator("#benchmark-actions").screenshot(
                path=str(out / f"18-hvad-kan-i-goere{suffix}.png")
            )
            print(f"18-kvartalsmail{suffix}.png, 18-hvad-kan-i-goere{suffix}.png  {width}px")
            context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
