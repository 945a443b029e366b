"""p95 latency of /benchmark/{code}/ at 20 concurrent clients under gunicorn (2 workers),
measured against /healthz in the same run, on a scratch PostgreSQL database seeded here; then
the page's query count with the seeded indicators and with twice as many (flat, issue 18).

Run: .venv/bin/python tests/perf/bench_benchmark_page.py   (make bench runs it)
Environment: PERF_PG (default postgres://postgres@127.0.0.1:5432), REDIS_URL, PERF_CLIENTS
(20), PERF_REQUESTS (per client, 25), PERF_INDICATORS (8), PERF_MONTHS (36).
"""

import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg2
import requests

ROOT = Path(__file__).resolve().parents[2]
PG = os.environ.get("PERF_PG", "postgres://postgres@127.0.0.1:5432")
CLIENTS = int(os.environ.get("PERF_CLIENTS", "20"))
PER_CLIENT = int(os.environ.get("PERF_REQUESTS", "25"))
INDICATORS = int(os.environ.get("PERF_INDICATORS", "8"))
MONTHS = int(os.environ.get("PERF_MONTHS", "36"))
CODE = 751
PASSWORD = "perf-bench-2026"

SEED = f"""
import django; django.setup()
from accounts.demo import seed_users
from core.demo import DemoOptions
from tests.benchmark_data import END, fill_values, make_indicator, make_reform
seed_users(DemoOptions(seed=1, months=1, end=END, password={PASSWORD!r}))
reforms = [make_reform(), make_reform("flere-skal-med", "Flere skal med")]
indicators = [
    make_indicator(f"perf_{{i}}", reform=reforms[i % 2],
                   kind="sigtelinje" if i % 3 == 0 else "implementation")
    for i in range({INDICATORS})
]
fill_values(indicators, months={MONTHS})
"""


#: The page's queries with the seeded indicators, then with as many again (issue 18: flat in
#: the number of indicators). Each count is the first request after the data changed.
QUERIES = f"""
import django; django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from accounts.models import User
from reforms.models import Reform
from tests.benchmark_data import END, fill_values, make_indicator
client = Client()
client.force_login(User.objects.get(username="jc751"))
def count():
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/benchmark/{CODE}/", HTTP_HOST="127.0.0.1")
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries)
before = count()
reform = Reform.objects.order_by("pk").first()
more = [make_indicator(f"perf_more_{{i}}", reform=reform, kind="implementation")
        for i in range({INDICATORS})]
fill_values(more, months={MONTHS})
after = count()
print(f"/benchmark/{CODE}/ queries: {{before}} with {INDICATORS} indicators, {{after}} with "
      f"{2 * INDICATORS} ({{'flat' if after == before else 'NOT flat'}})")
"""


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


def percentile(values, p):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def login(base):
    session = requests.Session()
    page = session.get(f"{base}/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        f"{base}/login/",
        data={"username": "jc751", "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/login/"},
        timeout=10,
    )
    assert "/login/" not in response.url, "log-in failed"
    return session.cookies.get_dict()


def hammer(url, cookies):
    """CLIENTS threads x PER_CLIENT sequential GETs; latencies in ms."""

    def client(_):
        session = requests.Session()
        session.cookies.update(cookies)
        times = []
        for _ in range(PER_CLIENT):
            start = time.perf_counter()
            response = session.get(url, timeout=30)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        return times

    start = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        latencies = [t for chunk in pool.map(client, range(CLIENTS)) for t in chunk]
    return latencies, time.perf_counter() - start


def report(name, latencies, wall):
    print(
        f"{name:<22} n={len(latencies):4d}  p50={statistics.median(latencies):7.1f} ms  "
        f"p95={percentile(latencies, 95):7.1f} ms  p99={percentile(latencies, 99):7.1f} ms  "
        f"max={max(latencies):7.1f} ms  {len(latencies) / wall:6.1f} req/s"
    )


def main():
    db = f"star_perf_benchmark_{os.getpid()}"
    admin_sql(f'CREATE DATABASE "{db}"')
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="star_impl.settings.local",
        DEBUG="0",
        DATABASE_URL=f"{PG}/{db}",
        SECRET_KEY="perf-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/5"),
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    python = sys.executable
    server = None
    try:
        subprocess.run(
            [python, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        started = time.perf_counter()
        subprocess.run([python, "-c", SEED], cwd=ROOT, env=env, check=True)
        rows = INDICATORS * 98 * MONTHS
        print(f"seeded {rows} indicator values in {time.perf_counter() - started:.1f} s")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                str(Path(python).parent / "gunicorn"),
                "star_impl.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"{base}/healthz", timeout=15)
                break
            except requests.RequestException:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        cookies = login(base)
        page_url = f"{base}/benchmark/{CODE}/"
        size = len(requests.get(page_url, cookies=cookies, timeout=30).content)
        for url in (f"{base}/healthz", page_url):  # warm both workers
            hammer(url, cookies)
        print(
            f"gunicorn 2 workers, {CLIENTS} concurrent clients x {PER_CLIENT} requests; "
            f"{INDICATORS} indicators x {MONTHS} months; page {size / 1024:.0f} KiB"
        )
        report("/healthz", *hammer(f"{base}/healthz", cookies))
        report(f"/benchmark/{CODE}/", *hammer(page_url, cookies))
        subprocess.run([python, "-c", QUERIES], cwd=ROOT, env=env, check=True)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
        admin_sql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


if __name__ == "__main__":
    main()
