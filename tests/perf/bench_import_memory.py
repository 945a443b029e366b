"""Peak memory of one import per file shape (issue 21: a 20 MB file of any shape peaks under
300 MB in one process).

Run: DJANGO_SETTINGS_MODULE=star_impl.settings.test \
     .venv/bin/python tests/perf/bench_import_memory.py [--mb 20] [--keep]
     [--shapes long-csv,bad-csv,wide-csv,xlsx,wide-xlsx,strings-xlsx,json]

Creates a scratch database `star_bench_import_memory` (migrated), writes files of about --mb
megabytes in several shapes and imports each in a fresh child process (`observations_import`,
as the worker does for a large upload), which reports its peak RSS (getrusage ru_maxrss), the
time and the outcome. The reference, measured in the same run, is a child that does everything
but the import: Django set up, the lookups read and the file's bytes in memory. Prints per shape
the peak, the peak above the reference and the verdict against the 300 MB target.

Shapes: long-csv (one observation a line, ~700 000 lines, the vectorised path), bad-csv (the
same lines with an error in each: the row-by-row validator, the first IMPORT_MAX_ERRORS kept),
wide-csv (one line of millions of columns: refused), xlsx (a sheet at the row cap, values as
number cells), wide-xlsx (rows of 100 number cells, the column cap, until 20 MB), strings-xlsx
(the row cap with every value a shared string of its own: a million-entry strings table), json
(jobindsats API v2 output, numbers as Danish text).
"""

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "star_impl.settings.test")
BENCH_DB = "star_bench_import_memory"
BASE_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
TARGET_MB = 300
SHAPES = ("long-csv", "bad-csv", "wide-csv", "xlsx", "wide-xlsx", "strings-xlsx", "json")
MEASURES = [f"mem_{i:03d}" for i in range(400)]


