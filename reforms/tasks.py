"""Background tasks of the reforms app: thin wrappers around services (ids in, safe twice).
A notification that fails is recorded on its object by the service and retried: the
escalation mails by Celery's retry (any exception), the hourly overdue flagging by its next
run."""

from celery import shared_task

from . import digest, services, track


@shared_task(
    name="reforms.tasks.notify_escalation_raised",
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
)
def notify_escalation_raised(escalation_id):
    return services.escalation_mail_raised(escalation_id=escalation_id)


@shared_task(
    name="reforms.tasks.notify_escalation_decided",
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
)
def notify_escalation_decided(escalation_id):
    return services.escalation_mail_decided(escalation_id=escalation_id)


@shared_task(
    name="reforms.tasks.send_communication_item",
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
)
def send_communication_item(item_id):
    return services.communication_item_mail(item_id=item_id)


@shared_task(name="reforms.tasks.flag_overdue_questions")
def flag_overdue_questions():
    return services.questions_flag_overdue()


@shared_task(
    name="reforms.tasks.take_track_snapshots",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def take_track_snapshots():
    """The current month's på sporet snapshot of every reform, then the steering members'
    monthly digest (both idempotent; run daily)."""
    snapshots = track.track_snapshots_take()
    return {"snapshots": snapshots, "digests": digest.steering_digests_send()}
