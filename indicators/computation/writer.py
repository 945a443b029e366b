"""The writer: the computed rows of the months whose figures changed replace the stored ones
(DELETE + binary COPY), their fingerprints are upserted and the run is marked succeeded, all in
the caller's one transaction."""

import dataclasses
import io

import numpy as np
from django.db import connection
from django.utils import timezone

from .. import pgcopy
from ..models import ComputationRun, IndicatorMonth, IndicatorValue
from . import arithmetic
from .arithmetic import IndicatorSpec, month_date

VALUE_COLUMNS = [
    "indicator_id",
    "municipality_id",
    "period",
    "value",
    "numerator",
    "denominator",
    "suppressed",
    "rank",
    "rank_of",
    "national_value",
    "region_value",
    "cluster_value",
    "change_3m",
    "change_12m",
    "expected",
    "residual",
    "peers",
    "milestone_reached",
    "run_id",
]


FLOAT_COLUMNS = [
    "value",
    "numerator",
    "denominator",
    "national_value",
    "region_value",
    "cluster_value",
    "change_3m",
    "change_12m",
    "expected",
    "residual",
]


def rows_columns(spec, grid, result, months, run_id):
    """The IndicatorValue rows of `months` (those with any numerator) as numpy columns."""
    cols = np.array(
        [m - grid.start for m in months if 0 <= m - grid.start < grid.months], dtype=np.int64
    )
    if len(cols):
        cols = cols[result.row_periods[cols]]
    if not len(cols):
        return None
    n_rows = grid.shape[0]
    # (period, municipality) order per indicator: the order of the unique index.
    rr = np.tile(np.arange(n_rows), len(cols))
    cc = np.repeat(cols, n_rows)
    milestone = arithmetic.milestone_as_of(result.milestone[rr], cc + grid.start)
    return {
        "indicator_id": np.full(len(rr), spec.id, np.int64),
        "municipality_id": grid.codes[rr],
        "period": cc + grid.start,
        "value": result.value[rr, cc],
        "numerator": result.numerator[rr, cc],
        "denominator": result.denominator[rr, cc],
        "suppressed": result.suppressed[rr, cc],
        "rank": result.rank[rr, cc],
        "rank_of": result.rank_of[cc].astype(np.float64),
        "national_value": result.national[cc],
        "region_value": result.region[rr, cc],
        "cluster_value": result.cluster[rr, cc],
        "change_3m": result.change_3m[rr, cc],
        "change_12m": result.change_12m[rr, cc],
        "expected": result.expected[rr, cc],
        "residual": result.residual[rr, cc],
        # peers: (codes int[n, PEER_COUNT], count int[n]; -1 = null)
        "peers": (result.peer_codes[rr, cc], result.peer_count[rr, cc]),
        "milestone_reached": milestone,
        "run_id": run_id,
    }


def _concat(parts):
    parts = [p for p in parts if p is not None]
    if not parts:
        return None, 0
    out = {}
    for key in VALUE_COLUMNS:
        if key == "peers":
            out[key] = tuple(np.concatenate([p[key][i] for p in parts]) for i in (0, 1))
        elif key == "run_id":
            out[key] = parts[0][key]
        else:
            out[key] = np.concatenate([p[key] for p in parts])
    return out, len(out["indicator_id"])


def _pg_days(month_indexes):
    """Month index -> days since 2000-01-01 (PostgreSQL's binary date)."""
    unique, inverse = np.unique(month_indexes, return_inverse=True)
    days = np.array(
        [month_date(m).toordinal() - pgcopy.PG_EPOCH_ORDINAL if m >= 0 else 0 for m in unique],
        np.int64,
    )
    return days[inverse]