def admin_exec(sql):
    import psycopg2

    conn = psycopg2.connect(f"{BASE_URL}/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(sql)
    conn.close()


def _codes():
    from indicators.geography import read_municipality_rows

    return [row["code"] for row in read_municipality_rows()]


def _periods(months=120):
    return [f"{2015 + i // 12}-{i % 12 + 1:02d}" for i in range(months)]


def _cells():
    """(measure, municipality, period) in file order, never twice."""
    codes, periods = _codes(), _periods()
    for measure in MEASURES:
        for period in periods:
            for code in codes:
                yield measure, code, period


def write_csv(path, size, bad=False):
    rows = 0
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("measure;municipality;period;value\n")
        written = 0
        for measure, code, period in _cells():
            value = f"x{rows}" if bad else f"{(rows * 7919) % 100000 / 10}"
            line = f"{measure};{code};{period};{value}\n"
            f.write(line)
            written += len(line)
            rows += 1
            if written >= size:
                break
    return rows


def write_wide_csv(path, size):
    with open(path, "w", encoding="utf-8") as f:
        f.write("measure;municipality;period;value\n")
        f.write(";".join(["12"] * (size // 3)))
        f.write("\n")
    return 1


XLSX_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
XLSX_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XLSX_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
XLSX_PARTS = {
    "[Content_Types].xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{XLSX_PACKAGE}/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{XLSX_TYPE}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{XLSX_TYPE}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{XLSX_TYPE}.sharedStrings+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<Relationships xmlns="{XLSX_PACKAGE}/relationships">'
        f'<Relationship Id="rId1" Type="{XLSX_RELS}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{XLSX_MAIN}" '
        f'xmlns:r="{XLSX_RELS}"><sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<Relationships xmlns="{XLSX_PACKAGE}/relationships">'
        f'<Relationship Id="rId1" Type="{XLSX_RELS}/worksheet" '
        'Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{XLSX_RELS}/sharedStrings" '
        'Target="sharedStrings.xml"/>'
        "</Relationships>"
    ),
}


def write_xlsx(path, size, shape="xlsx"):
    """A sheet as Excel writes it, at the row cap or until the archive reaches `size`; the XML
    is written directly into the zip (openpyxl would take minutes). Shapes: ``xlsx`` (texts in
    the shared strings, numbers as number cells), ``wide-xlsx`` (the same rows with 96 more
    number cells each: 100 columns, the column cap), ``strings-xlsx`` (every value a text of its
    own, ``1234,5``: a shared-strings table of a million entries)."""
    from django.conf import settings

    from indicators.imports.xlsx import column_letters

    cap = settings.IMPORT_MAX_ROWS - 1
    strings = ["measure", "municipality", "period", "value", *MEASURES, *_periods()]
    index = {text: i for i, text in enumerate(strings)}
    fixed = len(strings)
    values_as_text = shape == "strings-xlsx"
    filler_columns = [column_letters(k) for k in range(5, 101)] if shape == "wide-xlsx" else []
    rows = 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in XLSX_PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{XLSX_MAIN}">'
                '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
                '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>'.encode()
            )
            buffer = io.StringIO()
            for measure, code, period in _cells():
                n = rows + 2
                value = (rows * 7919) % 100000 / 10
                if values_as_text:
                    value_cell = f'<c r="D{n}" t="s"><v>{fixed + rows}</v></c>'
                else:
                    value_cell = f'<c r="D{n}"><v>{value}</v></c>'
                buffer.write(
                    f'<row r="{n}"><c r="A{n}" t="s"><v>{index[measure]}</v></c>'
                    f'<c r="B{n}"><v>{code}</v></c><c r="C{n}" t="s"><v>{index[period]}</v></c>'
                    + value_cell
                    + "".join(
                        f'<c r="{col}{n}"><v>{(rows * 31 + k * 17) % 1000}</v></c>'
                        for k, col in enumerate(filler_columns)
                    )
                    + "</row>"
                )
                rows += 1
                if rows % (500 if filler_columns else 5_000) == 0:
                    sheet.write(buffer.getvalue().encode())
                    buffer = io.StringIO()
                    # the strings table (written after the sheet) packs to about a third of it
                    if path.stat().st_size >= size * (0.85 if values_as_text else 0.99):
                        break
                if rows >= cap:
                    break
            sheet.write(buffer.getvalue().encode())
            sheet.write(b"</sheetData></worksheet>")
        texts = strings
        if values_as_text:
            texts = [*strings, *(_danish(row) for row in range(rows))]
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as member:
            member.write(
                f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{XLSX_MAIN}" '
                f'count="{len(texts)}" uniqueCount="{len(texts)}">'.encode()
            )
            for start in range(0, len(texts), 50_000):
                chunk = texts[start : start + 50_000]
                member.write("".join(f"<si><t>{text}</t></si>" for text in chunk).encode())
            member.write(b"</sst>")
    return rows


def _danish(row):
    """A value of its own per row, as Danish text (decimal comma)."""
    return f"{row // 10},{row % 10}"


def write_json(path, size):
    """jobindsats API v2 output of table y30r21 (the shipped measure map), numbers as text."""
    from indicators.imports.jobindsats_json import load_measure_map

    entries = [e for e in load_measure_map() if e.table == "y30r21"]
    dims = len(entries[0].dimensions)
    labels = ["Area", "Periode"] + [f"D{i}" for i in range(dims)]
    labels += sorted({e.label for e in entries})
    combinations = sorted({e.dimensions for e in entries})
    rows = []
    names = _municipality_names()
    written = 0
    month = 0
    while written < size * 0.97:  # under IMPORT_MAX_JSON_BYTES with the brackets around
        period = f"{2000 + month // 12}M{month % 12 + 1:02d}"
        for name in names:
            for dimensions in combinations:
                row = [name, period, *dimensions]
                row += [f"{(len(rows) * 7 + k) % 1000},{k}" for k in range(len(labels) - len(row))]
                rows.append(row)
                written += len(json.dumps(row, ensure_ascii=False)) + 2
        month += 1
    payload = [{"TableID": "y30r21", "Variables": [{"Label": lab} for lab in labels], "Data": rows}]
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return len(rows)


def _municipality_names():
    from indicators.geography import read_municipality_rows

    return [row["name"] for row in read_municipality_rows()]


WRITERS = {
    "long-csv": ("long.csv", lambda p, s: write_csv(p, s)),
    "bad-csv": ("bad.csv", lambda p, s: write_csv(p, s, bad=True)),
    "wide-csv": ("wide.csv", write_wide_csv),
    "xlsx": ("sheet.xlsx", write_xlsx),
    "wide-xlsx": ("wide.xlsx", lambda p, s: write_xlsx(p, s, "wide-xlsx")),
    "strings-xlsx": ("strings.xlsx", lambda p, s: write_xlsx(p, s, "strings-xlsx")),
    "json": ("jobindsats.json", write_json),
}


def child(shape, path, reference):
    """In a fresh process: import path (or, for the reference, only read it); print a JSON
    line with the peak RSS."""
    import django

    django.setup()
    from indicators.imports.validate import Lookups

    Lookups.from_database()
    started = time.perf_counter()
    if reference:
        data = Path(path).read_bytes()
        outcome = {"status": "reference", "bytes": len(data)}
    else:
        from indicators.imports import observations_import

        batch = observations_import(file=path, file_name=Path(path).name)
        outcome = {
            "status": batch.status,
            "rows": batch.rows_total,
            "created": batch.created,
            "errors": batch.error_count,
            "first_error": (batch.errors or [{}])[0].get("message", ""),
        }
    outcome["seconds"] = round(time.perf_counter() - started, 2)
    outcome["peak_mb"] = round(_peak_rss_kb() / 1024, 1)
    print(json.dumps(outcome))


def _peak_rss_kb():
    """This process's peak RSS: VmHWM, the high-water mark of its own memory map (getrusage's
    ru_maxrss would carry the parent's size at the fork across the exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_child(shape, path, reference=False):
    command = [sys.executable, __file__, "--child", shape, str(path)]
    if reference:
        command.append("--reference")
    answer = subprocess.run(command, capture_output=True, text=True, check=False, env=os.environ)
    if answer.returncode != 0:
        raise RuntimeError(answer.stderr[-3000:])
    return json.loads(answer.stdout.strip().splitlines()[-1])


def _empty_observations():
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("TRUNCATE indicators_observation, indicators_importbatch CASCADE")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=20)
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--reference", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        os.environ["DATABASE_URL"] = f"{BASE_URL}/{BENCH_DB}"
        child(*args.child, args.reference)
        return
    size = int(args.mb * 1024 * 1024)
    admin_exec(f"DROP DATABASE IF EXISTS {BENCH_DB}")
    admin_exec(f"CREATE DATABASE {BENCH_DB}")
    os.environ["DATABASE_URL"] = f"{BASE_URL}/{BENCH_DB}"
    results = []
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from indicators.imports import measures_ensure_mapped
        from indicators.models import Measure

        Measure.objects.bulk_create(Measure(code=c, name=c) for c in MEASURES)
        measures_ensure_mapped()
        with tempfile.TemporaryDirectory() as tmp:
            for shape in args.shapes.split(","):
                name, writer = WRITERS[shape]
                path = Path(tmp) / name
                rows = writer(path, size)
                mb = path.stat().st_size / 1024 / 1024
                _empty_observations()
                reference = run_child(shape, path, reference=True)
                outcome = run_child(shape, path)
                results.append((shape, mb, rows, reference, outcome))
                print(f"{shape}: {mb:.1f} MB, {rows} rows: {outcome}", flush=True)
                path.unlink()
        print()
        print(
            "Peak RSS of one import per file shape (a fresh process each); reference: the same "
            "process without the import (Django, lookups, the file's bytes)"
        )
        print(
            f"{'shape':<9} {'MB':>5} {'rows':>9} {'outcome':<10} {'s':>7} {'peak MB':>8} "
            f"{'ref MB':>7} {'above ref':>9}  target < {TARGET_MB} MB"
        )
        for shape, mb, rows, reference, outcome in results:
            peak, ref = outcome["peak_mb"], reference["peak_mb"]
            verdict = "OK" if peak < TARGET_MB else "MISSED"
            print(
                f"{shape:<9} {mb:>5.1f} {rows:>9} {outcome['status']:<10} "
                f"{outcome['seconds']:>7.2f} {peak:>8.0f} {ref:>7.0f} {peak - ref:>9.0f}  {verdict}"
            )
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            admin_exec(f"DROP DATABASE IF EXISTS {BENCH_DB}")


if __name__ == "__main__":
    main()
