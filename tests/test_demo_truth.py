"""The demo tells the truth (issue 16.6): indicators on their own reform by slug, the demo data
registered as an import (a real "data pr." date), the newest month marked foreløbig."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(users):
    call_command("seed_demo", "--months", "6", "--end", "2026-10", stdout=io.StringIO())


def test_indicators_sit_on_their_reform_by_slug(demo):
    from indicators.models import Indicator

    reforms = dict(Indicator.objects.values_list("code", "reform__slug"))
    assert reforms["virk_andel"] == "flere-skal-med"
    assert reforms["virk_antal"] == "flere-skal-med"
    assert reforms["jobandel"] == "flere-skal-med"
    milestone = Indicator.objects.get(code="virk_andel")
    assert (milestone.milestone_threshold, milestone.milestone_months) == (40.0, 3)


def _client(username):
    """A client logged in as the demo user as seed_demo left it (it sets the demo password)."""
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_demo_data_is_a_registered_import_and_the_newest_month_is_provisional(demo):
    from indicators.models import ImportBatch

    batch = ImportBatch.objects.get(file_name="demodata-seed_demo.csv")
    assert batch.status == "succeeded" and batch.finished_at is not None
    assert batch.periods[-1] == "2026-10" and batch.created > 0
    call_command("seed_demo", "--months", "6", "--end", "2026-10", stdout=io.StringIO())
    assert ImportBatch.objects.filter(file_name="demodata-seed_demo.csv").count() == 1
    client = _client("jc751")
    response = client.get(reverse("benchmarks:page", args=[751]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "ikke registreret" not in html and "Data opgjort pr." in html
    assert "(foreløbig)" in html and 'id="benchmark-provisional"' in html
    older = client.get(reverse("benchmarks:page", args=[751]), {"period": "2026-09"})
    assert "(foreløbig)" not in older.content.decode()


def test_pdf_marks_the_newest_month_provisional_and_shows_the_official_benchmark(demo):
    import datetime as dt
    from pathlib import Path

    import pdfplumber
    from django.conf import settings

    from benchmarks.models import Report
    from indicators.imports import measures_ensure_mapped
    from indicators.models import Measure, Observation

    measures_ensure_mapped()
    for code, value in [("y30r21_forventet_andel_i_alt", 14.9), ("y30r21_placering_i_alt", 28)]:
        Observation.objects.create(
            measure=Measure.objects.get(code=code),
            municipality_id=751,
            period=dt.date(2026, 9, 1),
            value=value,
        )
    Report.objects.filter(municipality_id=751).delete()
    call_command("render_reports", "--period", "2026-10", "--municipality", "751", "--sync")
    report = Report.objects.get(municipality_id=751, period=datetime.date(2026, 10, 1))
    with pdfplumber.open(Path(settings.MEDIA_ROOT) / report.file) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "foreløbig" in text
    assert "Ministeriets benchmark" in text and "14,90" in text and "nr. 28" in text


def test_the_suggested_dispatch_quarter_has_reports_to_preview_and_send(demo):
    from django.utils import timezone

    from benchmarks.reports import selectors

    quarter = selectors.previous_quarter(timezone.localdate())
    if not any(m <= datetime.date(2026, 10, 1) for m in selectors.quarter_months(quarter)):
        pytest.skip("the demo's months (to 2026-10) do not reach the suggested quarter")
    plan = {row.municipality.code: row.action for row in selectors.dispatch_plan(quarter=quarter)}
    assert plan[751] == "send" and plan[101] == "send"
