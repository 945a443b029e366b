"""Writes for reports: request a month's batch, render one report, sweep, dispatch by e-mail.

Rows in PostgreSQL are the truth. A render or a send runs inside a transaction that holds the
row's lock (`SELECT … FOR UPDATE SKIP LOCKED`): a second worker skips a row being worked on, a
killed worker leaves the row pending (its transaction rolls back), and the periodic sweeper
re-enqueues pending rows whose task has been silent for too long.
"""

import datetime
import hashlib
import os
import re
import smtplib
import socket
import tempfile
from pathlib import Path

import structlog
from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import Role, User
from core.pdf import gc_paused
from core.periods import format_period
from core.services import model_save
from indicators.models import IndicatorValue, Municipality

from .document import municipal_document, national_document, render_report_pdf
from .mail import dispatch_messages
from .models import Dispatch, Recipient, Report, ReportBatch
from .selectors import (
    latest_report_of_quarter,
    parse_quarter,
    previous_quarter,
    quarter_months,
    recipients_by_municipality,
)
from .workdays import is_working_day

log = structlog.get_logger(__name__)


class ReportRenderError(Exception):
    """Raised by the task after the failure has been recorded on the report row."""


# ---- rendering ------------------------------------------------------------------------------


def _enqueue_render(report_ids):
    from .tasks import render_report  # here: the tasks module imports this one

    for report_id in report_ids:
        render_report.apply_async(args=[report_id], queue="reports")


def reports_request(
    *, period, municipalities=None, run=None, requested_by=None, national=True, enqueue=True
):
    """Create (or reset) the month's batch and one pending report per municipality (and the
    national report), and enqueue their renders after commit (unless enqueue is False, for
    `render_reports --sync`). municipalities: codes (default all 98)."""
    now = timezone.now()
    with transaction.atomic():
        batch, _ = ReportBatch.objects.select_for_update().get_or_create(period=period)
        batch.status = ReportBatch.Status.RUNNING
        batch.finished_at = None
        batch.failure_notified = False
        if run is not None:
            batch.run = run
        if requested_by is not None:
            batch.requested_by = requested_by
        batch.save()
        codes = (
            list(municipalities)
            if municipalities
            else list(Municipality.objects.values_list("code", flat=True))
        )
        targets = [*codes, None] if national and not municipalities else codes
        ids = []
        for code in targets:
            report, _ = Report.objects.update_or_create(
                municipality_id=code,
                period=period,
                defaults={
                    "batch": batch,
                    "state": Report.State.PENDING,
                    "enqueued_at": now,
                    "error": "",
                },
            )
            ids.append(report.pk)
        if enqueue:
            transaction.on_commit(lambda: _enqueue_render(ids))
    return batch


def reports_request_for_run(*, run):
    """Called when a computation run has succeeded: request the reports of the latest month
    with values, when the run touched it. Older months keep the reports that were sent (later
    changes show as revisions), so back-filling history does not re-render the archive."""
    latest = IndicatorValue.objects.aggregate(latest=Max("period"))["latest"]
    if latest is None:
        return []
    touched = {datetime.date.fromisoformat(f"{p[:7]}-01") for p in (run.periods or [])}
    if touched and latest not in touched:
        return []
    return [reports_request(period=latest, run=run)]


def reports_retry_failed(*, batch):
    """Put the batch's failed reports back to pending and enqueue them."""
    with transaction.atomic():
        ids = list(batch.reports.filter(state=Report.State.FAILED).values_list("pk", flat=True))
        if not ids:
            return 0
        Report.objects.filter(pk__in=ids).update(
            state=Report.State.PENDING, enqueued_at=timezone.now(), error=""
        )
        ReportBatch.objects.filter(pk=batch.pk).update(
            status=ReportBatch.Status.RUNNING, finished_at=None, failure_notified=False
        )
        transaction.on_commit(lambda: _enqueue_render(ids))
    return len(ids)


def report_path(report):
    """Where the report's PDF lives, relative to MEDIA_ROOT."""
    return f"reports/{format_period(report.period)}/{report.filename}"


#: Temp files are named `.tmp-{report id}-….pdf`: the sweeper removes those whose report row
#: no render holds (a worker killed between writing and renaming leaves one behind).
TMP_PREFIX = ".tmp-"
_TMP_OWNER = re.compile(rf"^{re.escape(TMP_PREFIX)}(\d+)-")


