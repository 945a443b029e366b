"""Import speed against the PostgreSQL COPY reference (issue 6, performance).

Run: DJANGO_SETTINGS_MODULE=star_impl.settings.test .venv/bin/python tests/perf/bench_import.py
     [--sizes 20,500] [--keep]

Creates a scratch database `star_bench_import` (migrated), generates observation CSVs of
98 municipalities x 120 months x N measures (20 -> 235 200 rows, 500 -> 5 880 000 rows), and
for each size times (a) PostgreSQL COPY of the same CSV into a bare table (the reference),
(b) `observations_import` of the file into the empty table (read, validate every row, compare
with the stored cells, binary COPY, index rebuild, batch record, computation request), the
first import of this process, and (c) a re-import of the same file (everything unchanged).
Prints the ratios to COPY (target: import <= 3), the import's phases as ratios to COPY, and,
for information, (d) the same fresh import again in this now warm process (table emptied;
modules, broker connection and memory already set up). Drops the scratch database afterwards.
"""

import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "star_impl.settings.test")
BENCH_DB = "star_bench_import"
BASE_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")


def admin_exec(sql):
    import psycopg2

    conn = psycopg2.connect(f"{BASE_URL}/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(sql)
    conn.close()


def generate_csv(path, measures, months=120):
    """measure;municipality;period;value rows, deterministic, '.' decimals."""
    from indicators.geography import read_municipality_rows

    codes = [row["code"] for row in read_municipality_rows()]
    start = datetime.date(2015, 1, 1)
    periods = []
    for i in range(months):
        y, m = divmod(start.month - 1 + i, 12)
        periods.append(f"{start.year + y}-{m + 1:02d}")
    rows = 0
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("measure;municipality;period;value\n")
        for mi, measure in enumerate(measures):
            lines = []
            for ci, code in enumerate(codes):
                for pi, period in enumerate(periods):
                    value = (mi * 7919 + ci * 104729 + pi * 1299709) % 100000 / 10
                    lines.append(f"{measure};{code};{period};{value}\n")
            f.write("".join(lines))
            rows += len(lines)
    return rows


def time_copy(path):
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bench_copy_ref")
        cur.execute(
            "CREATE TABLE bench_copy_ref (measure text, municipality integer, period text,"
            " value double precision)"
        )
    connection.commit() if not connection.get_autocommit() else None
    started = time.perf_counter()
    with connection.cursor() as cur, open(path, encoding="utf-8") as f:
        cur.cursor.copy_expert(
            "COPY bench_copy_ref FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER ';')", f
        )
    elapsed = time.perf_counter() - started
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM bench_copy_ref")
        count = cur.fetchone()[0]
        cur.execute("DROP TABLE bench_copy_ref")
    return elapsed, count


def time_import(path):
    from indicators.imports import observations_import

    started = time.perf_counter()
    batch = observations_import(file=str(path), file_name=path.name)
    elapsed = time.perf_counter() - started
    assert batch.status == "succeeded", batch.errors[:5]
    return elapsed, batch


def time_fresh_import(path):
    """The fresh import again in this process, the observation table emptied first."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("TRUNCATE indicators_observation")
    return time_import(path)


def phases(timings, total_s, copy_s):
    """The import's phases as ratios to the COPY reference ("other": reading the file,
    lookups, the batch record and what the phases leave out)."""
    names = ("validate_s", "compare_s", "copy_s", "index_rebuild_s", "commit_s")
    parts = {name[:-2]: timings[name] / copy_s for name in names if name in timings}
    parts["other"] = total_s / copy_s - sum(parts.values())
    return ", ".join(f"{name} {ratio:.2f}" for name, ratio in parts.items())


def peak_rss_mb():
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="20,500", help="measure counts to generate")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    admin_exec(f"DROP DATABASE IF EXISTS {BENCH_DB}")
    admin_exec(f"CREATE DATABASE {BENCH_DB}")
    os.environ["DATABASE_URL"] = f"{BASE_URL}/{BENCH_DB}"
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from indicators.models import Measure

        results = []
        with tempfile.TemporaryDirectory() as tmp:
            for n in sizes:
                codes = [f"bench_{n}_{i:03d}" for i in range(n)]
                Measure.objects.bulk_create(Measure(code=c, name=c) for c in codes)
                path = Path(tmp) / f"observations_{n}.csv"
                rows = generate_csv(path, codes)
                copy_s, copied = time_copy(path)
                assert copied == rows
                import_s, batch = time_import(path)
                assert batch.created == rows, (batch.created, rows)
                reimport_s, again = time_import(path)
                assert again.unchanged == rows
                warm_s, warm = time_fresh_import(path)
                assert warm.created == rows
                results.append((n, rows, path.stat().st_size, copy_s, import_s, reimport_s, warm_s))
                print(
                    f"{n} measures: import {batch.timings}, re-import {again.timings}", flush=True
                )
                print(f"  import phases / COPY: {phases(batch.timings, import_s, copy_s)}")
                print(f"  re-import phases / COPY: {phases(again.timings, reimport_s, copy_s)}")
                print(f"  warm import phases / COPY: {phases(warm.timings, warm_s, copy_s)}")
                path.unlink()
        print()
        print("Import of observation CSV vs. PostgreSQL COPY into a bare table (same file)")
        header = (
            f"{'measures':>8} {'rows':>10} {'MB':>7} {'COPY s':>8} {'import s':>9} "
            f"{'ratio':>6} {'re-import s':>12} {'ratio':>6}  {'target':<19} "
            f"{'warm import s':>14} {'ratio':>6}"
        )
        print(header)
        for n, rows, size, copy_s, import_s, reimport_s, warm_s in results:
            print(
                f"{n:>8} {rows:>10} {size / 1e6:>7.1f} {copy_s:>8.2f} {import_s:>9.2f} "
                f"{import_s / copy_s:>6.2f} {reimport_s:>12.2f} {reimport_s / copy_s:>6.2f}"
                f"  <= 3 x COPY: {'OK' if import_s <= 3 * copy_s else 'MISSED':<6}"
                f" {warm_s:>14.2f} {warm_s / copy_s:>6.2f}"
            )
        print(f"peak RSS of this process: {peak_rss_mb():.0f} MB")
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            admin_exec(f"DROP DATABASE IF EXISTS {BENCH_DB}")


if __name__ == "__main__":
    main()
