"""Benchmark: the 98 monthly reports of one month against a WeasyPrint reference.

Reference: WeasyPrint rendering, 98 times, a fixed tagged (PDF/UA-1) A4 document with a 98-row
table and six inline SVG charts. Figures printed:
- one process: our 98 reports (selector + template + SVG charts + PDF + atomic store) versus
  the reference, and their ratio (goal <= 1.1, issue 18);
- a real Celery worker (prefork) with one and with two processes rendering the batch from the
  queue `reports` (goal: two processes take about half the wall time);
- peak resident memory (VmHWM) of each worker process (goal <= 400 MB).

Runs against a throw-away PostgreSQL test database and the Redis of REDIS_URL (default DB 14).
Usage: DJANGO_SETTINGS_MODULE=star_impl.settings.test .venv/bin/python tests/perf/bench_reports.py
  [--no-workers] [--same-gc]
--no-workers skips the Celery part; --same-gc renders the reference under the same
garbage-collector policy as our render_pdf (see bench_interleaved).
"""

import datetime
import functools
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "star_impl.settings.test")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")  # its own Redis DB
os.environ.setdefault("TEST_DATABASE_NAME", "bench_star_reports")
MEDIA = tempfile.mkdtemp(prefix="bench-reports-")
os.environ["MEDIA_ROOT"] = MEDIA

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402

PERIOD = datetime.date(2024, 6, 1)
print = functools.partial(print, flush=True)  # noqa: A001 - progress while it runs
INDICATORS = 6
RUNS = 98


def reference_html():
    """A fixed A4 document: a 98-row table and six inline SVG charts, tagged like ours."""
    import math

    def svg(k):
        points = " ".join(
            f"{40 + i * 24:.0f},{120 - 60 * math.sin((i + k) / 3):.1f}" for i in range(24)
        )
        ticks = "".join(
            f'<text x="30" y="{20 + 40 * j}" text-anchor="end">{100 - 25 * j}</text>'
            for j in range(5)
        )
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="240" '
            f'viewBox="0 0 640 240" role="img" aria-label="Figur {k}">{ticks}'
            f'<polyline points="{points}" fill="none" stroke="#0059b3" stroke-width="2"/></svg>'
        )

    rows = "".join(
        f"<tr><td>{i}</td><td>Kommune {i}</td><td>{i * 1.5:.1f}</td><td>{i % 7}</td></tr>"
        for i in range(1, 99)
    )
    charts = "".join(
        f"<figure>{svg(k)}<figcaption>Figur {k}</figcaption></figure>" for k in range(6)
    )
    return (
        '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>Reference</title>'
        '<style>@page { size: A4; margin: 20mm; @bottom-right { content: "Side " counter(page) } }'
        ' body { font-family: "Liberation Sans"; font-size: 9pt } table { width: 100% }</style>'
        "</head><body><h1>Reference</h1>"
        f"<table><thead><tr><th>#</th><th>Kommune</th><th>Værdi</th><th>Klynge</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>{charts}</body></html>"
    )


def bench_interleaved(same_gc=False):
    """Our 98 reports and the 98 reference renderings, alternated one by one so that other
    load on the machine weighs on both alike. Returns (reference s, ours s, reports done,
    reference CPU s, ours CPU s): the CPU time of this process, where WeasyPrint renders, keeps
    the ratio readable on a machine that other work slows down.

    same_gc: render the reference under the garbage-collector policy our render_pdf uses
    (collector paused during the render, one young collection after it), so that the ratio
    compares the documents' rendering work alone. The reference document and the WeasyPrint
    call are unchanged."""
    import contextlib

    from weasyprint import HTML

    from benchmarks.models import Report
    from benchmarks.reports.services import report_render, reports_request
    from core.pdf import gc_paused
    from indicators.models import Municipality

    html = reference_html()
    HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")  # warm-up: fonts, CSS caches
    policy = gc_paused if same_gc else contextlib.nullcontext
    codes = list(Municipality.objects.values_list("code", flat=True))
    reports_request(period=PERIOD, municipalities=codes, enqueue=False)
    ids = list(Report.objects.filter(period=PERIOD).values_list("pk", flat=True))
    reference = ours = reference_cpu = ours_cpu = 0.0
    for report_id in ids:
        start, start_cpu = time.perf_counter(), time.process_time()
        with policy():
            HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
        middle, middle_cpu = time.perf_counter(), time.process_time()
        report_render(report_id=report_id)
        reference += middle - start
        ours += time.perf_counter() - middle
        reference_cpu += middle_cpu - start_cpu
        ours_cpu += time.process_time() - middle_cpu
    done = Report.objects.filter(period=PERIOD, state=Report.State.DONE).count()
    return reference, ours, done, reference_cpu, ours_cpu


