"""Background work of evaluations: thin wrappers around services."""

from celery import shared_task

from . import services


@shared_task(
    name="benchmarks.evaluation.tasks.render_evaluation_pdf",
    autoretry_for=(OSError,),
    max_retries=3,
    retry_backoff=True,
)
def render_evaluation_pdf(pdf_id):
    """Render an ordered evaluation results PDF (queue `reports`)."""
    return services.pdf_render(pdf_id=pdf_id).pk
