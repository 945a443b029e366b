"""The account e-mails (invitation, password reset), sent by the worker: plain text, nothing
HTML-escaped, every link built from SITE_URL (never from a request's Host header)."""

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from core.links import site_url
from core.mail import mail_send

from .models import User


def password_set_url(*, user):
    """The absolute link (SITE_URL) where user sets a new password; valid for
    PASSWORD_RESET_TIMEOUT and only until the password changes."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return site_url(path)


def _send(*, subject, template, context, to):
    body = render_to_string(template, context)
    mail_send(subject=subject, body=body, to=to)


def invitation_send(*, user_id, by_id=None):
    """E-mail a newly invited user the link to choose a password. Nothing is sent once the
    user has a password or is gone (the task may run twice)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or user.has_usable_password() or not user.email:
        return 0
    by = User.objects.filter(pk=by_id).first() if by_id else None
    _send(
        subject=_("Invitation til STAR Impl"),
        template="accounts/email/invitation.txt",
        context={"user": user, "by": by, "link": password_set_url(user=user)},
        to=user.email,
    )
    return 1


def password_reset_send(*, email):
    """E-mail a reset link to every active account with `email` that may log in with a
    password (Django's rule); an address without an account gets nothing."""
    sent = 0
    for user in PasswordResetForm().get_users(email):
        _send(
            subject=_("Ny adgangskode til STAR Impl"),
            template="registration/password_reset_email.txt",
            context={"user": user, "link": password_set_url(user=user)},
            to=getattr(user, User.get_email_field_name()),
        )
        sent += 1
    return sent