def _store_atomically(relative, data, *, owner=None):
    """Write data next to its final place, fsync, then rename over it (atomic on POSIX).
    owner: the report id, put in the temp file's name."""
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    prefix = TMP_PREFIX if owner is None else f"{TMP_PREFIX}{owner}-"
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=prefix, suffix=".pdf")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def report_render(*, report_id):
    """Render one pending report; returns the report, or None when another worker holds it or
    it is not pending. Raises ReportRenderError after recording a failure."""
    error = None
    with transaction.atomic():
        report = (
            Report.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("municipality__region", "batch")
            .filter(pk=report_id, state=Report.State.PENDING)
            .first()
        )
        if report is None:
            return None
        report.attempts += 1
        try:
            build = national_document if report.municipality_id is None else municipal_document
            with gc_paused():  # the document's and the render's garbage in one young pass
                html, figures, as_of, run_id = build(report=report)
                pdf = render_report_pdf(html)
            report.file = report_path(report)
            _store_atomically(report.file, pdf, owner=report.pk)
        except Exception as exc:  # recorded on the row, then raised again below
            log.exception("report_render_failed", report=report_id)
            error = f"{type(exc).__name__}: {exc}"
            report.state = Report.State.FAILED
            report.error = error[:2000]
        else:
            report.state = Report.State.DONE
            report.checksum = hashlib.sha256(pdf).hexdigest()
            report.size = len(pdf)
            report.data_as_of = as_of
            report.run_id = run_id
            report.figures = figures
            report.rendered_at = timezone.now()
            report.error = ""
        report.save()
    batch_progress(batch_id=report.batch_id)
    if error:
        raise ReportRenderError(error)
    return report


def batch_progress(*, batch_id):
    """Close the batch when no report is pending; e-mail the administrators once on failures."""
    batch = ReportBatch.objects.get(pk=batch_id)
    states = set(batch.reports.values_list("state", flat=True))
    if Report.State.PENDING in states or batch.finished_at:
        return batch
    failed = Report.State.FAILED in states
    ReportBatch.objects.filter(pk=batch_id, finished_at__isnull=True).update(
        status=ReportBatch.Status.FAILED if failed else ReportBatch.Status.SUCCEEDED,
        finished_at=timezone.now(),
    )
    if failed and ReportBatch.objects.filter(pk=batch_id, failure_notified=False).update(
        failure_notified=True
    ):
        names = [
            str(r)
            for r in batch.reports.filter(state=Report.State.FAILED).select_related("municipality")
        ]
        notify_admins(
            subject=f"Rapportkørsel {batch.period_label}: {len(names)} rapporter fejlede",
            body="Følgende rapporter kunne ikke dannes:\n\n"
            + "\n".join(names)
            + "\n\nSe siden Rapporter og brug »Prøv fejlede igen«.",
        )
    batch.refresh_from_db()
    return batch


def notify_admins(*, subject, body):
    """E-mail the active STAR administrators (and settings.ADMINS); never raises."""
    addresses = set(
        User.objects.filter(role=Role.ADMIN, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    ) | {email for _, email in getattr(settings, "ADMINS", [])}
    if not addresses:
        return 0
    try:
        return send_mail(
            f"[STAR Impl] {subject}",
            body,
            settings.DEFAULT_FROM_EMAIL,
            sorted(addresses),
            fail_silently=False,
        )
    except Exception:  # a failing notification must not hide the original failure
        log.exception("notify_admins_failed", subject=subject)
        return 0


def reports_sweep(*, stale_after=None):
    """Re-enqueue reports and dispatches left pending by a dead worker; returns the counts.

    A row is stale when it is pending, nobody holds its lock, and its task should have run
    more than `stale_after` ago. Re-enqueuing a row that is merely slow is harmless: the task
    claims the row with SKIP LOCKED and only works on pending rows.
    """
    stale_after = (
        datetime.timedelta(seconds=settings.REPORT_SWEEP_STALE_AFTER)
        if stale_after is None
        else stale_after
    )
    now = timezone.now()
    cutoff = now - stale_after
    with transaction.atomic():
        report_ids = list(
            Report.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(state=Report.State.PENDING, enqueued_at__lte=cutoff)
            .values_list("pk", flat=True)
        )
        Report.objects.filter(pk__in=report_ids).update(enqueued_at=now)
        dispatch_ids = list(
            Dispatch.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status=Dispatch.Status.PENDING, enqueued_at__lte=cutoff)
            .values_list("pk", flat=True)
        )
        Dispatch.objects.filter(pk__in=dispatch_ids).update(enqueued_at=now)
        transaction.on_commit(lambda: _enqueue_render(report_ids))
        transaction.on_commit(lambda: _enqueue_send(dispatch_ids))
    for batch_id in set(
        ReportBatch.objects.filter(finished_at__isnull=True).values_list("pk", flat=True)
    ):
        batch_progress(batch_id=batch_id)
    reports_temp_files_remove()
    return {"reports": len(report_ids), "dispatches": len(dispatch_ids)}


