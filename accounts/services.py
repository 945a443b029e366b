"""Writes on users: invitation, role changes, deactivation."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import User


def password_set_url(*, user, base_url):
    """An absolute link where user sets a (new) password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return base_url.rstrip("/") + path


@transaction.atomic
def user_invite(
    *, username, email, role, municipality=None, first_name="", last_name="", title="", by, base_url
):
    """Create a user without a password and e-mail a link to set one."""
    user = User(
        username=username,
        email=email,
        role=role,
        municipality=municipality,
        first_name=first_name,
        last_name=last_name,
        title=title,
    )
    user.set_unusable_password()
    user._history_user = by
    user.full_clean()
    user.save()
    link = password_set_url(user=user, base_url=base_url)
    body = render_to_string("accounts/email/invitation.txt", {"user": user, "link": link, "by": by})
    transaction.on_commit(
        lambda: send_mail(
            "Invitation til STAR Impl",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [email],
        )
    )
    return user


def user_deactivate(*, user, by):
    """Deactivate user (kept for history; can no longer log in)."""
    user.is_active = False
    user._history_user = by
    user.save(update_fields=["is_active"])
    return user


def user_activate(*, user, by):
    user.is_active = True
    user._history_user = by
    user.save(update_fields=["is_active"])
    return user
