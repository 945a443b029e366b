"""Failure drills (issue 9, item 7): pull the plug on PostgreSQL, Redis, the worker and an import
in the middle of real work and check what the system does about it. See docs/failure-drills.md.

Run only these: `pytest -m drill`.
"""

import re
import signal
import time

import pytest
import requests

from .conftest import wait_for

pytestmark = pytest.mark.drill

RECOVER = "indicators.tasks.recover_computation_runs"


def run_row(pg, run_id):
    rows = pg.query(
        "SELECT status, progress, trigger, error, rows_written FROM indicators_computationrun"
        " WHERE id = %s",
        [run_id],
    )
    return dict(zip(["status", "progress", "trigger", "error", "rows_written"], rows[0]))


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
    """Wait until the run computes (past loading), then call plug(); the run must not have
    finished by then, or the drill proves nothing."""
    wait_for(
        lambda: run_row(pg, run_id)["status"] == "running" and run_row(pg, run_id)["progress"] >= 5,
        timeout=60,
        interval=0.05,
        what="computation running",
    )
    plug()


def recover_until(app, predicate, timeout=60):
    """Send the sweeper task (as beat does every minute) until predicate() holds."""

    def attempt():
        app.send_task(RECOVER)
        return wait_for_quiet(predicate, 3)

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
