"""Writes of the indicators app: the computation of indicator values and indicator definitions.

``indicators_compute`` loads the observations the indicators need into dense arrays, runs the
arithmetic of ``indicators.computation`` per indicator over whole periods and replaces the
affected rows of ``IndicatorValue`` in ONE transaction (DELETE + binary COPY). Only one
computation runs at a time (a PostgreSQL advisory lock).
"""

import contextlib
import dataclasses
import datetime
import io
import time
import traceback

import numpy as np
import structlog
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.periods import format_period, parse_period
from core.services import task_enqueue

from . import computation, pgcopy
from .computation import Grid, IndicatorSpec, month_date, month_index
from .models import (
    ComputationRun,
    Indicator,
    IndicatorMonth,
    IndicatorValue,
    Measure,
)

logger = structlog.get_logger(__name__)

#: pg_advisory_lock key of the indicator computation ("STAR" + 6).
COMPUTE_LOCK_KEY = 0x53544152_06

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


# --------------------------------------------------------------------------------------------
# Locking
# --------------------------------------------------------------------------------------------
@contextlib.contextmanager
def computation_lock(*, then=None):
    """Only one computation at a time: a second one waits here until the first is done.

    then: (sql, params) of a query run right after the lock is taken, in the same
    round trip; its first row is yielded (else None)."""
    sql, params = then or ("", None)
    # Inside a caller's transaction a savepoint keeps a failure from aborting it (in
    # autocommit, the usual case, the statements are their own implicit transaction).
    guard = transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()
    with connection.cursor() as cursor:
        try:
            with guard:
                # One round trip (the statements in one query string). The key is a
                # constant integer (the only interpolated value).
                cursor.execute(
                    f"SELECT pg_advisory_lock({COMPUTE_LOCK_KEY:d})" + (f"; {sql}" if sql else ""),
                    params,
                )
                first = cursor.fetchone() if sql else None
        except Exception:
            # A session lock outlives the failed statement: release it (a lost connection
            # has taken it along already).
            with contextlib.suppress(Exception):
                cursor.execute("SELECT pg_advisory_unlock(%s)", [COMPUTE_LOCK_KEY])
            raise
    try:
        yield first
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [COMPUTE_LOCK_KEY])


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------
def _indicator_ids(indicators):
    if indicators is None:
        return None
    return [i.pk if isinstance(i, Indicator) else int(i) for i in indicators]


def _spec_objects(rows, framework_links):
    """IndicatorSpecs of (SPEC_FIELDS) rows and (indicator id, measure id) framework links."""
    framework = {}
    for indicator_id, measure_id in framework_links:
        framework.setdefault(indicator_id, []).append(measure_id)
    return [
        IndicatorSpec(
            id=pk,
            code=code,
            numerator=numerator,
            denominator=denominator,
            scale=scale,
            direction=direction,
            framework=sorted(framework.get(pk, [])),
            milestone_threshold=threshold,
            milestone_months=months,
        )
        for pk, code, numerator, denominator, scale, direction, threshold, months in rows
    ]


#: One observation row of the binary COPY in ``_load_observations``: field count, then
#: (length, value) per field: measure int4, municipality int4, days since 2000-01-01 int4,
#: value float8 (NaN for missing, so that every row has the same width).
_OBSERVATION_ROW = pgcopy.row_dtype(
    [("measure", ">i4"), ("municipality", ">i4"), ("days", ">i4"), ("value", ">f8")]
)


def _days_to_months(days):
    """Days since 2000-01-01 -> month index (year * 12 + month - 1)."""
    months = (np.datetime64("2000-01-01") + days.astype("timedelta64[D]")).astype("datetime64[M]")
    return months.astype(np.int64) + 1970 * 12


