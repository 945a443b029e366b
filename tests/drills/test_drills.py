"""Failure drills (issue 9, item 7): pull the plug on PostgreSQL, Redis, the worker and an import
in the middle of real work and check what the system does about it. See docs/failure-drills.md.

Run only these: `pytest -m drill`.
"""

import base64
import hashlib
import io
import json
import os
import re
import signal
import time
from pathlib import Path

import pytest
import redis
import requests
from pypdf import PdfReader

from .conftest import wait_for

pytestmark = pytest.mark.drill

RECOVER = "indicators.tasks.recover_computation_runs"
SWEEP_REPORTS = "benchmarks.tasks.sweep_reports"


def run_row(pg, run_id):
    rows = pg.query(
        "SELECT status, progress, trigger, error, rows_written FROM indicators_computationrun"
        " WHERE id = %s",
        [run_id],
    )
    keys = ["status", "progress", "trigger", "error", "rows_written"]
    return dict(zip(keys, rows[0], strict=True))


def change_observations(pg):
    """Double the values of the first indicator's numerator: the next computation changes
    stored figures (so "previous values intact" can fail)."""
    pg.query(
        "UPDATE indicators_observation SET value = value * 2 WHERE measure_id ="
        " (SELECT numerator_id FROM indicators_indicator ORDER BY code LIMIT 1)"
    )


def start_computation(app, session):
    """Start a full computation from the runs page; returns the run id."""
    response = app.post_form(session, "/computations/start/", {"period": ""})
    assert response.status_code == 200, response.status_code
    return int(re.search(r"/computations/(\d+)/$", response.url).group(1))


def pull_plug_when_running(pg, run_id, plug):
    """Wait until the worker holds the computation lock and has marked the run running (the
    computation takes ~3 s from there), then call plug()."""
    wait_for(
        lambda: run_row(pg, run_id)["status"] == "running",
        timeout=60,
        interval=0.05,
        what="computation running",
    )
    plug()


def recover_until(app, predicate, timeout=60, task=RECOVER):
    """Send the sweeper task (as beat does every minute) until predicate() holds."""

    def attempt():
        app.send_task(task)
        return wait_for_quiet(predicate, 2)

    return wait_for(attempt, timeout=timeout, interval=0, what="recovery")


