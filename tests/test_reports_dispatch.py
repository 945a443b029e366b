"""The quarterly dispatch against a local SMTP server (aiosmtpd) with a real worker on Redis:
exactly one e-mail per municipality and quarter, retries of temporary failures, permanent
failures recorded, and recovery after a worker is killed."""

import datetime
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from benchmarks.models import Dispatch, Recipient, Report, ReportBatch
from benchmarks.reports.services import dispatch_request, reports_sweep
from indicators.models import Municipality

from .conftest import ROOT, _worker_env, wait_for
from .smtp import mail_worker_fixture, smtp_fixture  # noqa: F401 - fixtures

QUARTER = "2024-Q2"
JUNE = datetime.date(2024, 6, 1)


@pytest.fixture
def quarter_reports(transactional_db):
    """A finished June report (a small distinct PDF) and one recipient per municipality."""
    batch = ReportBatch.objects.create(
        period=JUNE,
        status=ReportBatch.Status.SUCCEEDED,
        finished_at=datetime.datetime.now(datetime.UTC),
    )
    folder = Path(settings.MEDIA_ROOT) / "reports" / "test-dispatch"
    folder.mkdir(parents=True, exist_ok=True)
    for m in Municipality.objects.all():
        data = f"%PDF-1.7\n% report of {m.code}\n".encode()
        report = Report(
            batch=batch,
            municipality=m,
            period=JUNE,
            state=Report.State.DONE,
            figures={"t_ind_0": {"period": "2024-06", "value": float(m.code), "suppressed": False}},
        )
        report.file = f"reports/test-dispatch/{report.filename}"
        (folder / report.filename).write_bytes(data)
        report.checksum = hashlib.sha256(data).hexdigest()
        report.save()
        Recipient.objects.create(
            municipality=m, email=f"chef{m.code}@kommune.example", name=f"Chef {m.name}"
        )


def _attachment(message):
    [part] = list(message.iter_attachments())
    return part.get_filename(), part.get_content()


def _assert_one_mail_each(handler):
    mails = handler.reports()
    by_to = {}
    for mail in mails:
        [to] = mail["to"]
        by_to.setdefault(to, []).append(mail["message"])
    assert len(by_to) == 98, (
        len(by_to),
        len(handler.messages),
        [m["message"]["Subject"] for m in handler.messages if m not in mails],
    )
    assert all(len(v) == 1 for v in by_to.values()), {
        k: len(v) for k, v in by_to.items() if len(v) > 1
    }
    for to, [message] in by_to.items():
        code = int(to.removeprefix("chef").split("@")[0])
        name, content = _attachment(message)
        assert name == f"benchmarkrapport-{code}-2024-06.pdf"
        assert f"report of {code}".encode() in content
    return mails


@pytest.mark.worker
def test_98_municipalities_get_exactly_one_mail_each_even_when_run_twice(
    quarter_reports, mail_worker, smtp
):
    dispatch_request(quarter=QUARTER)
    dispatch_request(quarter=QUARTER)  # a second beat/command while the first is under way
    wait_for(
        lambda: Dispatch.objects.filter(quarter=QUARTER, status=Dispatch.Status.SENT).count() == 98,
        timeout=120,
    )
    mails = _assert_one_mail_each(smtp)
    # The row keeps the Message-ID that went over SMTP.
    sent_ids = {m["message"]["Message-ID"] for m in mails}
    assert set(Dispatch.objects.values_list("message_id", flat=True)) == sent_ids
    aarhus = Dispatch.objects.get(municipality=751, quarter=QUARTER)
    message = next(m["message"] for m in mails if m["to"] == ["chef751@kommune.example"])
    assert message["Subject"] == "Benchmarkrapport for Aarhus Kommune, 2024-Q2"
    assert "/benchmark/751/" in message.get_body(("plain",)).get_content()
    assert aarhus.figures["t_ind_0"]["value"] == 751.0

    summary = dispatch_request(quarter=QUARTER)  # run again once everything is sent
    assert len(summary["sent"]) == 98 and not summary["pending"]
    time.sleep(2)
    assert len(smtp.reports()) == 98
    assert Dispatch.objects.filter(quarter=QUARTER).count() == 98