def _observation_filter(measure_ids, start=None, end=None, months=None):
    """SQL condition and parameters: the measures' observations in [start, end] (month
    indexes, either may be None) or, with `months`, in just those months."""
    ids = ",".join(str(int(m)) for m in measure_ids)
    where = [f"measure_id IN ({ids})"]
    params = []
    if months is not None:
        where.append("period = ANY(%s)")
        params.append([month_date(m) for m in months])
    if start is not None:
        where.append("period >= %s")
        params.append(month_date(start))
    if end is not None:
        where.append("period <= %s")
        params.append(month_date(end))
    return "(" + " AND ".join(where) + ")", params


def _load_observations(*selections):
    """(measure_id, municipality_id, month index, value) columns as numpy arrays of the
    observations of every selection: dicts of ``_observation_filter`` arguments.

    One binary COPY of fixed-width rows read straight into a numpy record array
    (no text formatting or parsing on either side)."""
    selections = [
        sel
        for sel in selections
        if sel["measure_ids"] and (sel.get("months") is None or len(sel["months"]))
    ]
    if not selections:
        return [np.zeros(0, np.int64)] * 3 + [np.zeros(0)]
    table = "indicators_observation"
    conditions, params = [], []
    for sel in selections:
        condition, values = _observation_filter(**sel)
        conditions.append(condition)
        params.extend(values)
    where = " OR ".join(conditions)
    # Only integers and fixed names are interpolated.
    sql = (
        "SELECT measure_id::int4, municipality_id::int4, "  # noqa: S608
        "(period - DATE '2000-01-01')::int4, COALESCE(value, 'NaN'::float8) "
        f"FROM {table} WHERE {where}"
    )
    with connection.cursor() as cursor:
        query = cursor.mogrify(sql, params).decode()
        buffer = io.BytesIO()
        cursor.copy_expert(f"COPY ({query}) TO STDOUT WITH (FORMAT binary)", buffer)
    rows = pgcopy.decode_rows(buffer.getbuffer(), _OBSERVATION_ROW)
    return (
        rows["measure"].astype(np.int64),
        rows["municipality"].astype(np.int64),
        _days_to_months(rows["days"].astype(np.int64)),
        rows["value"].astype(np.float64),
    )


def _stored_milestones(specs, codes, found):
    """Per indicator: the stored milestone month (month index, -1 = not reached) of every
    municipality (in `codes` order) as of the last stored month before the first touched one.

    found: the stored (indicator id, municipality code, milestone_reached) rows of that month,
    as ``_INPUTS_SQL`` read them."""
    row_of = {code: i for i, code in enumerate(codes)}
    out = {spec.id: np.full(len(codes), -1, np.int64) for spec in specs}
    for indicator_id, code, reached in found:
        if indicator_id in out and code in row_of:
            out[indicator_id][row_of[code]] = _as_month(reached)
    return out


def _geography_columns(rows):
    """(codes, region ids, cluster ids) of (code, region id, cluster name) rows in code order;
    -1 = none."""
    codes = [r[0] for r in rows]
    regions = [r[1] if r[1] is not None else -1 for r in rows]
    cluster_names = sorted({r[2] for r in rows if r[2]})
    cluster_ids = {name: i for i, name in enumerate(cluster_names)}
    clusters = [cluster_ids.get(r[2], -1) if r[2] else -1 for r in rows]
    return codes, regions, clusters


# --------------------------------------------------------------------------------------------
# Starting: the lock, the run marked running and what the computation reads first
# --------------------------------------------------------------------------------------------
@dataclasses.dataclass
class _Inputs:
    """What a computation reads before it loads observations."""

    specs: list
    codes: list
    regions: list
    clusters: list
    data_range: tuple | None  # (first, last) month index with observations, or None
    #: ({(indicator, month): rows}, {(indicator, month): digest}) stored from the first touched
    #: month on (every month for a full computation).
    stored: tuple
    #: [(indicator id, municipality code, milestone_reached)] stored as of the last month before
    #: the first touched one.
    milestones: list


