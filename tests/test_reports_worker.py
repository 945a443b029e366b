"""Rendering in the real worker (queue `reports`): batch progress, failures e-mailed to the
administrators, the sweeper re-enqueuing what nobody is working on, the computation hook."""

import datetime
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from benchmarks.models import Report, ReportBatch
from benchmarks.reports.services import reports_request, reports_request_for_run, reports_sweep
from indicators.models import ComputationRun

from .conftest import wait_for
from .reports_data import make_indicator_values
from .smtp import mail_worker_fixture, smtp_fixture  # noqa: F401 - fixtures

JUNE = datetime.date(2024, 6, 1)
MAY = datetime.date(2024, 5, 1)


@pytest.fixture
def worker_media():
    """The worker writes to the test settings' MEDIA_ROOT; start and end clean."""
    root = Path(settings.MEDIA_ROOT) / "reports"
    shutil.rmtree(root, ignore_errors=True)
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.mark.worker
def test_worker_renders_the_batch_and_reports_progress(celery_worker, worker_media):
    make_indicator_values(indicators=1, months=3)
    batch = reports_request(period=JUNE, municipalities=[751, 101, 860])
    wait_for(
        lambda: ReportBatch.objects.get(pk=batch.pk).status == ReportBatch.Status.SUCCEEDED,
        timeout=120,
    )
    reports = Report.objects.filter(batch=batch)
    assert {r.state for r in reports} == {Report.State.DONE}
    for report in reports:
        assert (Path(settings.MEDIA_ROOT) / report.file).read_bytes().startswith(b"%PDF")
        assert report.run_id is not None and report.data_as_of is not None
    assert "benchmarks.tasks.render_report" in celery_worker.log_path.read_text()


@pytest.mark.worker
def test_failed_report_marks_the_batch_and_mails_the_administrators(
    mail_worker, smtp, worker_media, users
):
    make_indicator_values(indicators=1, months=2)
    worker_media.mkdir(parents=True, exist_ok=True)
    (worker_media / "2024-05").write_text("a file where the month's folder should be")
    batch = reports_request(period=MAY, municipalities=[751])
    wait_for(
        lambda: ReportBatch.objects.get(pk=batch.pk).status == ReportBatch.Status.FAILED,
        timeout=60,
    )
    report = Report.objects.get(batch=batch)
    assert report.state == Report.State.FAILED and "FileExistsError" in report.error
    [note] = wait_for(lambda: smtp.messages, timeout=20)
    assert note["to"] == ["admin@demo.star.dk"]
    assert "Rapportkørsel 2024-05: 1 rapporter fejlede" in note["message"]["Subject"]
    assert "Aarhus" in note["message"].get_content()


@pytest.mark.worker
def test_sweeper_re_enqueues_a_report_nobody_works_on(celery_worker, worker_media):
    make_indicator_values(indicators=1, months=2)
    batch = reports_request(period=JUNE, municipalities=[751], enqueue=False)  # a lost message
    assert reports_sweep(stale_after=datetime.timedelta(hours=1)) == {"reports": 0, "dispatches": 0}
    assert reports_sweep(stale_after=datetime.timedelta(0))["reports"] == 1
    wait_for(lambda: Report.objects.get(batch=batch).state == Report.State.DONE, timeout=60)


@pytest.mark.django_db
def test_finished_computation_run_requests_its_months_reports():
    make_indicator_values(indicators=1, months=2)
    # Since d833ec8 only a run touching the latest month requests reports (back-fills do not).
    older = ComputationRun.objects.create(
        status=ComputationRun.Status.SUCCEEDED, periods=["2024-05"]
    )
    assert reports_request_for_run(run=older) == []
    run = ComputationRun.objects.create(status=ComputationRun.Status.SUCCEEDED, periods=["2024-06"])
    [batch] = reports_request_for_run(run=run)
    assert batch.period == JUNE and batch.run == run
    assert batch.reports.count() == 99  # 98 municipalities and the national report
    every = ComputationRun.objects.create(status=ComputationRun.Status.SUCCEEDED, periods=[])
    [latest] = reports_request_for_run(run=every)
    assert latest.period == JUNE