@pytest.mark.worker
def test_temporary_451_is_retried_and_delivered_once(quarter_reports, mail_worker, smtp):
    Recipient.objects.exclude(municipality=751).delete()
    smtp.defer_first.add("chef751@kommune.example")
    dispatch_request(quarter=QUARTER)
    row = wait_for(
        lambda: Dispatch.objects.filter(municipality=751, status=Dispatch.Status.SENT).first(),
        timeout=60,
    )
    assert row.attempts == 2
    assert smtp.data_attempts[("chef751@kommune.example",)] == 2
    assert len(smtp.reports()) == 1
    assert Dispatch.objects.get(municipality=101).status == Dispatch.Status.NO_RECIPIENTS


@pytest.mark.worker
def test_permanent_550_is_marked_failed_with_the_reply_without_retries(
    quarter_reports, mail_worker, smtp
):
    from accounts.models import Role, User

    User.objects.create(username="ops", email="ops@star.example", role=Role.ADMIN)
    Recipient.objects.exclude(municipality=751).delete()
    smtp.rcpt_replies["chef751@kommune.example"] = "550 5.1.1 Mailbox does not exist"
    dispatch_request(quarter=QUARTER)
    row = wait_for(
        lambda: Dispatch.objects.filter(municipality=751, status=Dispatch.Status.FAILED).first(),
        timeout=60,
    )
    assert "550" in row.last_error and "Mailbox does not exist" in row.last_error
    assert row.attempts == 1
    time.sleep(3)  # no retry storm
    assert smtp.rcpt_attempts["chef751@kommune.example"] == 1
    assert smtp.reports() == []
    # the administrators are told
    notes = wait_for(
        lambda: [m for m in smtp.messages if "ops@star.example" in m["to"]], timeout=20
    )
    assert "Aarhus" in notes[0]["message"]["Subject"]


def _start_worker(log_path):
    log = open(log_path, "w")  # noqa: SIM115 - closed by the caller via proc.log
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "star_impl",
            "worker",
            "--queues",
            "default,reports",
            "--pool",
            "solo",
            "--concurrency",
            "1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--hostname",
            f"test-worker-2-{os.getpid()}@%h",
            "--loglevel",
            "INFO",
        ],
        cwd=ROOT,
        env=_worker_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    wait_for(lambda: "ready" in Path(log_path).read_text(), timeout=60)
    proc.log = log
    return proc


@pytest.mark.worker
def test_worker_killed_between_two_mails_every_municipality_gets_exactly_one(
    quarter_reports, mail_worker, smtp, tmp_path
):
    smtp.block_at = 40  # the 40th message waits: 39 are sent, the 40th not yet accepted
    dispatch_request(quarter=QUARTER)
    assert smtp.blocked.wait(90), "the worker never reached the 40th mail"
    os.kill(mail_worker.pid, signal.SIGKILL)
    mail_worker.wait(timeout=10)
    smtp.release.set()  # the dead client's message is answered 451 and not stored
    assert len(smtp.reports()) == 39
    assert Dispatch.objects.filter(quarter=QUARTER, status=Dispatch.Status.SENT).count() == 39

    second = _start_worker(tmp_path / "worker2.log")
    try:
        wait_for(
            lambda: Dispatch.objects.filter(quarter=QUARTER, status=Dispatch.Status.SENT).count()
            >= 97,
            timeout=120,
        )
        # The killed task's message is never redelivered by Redis before the visibility
        # timeout: the sweeper (PostgreSQL rows are the truth) puts it back.
        swept = reports_sweep(stale_after=datetime.timedelta(0))
        assert swept["dispatches"] >= 1
        wait_for(
            lambda: Dispatch.objects.filter(quarter=QUARTER, status=Dispatch.Status.SENT).count()
            == 98,
            timeout=60,
        )
    finally:
        second.terminate()
        second.wait(timeout=20)
        second.log.close()
    _assert_one_mail_each(smtp)
