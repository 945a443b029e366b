"""The steering group's monthly digest: every reform the member follows, with its *på sporet*
status, the reasons and last month's status (reforms.track). Sent once per address and month
by the daily snapshot task."""

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from core.links import site_url
from core.mail import mail_send, notify_each
from core.periods import add_months

from .models import Group, GroupMember, Reform, SteeringDigest, TrackSnapshot
from .track import TRACK_LABELS, reform_track


def digest_recipients():
    """{address: [reform]}: users with the steering role follow every reform, persons seated
    in a reform's styregruppe follow that reform."""
    reforms = list(Reform.objects.order_by("name"))
    recipients = {}
    for email in (
        User.objects.filter(role=Role.STEERING, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    ):
        recipients[email] = list(reforms)
    seats = GroupMember.objects.filter(
        group__kind=Group.Kind.STEERING, person__isnull=False
    ).values_list("person__email", "group__reform_id")
    by_pk = {r.pk: r for r in reforms}
    for email, reform_id in seats:
        if not email:
            continue
        followed = recipients.setdefault(email, [])
        if by_pk[reform_id] not in followed:
            followed.append(by_pk[reform_id])
    return recipients


def digest_rows(reforms, today):
    """[{reform, track, previous, previous_label}] for the digest of today's month."""
    previous_month = add_months(today.replace(day=1), -1)
    previous = dict(
        TrackSnapshot.objects.filter(period=previous_month).values_list("reform_id", "status")
    )
    rows = []
    shared = {}
    for reform in reforms:
        before = previous.get(reform.pk)
        rows.append(
            {
                "reform": reform,
                "track": reform_track(reform, today, {"shared": shared}),
                "previous": before,
                "previous_label": str(TRACK_LABELS[before]) if before else "",
            }
        )
    return rows


def steering_digests_send(today=None):
    """E-mail each steering member this month's digest unless it was sent; returns how many
    were sent. Each address on its own: a failed send is logged and recorded on its row (the
    staff digest lists it) and leaves the row unsent, so the next run retries it; the other
    addresses still get theirs."""
    today = today or timezone.localdate()
    period = today.replace(day=1)
    items = [(email, reforms) for email, reforms in sorted(digest_recipients().items()) if reforms]
    sent, _failed = notify_each(
        items,
        lambda item: _send_steering_digest(*item, period=period, today=today),
        kind="steering_digest",
        targets=lambda item: [
            SteeringDigest.objects.get_or_create(email=item[0], period=period)[0]
        ],
        event="steering_digest_mail_failed",
    )
    return sent


def _send_steering_digest(email, reforms, *, period, today):
    with transaction.atomic():
        row, _created = SteeringDigest.objects.get_or_create(email=email, period=period)
        row = SteeringDigest.objects.select_for_update().get(pk=row.pk)
        if row.sent_at:
            return 0
        rows = digest_rows(reforms, today)
        body = render_to_string(
            "reforms/email/steering_digest.txt",
            {"rows": rows, "period": period, "site_url": site_url()},
        )
        not_green = sum(1 for r in rows if r["track"].status != "green")
        mail_send(
            subject=_("Er reformerne på sporet? %(n)s af %(total)s kræver opmærksomhed")
            % {"n": not_green, "total": len(rows)},
            body=body,
            to=[email],
        )
        row.sent_at = timezone.now()
        row.reforms = len(rows)
        row.save(update_fields=["sent_at", "reforms"])
        return 1