#: Everything ``_Inputs`` holds, and the run marked running, in ONE statement, sent
#: in the same round trip as the lock (``computation_lock(then=...)``). A computation of one
#: new month is a few milliseconds of arithmetic, so every round trip counts. Each MIN/MAX and
#: MAX(period) is one probe of an index. ``since`` is the first touched month (0001-01-01 for a
#: full computation, which makes the milestone part empty).
_INPUTS_SQL = """
WITH started AS (
    UPDATE indicators_computationrun SET status = %(running)s, progress = 0,
        started_at = clock_timestamp(), finished_at = NULL, error = ''
    WHERE id = %(run)s AND (NOT %(pending_only)s OR status NOT IN %(finished)s)
    RETURNING started_at
), ind AS (
    SELECT id, code, numerator_id, denominator_id, scale, direction, milestone_threshold,
        milestone_months
    FROM indicators_indicator WHERE %(ids)s::bigint[] IS NULL OR id = ANY(%(ids)s::bigint[])
), fw AS (
    SELECT indicator_id, measure_id FROM indicators_indicator_framework
    WHERE indicator_id IN (SELECT id FROM ind)
), measure AS (
    SELECT numerator_id AS id FROM ind
    UNION SELECT denominator_id FROM ind WHERE denominator_id IS NOT NULL
    UNION SELECT measure_id FROM fw
)
SELECT
    (SELECT started_at FROM started),
    (SELECT json_agg(json_build_array(id, code, numerator_id, denominator_id, scale, direction,
        milestone_threshold, milestone_months) ORDER BY code) FROM ind),
    (SELECT json_agg(json_build_array(indicator_id, measure_id)) FROM fw),
    (SELECT json_agg(json_build_array(code, region_id, cluster) ORDER BY code)
        FROM indicators_municipality),
    (SELECT json_build_array(MIN(lo), MAX(hi)) FROM (SELECT
        (SELECT MIN(period) FROM indicators_observation o WHERE o.measure_id = m.id) AS lo,
        (SELECT MAX(period) FROM indicators_observation o WHERE o.measure_id = m.id) AS hi
        FROM measure m) AS bounds),
    (SELECT json_agg(json_build_array(indicator_id, period, n)) FROM (
        SELECT indicator_id, period, COUNT(*) AS n FROM indicators_indicatorvalue
        WHERE indicator_id IN (SELECT id FROM ind) AND period >= %(since)s
        GROUP BY indicator_id, period) AS counts),
    (SELECT json_agg(json_build_array(indicator_id, period, digest))
        FROM indicators_indicatormonth
        WHERE indicator_id IN (SELECT id FROM ind) AND period >= %(since)s),
    (SELECT json_agg(json_build_array(s.id, v.municipality_id, v.milestone_reached))
        FROM (SELECT id FROM ind WHERE milestone_threshold IS NOT NULL AND milestone_months > 0) s
        CROSS JOIN LATERAL (SELECT municipality_id, milestone_reached
            FROM indicators_indicatorvalue WHERE indicator_id = s.id AND period = (
                SELECT MAX(period) FROM indicators_indicatorvalue
                WHERE indicator_id = s.id AND period < %(since)s)
            AND milestone_reached IS NOT NULL) v)
"""


def _inputs_query(run, indicators, touched, pending_only):
    """(sql, params) of ``_INPUTS_SQL`` for ``computation_lock(then=...)``."""
    return _INPUTS_SQL, {
        "running": ComputationRun.Status.RUNNING,
        "run": run.pk,
        "pending_only": bool(pending_only),
        "finished": tuple(str(status) for status in FINISHED),
        "ids": _indicator_ids(indicators),
        "since": month_date(touched[0]) if touched else datetime.date(1, 1, 1),
    }


