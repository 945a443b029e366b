"""Issue 18, done when: the page, the PDF and the e-mail for 751 show the same verdict, cards and
peers, from one selector. This test reads all three back (the page's HTML, the PDF's text, the
e-mail's text and HTML parts) and compares them with the API's `summary` and peers."""

import datetime
import html
import io
import re

import pdfplumber
import pytest
from django.core import mail

from benchmarks.models import Dispatch, MunicipalTarget, Recipient, Report
from benchmarks.reports.services import dispatch_send, report_render, reports_request
from core.formatting import da_number
from indicators.models import Municipality
from tests.benchmark_data import END, fill_values, make_indicator, make_reform

pytestmark = pytest.mark.django_db
PERIOD = END.strftime("%Y-%m")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = "https://star-impl.example"
    return tmp_path


@pytest.fixture
def world(media):
    """Three sigtelinjer and an implementation indicator for all 98 municipalities over four
    months (values, expected levels and 10 peers each); 751 off its target on the first."""
    reform = make_reform()
    indicators = [
        make_indicator("tre_1", reform=reform, name="Beskæftigede i pct."),
        make_indicator("tre_2", reform=reform, name="Selvforsørgede i pct."),
        make_indicator("tre_3", reform=reform, name="Flere i uddannelse i pct."),
        make_indicator("tre_impl", reform=reform, kind="implementation"),
    ]
    fill_values(indicators)
    MunicipalTarget.objects.create(
        municipality_id=751,
        indicator=indicators[0],
        baseline_period=datetime.date(2025, 1, 1),
        baseline_value=10.0,
        target_value=100.0,
        target_date=datetime.date(2026, 1, 1),
    )
    Recipient.objects.create(municipality_id=751, email="chef@aarhus.example", name="Jens Chef")


def _collapse(text):
    return " ".join(text.split())


def _pdf_pages(data):
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [_collapse(page.extract_text() or "") for page in pdf.pages]


def _render_pdf(media):
    """(Report, [collapsed text of each page]) of 751's report for END."""
    reports_request(period=END, municipalities=[751], enqueue=False)
    report = Report.objects.get(municipality_id=751, period=END)
    report_render(report_id=report.pk)
    report.refresh_from_db()
    assert report.state == Report.State.DONE, report.error
    return report, _pdf_pages((media / report.file).read_bytes())


def _tag_text(source, pattern):
    match = re.search(pattern, source, re.S)
    assert match, pattern
    return _collapse(html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))))


def test_page_pdf_and_email_say_what_the_api_says(world, media, client_for, api_for):
    # The API: the one selector's verdict, cards and each sigtelinje's peers.
    data = api_for("jc751").get(f"/api/v1/benchmark/751/?period={PERIOD}").json()
    verdict = data["summary"]["verdict"]
    cards = data["summary"]["cards"]
    assert [c["indicator"] for c in cards] == ["tre_1", "tre_2", "tre_3"]
    assert verdict == (
        "Aarhus ligger bedre end forventet på 3 af 3 sigtelinjer; beskæftigede i pct. er ikke "
        "på sporet mod målet for 1. jan. 2026."
    )
    figures = {f["indicator"]: f for s in data["sections"] for f in s["figures"]}
    names = dict(Municipality.objects.values_list("code", "name"))
    peers = {
        c["indicator"]: [names[code] for code in figures[c["indicator"]]["peers"]] for c in cards
    }
    assert all(len(p) == 10 for p in peers.values())
    values = {c["indicator"]: f"{da_number(c['value'], 1)} pct." for c in cards}

    # The page.
    page = client_for("jc751").get(f"/benchmark/751/?period={PERIOD}").content.decode()
    assert _tag_text(page, r'data-testid="summary-verdict">(.*?)</p>') == verdict
    for code, value in values.items():
        assert _tag_text(page, rf'data-testid="summary-value-{code}">(.*?)</p>') == value
        article = _tag_text(page, rf'<article[^>]*id="figur-{code}"(.*?)</article>')
        assert all(name in article for name in peers[code]), code

    # The PDF of the month, rendered by the report service.
    report, pages = _render_pdf(media)
    text = " ".join(pages)
    # The first page opens with the verdict and the cards (issue 18.4); the peers come with
    # each indicator's facts.
    assert verdict in pages[0]
    for card in cards:
        assert values[card["indicator"]] in pages[0]
        assert ", ".join(peers[card["indicator"]]) in text, card["indicator"]

    # The quarterly e-mail with that report.
    dispatch = Dispatch.objects.create(
        municipality_id=751, quarter="2025-Q2", status=Dispatch.Status.PENDING
    )
    assert dispatch_send(dispatch_id=dispatch.pk) == Dispatch.Status.SENT
    [message] = mail.outbox
    plain = message.body
    [(body, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert verdict in plain.splitlines()
    assert _tag_text(body, r"<p[^>]*data-verdict>(.*?)</p>") == verdict
    for card in cards:
        code = card["indicator"]
        name = figures[code]["name"]
        assert f"- {name}: {values[code]}" in plain.splitlines()
        row = _tag_text(body, rf'<tr data-card="{code}">(.*?)</tr>')
        assert row.startswith(name) and values[code] in row
        codes = figures[code]["peers"]
        line = ", ".join(f"{names[c]} ({c})" for c in codes)
        assert f"  Sammenlignelige kommuner: {line}" in plain.splitlines()
        assert f"Sammenlignes med: {', '.join(peers[code])}" in row
    [(filename, content, _)] = message.attachments
    assert filename == report.filename and content == (media / report.file).read_bytes()
