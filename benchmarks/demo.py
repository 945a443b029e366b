"""Demo data of the benchmarks app: result targets, report recipients and reports (idempotent;
the evaluation demo is in benchmarks/evaluation/demo.py)."""

from django.db.models import Max
from django.utils.text import slugify

from core.demo import demo_step
from core.periods import add_months
from indicators.models import Indicator, IndicatorValue, Municipality

from .models import MunicipalTarget, Recipient, Report
from .reports import services as report_services

DEMO_TARGET_MUNICIPALITIES = [751, 101, 461, 851]


@demo_step(order=60)
def seed_benchmarks(options):
    """Targets for a few municipalities (the demo evaluation: evaluation/demo.py)."""
    targets = 0
    indicators = list(Indicator.objects.order_by("code")[:3])
    baseline = add_months(options.end, -12)
    stored = {
        (row.indicator_id, row.municipality_id): row
        for row in IndicatorValue.objects.filter(
            indicator__in=indicators,
            municipality__in=DEMO_TARGET_MUNICIPALITIES,
            period=baseline,
            suppressed=False,
            value__isnull=False,
        )
    }
    for indicator in indicators:
        for code in DEMO_TARGET_MUNICIPALITIES:
            row = stored.get((indicator.pk, code))
            if row is None:
                continue
            sign = -1 if indicator.direction == Indicator.Direction.LOWER_IS_BETTER else 1
            _, created = MunicipalTarget.objects.get_or_create(
                municipality_id=code,
                indicator=indicator,
                defaults={
                    "baseline_period": baseline,
                    "baseline_value": row.value,
                    "target_value": round(row.value * (1 + sign * 0.1), 1),
                    "target_date": add_months(options.end, 12),
                    "note": "Demo: 10 % forbedring på to år.",
                },
            )
            targets += created

    return f"{targets} resultatmål"


@demo_step(order=70)
def seed_report_recipients(options):
    """Every municipality gets one recipient (its job-centre manager) for the quarterly report."""
    created = 0
    for municipality in Municipality.objects.all():
        _, was_created = Recipient.objects.get_or_create(
            municipality=municipality,
            email=f"jobcenterchef.{slugify(municipality.name)}@{municipality.code}.kommune.example",
            defaults={"name": f"Jobcenterchef, {municipality.name}", "role": "jobcentre_manager"},
        )
        created += was_created
    return f"{created} rapportmodtagere"


DEMO_REPORT_MUNICIPALITIES = [751, 101]


@demo_step(order=80)
def seed_demo_reports(options):
    """The latest month's reports of the demo managers' municipalities, rendered here so the
    archive has something to download (the full month is rendered by the worker on request)."""
    latest = IndicatorValue.objects.aggregate(latest=Max("period"))["latest"]
    if latest is None:
        return None
    missing = [
        code
        for code in DEMO_REPORT_MUNICIPALITIES
        if not Report.objects.filter(
            municipality_id=code, period=latest, state=Report.State.DONE
        ).exists()
    ]
    if not missing:
        return None
    batch = report_services.reports_request(
        period=latest, municipalities=missing, enqueue=False, national=False
    )
    ids = batch.reports.filter(state=Report.State.PENDING, municipality__in=missing).values_list(
        "pk", flat=True
    )
    for report_id in ids:
        report_services.report_render(report_id=report_id)
    return f"{len(missing)} demorapporter"


from .evaluation import demo as _evaluation_demo  # noqa: E402, F401 - registers its step