def _pg_payload(columns, n):
    run_id = columns["run_id"]
    spec = [
        ("int8", columns["indicator_id"], None),
        ("int2", columns["municipality_id"], None),
        ("date", _pg_days(columns["period"]), None),
    ]
    for key in VALUE_COLUMNS[3:]:
        data = columns[key] if key != "run_id" else None
        if key in FLOAT_COLUMNS:
            spec.append(("float8", np.nan_to_num(data), np.isnan(data)))
        elif key == "suppressed":
            spec.append(("bool", data, None))
        elif key in ("rank", "rank_of"):
            spec.append(("int2", np.nan_to_num(data).astype(np.int64), np.isnan(data)))
        elif key == "peers":
            blob, sizes, nulls = pgcopy.int2_arrays(*data)
            spec.append(("raw", (blob, sizes), nulls))
        elif key == "milestone_reached":
            spec.append(("date", _pg_days(data), data < 0))
        elif key == "run_id":
            spec.append(
                ("int8", np.full(n, run_id or 0, np.int64), np.full(n, run_id is None, bool))
            )
    return pgcopy.encode(spec, n)


@dataclasses.dataclass
class Computed:
    """One indicator's computed months, ready for the writer."""

    spec: IndicatorSpec
    result: arithmetic.Result
    months: list  # month indexes that get rows (sorted)
    digests: np.ndarray  # int64 fingerprint per month
    scope: list | None  # months whose stored rows this run owns (None = the whole indicator)


def write_rows(grid, items, run, *, stored, force=False):
    """Make the stored rows of the items' scope equal to what was computed, touching only the
    months whose figures changed (fingerprints) and the months that no longer have rows, and
    mark the run succeeded. Runs inside the caller's transaction, so the run is succeeded
    exactly when its rows are in place. stored: ``Inputs.stored``.
    Returns (rows computed, rows changed): the rows written whose figures differ from the
    stored ones (new rows included), also when `force` rewrites every month in scope."""
    run_id = run.pk
    counts, digests = stored
    n_rows = grid.shape[0]
    computed = 0
    parts, rewrite, remove, new_months = [], [], [], []
    for item in items:
        ind = item.spec.id
        produced = dict(zip(item.months, item.digests.tolist(), strict=True))
        computed += n_rows * len(produced)
        changed = [
            m
            for m, digest in produced.items()
            if force or counts.get((ind, m)) != n_rows or digests.get((ind, m)) != digest
        ]
        in_scope = (lambda m: True) if item.scope is None else set(item.scope).__contains__
        gone = sorted(
            {m for (i, m) in [*counts, *digests] if i == ind and in_scope(m) and m not in produced}
        )
        if changed:
            parts.append(rows_columns(item.spec, grid, item.result, changed, run_id))
            rewrite.extend((ind, m) for m in changed if (ind, m) in counts)
            new_months.extend(
                IndicatorMonth(
                    indicator_id=ind,
                    period=month_date(m),
                    digest=produced[m],
                    rows=n_rows,
                    run_id=run_id,
                )
                for m in changed
            )
        remove.extend((ind, m) for m in gone)
    columns, n = _concat(parts)
    stale = [k for k in rewrite + remove if k in counts]
    if rewrite and n:
        changed_rows = replace_rows(stale, columns, n)
    else:
        # Only new months (the usual import of a new month): every row written is a change.
        delete_rows(stale)
        if n:
            insert_rows(columns, n)
        changed_rows = n
    for ind in sorted({key[0] for key in remove}):
        IndicatorMonth.objects.filter(
            indicator_id=ind, period__in=[month_date(m) for i, m in remove if i == ind]
        ).delete()
    months_and_run_finish(new_months, run, computed, changed_rows)
    return computed, changed_rows


