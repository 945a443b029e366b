"""Background work of the plan and the risk log: thin wrappers around services."""

from celery import shared_task

from . import services


@shared_task(
    name="risklog.tasks.render_meeting_pack_pdf",
    autoretry_for=(OSError,),
    max_retries=3,
    retry_backoff=True,
)
def render_meeting_pack_pdf(pdf_id):
    """Render an ordered meeting-pack PDF (queue `reports`)."""
    return services.meeting_pack_pdf_render(pdf_id=pdf_id).pk


@shared_task(
    name="risklog.tasks.send_status_requests",
    autoretry_for=(OSError,),
    max_retries=5,
    retry_backoff=True,
)
def send_status_requests():
    """Daily (beat): ask responsible people for status before implementation-group meetings."""
    return services.status_requests_send()


@shared_task(
    name="risklog.tasks.send_risk_digests",
    autoretry_for=(OSError,),
    max_retries=5,
    retry_backoff=True,
)
def send_risk_digests():
    """Weekly (beat): e-mail each owner what is overdue or due in the coming week."""
    return services.risk_digests_send()