def _worker_env():
    db = connection.settings_dict
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    env = os.environ.copy()
    env.update(
        DATABASE_URL=f"postgres://{db['USER']}@{host}:{port}/{db['NAME']}",
        REDIS_URL=settings.CELERY_BROKER_URL,
        MEDIA_ROOT=MEDIA,
        PYTHONUNBUFFERED="1",
    )
    return env


def _children(pid):
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except FileNotFoundError:
        return []
    return [int(c) for c in text.split()]


def _peak_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def bench_worker(concurrency):
    """Wall time of the 98-report batch in a real prefork worker; peak MB per process."""
    from benchmarks.models import Report, ReportBatch
    from benchmarks.reports.services import reports_request
    from indicators.models import Municipality
    from star_impl.celery import app

    app.control.purge()
    log = open(Path(MEDIA) / f"worker-{concurrency}.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "star_impl",
            "worker",
            "--queues",
            "reports",
            "--pool",
            "prefork",
            "--concurrency",
            str(concurrency),
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--hostname",
            f"bench-{concurrency}@%h",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=_worker_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while len(_children(proc.pid)) < concurrency and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(2)  # let the pool finish importing Django
        codes = list(Municipality.objects.values_list("code", flat=True))
        start = time.perf_counter()
        batch = reports_request(period=PERIOD, municipalities=codes)
        while True:
            batch.refresh_from_db()
            if batch.finished_at:
                break
            time.sleep(0.2)
        elapsed = time.perf_counter() - start
        done = Report.objects.filter(batch=batch, state=Report.State.DONE).count()
        peaks = [_peak_mb(pid) for pid in _children(proc.pid)]
        assert batch.status == ReportBatch.Status.SUCCEEDED, batch.status
        return elapsed, done, peaks
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        log.close()


def main():
    sys.path.insert(0, str(ROOT / "tests"))
    old = setup_databases(verbosity=0, interactive=False, keepdb=False)
    try:
        from indicators.geography import load_geography
        from indicators.models import Municipality, Region
        from tests.reports_data import make_indicator_values

        if Municipality.objects.count() != 98:
            load_geography(Region, Municipality)
        make_indicator_values(end=PERIOD, months=13, indicators=INDICATORS)
        same_gc = "--same-gc" in sys.argv
        reference, ours, done, reference_cpu, ours_cpu = bench_interleaved(same_gc=same_gc)
        peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"reference (98 x fixed PDF/UA A4, 98-row table, 6 SVG): {reference:.1f} s "
            f"({reference / RUNS * 1000:.0f} ms each)"
            + (" [same GC policy as ours]" if same_gc else "")
        )
        print(
            f"our 98 reports, one process: {ours:.1f} s ({ours / done * 1000:.0f} ms each, "
            f"{INDICATORS} indicators, 13 months), done={done}"
        )
        print(f"ratio ours / reference: {ours / reference:.2f} (goal <= 1.1)")
        print(
            f"CPU time of this process: reference {reference_cpu:.1f} s, ours {ours_cpu:.1f} s, "
            f"ratio {ours_cpu / reference_cpu:.2f}"
        )
        print(f"peak RSS of this process: {peak_self:.0f} MB")
        if "--no-workers" in sys.argv:
            return
        one, done1, peaks1 = bench_worker(1)
        two, done2, peaks2 = bench_worker(2)
        print(
            f"celery worker, 1 process: {one:.1f} s for {done1} reports; "
            f"peak {', '.join(f'{p:.0f}' for p in peaks1)} MB"
        )
        print(
            f"celery worker, 2 processes: {two:.1f} s for {done2} reports "
            f"({two / one:.2f} x one process; goal ~0.5); "
            f"peak {', '.join(f'{p:.0f}' for p in peaks2)} MB per process (goal <= 400)"
        )
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
