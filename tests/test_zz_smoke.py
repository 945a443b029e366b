import datetime, time
import pytest
from tests.reports_data import make_indicator_values

@pytest.mark.django_db
def test_smoke(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    make_indicator_values()
    from benchmarks.services_reports import reports_request, report_render
    from benchmarks.models import Report
    from django.db import transaction
    batch = reports_request(period=datetime.date(2024,6,1), municipalities=[751])
    r = Report.objects.get(municipality=751)
    t=time.time()
    report_render(report_id=r.pk)
    print("render", time.time()-t)
    r.refresh_from_db()
    print(r.state, r.error, r.file, r.size)
    import shutil; shutil.copy(tmp_path / r.file, "/tmp/r751.pdf")
    n = Report.objects.create(batch=batch, municipality=None, period=batch.period)
    t=time.time()
    report_render(report_id=n.pk)
    print("national", time.time()-t)
    n.refresh_from_db(); shutil.copy(tmp_path / n.file, "/tmp/rnat.pdf")
