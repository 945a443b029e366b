"""API tokens that follow the account: revoked when the password changes, refused while the
account is locked out (django-axes) and after API_TOKEN_LIFETIME_DAYS (README: why DRF's token
with these checks rather than django-rest-knox)."""

import datetime

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


def token_lifetime():
    return datetime.timedelta(days=settings.API_TOKEN_LIFETIME_DAYS)


def token_expired(token, *, now=None):
    return token.created <= (now or timezone.now()) - token_lifetime()


def tokens_revoke(*, user):
    """Delete the user's API tokens; returns how many."""
    deleted, _ = Token.objects.filter(user=user).delete()
    return deleted


def tokens_purge_expired(*, now=None):
    """Delete every token past its lifetime (beat, daily); returns how many."""
    deleted, _ = Token.objects.filter(
        created__lte=(now or timezone.now()) - token_lifetime()
    ).delete()
    return deleted


def account_locked_out(user):
    """True while django-axes holds the account locked: failed log-ins for its user name, within
    the cool-off, at or above the failure limit (from any address: a token may be used from
    anywhere, so a lock-out anywhere stops it)."""
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt

    attempts = AccessAttempt.objects.filter(username__iexact=user.get_username())
    cool_off = get_cool_off()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    failures = attempts.aggregate(most=Max("failures_since_start"))["most"] or 0
    return failures >= settings.AXES_FAILURE_LIMIT


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>` (DRF's token, CONTRACT §7), refused with 401 when the key
    is past its lifetime (and then deleted) or while the account is locked out."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            token.delete()
            raise exceptions.AuthenticationFailed(_("API-nøglen er udløbet. Bed om en ny."))
        if account_locked_out(user):
            raise exceptions.AuthenticationFailed(
                _("Kontoen er midlertidigt låst efter for mange forkerte log-ind-forsøg.")
            )
        return user, token
