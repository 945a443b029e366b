"""The quarterly e-mail (issue 18, point 5): the verdict word for word and the cards as
accessible HTML with a plain-text part, the page link, the PDF, and List-Unsubscribe only for
recipients who are not the municipality's formal addressee; the opt-out link's signed token."""

import datetime
import hashlib
import html
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from benchmarks.models import Dispatch, Recipient, Report, ReportBatch
from benchmarks.reports.mail import dispatch_messages, unsubscribe_token
from benchmarks.reports.services import dispatch_send
from benchmarks.selectors.benchmark import benchmark_for
from benchmarks.selectors.summary import benchmark_summary
from indicators.models import IndicatorValue
from tests.benchmark_data import END, make_indicator, make_reform

pytestmark = pytest.mark.django_db
QUARTER = "2025-Q2"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = "https://star-impl.example"
    return tmp_path


@pytest.fixture
def aarhus_report(media):
    """Two sigtelinjer of 751 in END (one better, one worse than expected), a done report of
    the month (a small PDF) and two recipients: the job-centre manager and an analyst."""
    reform = make_reform()
    s1 = make_indicator("mail_1", reform=reform, name="Beskæftigede i pct.")
    s2 = make_indicator("mail_2", reform=reform, name="Selvforsørgede i pct.")
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(
                indicator=s1,
                municipality_id=751,
                period=END,
                value=60.04,
                expected=50.0,
                change_12m=2.46,
                peers=[101, 461],
            ),
            IndicatorValue(
                indicator=s2, municipality_id=751, period=END, value=20.0, expected=30.0
            ),
        ]
    )
    batch = ReportBatch.objects.create(
        period=END,
        status=ReportBatch.Status.SUCCEEDED,
        finished_at=datetime.datetime.now(datetime.UTC),
    )
    report = Report(
        batch=batch, municipality_id=751, period=END, state=Report.State.DONE, figures={}
    )
    data = b"%PDF-1.7\n% report of 751\n"
    report.file = f"reports/{report.filename}"
    (media / "reports").mkdir()
    (media / report.file).write_bytes(data)
    report.checksum = hashlib.sha256(data).hexdigest()
    report.save()
    chef = Recipient.objects.create(
        municipality_id=751, email="chef@aarhus.example", name="Jens Chef"
    )
    analyst = Recipient.objects.create(
        municipality_id=751,
        email="analyse@aarhus.example",
        name="Anna Analytiker",
        role=Recipient.Role.OTHER,
    )
    return report, chef, analyst


def _parts(message):
    """(text, html) of a sent EmailMultiAlternatives, read back from its bytes."""
    parsed = message_from_bytes(message.message().as_bytes(), policy=default_policy)
    return (
        parsed,
        parsed.get_body(("plain",)).get_content(),
        parsed.get_body(("html",)).get_content(),
    )


def test_formal_and_other_recipients_get_the_summary_and_only_others_an_opt_out(aarhus_report):
    report, chef, analyst = aarhus_report
    summary = benchmark_summary(benchmark_for(municipality=report.municipality, period=END))
    verdict = summary.verdict
    assert verdict == (
        "Aarhus ligger bedre end forventet på 1 af 2 sigtelinjer og dårligere end forventet på 1."
    )
    messages = dispatch_messages(
        municipality=report.municipality,
        quarter=QUARTER,
        report=report,
        recipients=[analyst, chef],
    )
    formal, other = messages
    assert formal.to == ["chef@aarhus.example"] and other.to == ["analyse@aarhus.example"]
    assert "List-Unsubscribe" not in formal.extra_headers
    token = unsubscribe_token(analyst)
    url = f"https://star-impl.example/rapporter/afmeld/{token}/"
    assert other.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert other.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    for message in messages:
        parsed, text, body = _parts(message)
        assert parsed["Subject"] == "Benchmarkrapport for Aarhus Kommune, 2025-Q2"
        # The verdict word for word in both parts.
        assert verdict in text
        assert html.escape(verdict, quote=False) in body
        assert '<html lang="da">' in body and "<img" not in body
        assert '<th scope="col"' in body and '<th scope="row"' in body
        # The cards: value, trend, badge and target status in both parts.
        assert (
            "- Beskæftigede i pct.: 60,0 pct.\n"
            "  ↑ +2,5 på 12 måneder; bedre end forventet; intet mål" in text
        )
        assert (
            "- Selvforsørgede i pct.: 20,0 pct.\n"
            "  Ingen udvikling over 12 måneder; dårligere end forventet; intet mål" in text
        )
        assert "Sammenlignelige kommuner: København (101), Odense (461)" in text
        assert "Sammenlignes med: København, Odense" in body
        assert (
            'data-card="mail_1"' in body
            and "60,0 pct." in body
            and "Dårligere end forventet" in body
        )
        assert "https://star-impl.example/benchmark/751/" in text
        assert 'href="https://star-impl.example/benchmark/751/"' in body
        [attachment] = list(parsed.iter_attachments())
        assert attachment.get_filename() == "benchmarkrapport-751-2025-06.pdf"
        assert b"report of 751" in attachment.get_content()
    _, text, body = _parts(other)
    assert f"Afmeld kvartalsrapporten: {url}" in text and html.escape(url) in body
    _, text, body = _parts(formal)
    assert "afmeld" not in text and "afmeld" not in body


