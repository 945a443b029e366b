"""Benchmark of the indicator computation (issue 6, "Performance").

Run by `make bench` as
    DJANGO_SETTINGS_MODULE=star_impl.settings.test .venv/bin/python tests/perf/bench_compute.py

Creates its own scratch PostgreSQL database (`star_bench`, dropped at the end), migrates it,
generates 98 municipalities x 120 months x 20 measures and 10 indicators, and prints:
- the reference: COPY of the observations CSV into a bare table and one
  `GROUP BY measure, municipality, month` scan of it;
- the first computation into the empty table (every row written);
- the full computation of the 10 indicators (every figure computed; months whose figures did
  not change are not rewritten) and its ratio to the GROUP BY reference (target <= 2), and the
  same with every row rewritten (`force=True`);
- recomputing one new month after an import of it (seven new months, median), as a share of
  the full computation (target <= 5 %): the worker's part, i.e. the queued run the import
  created is executed (the import's insert and run row are not timed);
- the peak memory (max RSS) of a worker process computing on the large set 98 x 120 x 500
  measures (target <= 2 GB).
Options: --keep (do not drop the database), --skip-large.
"""

import argparse
import io
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "star_impl.settings.test")

BENCH_DB = "star_bench"
MUNICIPALITIES = 98
MONTHS = 120
SMALL_MEASURES = 20
LARGE_MEASURES = 500
INDICATORS = 10


def database_url(name):
    base = os.environ.get("BENCH_DATABASE_URL") or os.environ.get(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"
    )
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{name}"))


def admin_connection():
    import psycopg2

    conn = psycopg2.connect(database_url("postgres"))
    conn.autocommit = True
    return conn


def recreate_database():
    conn = admin_connection()
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        cur.execute(f"CREATE DATABASE {BENCH_DB}")
    conn.close()


def drop_database():
    conn = admin_connection()
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
    conn.close()


def setup_django():
    os.environ["DATABASE_URL"] = database_url(BENCH_DB)
    import django

    django.setup()


def vacuum(table):
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(f"VACUUM (ANALYZE) {table}")


def timed(func, repeat=1):
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def generate_csv(n_measures, months, measure_ids, codes, first_month):
    """Observations as CSV text (measure_id, municipality_id, period, value)."""
    import numpy as np
    import pandas as pd

    from core.periods import add_months
    from indicators.demo import generate_observations

    populations = np.linspace(2000, 650000, len(codes))
    series = generate_observations(populations, months, seed=42, extra_measures=n_measures)
    month_text = np.array([add_months(first_month, i).isoformat() for i in range(months)])
    frames = []
    for index in range(n_measures):
        arr = series[f"extra_{index + 1:03d}"]
        frames.append(
            pd.DataFrame(
                {
                    "measure_id": measure_ids[index],
                    "municipality_id": np.repeat(codes, months),
                    "period": np.tile(month_text, len(codes)),
                    "value": arr.reshape(-1),
                }
            )
        )
    frame = pd.concat(frames, ignore_index=True)
    buffer = io.StringIO()
    frame.to_csv(buffer, header=False, index=False)
    return buffer.getvalue(), len(frame)


