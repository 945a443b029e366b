"""A computation run that succeeds requests the latest month's benchmark reports; a run that
only back-fills older months leaves the archive alone."""

import datetime

import pytest

from benchmarks.models import Report, ReportBatch
from indicators import services
from indicators.models import ComputationRun

from .test_indicator_services import seed

pytestmark = pytest.mark.django_db


def test_succeeded_run_requests_the_latest_months_reports():
    seed(months=4)
    run = ComputationRun.objects.create(periods=["2025-12"], trigger="import")
    services.computation_run_execute(run_id=run.pk)
    batch = ReportBatch.objects.get()
    assert batch.period == datetime.date(2025, 12, 1)
    assert batch.run_id == run.pk
    assert Report.objects.filter(batch=batch, state=Report.State.PENDING).count() == 99


def test_run_on_older_months_only_requests_no_reports():
    seed(months=4)
    run = ComputationRun.objects.create(periods=["2025-10"], trigger="import")
    services.computation_run_execute(run_id=run.pk)
    assert not ReportBatch.objects.exists()
