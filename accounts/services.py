"""Writes on users: invitation, role changes, deactivation, password-reset requests."""

from django.db import transaction

from core.services import task_enqueue, task_enqueue_on_commit

from .models import User
from .throttle import password_reset_admit


@transaction.atomic
def user_invite(
    *,
    username,
    email,
    role,
    municipality=None,
    akasse=None,
    first_name="",
    last_name="",
    title="",
    by,
):
    """Create a user without a password; the worker e-mails a link to set one
    (accounts.mail.invitation_send)."""
    from .tasks import send_invitation

    user = User(
        username=username,
        email=email,
        role=role,
        municipality=municipality,
        akasse=akasse,
        first_name=first_name,
        last_name=last_name,
        title=title,
    )
    user.set_unusable_password()
    user._history_user = by
    user.full_clean()
    user.save()
    task_enqueue_on_commit(
        send_invitation, args=[user.pk, by.pk if by else None], event="invitation_enqueue_failed"
    )
    return user


def password_reset_request(*, email, ip):
    """Ask the worker to send a reset link to every account with `email`; False (nothing
    sent) when the address or the client address has asked too often (accounts.throttle).

    The request does the same work whether or not an account has the address — the lookup,
    the token and the mail happen in the worker — so its duration reveals nothing."""
    from .tasks import send_password_reset

    if not password_reset_admit(email=email, ip=ip):
        return False
    task_enqueue(send_password_reset, args=[email], event="password_reset_enqueue_failed")
    return True


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


def akasse_communication_recipients():
    """The addresses STAR's communication to the a-kasser goes to (one per a-kasse that has
    one): the recipients of a communication-plan item with the a-kasser in its audience."""
    from .models import AKasse

    return list(AKasse.objects.exclude(email="").values_list("email", flat=True))
