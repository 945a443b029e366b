"""Sending notification e-mails: one subject helper, one send function, and the loop that
isolates each item of a notification task (one bad item never stops the others)."""

import unicodedata

import structlog
from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from .notifications import notification_failed, notification_sent
from .validators import _BREAKING

logger = structlog.get_logger(__name__)


def mail_subject(text):
    """One header line: every run of whitespace and control characters becomes one space, so
    no input can add a header (``\\r\\nBcc: …``) or make Django refuse the mail."""
    flat = "".join(" " if unicodedata.category(ch) in _BREAKING else ch for ch in str(text))
    return " ".join(flat.split())


def mail_send(*, subject, body, to):
    """Send one plain-text mail to the addresses in `to`; returns how many were addressed."""
    recipients = [to] if isinstance(to, str) else list(to)
    EmailMultiAlternatives(
        mail_subject(subject), body, settings.DEFAULT_FROM_EMAIL, recipients
    ).send(fail_silently=False)
    return len(recipients)


def notify_each(items, send, *, kind, targets, event):
    """Call send(item) for every item; an item that raises is logged, recorded as a failed
    notification on each object of targets(item) (shown on the object and in the staff digest)
    and left for the next run to retry, and the loop goes on. Returns (sent, failed): the sum
    of send's results and the number of failed items. A success clears an earlier failure of
    the same object and kind."""
    sent = failed = 0
    for item in items:
        try:
            sent += send(item)
        except Exception as exc:  # noqa: BLE001 - any failure of one item must spare the rest
            failed += 1
            objects = list(targets(item))
            logger.exception(event, kind=kind, objects=[f"{o._meta.label}:{o.pk}" for o in objects])
            for obj in objects:
                notification_failed(obj, kind=kind, error=exc)
        else:
            for obj in targets(item):
                notification_sent(obj, kind=kind)
    return sent, failed