def _inputs_from_row(row):
    """(started_at or None when the run had already finished, _Inputs) of ``_INPUTS_SQL``."""
    started_at, specs, links, places, bounds, counts, digests, milestones = row
    codes, regions, clusters = _geography_columns(places or [])
    inputs = _Inputs(
        specs=_spec_objects(specs or [], links or []),
        codes=codes,
        regions=regions,
        clusters=clusters,
        data_range=None if bounds[0] is None else (_as_month(bounds[0]), _as_month(bounds[1])),
        stored=(
            {(i, _as_month(p)): n for i, p, n in counts or []},
            {(i, _as_month(p)): d for i, p, d in digests or []},
        ),
        milestones=milestones or [],
    )
    return started_at, inputs


def _normalise_periods(periods):
    if periods is None:
        return None
    out = set()
    for p in periods:
        if isinstance(p, datetime.date):
            out.add(month_index(p))
        else:
            out.add(month_index(parse_period(str(p))))
    return sorted(out)


# --------------------------------------------------------------------------------------------
# Planning: which periods of which indicator to recompute
# --------------------------------------------------------------------------------------------
def affected_months(spec, touched, last):
    """The months of `spec` whose rows depend on the touched months: the months themselves,
    the months 3 and 12 later (changes) and, with a milestone rule, every later month; never
    after `last` (the last month with data)."""
    touched = sorted(set(touched))
    months = set(touched)
    for t in touched:
        months.update((t + 3, t + 12))
    if spec.has_milestone and touched:
        months.update(range(touched[0], last + 1))
    return sorted(m for m in months if m <= last or m in touched)


# --------------------------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------------------------
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


def _rows_columns(spec, grid, result, months, run_id):
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
    milestone = computation.milestone_as_of(result.milestone[rr], cc + grid.start)
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
class _Computed:
    """One indicator's computed months, ready for the writer."""

    spec: IndicatorSpec
    result: computation.Result
    months: list  # month indexes that get rows (sorted)
    digests: np.ndarray  # int64 fingerprint per month
    scope: list | None  # months whose stored rows this run owns (None = the whole indicator)


def _as_month(period):
    if isinstance(period, str):
        period = datetime.date.fromisoformat(period[:10])
    return month_index(period)


def _write_rows(grid, items, run, *, stored, force=False):
    """Make the stored rows of the items' scope equal to what was computed, touching only the
    months whose figures changed (fingerprints) and the months that no longer have rows, and
    mark the run succeeded. Runs inside the caller's transaction, so the run is succeeded
    exactly when its rows are in place. stored: ``_Inputs.stored``.
    Returns (rows computed, rows rewritten)."""
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
            parts.append(_rows_columns(item.spec, grid, item.result, changed, run_id))
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
    _delete_rows([k for k in rewrite + remove if k in counts])
    if n:
        _insert_rows(columns, n)
    for ind in sorted({key[0] for key in remove}):
        IndicatorMonth.objects.filter(
            indicator_id=ind, period__in=[month_date(m) for i, m in remove if i == ind]
        ).delete()
    _months_and_run_finish(new_months, run, computed, n)
    return computed, n


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


def _months_and_run_finish(months, run, computed, changed):
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


def _delete_rows(keys):
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


def _insert_rows(columns, n):
    """One binary COPY straight into the table (the months were deleted first, so no
    conflict handling is needed)."""
    table = IndicatorValue._meta.db_table
    names = ", ".join(VALUE_COLUMNS)
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {table} ({names}) FROM STDIN WITH (FORMAT binary)",
            io.BytesIO(_pg_payload(columns, n)),
        )


# --------------------------------------------------------------------------------------------
# The computation
# --------------------------------------------------------------------------------------------
_last_progress = {}


def _progress(run, percent, **fields):
    """Update the run row (its own autocommit statement, so that pages see it); plain
    progress updates at most every 2 seconds."""
    if run is None:
        return
    now = time.monotonic()
    if not fields and now - _last_progress.get(run.pk, 0.0) < 2.0:
        return
    _last_progress[run.pk] = now
    run.progress = percent
    for key, value in fields.items():
        setattr(run, key, value)
    ComputationRun.objects.filter(pk=run.pk).update(progress=percent, **fields)


