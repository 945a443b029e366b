"""Demo data of the benchmarks app."""

from core.demo import demo_step


@demo_step(order=70)
def seed_report_recipients(options):
    """Every municipality gets one recipient (its job-centre manager) for the quarterly report."""
    from django.utils.text import slugify

    from indicators.models import Municipality

    from .models import Recipient

    created = 0
    for municipality in Municipality.objects.all():
        _, was_created = Recipient.objects.get_or_create(
            municipality=municipality,
            email=f"jobcenterchef.{slugify(municipality.name)}@{municipality.code}.kommune.example",
            defaults={"name": f"Jobcenterchef, {municipality.name}", "role": "jobcentre_manager"},
        )
        created += was_created
    return f"{created} rapportmodtagere"