def reports_temp_files_remove():
    """Remove the temp files of renders that died between writing and renaming (a killed
    worker): no reader ever sees them, but they must not pile up in MEDIA_ROOT. A temp file
    `.tmp-{id}-….pdf` is orphaned when no render holds its report's row (a render holds it
    from claim to rename); without an id in the name, when it is older than the task's hard
    time limit. Returns the removed paths relative to MEDIA_ROOT."""
    media = Path(settings.MEDIA_ROOT)
    oldest = timezone.now().timestamp() - settings.CELERY_TASK_TIME_LIMIT
    removed = []
    for tmp in sorted((media / "reports").glob(f"*/{TMP_PREFIX}*.pdf")):
        match = _TMP_OWNER.match(tmp.name)
        with transaction.atomic():
            if match:
                report_id = int(match[1])
                claimed = (
                    Report.objects.select_for_update(skip_locked=True, of=("self",))
                    .filter(pk=report_id)
                    .order_by()
                )
                if not claimed.values_list("pk", flat=True) and (
                    Report.objects.filter(pk=report_id).exists()
                ):
                    continue  # a render holds the row: it is writing this file right now
            else:
                try:
                    if tmp.stat().st_mtime > oldest:
                        continue
                except FileNotFoundError:
                    continue
            tmp.unlink(missing_ok=True)  # still holding the row: no render can start on it
        removed.append(tmp.relative_to(media).as_posix())
    if removed:
        log.warning("report_temp_files_removed", files=removed)
    return removed


# ---- dispatch -------------------------------------------------------------------------------


def _enqueue_send(dispatch_ids, countdown=None):
    from .tasks import send_dispatch  # here: the tasks module imports this one

    for dispatch_id in dispatch_ids:
        send_dispatch.apply_async(args=[dispatch_id], queue="reports", countdown=countdown)


def dispatch_request(*, quarter, enqueue=True):
    """Create the quarter's dispatch rows (one per municipality, never two) and enqueue the
    pending ones. Sent and failed rows are left alone; rows waiting for a report or for
    recipients are re-evaluated. Returns {status: [municipality names]}."""
    parse_quarter(quarter)
    recipients = recipients_by_municipality()
    now = timezone.now()
    summary = {status: [] for status in Dispatch.Status.values}
    to_send = []
    with transaction.atomic():
        for municipality in Municipality.objects.order_by("name"):
            dispatch, _ = Dispatch.objects.get_or_create(municipality=municipality, quarter=quarter)
            dispatch = (
                Dispatch.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(pk=dispatch.pk)
                .first()
            )
            if dispatch is None:  # being sent right now by a worker
                summary[Dispatch.Status.PENDING].append(municipality.name)
                continue
            if dispatch.status in (Dispatch.Status.SENT, Dispatch.Status.FAILED):
                summary[dispatch.status].append(municipality.name)
                continue
            report = latest_report_of_quarter(municipality=municipality, quarter=quarter)
            if report is None:
                dispatch.status = Dispatch.Status.NO_REPORT
            elif not recipients.get(municipality.code):
                dispatch.status = Dispatch.Status.NO_RECIPIENTS
            else:
                dispatch.status = Dispatch.Status.PENDING
                dispatch.enqueued_at = now
                to_send.append(dispatch.pk)
            dispatch.report = report
            dispatch.save()
            summary[dispatch.status].append(municipality.name)
        if enqueue:
            transaction.on_commit(lambda: _enqueue_send(to_send))
    if summary[Dispatch.Status.NO_RECIPIENTS] or summary[Dispatch.Status.NO_REPORT]:
        log.warning(
            "dispatch_missing",
            quarter=quarter,
            no_recipients=summary[Dispatch.Status.NO_RECIPIENTS],
            no_report=summary[Dispatch.Status.NO_REPORT],
        )
    return summary


def dispatch_retry_failed(*, quarter):
    """Failed rows of the quarter back to pending, attempts reset, enqueued."""
    with transaction.atomic():
        ids = list(
            Dispatch.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(quarter=quarter, status=Dispatch.Status.FAILED)
            .values_list("pk", flat=True)
        )
        Dispatch.objects.filter(pk__in=ids).update(
            status=Dispatch.Status.PENDING,
            attempts=0,
            next_attempt_at=None,
            enqueued_at=timezone.now(),
            last_error="",
        )
        transaction.on_commit(lambda: _enqueue_send(ids))
    return len(ids)