FINISHED = (ComputationRun.Status.SUCCEEDED, ComputationRun.Status.FAILED)


def indicators_compute(  # noqa: PLR0913
    *, periods=None, run=None, indicators=None, pending_only=False, force=False
):
    """Compute every §6 figure of every indicator (or `indicators`) and store them.

    periods=None: every period with data (a full recompute, rows of vanished periods removed).
    periods=[...] (dates or 'YYYY-MM'): those months plus the later months whose changes or
    milestone depend on them. All rows are replaced in one transaction; on failure the previous
    values stay and the run is marked failed with its error (the exception is re-raised).
    pending_only: return at once if the run finished while this call waited for the lock.
    force: rewrite every month in scope, also those whose figures did not change.
    Only months whose figures changed are rewritten (fingerprints in ``IndicatorMonth``):
    ``rows_written`` counts the rows computed and stored, ``rows_changed`` those rewritten.
    Returns the run.
    """
    if run is None:
        run = ComputationRun.objects.create(
            trigger=ComputationRun.Trigger.MANUAL,
            periods=[format_period(parse_period(str(p)[:7])) for p in periods or []],
        )
    touched = _normalise_periods(periods)
    then = _inputs_query(run, indicators, touched, pending_only)
    with contextlib.ExitStack() as stack:
        try:
            first = stack.enter_context(computation_lock(then=then))
        except Exception as exc:
            # Reading the inputs failed (the lock is released again).
            _run_failed(run, exc)
            raise
        # Marked running in the lock's round trip, unless it finished while we waited.
        started_at, inputs = _inputs_from_row(first)
        if started_at is None:
            run.refresh_from_db()
            return run
        run.status, run.progress, run.started_at = ComputationRun.Status.RUNNING, 0, started_at
        run.finished_at, run.error = None, ""
        _last_progress[run.pk] = time.monotonic()
        try:
            rows, _changed = _compute_and_write(run, touched, inputs, force=force)
        except Exception as exc:
            _run_failed(run, exc)
            raise
    logger.info("indicator_computation_done", run=run.pk, rows=rows)
    return run


def _run_failed(run, exc):
    """Mark the run failed with the error and a short traceback (called inside ``except``)."""
    logger.exception("indicator_computation_failed", run=run.pk)
    message = f"{type(exc).__name__}: {exc}"
    detail = traceback.format_exc(limit=5)
    _progress(
        run,
        run.progress,
        status=ComputationRun.Status.FAILED,
        finished_at=timezone.now(),
        error=f"{message}\n\n{detail}"[:10000],
    )
    # The object as stored: a rolled-back write may have set its counts.
    with contextlib.suppress(ComputationRun.DoesNotExist):
        run.refresh_from_db()


