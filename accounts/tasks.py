"""Background work of the accounts app: the account e-mails (accounts.mail), retried when the
mail server fails, and the daily purge of expired API tokens and old reset counts."""

from smtplib import SMTPException

from celery import shared_task

from . import mail
from .throttle import password_reset_attempts_purge
from .tokens import tokens_purge_expired

MAIL_RETRY = {
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": 30,
    "retry_backoff_max": 30 * 60,
    "max_retries": 8,
}


@shared_task(name="accounts.tasks.send_invitation", **MAIL_RETRY)
def send_invitation(user_id, by_id=None):
    return mail.invitation_send(user_id=user_id, by_id=by_id)


@shared_task(name="accounts.tasks.send_password_reset", **MAIL_RETRY)
def send_password_reset(email):
    return mail.password_reset_send(email=email)


@shared_task(name="accounts.tasks.purge_expired_tokens")
def purge_expired_tokens():
    return {"tokens": tokens_purge_expired(), "reset_attempts": password_reset_attempts_purge()}
