"""The quarterly e-mail (issue 18, point 5): the verdict sentence word for word and one row per
sigtelinje as accessible HTML (lang="da", simple tables, no images) with a plain-text part that
says the same, a link to the benchmark page, the report's PDF attached, and a `List-Unsubscribe`
header for recipients who are not the municipality's formal addressee.

The formal addressees (the job-centre manager and the municipal director: `FORMAL_ROLES`) get
one e-mail together, as before, and cannot opt out by a link: STAR sends them the report as a
matter of course. Every other recipient gets his own e-mail with a signed opt-out link
(`unsubscribe_token`), which `/rapporter/afmeld/<token>/` honours.

The figures are the ones `benchmark_summary` gives the page, the API and the PDF for the
report's month."""

from email.utils import make_msgid
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from core.links import site_url
from core.mail import mail_subject
from core.periods import month_label

from ..selectors.benchmark import benchmark_for
from ..selectors.summary import benchmark_summary
from .models import Recipient

#: Roles whose holder is the municipality's formal addressee of the report (no opt-out link).
FORMAL_ROLES = Recipient.FORMAL_ROLES

UNSUBSCRIBE_SALT = "benchmarks.reports.unsubscribe"


def is_formal(recipient):
    return recipient.is_formal


def unsubscribe_token(recipient):
    """A signed token naming the recipient row and its address (a row later given another
    address does not match an old token)."""
    return signing.dumps({"r": recipient.pk, "e": recipient.email}, salt=UNSUBSCRIBE_SALT)


def recipient_for_token(token):
    """The Recipient a token was made for, or None when the token is tampered with or the row
    or its address is gone."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    recipient = Recipient.objects.select_related("municipality").filter(pk=data.get("r")).first()
    if recipient is None or recipient.email != data.get("e"):
        return None
    return recipient


def unsubscribe_url(recipient):
    return site_url(reverse("benchmarks:unsubscribe", args=[unsubscribe_token(recipient)]))


def mail_summary(*, municipality, period):
    """(Benchmark, Summary) of the report's month, as the page and the PDF have them."""
    benchmark = benchmark_for(municipality=municipality, period=period, peer_band=False)
    return benchmark, benchmark_summary(benchmark)


def _message(*, subject, context, to, unsubscribe=None):
    text = render_to_string("benchmarks/email/dispatch_body.txt", context)
    html = render_to_string("benchmarks/email/dispatch_body.html", context)
    headers = {"Message-ID": make_msgid(domain=settings.REPORT_MESSAGE_ID_DOMAIN)}
    if unsubscribe:
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        # RFC 8058: the mail client may POST to the link without opening a page.
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    return message


def dispatch_messages(*, municipality, quarter, report, recipients):
    """The quarter's e-mails for one municipality: one to its formal addressees together, one
    per other recipient with his own List-Unsubscribe link. Each carries the PDF."""
    with translation.override("da"):
        benchmark, summary = mail_summary(municipality=municipality, period=report.period)
        base = {
            "municipality": municipality,
            "quarter": quarter,
            "report": report,
            "benchmark": benchmark,
            "summary": summary,
            "month": month_label(report.period, long=True),
            "page_url": site_url(reverse("benchmarks:page", args=[municipality.code])),
        }
        subject = mail_subject(render_to_string("benchmarks/email/dispatch_subject.txt", base))
        base["subject"] = subject
        formal = [r for r in recipients if is_formal(r)]
        messages = []
        if formal:
            context = {**base, "recipients": formal, "unsubscribe_url": None}
            messages.append(
                _message(subject=subject, context=context, to=[r.email for r in formal])
            )
        for recipient in recipients:
            if is_formal(recipient):
                continue
            url = unsubscribe_url(recipient)
            context = {**base, "recipients": [recipient], "unsubscribe_url": url}
            messages.append(
                _message(subject=subject, context=context, to=[recipient.email], unsubscribe=url)
            )
    data = (Path(settings.MEDIA_ROOT) / report.file).read_bytes()
    for message in messages:
        message.attach(report.filename, data, "application/pdf")
    return messages