def _compute_and_write(run, touched, inputs, force=False):
    specs, codes = inputs.specs, inputs.codes
    regions, clusters = inputs.regions, inputs.clusters
    suppress_below = getattr(settings, "SUPPRESS_BELOW", 5)
    all_measures = sorted({m for s in specs for m in s.measures})
    data_range = inputs.data_range
    if data_range is None or not codes:
        # No observations: every stored row of the scope goes.
        grid = Grid(codes or [0], regions or [-1], clusters or [-1], 0, 1)
        items = [
            _Computed(s, None, [], np.zeros(0, np.int64), None if touched is None else touched)
            for s in specs
        ]
        with transaction.atomic():
            return _write_rows(grid, items, run, force=force, stored=inputs.stored)

    first, last = data_range
    priors = {}
    _progress(run, 5)
    if touched is None:
        plan = {s.id: None for s in specs}
        grid_start, grid_end = first, last
        selections = [{"measure_ids": all_measures, "start": first, "end": last}]
    else:
        plan = {s.id: affected_months(s, touched, last) for s in specs}
        wanted = sorted({m for months in plan.values() for m in months})
        grid_end = min(last, wanted[-1])
        # A month's row needs that month (every measure) and the numerator and denominator of
        # the months 3 and 12 before it (its changes), nothing else.
        rows_at = sorted(m for m in wanted if first <= m <= last)
        changes_at = sorted(
            {x for t in wanted for x in (t - 3, t - 12) if first <= x <= last} - set(rows_at)
        )
        ratio_measures = sorted({m for s in specs for m in s.ratio_measures})
        selections = [
            {"measure_ids": all_measures, "months": rows_at},
            {"measure_ids": ratio_measures, "months": changes_at},
        ]
        needed = rows_at + changes_at
        grid_start = min(needed) if needed else grid_end
        # A milestone reached before the first touched month stays (those months did not
        # change: it is read from the stored rows); one reached later completes a run that
        # starts at most K - 1 months before the first touched month.
        milestone_specs = [s for s in specs if s.has_milestone and plan[s.id]]
        if milestone_specs:
            history_from = max(
                first, touched[0] - max(s.milestone_months for s in milestone_specs) + 1
            )
            history = sorted({m for s in milestone_specs for m in s.ratio_measures})
            selections.append({"measure_ids": history, "start": history_from, "end": grid_end})
            grid_start = min(grid_start, history_from)
            priors = _stored_milestones(milestone_specs, codes, inputs.milestones)
    grid = Grid(codes, regions, clusters, grid_start, max(grid_end - grid_start + 1, 1))
    grid.fill(*_load_observations(*selections))
    _progress(run, 20)

    computed = []
    for index, spec in enumerate(specs, start=1):
        months = plan[spec.id]
        wanted_cols = None
        if months is not None:
            wanted_cols = np.zeros(grid.months, bool)
            for m in months:
                if 0 <= m - grid.start < grid.months:
                    wanted_cols[m - grid.start] = True
        result = computation.compute_indicator(
            spec,
            grid,
            suppress_below=suppress_below,
            columns=wanted_cols,
            milestone_prior=priors.get(spec.id),
            with_peers=False,
        )
        keep = result.row_periods if wanted_cols is None else result.row_periods & wanted_cols
        computed.append((spec, result, np.flatnonzero(keep), months))
        _progress(run, 20 + int(50 * index / max(len(specs), 1)))
    computation.attach_peers(grid, [(result, cols) for _, result, cols, _ in computed])
    items = [
        _Computed(
            spec,
            result,
            (cols + grid.start).tolist(),
            computation.month_fingerprints(grid, result, cols),
            months,
        )
        for spec, result, cols, months in computed
    ]
    _progress(run, 80)

    # One transaction: readers see the old rows until the new ones are all in place.
    with transaction.atomic():
        return _write_rows(grid, items, run, force=force, stored=inputs.stored)


# --------------------------------------------------------------------------------------------
# Requests (from imports, the command, the runs page)
# --------------------------------------------------------------------------------------------
def computation_request(*, periods, trigger, by=None):
    """Create a queued ComputationRun and enqueue its Celery task when the transaction commits.

    periods: iterable of dates or 'YYYY-MM' (None or empty = every period with data).
    Returns the run (its task_id is filled in after the commit).
    """
    months = _normalise_periods(periods) or []
    run = ComputationRun.objects.create(
        status=ComputationRun.Status.QUEUED,
        trigger=trigger,
        requested_by=by if getattr(by, "is_authenticated", False) else None,
        periods=[format_period(month_date(m)) for m in months],
    )
    run.enqueue_failed = False

    def enqueue():
        _run_enqueue(run)

    transaction.on_commit(enqueue)
    return run