def test_dispatch_sends_one_mail_to_the_formal_addressees_and_one_per_other(aarhus_report):
    report, chef, analyst = aarhus_report
    Recipient.objects.create(
        municipality_id=751,
        email="direktoer@aarhus.example",
        name="Dorte Direktør",
        role=Recipient.Role.MUNICIPAL_DIRECTOR,
    )
    dispatch = Dispatch.objects.create(
        municipality_id=751, quarter=QUARTER, status=Dispatch.Status.PENDING
    )
    assert dispatch_send(dispatch_id=dispatch.pk) == Dispatch.Status.SENT
    assert [m.to for m in mail.outbox] == [
        ["direktoer@aarhus.example", "chef@aarhus.example"],  # by name
        ["analyse@aarhus.example"],
    ]
    dispatch.refresh_from_db()
    assert dispatch.message_id == mail.outbox[0].extra_headers["Message-ID"]
    assert "List-Unsubscribe" in mail.outbox[1].extra_headers
    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers


def test_unsubscribe_link_asks_then_opts_out_and_a_tampered_token_is_refused(aarhus_report):
    _, chef, analyst = aarhus_report
    token = unsubscribe_token(analyst)
    url = reverse("benchmarks:unsubscribe", args=[token])
    client = Client(enforce_csrf_checks=True)
    page = client.get(url)
    assert page.status_code == 200
    assert "Vil du afmelde analyse@aarhus.example" in page.content.decode()
    analyst.refresh_from_db()
    assert analyst.active  # opening the link changes nothing
    # The mail client's one-click POST (RFC 8058) has no CSRF token.
    done = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert "analyse@aarhus.example får ikke længere" in done.content.decode()
    analyst.refresh_from_db()
    chef.refresh_from_db()
    assert not analyst.active and chef.active
    assert client.post(url).status_code == 200  # again: still unsubscribed, no error
    # Tampered, foreign or stale tokens: 404, nothing changes.
    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), "ugyldig:token", token + "x"):
        assert client.post(reverse("benchmarks:unsubscribe", args=[bad])).status_code == 404
    chef_token = unsubscribe_token(chef)
    chef.email = "ny-chef@aarhus.example"
    chef.save()
    assert client.post(reverse("benchmarks:unsubscribe", args=[chef_token])).status_code == 404
    chef.refresh_from_db()
    assert chef.active
    # An inactive recipient gets no more mail.
    dispatch = Dispatch.objects.create(
        municipality_id=751, quarter=QUARTER, status=Dispatch.Status.PENDING
    )
    dispatch_send(dispatch_id=dispatch.pk)
    assert [m.to for m in mail.outbox] == [["ny-chef@aarhus.example"]]


def test_dispatch_preview_marks_who_gets_an_own_mail_with_an_opt_out(aarhus_report, client_for):
    page = client_for("staff").get(reverse("benchmarks:dispatch_preview", args=[QUARTER]))
    text = page.content.decode()
    row = text[text.index("Anna Analytiker") :]
    assert "egen e-mail, kan afmelde sig" in row[: row.index("</td>")]
    assert text.count("data-opt-out") == 1  # the job-centre manager has none
