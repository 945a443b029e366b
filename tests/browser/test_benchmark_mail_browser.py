"""Issue 18, looked at in Chromium: the quarterly e-mail's HTML part at 1366 and 375 px (no
horizontal scrolling on a phone, no text under 12 px, the verdict and the card table readable)
and "Hvad kan I gøre" on the benchmark page at both widths. The pictures in docs/screenshots/
come from the demo data (tests/browser/mail_screenshots.py)."""

import datetime
import hashlib

import pytest
from playwright.sync_api import expect

from benchmarks.models import Recipient, Report, ReportBatch
from benchmarks.reports.mail import dispatch_messages
from indicators.models import IndicatorValue
from tests.benchmark_data import END
from tests.benchmarks.test_benchmark_actions import aarhus as aarhus  # noqa: F401 - fixture
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SMALLEST_TEXT = """() => Math.min(...[...document.querySelectorAll('body *')]
  .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
  .map(e => parseFloat(getComputedStyle(e).fontSize)))"""


def _shot(page, name, tmp_path, full_page=True):
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    assert path.stat().st_size > 10_000
    return path


@pytest.fixture
def mail_html(aarhus, settings, tmp_path):  # noqa: F811
    """The HTML part of 751's quarterly e-mail for an analyst (with the opt-out link).
    pytest-django's `settings` fixture, not django.conf.settings: it restores MEDIA_ROOT after
    the test (set directly, it leaked into every later test, whose worker then looked for its
    files in var/test-media and failed with FileNotFoundError)."""
    settings.MEDIA_ROOT = tmp_path
    IndicatorValue.objects.filter(municipality_id=751).update(
        peers=[101, 461, 851, 561, 615, 657, 791, 740, 630, 621], change_12m=-1.4
    )
    batch = ReportBatch.objects.create(
        period=END,
        status=ReportBatch.Status.SUCCEEDED,
        finished_at=datetime.datetime.now(datetime.UTC),
    )
    report = Report(batch=batch, municipality_id=751, period=END, state=Report.State.DONE)
    data = b"%PDF-1.7\n% 751\n"
    report.file = report.filename
    (tmp_path / report.file).write_bytes(data)
    report.checksum = hashlib.sha256(data).hexdigest()
    report.save()
    analyst = Recipient.objects.create(
        municipality_id=751,
        email="analyse@aarhus.example",
        name="Anna Analytiker",
        role=Recipient.Role.OTHER,
    )
    [message] = dispatch_messages(
        municipality=report.municipality, quarter="2025-Q2", report=report, recipients=[analyst]
    )
    [(body, _)] = message.alternatives
    return body


@pytest.mark.parametrize("width", [1366, 375])
def test_quarterly_mail_reads_at_both_widths(mail_html, browser, tmp_path, width):
    context = browser.new_context(locale="da-DK", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_content(mail_html)
    expect(page.locator("[data-verdict]")).to_contain_text("Aarhus ligger")
    expect(page.locator("tr[data-card]")).to_have_count(4)
    assert page.evaluate("document.documentElement.lang") == "da"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(SMALLEST_TEXT) >= 12
    _shot(page, "18-kvartalsmail" if width > 500 else "18-kvartalsmail-telefon", tmp_path)
    context.close()


@pytest.mark.parametrize("width", [1366, 375])
def test_what_you_can_do_at_both_widths(aarhus, users, page, tmp_path, width):  # noqa: F811
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "jc751", "pw-test-2026")
    page.goto("/benchmark/751/")
    section = page.locator("#benchmark-actions")
    expect(section).to_contain_text("Hvad kan I gøre")
    expect(section.locator("[data-action-figure]")).to_have_count(2)
    expect(
        section.get_by_role("link", name="Stil et spørgsmål til STAR om Selvforsørgede i pct.")
    ).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    section.scroll_into_view_if_needed()
    box = section.bounding_box()
    page.set_viewport_size({"width": width, "height": int(box["height"]) + 40})
    section.scroll_into_view_if_needed()
    section.screenshot(path=str(tmp_path / f"actions-{width}.png"))
    assert (tmp_path / f"actions-{width}.png").stat().st_size > 10_000
