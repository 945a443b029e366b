"""When the quarterly dispatch starts, and how SMTP failures are classified."""

import datetime
import smtplib

import pytest
from django.utils import timezone

from benchmarks.models import Dispatch, Recipient, Report, ReportBatch
from benchmarks.reports.selectors import parse_quarter, previous_quarter, quarter_months
from benchmarks.reports.services import _smtp_failure, backoff, dispatch_due
from benchmarks.reports.workdays import is_working_day


def test_quarters():
    assert parse_quarter("2024-Q2") == (2024, 2)
    assert quarter_months("2024-Q4")[-1] == datetime.date(2024, 12, 1)
    assert previous_quarter(datetime.date(2025, 1, 2)) == "2024-Q4"
    with pytest.raises(ValueError, match="ugyldigt kvartal"):
        parse_quarter("2024-Q5")


def test_danish_working_days():
    assert not is_working_day(datetime.date(2024, 12, 25))  # juledag
    assert not is_working_day(datetime.date(2025, 4, 21))  # 2. påskedag
    assert not is_working_day(datetime.date(2024, 7, 6))  # Saturday
    assert is_working_day(datetime.date(2024, 7, 8))


def test_smtp_failures_are_classified_temporary_or_permanent():
    assert _smtp_failure(smtplib.SMTPDataError(451, b"try later"))[0] is True
    assert _smtp_failure(ConnectionRefusedError(111, "refused"))[0] is True
    assert _smtp_failure(smtplib.SMTPServerDisconnected("gone"))[0] is True
    permanent, reply = _smtp_failure(
        smtplib.SMTPRecipientsRefused({"a@b.dk": (550, b"no such user")})
    )
    assert permanent is False and reply == "a@b.dk: 550 no such user"
    assert backoff(1) < backoff(2) < backoff(3) <= 3600


@pytest.mark.django_db
def test_dispatch_starts_on_the_first_working_day_after_the_last_report(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    june = datetime.date(2024, 6, 1)
    finished = timezone.make_aware(datetime.datetime(2024, 7, 4, 16, 0))  # a Thursday
    batch = ReportBatch.objects.create(period=june, finished_at=finished)
    Report.objects.create(batch=batch, municipality_id=751, period=june, state="done")
    Recipient.objects.create(municipality_id=751, email="chef@aarhus.dk", name="Chef")

    assert dispatch_due(today=datetime.date(2024, 7, 4)) is None  # same day as the batch
    assert dispatch_due(today=datetime.date(2024, 7, 6)) is None  # Saturday
    summary = dispatch_due(today=datetime.date(2024, 7, 5))  # Friday: the first working day
    assert summary["pending"] == ["Aarhus"]
    assert Dispatch.objects.filter(quarter="2024-Q2").count() == 98
    assert dispatch_due(today=datetime.date(2024, 7, 8)) is None  # already under way
