"""Failed notifications: recorded on the object they were about, cleared by a later success,
listed on the object's page and in the staff digest."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import NotificationFailure

#: The Danish name of each kind of notification (shown on pages and in the digest).
KINDS = {
    "escalation_raised": _("E-mail til styregruppen om ny eskalering"),
    "escalation_decided": _("E-mail til forslagsstilleren om styregruppens beslutning"),
    "question_overdue": _("E-mail om overskredet svarfrist"),
    "status_request": _("Anmodning om statusopdatering før mødet"),
    "risk_digest": _("Ugentlig risikooversigt"),
    "steering_digest": _("Månedlig oversigt til styregruppen"),
    "communication_akasse": _("Kommunikation til en a-kasse"),
}


def _key(obj):
    return ContentType.objects.get_for_model(obj), str(obj.pk)


def _error_text(error):
    """The stored text: class and message, one line, no control characters, at most 500."""
    text = f"{error.__class__.__name__}: {error}"
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())[:500]


def notification_failed(obj, *, kind, error):
    """Record (or count again) that the `kind` notification about obj failed."""
    content_type, object_id = _key(obj)
    row, created = NotificationFailure.objects.get_or_create(
        content_type=content_type,
        object_id=object_id,
        kind=kind,
        defaults={"error": _error_text(error)},
    )
    if not created:
        NotificationFailure.objects.filter(pk=row.pk).update(
            error=_error_text(error), attempts=F("attempts") + 1, last_failed_at=timezone.now()
        )
        row.refresh_from_db()
    return row


def notification_sent(obj, *, kind):
    """A `kind` notification about obj went out: forget its earlier failure."""
    content_type, object_id = _key(obj)
    NotificationFailure.objects.filter(
        content_type=content_type, object_id=object_id, kind=kind
    ).delete()


def failures_for(obj):
    """The open failed notifications about obj, newest first, with their Danish names."""
    content_type, object_id = _key(obj)
    rows = NotificationFailure.objects.filter(content_type=content_type, object_id=object_id)
    return [_described(row) for row in rows]


def open_failures():
    """Every open failed notification, newest first (the staff digest lists them)."""
    rows = NotificationFailure.objects.select_related("content_type").prefetch_related("target")
    return [_described(row) for row in rows]


def _described(row):
    row.kind_label = KINDS.get(row.kind, row.kind)
    return row
