"""First-visit time of the chart pages against a page without charts (issue 17, item 4).

A fresh browser context per visit (cold HTTP cache, a logged-in session cookie), Debian's
Chromium, gunicorn (2 workers) on a scratch PostgreSQL database seeded with `seed_demo`; the time
is from navigation start until the network is idle (Playwright's `networkidle`: no request for
500 ms, which is subtracted). Goal: a chart page under 1.0 s. Static files are served as in
production: collected (collectstatic) and compressed by whitenoise (gzip, brotli), not straight
from the finders as `make run` serves them; "KiB" is what went over the wire.

"charts" is the time from navigation start until the charts in or near the window are drawn
(js/charts.js sets the mark `star:charts-drawn`; a chart further down the page is drawn when the
reader scrolls to it, and the page loads plotly only then), with how many charts that was of
the page's charts. "scroll" is, after network idle, the time from scrolling the page's first
chart into view until it is drawn (what a reader waits for a chart below the fold). "ratio" is a
page's median over the page without charts' median in the same run (the machine is shared; the
load average is printed before and after).

Run: .venv/bin/python tests/perf/bench_pages.py   (make bench runs it)
Environment: PERF_PG (default postgres://postgres@127.0.0.1:5432), REDIS_URL, PERF_VISITS (5),
PERF_MONTHS (24); PERF_DB: the name of a database already seeded with `seed_demo --months 24`
(DEMO_PASSWORD=perf-bench-2026) to measure against instead of a new one (not dropped);
PERF_STATIC_FROM_FINDERS=1 serves the static files uncompressed from the finders instead.
"""

import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg2
import requests

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
PG = os.environ.get("PERF_PG", "postgres://postgres@127.0.0.1:5432")
VISITS = int(os.environ.get("PERF_VISITS", "5"))
MONTHS = int(os.environ.get("PERF_MONTHS", "24"))
PASSWORD = "perf-bench-2026"
IDLE_MS = 500  # networkidle waits this long after the last request

#: (label, username, path): the page without charts first, then the chart pages.
PAGES = [
    ("no charts: /rapporter/", "jc751", "/rapporter/"),
    ("chart: /benchmark/751/", "jc751", "/benchmark/751/"),
    ("chart: reform dashboard", "star", "dashboard"),
    ("chart: plan timeline", "star", "timeline"),
]


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