def copy_observations(csv_text, *, key_order=False):
    """Setup, not timed. key_order: then rewrite the table in primary-key order (measure,
    period, municipality), the order in which the importer writes new cells, so that a month's
    observations sit together as they do after real imports (the CSV is in (measure,
    municipality, month) order, which scatters every month over the whole table)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.copy_expert(
            "COPY indicators_observation (measure_id, municipality_id, period, value) "
            "FROM STDIN WITH (FORMAT csv)",
            io.StringIO(csv_text),
        )
        if key_order:
            cur.execute("CLUSTER indicators_observation USING indicators_observation_pkey")
        cur.execute("ANALYZE indicators_observation")


def reference(csv_text):
    """COPY into a bare table, then one GROUP BY scan (the issue's reference)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bench_bare")
        cur.execute(
            "CREATE TABLE bench_bare (measure_id bigint, municipality_id int, period date, "
            "value double precision)"
        )
        start = time.perf_counter()
        cur.copy_expert("COPY bench_bare FROM STDIN WITH (FORMAT csv)", io.StringIO(csv_text))
        copy_seconds = time.perf_counter() - start
        cur.execute("ANALYZE bench_bare")

        def scan():
            cur.execute(
                "SELECT measure_id, municipality_id, period, count(*), sum(value) "
                "FROM bench_bare GROUP BY measure_id, municipality_id, period"
            )
            return len(cur.fetchall())

        group_seconds, groups = timed(scan, repeat=3)
    return copy_seconds, group_seconds, groups


def make_measures_and_indicators(n_measures):
    from indicators.models import Indicator, Measure

    measures = []
    for index in range(1, n_measures + 1):
        # The last 5 of the first 20 are framework conditions (rammevilkår).
        framework = 16 <= index <= 20
        measures.append(Measure(code=f"m{index:03d}", name=f"Måling {index}", framework=framework))
    Measure.objects.bulk_create(measures, batch_size=1000)
    by_code = {m.code: m for m in Measure.objects.all()}
    for index in range(1, INDICATORS + 1):
        numerator = by_code[f"m{index:03d}"]
        denominator = by_code[f"m{index + 5:03d}"] if index <= 8 else None
        indicator = Indicator.objects.create(
            code=f"i{index:02d}",
            name=f"Indikator {index}",
            kind=Indicator.Kind.SIGTELINJE,
            numerator=numerator,
            denominator=denominator,
            scale=100.0 if denominator else 1.0,
            direction="higher_is_better" if index % 2 else "lower_is_better",
            milestone_threshold=40.0 if index in (1, 2) else None,
            milestone_months=3 if index in (1, 2) else None,
        )
        indicator.framework.set([by_code[f"m{16 + (index + j) % 5:03d}"] for j in range(index % 4)])
    return [by_code[f"m{i:03d}"].pk for i in range(1, n_measures + 1)]


def add_new_month(measure_ids, codes, month):
    """An import of one new month for the 20 measures (98 x 20 rows)."""
    import numpy as np

    from indicators.models import Observation

    rng = np.random.default_rng(7)
    rows = [
        Observation(
            measure_id=mid,
            municipality_id=int(code),
            period=month,
            value=float(rng.integers(50, 5000)),
        )
        for mid in measure_ids[:SMALL_MEASURES]
        for code in codes
    ]
    Observation.objects.bulk_create(rows, batch_size=2000)


def queued_run(month):
    """The queued run an import of `month` creates (``computation_request`` without sending
    the Celery message: no worker runs here)."""
    from core.periods import format_period
    from indicators.models import ComputationRun

    return ComputationRun.objects.create(
        status=ComputationRun.Status.QUEUED,
        trigger=ComputationRun.Trigger.IMPORT,
        periods=[format_period(month)],
    )


def memory_child():
    """Runs in a subprocess: one full computation; prints the peak resident memory in MB
    (VmHWM of this process; ru_maxrss would include the parent's memory before exec)."""
    setup_django()
    from indicators.computation import indicators_compute

    start = time.perf_counter()
    # force: every row is rewritten, the worst case for memory (payload of every row).
    run = indicators_compute(force=True)
    seconds = time.perf_counter() - start
    peak_mb = peak_rss_mb()
    print(f"{peak_mb:.1f} {seconds:.3f} {run.rows_changed}")


def peak_rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--memory-child", action="store_true")
    args = parser.parse_args()
    if args.memory_child:
        memory_child()
        return

    recreate_database()
    setup_django()
    import numpy as np
    from django.core.management import call_command

    from core.periods import add_months
    from indicators.computation import indicators_compute
    from indicators.models import IndicatorValue, Municipality

    call_command("migrate", verbosity=0)
    codes = np.array(sorted(Municipality.objects.values_list("code", flat=True)))
    assert len(codes) == MUNICIPALITIES, len(codes)
    first = __import__("datetime").date(2016, 1, 1)
    measure_ids = make_measures_and_indicators(SMALL_MEASURES)
    csv_text, n_obs = generate_csv(SMALL_MEASURES, MONTHS, measure_ids, codes, first)
    copy_observations(csv_text, key_order=True)
    copy_s, group_s, groups = reference(csv_text)
    print(f"observations: {n_obs} ({MUNICIPALITIES} x {MONTHS} months x {SMALL_MEASURES} measures)")
    print(f"reference COPY into a bare table:      {copy_s * 1000:8.1f} ms")
    print(f"reference GROUP BY scan ({groups} groups): {group_s * 1000:8.1f} ms")

    first_s, run = timed(lambda: indicators_compute())
    rows = IndicatorValue.objects.count()
    print(f"first full computation (empty table):  {first_s * 1000:8.1f} ms ({rows} rows written)")
    print(f"  ratio to GROUP BY reference:          {first_s / group_s:8.2f} x")
    # What autovacuum does soon after a bulk write, here at once so that the runs below do
    # not share the machine with it.
    vacuum("indicators_indicatorvalue")
    # A full computation over the same data (a rerun, the nightly schedule, a definition
    # change of another indicator): every figure is computed, months whose figures did not
    # change are not rewritten. Median of 5.
    full_s, run = timed(lambda: indicators_compute(), repeat=5)
    print(
        f"full computation, {INDICATORS} indicators:   {full_s * 1000:8.1f} ms "
        f"({run.rows_written} rows computed, {run.rows_changed} changed)"
    )
    print(f"  ratio to GROUP BY reference:          {full_s / group_s:8.2f} x (target <= 2)")
    print(f"  ratio to COPY + GROUP BY reference:   {full_s / (copy_s + group_s):8.2f} x")

    # One new month after an import of it, seven times (each a new month with new data):
    # median of the computations. Not timed: the insert of the observations and the queued
    # run, both of which the import writes in its own transaction. Timed: what the worker's
    # task does with the run (computation_run_execute without the reports it requests next).
    inc_times = []
    for index in range(7):
        month = add_months(first, MONTHS + index)
        add_new_month(measure_ids, codes, month)
        queued = queued_run(month)
        start = time.perf_counter()
        run = indicators_compute(periods=queued.periods, run=queued, pending_only=True)
        inc_times.append(time.perf_counter() - start)
    inc_s = statistics.median(inc_times)
    print(
        f"one new month recompute:  {inc_s * 1000:8.1f} ms "
        f"({run.rows_written} rows computed, {run.rows_changed} written; "
        f"min {min(inc_times) * 1000:.1f}, max {max(inc_times) * 1000:.1f})"
    )
    print(f"  share of the full computation:       {100 * inc_s / full_s:8.2f} % (target <= 5 %)")

    forced_s, run = timed(lambda: indicators_compute(force=True), repeat=3)
    print(
        f"full computation rewriting every row: {forced_s * 1000:8.1f} ms "
        f"({run.rows_written} rows rewritten, {run.rows_changed} of them changed)"
    )
    print(f"  ratio to GROUP BY reference:          {forced_s / group_s:8.2f} x")
    print(f"  one new month as a share of it:       {100 * inc_s / forced_s:8.2f} %")

    if not args.skip_large:
        from django.db import connection

        extra_ids = make_extra_measures(LARGE_MEASURES - SMALL_MEASURES)
        csv_large, n_large = generate_csv(
            LARGE_MEASURES - SMALL_MEASURES, MONTHS, extra_ids, codes, first
        )
        start = time.perf_counter()
        copy_observations(csv_large)
        load_s = time.perf_counter() - start
        del csv_large
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM indicators_observation")
            total = cur.fetchone()[0]
        print(
            f"large set: {total} observations ({MUNICIPALITIES} x {MONTHS} x {LARGE_MEASURES}), "
            f"loaded in {load_s:.1f} s"
        )
        connection.close()
        child = subprocess.run(
            [sys.executable, __file__, "--memory-child"],
            capture_output=True,
            text=True,
            env={**os.environ},
            check=True,
        )
        peak_mb, seconds, rows = child.stdout.strip().splitlines()[-1].split()
        print(
            f"large set full computation rewriting every row in a worker process: "
            f"{float(seconds) * 1000:.1f} ms, {rows} rows, peak memory {float(peak_mb):.1f} MB "
            "(target <= 2048 MB)"
        )

    if not args.keep:
        from django.db import connections

        connections.close_all()
        drop_database()


def make_extra_measures(count):
    from indicators.models import Measure

    Measure.objects.bulk_create(
        [Measure(code=f"x{index:03d}", name=f"Ekstra {index}") for index in range(1, count + 1)],
        batch_size=1000,
    )
    return list(
        Measure.objects.filter(code__startswith="x").order_by("code").values_list("pk", flat=True)
    )


if __name__ == "__main__":
    main()
