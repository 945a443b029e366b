"""A worker killed between writing a report's temp file and renaming it leaves the temp file
behind; the sweeper removes it unless a render holds the report's row (it is being written)."""

import datetime
import os
import time

import pytest

from benchmarks.reports.services import report_path, reports_request, reports_temp_files_remove
from tests.sessions import other_session

JUNE = datetime.date(2024, 6, 1)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.mark.django_db(transaction=True)
def test_orphaned_temp_files_are_removed_unless_a_render_holds_the_row(media):
    batch = reports_request(period=JUNE, municipalities=[751, 101], enqueue=False)
    aarhus = batch.reports.get(municipality_id=751)
    copenhagen = batch.reports.get(municipality_id=101)
    folder = media / report_path(aarhus).rsplit("/", 1)[0]
    folder.mkdir(parents=True)
    final = media / report_path(aarhus)
    final.write_bytes(b"%PDF-1.7 a finished report")
    held = folder / f".tmp-{aarhus.pk}-abc123.pdf"  # its render is alive (holds the row)
    dead = folder / f".tmp-{copenhagen.pk}-def456.pdf"  # its worker was killed
    gone = folder / ".tmp-999999-ghi789.pdf"  # its report row no longer exists
    fresh, stale = folder / ".tmp-young.pdf", folder / ".tmp-old.pdf"  # names without an id
    for path in (held, dead, gone, fresh, stale):
        path.write_bytes(b"%PDF-1.7 half of a rep")
    two_hours_ago = time.time() - 2 * 3600
    os.utime(stale, (two_hours_ago, two_hours_ago))

    render = other_session()
    try:
        with render.cursor() as cursor:  # what report_render holds while it writes
            cursor.execute("SELECT id FROM benchmarks_report WHERE id = %s FOR UPDATE", [aarhus.pk])
        removed = reports_temp_files_remove()
        assert sorted(removed) == sorted(
            p.relative_to(media).as_posix() for p in (dead, gone, stale)
        )
        assert held.exists() and fresh.exists() and final.exists()
        assert not dead.exists() and not gone.exists() and not stale.exists()
    finally:
        render.rollback()
        render.close()
    # The render died (its transaction is gone): now its temp file is an orphan too.
    assert reports_temp_files_remove() == [held.relative_to(media).as_posix()]
    assert sorted(p.name for p in folder.iterdir()) == sorted([final.name, fresh.name])


@pytest.mark.django_db
def test_sweeper_removes_orphans_and_a_render_names_its_temp_file(media, monkeypatch):
    from benchmarks.reports import services as services_reports

    batch = reports_request(period=JUNE, municipalities=[751], enqueue=False)
    report = batch.reports.get()
    folder = media / "reports" / "2024-06"
    folder.mkdir(parents=True)
    (folder / f".tmp-{report.pk}-x.pdf").write_bytes(b"%PDF-half")
    services_reports.reports_sweep(stale_after=datetime.timedelta(hours=1))
    assert list(folder.iterdir()) == []

    seen = []
    real_mkstemp = services_reports.tempfile.mkstemp

    def spy(**kwargs):
        seen.append(kwargs["prefix"])
        return real_mkstemp(**kwargs)

    monkeypatch.setattr(services_reports.tempfile, "mkstemp", spy)
    services_reports._store_atomically(report_path(report), b"%PDF-1.7", owner=report.pk)
    assert seen == [f".tmp-{report.pk}-"]
    assert [p.name for p in folder.iterdir()] == [report.filename]