def _smtp_failure(exc):
    """(temporary: bool, reply text) for an exception raised while sending."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        reply = "; ".join(
            f"{addr}: {code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
            for addr, (code, msg) in exc.recipients.items()
        )
        return all(400 <= c < 500 for c in codes), reply
    if isinstance(exc, smtplib.SMTPResponseException):
        msg = exc.smtp_error
        text = msg.decode(errors="replace") if isinstance(msg, bytes) else str(msg)
        return 400 <= exc.smtp_code < 500, f"{exc.smtp_code} {text}"
    if isinstance(exc, (smtplib.SMTPServerDisconnected, ConnectionError, socket.timeout, OSError)):
        return True, f"{type(exc).__name__}: {exc}"
    return False, f"{type(exc).__name__}: {exc}"


def backoff(attempts):
    """Seconds before attempt number attempts + 1 (exponential, capped at an hour)."""
    return min(settings.REPORT_DISPATCH_BACKOFF * 2 ** max(0, attempts - 1), 3600)


def dispatch_send(*, dispatch_id):
    """Send one municipality's quarterly e-mail at most once; returns the resulting status or
    None when the row is locked by another worker, not pending or not yet due.

    The row stays locked from the claim to the commit that marks it sent, so the only way to
    send twice is a crash after the SMTP server accepted the message and before that commit.
    """
    now = timezone.now()
    retry_in = None
    with transaction.atomic():
        dispatch = (
            Dispatch.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("municipality")
            .filter(pk=dispatch_id, status=Dispatch.Status.PENDING)
            .first()
        )
        if dispatch is None:
            return None
        if dispatch.next_attempt_at and dispatch.next_attempt_at > now + datetime.timedelta(
            seconds=1
        ):
            return None  # an early duplicate task; the scheduled one (or the sweeper) comes
        recipients = list(
            Recipient.objects.filter(municipality=dispatch.municipality, active=True).order_by(
                "name", "email"
            )
        )
        report = latest_report_of_quarter(
            municipality=dispatch.municipality, quarter=dispatch.quarter
        )
        if report is None or not recipients:
            dispatch.status = (
                Dispatch.Status.NO_REPORT if report is None else Dispatch.Status.NO_RECIPIENTS
            )
            dispatch.save()
            return dispatch.status
        messages = dispatch_messages(
            municipality=dispatch.municipality,
            quarter=dispatch.quarter,
            report=report,
            recipients=recipients,
        )
        dispatch.attempts += 1
        dispatch.report = report
        dispatch.recipients = [r.email for r in recipients]
        try:
            with get_connection(fail_silently=False) as connection:
                connection.send_messages(messages)
        except Exception as exc:
            temporary, reply = _smtp_failure(exc)
            dispatch.last_error = reply[:2000]
            if temporary and dispatch.attempts < settings.REPORT_DISPATCH_MAX_ATTEMPTS:
                retry_in = backoff(dispatch.attempts)
                dispatch.next_attempt_at = now + datetime.timedelta(seconds=retry_in)
                dispatch.enqueued_at = dispatch.next_attempt_at
                ids = [dispatch.pk]
                transaction.on_commit(lambda: _enqueue_send(ids, countdown=retry_in))
            else:
                dispatch.status = Dispatch.Status.FAILED
            dispatch.save()
            log.warning("dispatch_failed", dispatch=dispatch.pk, temporary=temporary, reply=reply)
        else:
            dispatch.status = Dispatch.Status.SENT
            # The formal addressees' e-mail (the first); others get one each (reports/mail.py).
            dispatch.message_id = messages[0].extra_headers["Message-ID"]
            dispatch.sent_at = timezone.now()
            dispatch.figures = report.figures
            dispatch.last_error = ""
            dispatch.save()
    if dispatch.status == Dispatch.Status.FAILED:
        notify_admins(
            subject=f"Forsendelse {dispatch.quarter} til {dispatch.municipality} fejlede",
            body=f"Rapporten kunne ikke sendes til {', '.join(dispatch.recipients)}.\n\n"
            f"Svar fra mailserveren: {dispatch.last_error}\n\n"
            "Se leveringsloggen for kvartalet og brug »Prøv fejlede igen«.",
        )
    return dispatch.status


def recipient_unsubscribe(*, recipient):
    """The recipient opted out through his e-mail's link: no more quarterly e-mails (STAR sees
    him as inactive on the recipients page and can turn him on again). Idempotent."""
    if recipient.active:
        recipient.active = False
        model_save(recipient)
    return recipient


def dispatch_due(*, today=None):
    """Beat entry: on a working day, start the previous quarter's dispatch once the reports of
    its last month are finished (before today) and no dispatch of it exists yet."""
    today = today or timezone.localdate()
    if not is_working_day(today):
        return None
    quarter = previous_quarter(today)
    last_month = quarter_months(quarter)[-1]
    batch = ReportBatch.objects.filter(period=last_month, finished_at__isnull=False).first()
    if batch is None or timezone.localdate(batch.finished_at) >= today:
        return None
    if Dispatch.objects.filter(quarter=quarter).exists():
        return None
    return dispatch_request(quarter=quarter)
