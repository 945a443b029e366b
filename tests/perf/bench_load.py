"""Load test of issue 9 item 6: the three roles' traffic mixes (tests/perf/locustfile.py) for two
minutes at 50 users against a production-like stack that this script starts and stops itself.

Steps: create a scratch PostgreSQL database (`star_load`), migrate, `seed_demo --months 24
--end 2026-10`, collectstatic, gunicorn with 2 workers (DEBUG=0, settings local) and one Celery
worker on a Redis DB of its own, locust headless, then print p50/p95/p99, errors and requests/s
per page group (with /healthz as the in-run reference), stop everything and drop the database.

Run: .venv/bin/python tests/perf/bench_load.py     (`make bench` runs it with the others)
Environment: PERF_PG (postgres://postgres@127.0.0.1:5432), LOAD_DB (star_load), LOAD_REDIS_URL
(redis://127.0.0.1:6379/14), LOAD_USERS (50), LOAD_SPAWN_RATE (10), LOAD_RUN_TIME (2m),
LOAD_MONTHS (24), LOAD_END (2026-10), LOAD_THREADS (threads per gunicorn worker, 4),
LOAD_CSV (var/perf/load), LOAD_KEEP_DB=1 keeps the database.
"""

import csv
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
import requests

ROOT = Path(__file__).resolve().parents[2]
PG = os.environ.get("PERF_PG", "postgres://postgres@127.0.0.1:5432")
DB = os.environ.get("LOAD_DB", "star_load")
REDIS = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/14")
USERS = os.environ.get("LOAD_USERS", "50")
SPAWN_RATE = os.environ.get("LOAD_SPAWN_RATE", "10")
RUN_TIME = os.environ.get("LOAD_RUN_TIME", "2m")
MONTHS = os.environ.get("LOAD_MONTHS", "24")
END = os.environ.get("LOAD_END", "2026-10")
THREADS = os.environ.get("LOAD_THREADS", "4")
CSV_PREFIX = Path(os.environ.get("LOAD_CSV", str(ROOT / "var" / "perf" / "load")))
BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def admin_sql(sql):
    conn = psycopg2.connect(f"{PG}/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(sql)
    conn.close()


def flush_redis():
    import redis

    redis.Redis.from_url(REDIS).flushdb()


def wait_healthy(base, env, timeout=90):
    """/healthz answers 200 and the worker has run a heartbeat task (enqueued here: no beat)."""
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from core.tasks import worker_heartbeat; worker_heartbeat.delay('bench_load')",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    deadline = time.monotonic() + timeout
    while True:
        try:
            response = requests.get(f"{base}/healthz", timeout=10)
            if response.status_code == 200 and response.json().get("worker_last_seen"):
                return
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("the stack did not become healthy (web + worker heartbeat)")
        time.sleep(0.5)


def start(args, env, log):
    return subprocess.Popen(
        args,
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process):
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def report(stats_csv):
    """Print the locust statistics per page group; return the rows."""
    with open(stats_csv, newline="") as fh:
        rows = list(csv.DictReader(fh))
    print()
    print(
        f"{'page group':<38} {'requests':>8} {'errors':>6} {'req/s':>6} "
        f"{'p50':>6} {'p95':>6} {'p99':>6} {'max':>7}  (ms)"
    )
    for row in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        print(
            f"{row['Name'][:38]:<38} {row['Request Count']:>8} {row['Failure Count']:>6} "
            f"{float(row['Requests/s']):>6.1f} {row['50%']:>6} {row['95%']:>6} {row['99%']:>6} "
            f"{float(row['Max Response Time']):>7.0f}"
        )
    return rows


def main():
    load = os.getloadavg()
    print(f"load average before the run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    admin_sql(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
    admin_sql(f'CREATE DATABASE "{DB}"')
    flush_redis()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="star_impl.settings.local",
        DEBUG="0",
        DATABASE_URL=f"{PG}/{DB}",
        SECRET_KEY="load-test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        REDIS_URL=REDIS,
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    CSV_PREFIX.parent.mkdir(parents=True, exist_ok=True)
    log = open(CSV_PREFIX.with_name(CSV_PREFIX.name + "-stack.log"), "w")  # noqa: SIM115
    web = worker = None
    try:
        manage = [sys.executable, "manage.py"]
        started = time.perf_counter()
        subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)
        subprocess.run(
            [*manage, "seed_demo", "--months", MONTHS, "--end", END],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        subprocess.run(
            [*manage, "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        print(f"database migrated and seeded in {time.perf_counter() - started:.0f} s")
        web = start(
            [
                str(BIN / "gunicorn"),
                "star_impl.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                THREADS,
                # Longer than locust's think time (1-3 s): an idle keep-alive connection closed
                # by the server just as the client reuses it shows up as a connection reset.
                "--keep-alive",
                "10",
                "--log-level",
                "warning",
            ],
            env,
            log,
        )
        worker = start(
            [
                str(BIN / "celery"),
                "-A",
                "star_impl",
                "worker",
                "--queues",
                "default,reports",
                "--concurrency",
                "1",
                "--loglevel",
                "WARNING",
            ],
            env,
            log,
        )
        wait_healthy(base, env)
        print(
            f"gunicorn 2 workers x {THREADS} threads + 1 Celery worker on {base}; "
            f"locust {USERS} users, spawn rate {SPAWN_RATE}/s, {RUN_TIME}"
        )
        locust_log = CSV_PREFIX.with_name(CSV_PREFIX.name + "-locust.log")
        with open(locust_log, "w") as out:
            subprocess.run(
                [
                    str(BIN / "locust"),
                    "-f",
                    str(ROOT / "tests" / "perf" / "locustfile.py"),
                    "--host",
                    base,
                    "--headless",
                    "--users",
                    USERS,
                    "--spawn-rate",
                    SPAWN_RATE,
                    "--run-time",
                    RUN_TIME,
                    "--csv",
                    str(CSV_PREFIX),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=ROOT,
                env=dict(os.environ, DEMO_PASSWORD=env.get("DEMO_PASSWORD", "demo-star-2026")),
                check=False,  # locust exits 1 when any request failed; the table says which
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        for line in locust_log.read_text().splitlines():
            if "RAMP-UP" in line:
                print(line[line.index("RAMP-UP") :])
        report(f"{CSV_PREFIX}_stats.csv")
        failures = Path(f"{CSV_PREFIX}_failures.csv")
        if failures.exists() and len(failures.read_text().splitlines()) > 1:
            print("\nfailures:")
            print(failures.read_text())
        load = os.getloadavg()
        print(f"load average after the run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    finally:
        stop(web)
        stop(worker)
        log.close()
        if os.environ.get("LOAD_KEEP_DB") != "1":
            admin_sql(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        flush_redis()


if __name__ == "__main__":
    main()