def _run_enqueue(run):
    """Send the run's task; on a broker outage the run stays queued (``run.enqueue_failed``)
    and ``computation_runs_recover`` sends it again later. Returns True when sent."""
    from .tasks import compute_indicators

    result = task_enqueue(
        compute_indicators, args=[run.pk], queue="default", event="computation_enqueue_failed"
    )
    run.enqueue_failed = result is None
    if result is None:
        return False
    run.task_id = result.id or ""
    # updated_at marks the last send: the sweeper waits COMPUTATION_REQUEUE_AFTER from it.
    ComputationRun.objects.filter(pk=run.pk).update(task_id=run.task_id, updated_at=timezone.now())
    return True


def computation_request_now(*, periods, trigger, by=None):
    """computation_request in its own transaction (views, commands): enqueued on return
    (``run.enqueue_failed`` is True when the broker could not be reached)."""
    with transaction.atomic():
        run = computation_request(periods=periods, trigger=trigger, by=by)
    return run


def indicator_saved(*, indicator, by=None):
    """After an indicator definition was created or changed: recompute (on commit) so that its
    stored figures follow the new definition."""
    return computation_request(periods=None, trigger=ComputationRun.Trigger.MANUAL, by=by)


def computation_run_execute(*, run_id):
    """Run a queued computation (the Celery task's body); safe to run twice: a finished run
    (succeeded, or failed and closed) is left alone, also when a duplicate message waited for
    the lock while the first one ran it."""
    run = ComputationRun.objects.filter(pk=run_id).first()
    if run is None or run.status in FINISHED:
        return run
    run = indicators_compute(periods=run.periods or None, run=run, pending_only=True)
    if run is not None and run.status == ComputationRun.Status.SUCCEEDED:
        # A finished computation triggers the month's benchmark reports (rendered by the worker).
        from benchmarks.services import reports_request_for_run

        reports_request_for_run(run=run)
    return run


# --------------------------------------------------------------------------------------------
# Recovery (the sweeper): runs orphaned by a lost worker or database, runs whose message is lost
# --------------------------------------------------------------------------------------------
#: Prefix of the error of a run the sweeper closed (Danish, shown on the run page).
INTERRUPTED = "Afbrudt"