def resolve_paths(env):
    """The dashboard and the timeline URLs of the first demo reform."""
    code = (
        "import django; django.setup()\n"
        "from django.urls import reverse\n"
        "from reforms.models import Reform\n"
        "r = Reform.objects.order_by('pk').first()\n"
        "print(reverse('risklog:plan_timeline', kwargs={'slug': r.slug}))\n"
        "print(reverse('benchmarks:dashboard', kwargs={'slug': r.slug}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout.split()
    return {"timeline": out[0], "dashboard": out[1]}


def first_visit(browser, base, username, path, scroll=False):
    """Seconds from navigation start to network idle in a new context (cold cache), KiB over the
    wire, JS errors, (seconds until the charts in view were drawn, how many of how many), and
    with scroll the seconds from scrolling the first chart into view until it is drawn."""
    context = browser.new_context(locale="da-DK", base_url=base)
    page = context.new_page()
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(lambda u: "/login/" not in u)
    # A new context again, with only the session cookie: nothing cached from the log-in page.
    cookies = context.cookies()
    context.close()
    context = browser.new_context(locale="da-DK", base_url=base)
    context.add_cookies(cookies)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    transferred = []
    page.on("response", lambda r: transferred.append(r.headers.get("content-length") or "0"))
    start = time.perf_counter()
    response = page.goto(path, wait_until="networkidle")
    elapsed = time.perf_counter() - start - IDLE_MS / 1000
    assert response.status == 200, (path, response.status)
    page.wait_for_function(f"() => ({CHARTS_DRAWN})() !== -1", timeout=30_000)
    drawn = page.evaluate(CHARTS_DRAWN)
    kib = sum(int(x) for x in transferred if x.isdigit()) / 1024
    scrolled = page.evaluate(SCROLL_TO_FIRST_CHART) / 1000 if scroll and drawn else None
    context.close()
    if drawn:
        drawn = (drawn["ms"] / 1000, drawn["charts"], drawn["of"])
    return elapsed, kib, len(errors), drawn, scrolled


#: {ms, charts, of}: when the charts in or near the window were drawn (js/charts.js's mark),
#: how many they were and how many charts the page has; null without charts, -1 while waiting.
CHARTS_DRAWN = """() => {
  const of = document.querySelectorAll("[data-chart], [data-plotly-source], [data-radar]").length;
  if (!of) return null;
  const mark = performance.getEntriesByName("star:charts-drawn");
  if (!mark.length) return -1;
  return {ms: mark[0].startTime, charts: mark[0].detail.charts, of: of};
}"""

#: ms from scrolling the first chart into view until it is drawn (0 when it already was).
SCROLL_TO_FIRST_CHART = """async () => {
  const el = document.querySelector("[data-chart], [data-plotly-source], [data-radar]");
  if (el.hasAttribute("data-chart-drawn")) return 0;
  const start = performance.now();
  el.scrollIntoView();
  while (!el.hasAttribute("data-chart-drawn")) await new Promise(r => setTimeout(r, 5));
  return performance.now() - start;
}"""


def collect_static(env):
    """collectstatic into a scratch STATIC_ROOT (whitenoise writes .gz and .br beside each file,
    as the production image's build does); the directory, to be removed by the caller."""
    root = tempfile.mkdtemp(prefix="star-perf-static-")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=dict(env, STATIC_ROOT=root),
        check=True,
    )
    return root


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "star_impl.settings.test")
    import django
    from playwright.sync_api import sync_playwright

    django.setup()  # tests.conftest reads the settings
    from tests.conftest import CHROMIUM, CHROMIUM_ARGS

    reuse = os.environ.get("PERF_DB")
    db = reuse or f"star_perf_pages_{os.getpid()}"
    if not reuse:
        admin_sql(f'CREATE DATABASE "{db}"')
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="star_impl.settings.local",
        DEBUG="0",
        DATABASE_URL=f"{PG}/{db}",
        SECRET_KEY="perf-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/5"),
        DEMO_PASSWORD=PASSWORD,
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    python = sys.executable
    server = None
    static_root = None
    try:
        subprocess.run(
            [python, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        if not reuse:
            subprocess.run(
                [python, "manage.py", "seed_demo", "--months", str(MONTHS)],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        paths = resolve_paths(env)
        if os.environ.get("PERF_STATIC_FROM_FINDERS") != "1":
            static_root = collect_static(env)
            env.update(STATIC_ROOT=static_root, STATIC_FROM_FINDERS="0")
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
                "--threads",
                "4",
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
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _label, username, path in PAGES:  # warm the server (not the browser)
                first_visit(browser, base, username, paths.get(path, path))
            static = "collected, compressed" if static_root else "from the finders, uncompressed"
            print(
                f"first visit to network idle (idle wait of {IDLE_MS} ms subtracted), "
                f"new browser context each, median of {VISITS}, pages visited in turn; static "
                f"files {static}; load average {load_average()}:"
            )
            # Round robin: visit k of every page before visit k + 1 of any, so that a load
            # spike from the other users of the machine falls on all pages alike.
            runs = {label: [] for label, _, _ in PAGES}
            for _ in range(VISITS):
                for label, username, path in PAGES:
                    runs[label].append(
                        first_visit(browser, base, username, paths.get(path, path), scroll=True)
                    )
            baseline = None
            for label, _, _ in PAGES:
                visits = runs[label]
                times = [v[0] for v in visits]
                median = statistics.median(times)
                baseline = baseline or median
                drawn = [v[3] for v in visits if v[3] is not None]
                charts = (
                    f"charts {statistics.median(d[0] for d in drawn):5.2f} s "
                    f"({drawn[0][1]} of {drawn[0][2]})"
                    if drawn
                    else " " * 19
                )
                scrolls = [v[4] for v in visits if v[4] is not None]
                scroll = f"scroll {statistics.median(scrolls):5.2f} s" if scrolls else " " * 14
                print(
                    f"{label:<26} median {median:5.2f} s  ratio {median / baseline:4.2f}  "
                    f"max {max(times):5.2f} s  {charts}  {scroll}  {visits[0][1]:7.0f} KiB  "
                    f"JS errors {sum(v[2] for v in visits)}"
                )
            print(f"load average after: {load_average()}")
            browser.close()
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
        if not reuse:
            admin_sql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        if static_root is not None:
            shutil.rmtree(static_root, ignore_errors=True)


def load_average():
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