def wait_for_quiet(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    return None


def latest_rerun(pg, after_id):
    rows = pg.query(
        "SELECT id FROM indicators_computationrun WHERE id > %s AND trigger = 'schedule'"
        " ORDER BY id LIMIT 1",
        [after_id],
    )
    return rows[0][0] if rows else None


def test_postgres_stopped_during_computation(drill):
    """(a) PostgreSQL stops (immediate, like a crash) in the middle of a computation."""
    app = drill("pgstop")
    pg = app.pg
    session = app.login()
    change_observations(pg)
    before = pg.values_checksum()
    run_id = start_computation(app, session)
    stopped = time.monotonic()
    pull_plug_when_running(pg, run_id, lambda: pg.stop(mode="immediate"))

    # While PostgreSQL is down the health check takes the web server out of rotation.
    health = requests.get(app.base + "/healthz", timeout=10)
    assert health.status_code == 503, health.text
    assert health.json()["database"].startswith("error")
    # The worker's computation dies with the database (it cannot even record that).
    wait_for(
        lambda: "indicator_computation_failed" in app.worker_log.read_text(),
        timeout=30,
        what="worker notices the database is gone",
    )

    pg.start()
    wait_for(
        lambda: requests.get(app.base + "/healthz", timeout=10).status_code == 200,
        timeout=30,
        what="/healthz 200 after restart",
    )
    # The interrupted write was one transaction: the previous figures are all there.
    assert pg.values_checksum() == before
    assert run_row(pg, run_id)["status"] != "succeeded"

    # The sweeper (beat, every minute) closes the orphaned run and asks for a re-run.
    recover_until(app, lambda: run_row(pg, run_id)["status"] == "failed")
    row = run_row(pg, run_id)
    assert row["error"].startswith("Afbrudt"), row
    rerun = wait_for(lambda: latest_rerun(pg, run_id), timeout=10, what="re-run requested")
    wait_for(
        lambda: run_row(pg, rerun)["status"] in ("succeeded", "failed"),
        timeout=90,
        what="re-run finished",
    )
    assert run_row(pg, rerun)["status"] == "succeeded", run_row(pg, rerun)
    after = pg.values_checksum()
    assert after[0] == before[0] and after[1] != before[1]
    assert run_row(pg, rerun)["rows_written"] == before[0]
    # The run page tells the user what happened.
    page = session.get(f"{app.base}/computations/{run_id}/", timeout=10)
    assert page.status_code == 200 and "Afbrudt" in page.text
    print(f"drill a: {time.monotonic() - stopped:.1f} s from start of computation to recovery")


PAGES = ["/", "/computations/", "/indicators/", "/measures/", "/imports/", "/reforms/"]
DELAYED = "Baggrundsjob er forsinket"


def test_redis_stopped(drill):
    """(b) Redis (the job queue) stops: pages keep working, work is delayed, not lost."""
    app = drill("redis")
    pg = app.pg
    session = app.login()
    app.redis.stop()

    for path in PAGES:
        response = session.get(app.base + path, timeout=10)
        assert response.status_code == 200, (path, response.status_code)
    health = requests.get(app.base + "/healthz", timeout=10)
    assert health.status_code == 200, health.text
    assert health.json()["database"] == "ok"
    assert health.json()["broker"].startswith("error"), health.json()

    # Starting a computation: the run is registered and the user told that it is delayed.
    started = time.monotonic()
    response = app.post_form(session, "/computations/start/", {"period": ""})
    took = time.monotonic() - started
    assert response.status_code == 200 and DELAYED in response.text, response.status_code
    assert took < 10, f"the page waited {took:.1f} s for the broker"
    run_id = int(re.search(r"/computations/(\d+)/$", response.url).group(1))
    assert run_row(pg, run_id)["status"] == "queued"

    # An import is stored; its recomputation is delayed (and said so).
    measure = pg.scalar("SELECT code FROM indicators_measure ORDER BY code LIMIT 1")
    count = pg.scalar("SELECT count(*) FROM indicators_observation")
    csv = "measure;municipality;period;value\n" + "".join(
        f"{measure};{code};1999-0{month};{code * 10 + month}\n"
        for code in (101, 751)
        for month in (1, 2)
    )
    response = app.post_form(
        session, "/imports/upload/", files={"file": ("delayed.csv", csv.encode(), "text/csv")}
    )
    assert response.status_code == 200, response.text[:2000]
    assert "Importen er gennemført" in response.text and DELAYED in response.text
    assert pg.scalar("SELECT count(*) FROM indicators_observation") == count + 4
    import_run = pg.scalar(
        "SELECT computation_run_id FROM indicators_importbatch ORDER BY id DESC LIMIT 1"
    )
    assert run_row(pg, import_run)["status"] == "queued"

    # Redis is back: the sweeper resends the queued runs and the worker computes them.
    app.redis.start()
    recover_until(
        app,
        lambda: all(run_row(pg, r)["status"] == "succeeded" for r in (run_id, import_run)),
        timeout=90,
    )
    health = requests.get(app.base + "/healthz", timeout=10).json()
    assert health["broker"] == "ok"


def test_worker_killed_during_computation(drill):
    """(c') The worker is SIGKILLed in the middle of a computation: after a restart the run is
    closed and re-run, values complete. (Killed while rendering reports: the next drill.)"""
    app = drill("workerkill")
    pg = app.pg
    session = app.login()
    change_observations(pg)
    before = pg.values_checksum()
    run_id = start_computation(app, session)
    pull_plug_when_running(pg, run_id, app.kill_worker)

    # Nothing of the killed computation is visible: the write was one transaction.
    assert pg.values_checksum() == before
    assert run_row(pg, run_id)["status"] == "running"

    app.start_worker()  # its start-up check (and beat every minute) closes the orphaned run
    recover_until(app, lambda: run_row(pg, run_id)["status"] == "failed")
    assert run_row(pg, run_id)["error"].startswith("Afbrudt")
    rerun = wait_for(lambda: latest_rerun(pg, run_id), timeout=10, what="re-run requested")
    wait_for(
        lambda: run_row(pg, rerun)["status"] in ("succeeded", "failed"),
        timeout=90,
        what="re-run finished",
    )
    assert run_row(pg, rerun)["status"] == "succeeded", run_row(pg, rerun)
    after = pg.values_checksum()
    assert after[0] == before[0] and after[1] != before[1]
    assert run_row(pg, rerun)["rows_written"] == before[0]


#: A handful of municipalities (the demo's 101 and 751 were rendered in the template; they
#: are reset and rendered again in the drill's own MEDIA_ROOT).
REPORT_CODES = [101, 461, 751, 851]


def batch_reports(pg, batch_id):
    """{report id: row} of the batch's reports."""
    rows = pg.query(
        "SELECT r.id, r.municipality_id, m.name, r.state, r.file, r.checksum, r.size, r.error,"
        " r.rendered_at FROM benchmarks_report r LEFT JOIN indicators_municipality m"
        " ON m.code = r.municipality_id WHERE r.batch_id = %s ORDER BY r.id",
        [batch_id],
    )
    keys = ["id", "code", "name", "state", "file", "checksum", "size", "error", "rendered_at"]
    return {row[0]: dict(zip(keys, row, strict=True)) for row in rows}


def pending_reports(pg, batch_id):
    return {i for i, r in batch_reports(pg, batch_id).items() if r["state"] == "pending"}


def rendering_now(pg, batch_id):
    """Ids of the batch's pending reports whose row a render holds (pgrowlocks reads the row
    locks without taking any: the drill must not make the worker's SKIP LOCKED skip a row)."""
    rows = pg.query(
        "SELECT r.id FROM benchmarks_report r JOIN pgrowlocks('benchmarks_report') l"
        " ON r.ctid = l.locked_row WHERE r.batch_id = %s AND r.state = 'pending'",
        [batch_id],
    )
    return {row[0] for row in rows}


def mid_render(pg, batch_id):
    """The report being rendered, once a report of the batch is done and the worker has held
    the next one's row for a second."""
    if len(pending_reports(pg, batch_id)) == len(REPORT_CODES):
        return None
    now = rendering_now(pg, batch_id)
    if not now:
        return None
    time.sleep(1)
    return now if rendering_now(pg, batch_id) == now else None


def unacked_report_ids(broker):
    """Report ids of the render messages Redis holds as delivered but not acknowledged (it
    would give them back only after the 4-hour visibility timeout)."""
    ids = set()
    for raw in broker.hvals("unacked"):
        message = json.loads(raw)[0]
        if message["headers"].get("task") == "benchmarks.tasks.render_report":
            args = json.loads(base64.b64decode(message["body"]))[0]
            ids.add(args[0])
    return ids


def media_files(media):
    """Every file under MEDIA_ROOT (hidden temp files included), relative, sorted."""
    return sorted(
        (Path(folder) / name).relative_to(media).as_posix()
        for folder, _, names in os.walk(media)
        for name in names
    )


def test_worker_killed_while_rendering_reports(drill):
    """(c) The worker is SIGKILLed while it renders the PDFs of a report batch: after a restart
    and the sweeper every municipality of the batch has exactly one stored report, the batch is
    complete, and MEDIA_ROOT holds exactly the batch's PDFs (no half-written file)."""
    app = drill("reportkill")
    pg = app.pg
    media = app.workdir / "media"
    broker = redis.Redis.from_url(app.redis.url)
    if not pg.query("SELECT 1 FROM pg_available_extensions WHERE name = 'pgrowlocks'"):
        pytest.skip("drill (c) needs PostgreSQL's pgrowlocks extension (postgresql-NN package)")
    pg.query("CREATE EXTENSION IF NOT EXISTS pgrowlocks")
    period = pg.scalar("SELECT max(period) FROM indicators_indicatorvalue")
    month = period.strftime("%Y-%m")
    started = time.monotonic()
    out = app.manage(
        "shell",
        "-c",
        "import datetime; from benchmarks.reports.services import reports_request;"
        f" b = reports_request(period=datetime.date({period.year}, {period.month}, 1),"
        f" municipalities={REPORT_CODES}); print('batch', b.pk)",
    ).stdout
    batch_id = int(re.search(r"batch (\d+)", out).group(1))
    assert sorted(r["code"] for r in batch_reports(pg, batch_id).values()) == REPORT_CODES

    # Pull the plug once the worker has finished a report and is a second into the next (a
    # render takes several seconds: WeasyPrint is at work, the row locked, no file written).
    victims = wait_for(
        lambda: mid_render(pg, batch_id),
        timeout=120,
        interval=0.02,
        what="the worker a second into the batch's second report or later",
    )
    app.kill_worker()
    killed_at = pg.scalar("SELECT now()")
    [victim] = victims
    done_before = len(REPORT_CODES) - len(pending_reports(pg, batch_id))

    # The killed render's transaction rolls back: the row is pending again, nobody holds it.
    wait_for(
        lambda: not rendering_now(pg, batch_id), timeout=30, what="the killed render rolls back"
    )
    assert batch_reports(pg, batch_id)[victim]["state"] == "pending"
    # Its message is stuck in Redis as delivered-but-unacknowledged.
    assert victim in unacked_report_ids(broker)

    # A new worker renders what is still queued, but not the report it was killed on: the
    # broker does not give that message back (visibility timeout 4 h). The killed worker held
    # only that one message (solo pool, prefetch multiplier 1).
    app.start_worker()
    wait_for(
        lambda: broker.llen("reports") == 0
        and not rendering_now(pg, batch_id)
        and pending_reports(pg, batch_id) == {victim},
        timeout=180,
        what="the restarted worker renders the rest of the queue",
    )
    time.sleep(3)  # nothing else would render it
    assert pending_reports(pg, batch_id) == {victim}
    assert victim in unacked_report_ids(broker)
    assert pg.query(
        "SELECT status, finished_at FROM benchmarks_reportbatch WHERE id = %s", [batch_id]
    ) == [("running", None)]
    session = app.login()
    listing = session.get(app.base + "/rapporter/", timeout=30)
    assert listing.status_code == 200
    row = rf'\?period={month}">[^<]+</a></td>\s*<td>{{}}</td>\s*<td[^>]*>{{}} / {{}}</td>'
    assert re.search(row.format("I gang", len(REPORT_CODES) - 1, len(REPORT_CODES)), listing.text)

    # The sweeper (beat, every 5 minutes) re-enqueues the pending rows nobody holds.
    recovered = time.monotonic()
    recover_until(
        app,
        lambda: pg.query(
            "SELECT status FROM benchmarks_reportbatch WHERE id = %s AND finished_at IS NOT NULL",
            [batch_id],
        ),
        timeout=180,
        task=SWEEP_REPORTS,
    )
    recovery_took = time.monotonic() - recovered
    assert (
        pg.scalar("SELECT status FROM benchmarks_reportbatch WHERE id = %s", [batch_id])
        == "succeeded"
    )

    # Exactly one stored report per municipality of the batch, all done, the killed one
    # rendered after the kill.
    reports = batch_reports(pg, batch_id)
    assert sorted(r["code"] for r in reports.values()) == REPORT_CODES
    assert {(r["state"], r["error"]) for r in reports.values()} == {("done", "")}
    assert reports[victim]["rendered_at"] > killed_at
    assert pg.scalar(
        "SELECT count(*) FROM benchmarks_report WHERE period = %s AND municipality_id = ANY(%s)",
        [period, REPORT_CODES],
    ) == len(REPORT_CODES)
    # MEDIA_ROOT holds exactly the batch's PDFs: no temp file, no second copy, nothing else.
    assert media_files(media) == sorted(r["file"] for r in reports.values())
    assert media_files(media) == sorted(
        f"reports/{month}/benchmarkrapport-{code}-{month}.pdf" for code in REPORT_CODES
    )
    for report in reports.values():
        data = (media / report["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == report["checksum"], report["file"]
        assert len(data) == report["size"]
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
        pdf = PdfReader(io.BytesIO(data))
        assert pdf.metadata.title == f"Benchmarkrapport {report['name']} {month}"
        assert len(pdf.pages) > 1
        # The archive serves the same bytes.
        download = session.get(f"{app.base}/rapporter/{report['id']}/pdf/", timeout=30)
        assert download.status_code == 200
        assert hashlib.sha256(download.content).hexdigest() == report["checksum"]
    listing = session.get(app.base + "/rapporter/", timeout=30)
    full = len(REPORT_CODES)
    assert re.search(row.format("Gennemført", full, full), listing.text)
    print(
        f"drill c (reports): killed while rendering report {victim} with {done_before} of"
        f" {len(REPORT_CODES)} done; the sweeper recovered it"
        f" in {recovery_took:.1f} s; {time.monotonic() - started:.1f} s from request to done"
    )


def _big_csv(pg, path):
    """Every measure x municipality x month of 1975-1999 (~200 000 new rows: above the bulk
    threshold, so the loader drops and rebuilds the table's indexes inside its transaction)."""
    measures = [r[0] for r in pg.query("SELECT code FROM indicators_measure ORDER BY code")]
    codes = [r[0] for r in pg.query("SELECT code FROM indicators_municipality ORDER BY code")]
    with open(path, "w") as f:
        f.write("measure;municipality;period;value\n")
        for measure in measures:
            for year in range(1975, 2000):
                for month in range(1, 13):
                    period = f"{year}-{month:02d}"
                    f.writelines(f"{measure};{c};{period};{c + month}\n" for c in codes)
    return len(measures) * len(codes) * 300


def test_import_killed_midway(drill, tmp_path):
    """(d) An import is SIGKILLed while PostgreSQL loads it: nothing is stored."""
    app = drill("import", web=False, worker=False)
    pg = app.pg
    rows = _big_csv(pg, tmp_path / "big.csv")
    state = """SELECT
        (SELECT count(*) FROM indicators_observation),
        (SELECT count(*) FROM indicators_importbatch),
        (SELECT count(*) FROM indicators_importbatch WHERE status = 'succeeded'),
        (SELECT count(*) FROM pg_indexes WHERE tablename = 'indicators_observation'),
        (SELECT count(*) FROM pg_constraint
          WHERE conrelid = 'indicators_observation'::regclass)"""
    before = pg.query(state)[0]
    proc = app.popen_manage("import_observations", str(tmp_path / "big.csv"), log_name="import.log")
    try:
        copy = wait_for(
            lambda: proc.poll() is None
            and pg.query(
                "SELECT pid, query FROM pg_stat_activity WHERE state = 'active'"
                " AND query ILIKE 'COPY%%'"
            ),
            timeout=90,
            interval=0.01,
            what="the import's COPY is running",
        )
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    # PostgreSQL notices the dead client and rolls the transaction back.
    backend = copy[0][0]
    wait_for(
        lambda: not pg.query("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [backend]),
        timeout=30,
        what="the killed import's backend is gone",
    )
    assert pg.query(state)[0] == before, (copy[0][1][:80], rows)
    print(f"drill d: killed {rows} rows into the load, during: {copy[0][1][:70]}")
    # The table is not left locked: a small import goes through.
    measure = pg.scalar("SELECT code FROM indicators_measure ORDER BY code LIMIT 1")
    (tmp_path / "small.csv").write_text(
        f"measure;municipality;period;value\n{measure};101;1960-01;7\n"
    )
    app.manage("import_observations", str(tmp_path / "small.csv"))
    assert pg.scalar("SELECT count(*) FROM indicators_observation") == before[0] + 1