@contextlib.contextmanager
def _idle_computation():
    """Yield True while holding the computation lock (no computation runs), False when a
    computation holds it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [COMPUTE_LOCK_KEY])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [COMPUTE_LOCK_KEY])


def computation_runs_recover(*, now=None):
    """Repair what an outage left behind (beat every minute, and at worker start).

    - A run ``running`` while nobody holds the computation lock lost its worker or its database
      (SIGKILL, OOM, PostgreSQL restart: the session lock died with it). It is marked failed
      ("Afbrudt …"); its stored values are the previous ones, because the write is one
      transaction. A new run of
      the same periods is requested once (trigger "schedule"); an interrupted automatic re-run
      is not re-run again, so a computation that kills its worker cannot loop.
    - A run still ``queued`` COMPUTATION_REQUEUE_AFTER_MINUTES after its last send, while no
      computation runs, lost its message (broker outage at request time, broker data lost): it
      is sent again. A duplicate message is harmless (computation_run_execute skips finished
      runs).

    Returns {"failed": [ids], "rerun": [new ids], "requeued": [ids]}.
    """
    now = now or timezone.now()
    requeue_after = datetime.timedelta(
        minutes=getattr(settings, "COMPUTATION_REQUEUE_AFTER_MINUTES", 5)
    )
    report = {"failed": [], "rerun": [], "requeued": []}
    Status = ComputationRun.Status
    with _idle_computation() as idle:
        orphans = ComputationRun.objects.filter(status=Status.RUNNING).order_by("pk")
        if not idle:
            orphans = orphans.none()
        for run in orphans:
            closed = ComputationRun.objects.filter(pk=run.pk, status=Status.RUNNING).update(
                status=Status.FAILED,
                finished_at=now,
                error=_(
                    "%(interrupted)s: beregningen blev afbrudt, fordi arbejdsprocessen eller "
                    "databasen forsvandt undervejs. De tidligere tal er bevaret."
                )
                % {"interrupted": INTERRUPTED},
            )
            if not closed:
                continue
            report["failed"].append(run.pk)
            logger.warning("computation_run_interrupted", run=run.pk)
            if run.trigger != ComputationRun.Trigger.SCHEDULE:
                with transaction.atomic():
                    rerun = computation_request(
                        periods=run.periods or None,
                        trigger=ComputationRun.Trigger.SCHEDULE,
                        by=run.requested_by,
                    )
                report["rerun"].append(rerun.pk)
        if idle:
            waiting = ComputationRun.objects.filter(
                status=Status.QUEUED, updated_at__lte=now - requeue_after
            ).exclude(pk__in=report["rerun"])
            for run in waiting.order_by("pk"):
                if _run_enqueue(run):
                    report["requeued"].append(run.pk)
    if any(report.values()):
        logger.info("computation_runs_recovered", **report)
    return report


# --------------------------------------------------------------------------------------------
# Definitions: one validation for forms and the API
# --------------------------------------------------------------------------------------------
def indicator_validate(
    *, numerator, denominator, scale, framework, milestone_threshold, milestone_months
):
    """Danish errors {field: [message]} of an indicator definition; {} when valid.

    numerator/denominator: Measure or None; framework: iterable of Measure.
    """
    errors = {}
    if numerator is None:
        errors.setdefault("numerator", []).append(_("Vælg en tællermåling, der findes."))
    if denominator is not None and numerator is not None and denominator.pk == numerator.pk:
        errors.setdefault("denominator", []).append(
            _("Nævneren skal være en anden måling end tælleren.")
        )
    if scale is None or not scale > 0:
        errors.setdefault("scale", []).append(_("Skalaen skal være større end 0."))
    not_framework = [m.code for m in framework or [] if not m.framework]
    if not_framework:
        errors.setdefault("framework", []).append(
            _("Disse målinger er ikke markeret som rammevilkår: %(codes)s.")
            % {"codes": ", ".join(sorted(not_framework))}
        )
    if (milestone_threshold is None) != (milestone_months is None):
        errors.setdefault("milestone", []).append(
            _("En milepæl kræver både en tærskel og et antal måneder.")
        )
    elif milestone_months is not None and milestone_months < 1:
        errors.setdefault("milestone", []).append(_("Antal måneder i træk skal være mindst 1."))
    return errors


def _number(value):
    text = f"{value:g}"
    return text.replace(".", ",")


def indicator_formula_text(indicator):
    """The formula of an indicator in Danish words (its description, or generated)."""
    if indicator.formula_description:
        return indicator.formula_description
    numerator = indicator.numerator.name
    if indicator.denominator_id is None:
        if indicator.scale == 1:
            return _("%(n)s") % {"n": numerator}
        return _("%(s)s gange %(n)s") % {"s": _number(indicator.scale), "n": numerator}
    text = _("%(n)s divideret med %(d)s") % {"n": numerator, "d": indicator.denominator.name}
    if indicator.scale != 1:
        text = _("%(text)s, gange %(s)s") % {"text": text, "s": _number(indicator.scale)}
    return text


def indicator_sources(indicator):
    """The distinct sources of the indicator's numerator and denominator measures."""
    measures = [indicator.numerator] + ([indicator.denominator] if indicator.denominator_id else [])
    sources = []
    for measure in measures:
        if measure.source and measure.source not in sources:
            sources.append(measure.source)
    return ", ".join(sources)


def value_data_as_of(value):
    """The date the figure's data is as of: when its numerator observation was imported, else
    when the computation that produced it finished."""
    stamp = getattr(value, "data_imported_at", None)
    if stamp is None and value.run_id is not None:
        stamp = value.run.finished_at
    return timezone.localtime(stamp).date() if stamp else None


__all__ = [
    "Measure",
    "computation_request",
    "computation_run_execute",
    "computation_runs_recover",
    "indicator_validate",
    "indicators_compute",
]