_MONTHS_UPSERT_SQL = (
    'INSERT INTO indicators_indicatormonth (indicator_id, period, digest, "rows", run_id) '
    "SELECT * FROM unnest(%s::bigint[], %s::date[], %s::bigint[], %s::int[], %s::bigint[]) "
    "ON CONFLICT (indicator_id, period) DO UPDATE SET digest = EXCLUDED.digest, "
    '"rows" = EXCLUDED."rows", run_id = EXCLUDED.run_id'
)
#: Last statement of the write transaction. Its commit does not wait for the WAL flush
#: (SET LOCAL: this transaction only): the rows are derived, and a crash that loses this
#: commit leaves the run ``running`` as committed at its start (synchronously, so the sweeper
#: can rely on it), which the sweeper then fails and requests again.
_RUN_SUCCEEDED_SQL = (
    "SET LOCAL synchronous_commit TO off; UPDATE indicators_computationrun SET status = %s, "
    "progress = 100, finished_at = %s, rows_written = %s, rows_changed = %s WHERE id = %s"
)


def months_and_run_finish(months, run, computed, changed):
    """Store the new fingerprints (upsert) and mark the run succeeded, in one round trip.
    Sets the run's fields to what was stored."""
    finished = timezone.now()
    Status = ComputationRun.Status
    sql = _RUN_SUCCEEDED_SQL
    params = [Status.SUCCEEDED.value, finished, computed, changed, run.pk]
    if months:
        sql = _MONTHS_UPSERT_SQL + "; " + sql
        columns = [
            [getattr(month, name) for month in months]
            for name in ("indicator_id", "period", "digest", "rows", "run_id")
        ]
        params = columns + params
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    run.status, run.progress, run.finished_at = Status.SUCCEEDED, 100, finished
    run.rows_written, run.rows_changed = computed, changed


def delete_rows(keys):
    """Delete the stored rows of (indicator, month) keys."""
    if not keys:
        return
    table = IndicatorValue._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} t USING unnest(%s::bigint[], %s::date[]) AS k(i, p) "  # noqa: S608
            "WHERE t.indicator_id = k.i AND t.period = k.p",
            [[key[0] for key in keys], [month_date(key[1]) for key in keys]],
        )


def insert_rows(columns, n):
    """One binary COPY straight into the table (the months were deleted first, so no
    conflict handling is needed)."""
    table = IndicatorValue._meta.db_table
    names = ", ".join(VALUE_COLUMNS)
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {table} ({names}) FROM STDIN WITH (FORMAT binary)",
            io.BytesIO(_pg_payload(columns, n)),
        )


#: The figures compared to tell a changed row (everything stored but the keys and the run).
_COMPARED = [c for c in VALUE_COLUMNS[3:] if c != "run_id"]


def replace_rows(keys, columns, n):
    """Replace the stored rows of (indicator, month) keys by the computed rows, and return how
    many computed rows differ from the stored row of their cell (or have none). The computed
    rows go to a temporary table by one binary COPY; one join counts the differences before the
    stored rows are deleted and the computed ones inserted (same transaction)."""
    table = IndicatorValue._meta.db_table
    names = ", ".join(VALUE_COLUMNS)
    new = ", ".join(f"n.{c}" for c in _COMPARED)
    old = ", ".join(f"o.{c}" for c in _COMPARED)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE computed_values AS SELECT {names} FROM {table} WITH NO DATA"  # noqa: S608
        )
        cursor.copy_expert(
            f"COPY computed_values ({names}) FROM STDIN WITH (FORMAT binary)",
            io.BytesIO(_pg_payload(columns, n)),
        )
        cursor.execute(
            f"SELECT count(*) FROM computed_values n LEFT JOIN {table} o "  # noqa: S608
            "ON o.indicator_id = n.indicator_id AND o.period = n.period "
            "AND o.municipality_id = n.municipality_id "
            f"WHERE o.indicator_id IS NULL OR ({new}) IS DISTINCT FROM ({old})"
        )
        changed = cursor.fetchone()[0]
        cursor.execute(
            f"DELETE FROM {table} t USING unnest(%s::bigint[], %s::date[]) AS k(i, p) "  # noqa: S608
            "WHERE t.indicator_id = k.i AND t.period = k.p; "
            f"INSERT INTO {table} ({names}) SELECT {names} FROM computed_values; "
            "DROP TABLE computed_values",
            [[key[0] for key in keys], [month_date(key[1]) for key in keys]],
        )
    return changed
