"""World objects for the report URLs: a finished report of Aarhus (751), the national report,
a recipient and a dispatch."""

import datetime
from pathlib import Path

from django.conf import settings

from .world import builder


@builder
def reports_world(world):
    from benchmarks.models import Dispatch, Recipient, Report, ReportBatch

    period = datetime.date(2024, 6, 1)
    batch, _ = ReportBatch.objects.get_or_create(period=period)
    world.report_batch = batch
    pdf = b"%PDF-1.7\n% test placeholder\n"

    def report(code):
        obj, _ = Report.objects.get_or_create(
            municipality_id=code, period=period, defaults={"batch": batch}
        )
        obj.state = Report.State.DONE
        obj.file = f"reports/test-world/{obj.filename}"
        path = Path(settings.MEDIA_ROOT) / obj.file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pdf)
        obj.save()
        return obj

    world.report_751 = report(751)
    world.report_national = report(None)
    world.recipient_751, _ = Recipient.objects.get_or_create(
        municipality_id=751, email="chef@aarhus.example", defaults={"name": "Chef Aarhus"}
    )
    world.dispatch_751, _ = Dispatch.objects.get_or_create(
        municipality_id=751, quarter="2024-Q2", defaults={"report": world.report_751}
    )
    world.quarter = "2024-Q2"
