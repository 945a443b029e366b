"""How often a password reset may be asked for: at most PASSWORD_RESET_PER_ADDRESS times per
e-mail address and PASSWORD_RESET_PER_IP times per client address within
PASSWORD_RESET_WINDOW seconds, counted in PostgreSQL (PasswordResetAttempt) so that every
web process shares the count and page serving never depends on Redis."""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from .models import PasswordResetAttempt


def _keyed_hash(kind, value):
    key = f"password-reset-throttle:{kind}:{settings.SECRET_KEY}".encode()
    return hmac.new(key, (value or "").strip().lower().encode(), hashlib.sha256).hexdigest()


def password_reset_admit(*, email, ip, now=None):
    """Count one reset request for (email, ip) and return True, or return False without
    counting when either has used up its allowance in the window. Does the same queries
    whether or not a user has the address."""
    now = now or timezone.now()
    address_hash, ip_hash = _keyed_hash("address", email), _keyed_hash("ip", ip)
    counts = PasswordResetAttempt.objects.filter(created_at__gte=_window_start(now)).aggregate(
        address=Count("pk", filter=Q(address_hash=address_hash)),
        ip=Count("pk", filter=Q(ip_hash=ip_hash)),
    )
    if (
        counts["address"] >= settings.PASSWORD_RESET_PER_ADDRESS
        or counts["ip"] >= settings.PASSWORD_RESET_PER_IP
    ):
        return False
    PasswordResetAttempt.objects.create(address_hash=address_hash, ip_hash=ip_hash, created_at=now)
    return True


def password_reset_attempts_purge(*, now=None):
    """Delete the counts older than the window (beat, with the token purge); returns how many."""
    deleted, _ = PasswordResetAttempt.objects.filter(
        created_at__lt=_window_start(now or timezone.now())
    ).delete()
    return deleted


def _window_start(now):
    return now - datetime.timedelta(seconds=settings.PASSWORD_RESET_WINDOW)
