"""Large files are imported by the worker (issue 21, CONTRACT.md §5): the upload page and
``POST /api/v1/imports/`` store a file above settings.IMPORT_ASYNC_ABOVE_BYTES on a QUEUED
ImportBatch and answer at once (202); the worker claims the batch (RUNNING), validates and
loads it all-or-nothing through ``observations_import`` and leaves it SUCCEEDED (or DRY_RUN)
or FAILED with its errors, with progress on the way. The stored file is deleted once the
import has finished.

Safe to run twice: a finished batch is never run again, and a run's outcome is written under a
lock on the batch in the same transaction as the observations, so a second delivery of the task
(a worker lost mid-run: acks_late) either redoes the whole import or finds it finished. A run
killed mid-way rolls back: no half state."""

from __future__ import annotations

import logging
import zipfile

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.services import task_enqueue

from ..models import ImportBatch
from .service import clean_text, observations_import, record_failed_import
from .validate import ImportFormatError, format_for

logger = logging.getLogger(__name__)

#: Files above this size go to the worker (settings.IMPORT_ASYNC_ABOVE_BYTES).
DEFAULT_ASYNC_ABOVE_BYTES = 2 * 1024 * 1024
#: XLSX archives whose members unpack to more go too (settings.IMPORT_ASYNC_ABOVE_UNPACKED_BYTES).
DEFAULT_ASYNC_ABOVE_UNPACKED = 10 * 1024 * 1024

FINISHED = (ImportBatch.Status.SUCCEEDED, ImportBatch.Status.FAILED, ImportBatch.Status.DRY_RUN)


def import_goes_to_worker(size, upload=None):
    """True when a file of `size` bytes is imported by the worker rather than in the request.
    A smaller XLSX (upload: the file, read from and rewound) goes too when its members would
    unpack to more than settings.IMPORT_ASYNC_ABOVE_UNPACKED_BYTES: a 2 MB archive may unpack
    to 200 MB of XML, which no request may spend a minute reading."""
    limit = getattr(settings, "IMPORT_ASYNC_ABOVE_BYTES", DEFAULT_ASYNC_ABOVE_BYTES)
    if size > int(limit):
        return True
    return upload is not None and _unpacked_size(upload) > int(
        getattr(settings, "IMPORT_ASYNC_ABOVE_UNPACKED_BYTES", DEFAULT_ASYNC_ABOVE_UNPACKED)
    )


def _unpacked_size(upload):
    """The declared unpacked size of a zip archive's members (0 for anything else), from its
    directory: nothing is unpacked."""
    try:
        upload.seek(0)
        if upload.read(4) != b"PK\x03\x04":
            return 0
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            return sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return 0  # the import itself names what is wrong, at once
    finally:
        upload.seek(0)


def import_enqueue(*, upload, file_name, format=None, dry_run=False, by=None):  # noqa: A002
    """Store `upload` (a Django file) on a QUEUED batch and send it to the worker; returns the
    batch. A file whose format cannot be told is refused at once (a FAILED batch).
    ``batch.enqueue_failed``: the broker could not be reached (the batch stays queued and
    ``imports_sweep`` sends it again)."""
    user = by if getattr(by, "is_authenticated", False) else None
    try:
        fmt = format_for(file_name, format)
    except ImportFormatError as exc:
        return record_failed_import(
            file_name=file_name,
            format=format if format in ImportBatch.Format.values else "csv",
            message=str(exc),
            by=user,
        )
    batch = ImportBatch(
        created_by=user,
        file_name=clean_text(file_name or "")[:255],
        format=fmt,
        status=ImportBatch.Status.QUEUED,
        dry_run=bool(dry_run),
        step="venter på at blive behandlet",
    )
    batch.upload.save(f"import-{timezone.now():%Y%m%d-%H%M%S}.{fmt}", upload, save=False)
    batch.save()
    _send(batch)
    return batch


def _send(batch):
    from ..tasks import import_observations_task

    result = task_enqueue(import_observations_task, args=[batch.pk], event="import_enqueue_failed")
    batch.enqueue_failed = result is None
    if result is not None and result.id:
        batch.task_id = result.id
        ImportBatch.objects.filter(pk=batch.pk).update(task_id=result.id)


def import_execute(*, batch_id):
    """Run a queued import (in the worker); returns the batch, None when there is none to run."""
    claimed = ImportBatch.objects.filter(
        pk=batch_id, status__in=[ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING]
    ).update(status=ImportBatch.Status.RUNNING, progress=5, step="læser filen")
    batch = ImportBatch.objects.select_related("created_by").filter(pk=batch_id).first()
    if batch is None:
        return None
    if not claimed:
        _delete_upload(batch)  # finished by an earlier run that could not delete its file
        return None

    def progress(percent, step):
        ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.RUNNING).update(
            progress=percent, step=step
        )

    try:
        with batch.upload.open("rb") as stored:
            data = stored.read()
    except (OSError, ValueError):
        logger.exception("import_upload_missing", extra={"import_batch": batch_id})
        data = None
    if data is None:
        outcome = _fail(batch, "den uploadede fil findes ikke længere; upload den igen")
    else:
        outcome = observations_import(
            file=data,
            file_name=batch.file_name,
            format=batch.format,
            dry_run=batch.dry_run,
            by=batch.created_by,
            into=batch,
            progress=progress,
        )
    _delete_upload(outcome)
    return outcome


def _fail(batch, message):
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status == ImportBatch.Status.RUNNING:
            locked.status = ImportBatch.Status.FAILED
            locked.errors = [{"row": None, "column": None, "message": message}]
            locked.error_count = 1
            locked.progress, locked.step = 100, ""
            locked.finished_at = timezone.now()
            locked.save()
    return locked


def _delete_upload(batch):
    """Delete a finished batch's stored file (its checksum stays on the batch)."""
    batch.refresh_from_db(fields=["status", "upload"])
    if batch.status in FINISHED and batch.upload:
        batch.upload.delete(save=False)
        ImportBatch.objects.filter(pk=batch.pk).update(upload="")


def imports_sweep(*, stale_after=None):
    """Send again the queued imports nobody has started for `stale_after` (default 5 minutes):
    a message lost to a broker outage. A duplicate message is harmless (see the module).
    Returns how many were sent."""
    import datetime

    stale_after = stale_after if stale_after is not None else datetime.timedelta(minutes=5)
    stale = ImportBatch.objects.filter(
        status=ImportBatch.Status.QUEUED, created_at__lte=timezone.now() - stale_after
    )
    sent = 0
    for batch in stale:
        _send(batch)
        sent += not batch.enqueue_failed
    return sent
