"""What a computation reads: its inputs in one statement (sent in the lock's round trip), and
the observations it needs as numpy columns (one binary COPY)."""

import dataclasses
import datetime
import io

import numpy as np
from django.db import connection

from .. import pgcopy
from ..models import ComputationRun, Indicator
from .arithmetic import IndicatorSpec, month_date, month_index
from .runs import FINISHED


def indicator_ids(indicators):
    if indicators is None:
        return None
    return [i.pk if isinstance(i, Indicator) else int(i) for i in indicators]


def spec_objects(rows, framework_links):
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
            benefit_group=group or "",
        )
        for pk, code, numerator, denominator, scale, direction, threshold, months, group in rows
    ]


#: One observation row of the binary COPY in ``load_observations``: field count, then
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


def load_observations(*selections):
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


def stored_milestones(specs, codes, found):
    """Per indicator: the stored milestone month (month index, -1 = not reached) of every
    municipality (in `codes` order) as of the last stored month before the first touched one.

    found: the stored (indicator id, municipality code, milestone_reached) rows of that month,
    as ``INPUTS_SQL`` read them."""
    row_of = {code: i for i, code in enumerate(codes)}
    out = {spec.id: np.full(len(codes), -1, np.int64) for spec in specs}
    for indicator_id, code, reached in found:
        if indicator_id in out and code in row_of:
            out[indicator_id][row_of[code]] = as_month(reached)
    return out


def geography_columns(rows, cluster_rows=()):
    """(codes, region ids, {benefit group: cluster ids}) of (code, region id) rows in code
    order and (benefit group, code, cluster name) rows of the loaded classifications; -1 = none.
    A group without a classification is absent (its indicators get no cluster value)."""
    codes = [r[0] for r in rows]
    regions = [r[1] if r[1] is not None else -1 for r in rows]
    row_of = {code: i for i, code in enumerate(codes)}
    clusters = {}
    for group in sorted({r[0] for r in cluster_rows}):
        members = [(code, name) for g, code, name in cluster_rows if g == group and name]
        ids = {name: i for i, name in enumerate(sorted({name for _, name in members}))}
        column = [-1] * len(codes)
        for code, name in members:
            if code in row_of:
                column[row_of[code]] = ids[name]
        clusters[group] = column
    return codes, regions, clusters


@dataclasses.dataclass
class Inputs:
    """What a computation reads before it loads observations."""

    specs: list
    codes: list
    regions: list
    clusters: dict  # {benefit group: cluster ids per row}
    data_range: tuple | None  # (first, last) month index with observations, or None
    #: ({(indicator, month): rows}, {(indicator, month): digest}) stored from the first touched
    #: month on (every month for a full computation).
    stored: tuple
    #: [(indicator id, municipality code, milestone_reached)] stored as of the last month before
    #: the first touched one.
    milestones: list


#: Everything ``Inputs`` holds, and the run marked running, in ONE statement, sent
#: in the same round trip as the lock (``computation_lock(then=...)``). A computation of one
#: new month is a few milliseconds of arithmetic, so every round trip counts. Each MIN/MAX and
#: MAX(period) is one probe of an index. ``since`` is the first touched month (0001-01-01 for a
#: full computation, which makes the milestone part empty).
INPUTS_SQL = """
WITH started AS (
    UPDATE indicators_computationrun SET status = %(running)s, progress = 0,
        started_at = clock_timestamp(), finished_at = NULL, error = ''
    WHERE id = %(run)s AND (NOT %(pending_only)s OR status NOT IN %(finished)s)
    RETURNING started_at
), ind AS (
    SELECT id, code, numerator_id, denominator_id, scale, direction, milestone_threshold,
        milestone_months, benefit_group
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
        milestone_threshold, milestone_months, benefit_group) ORDER BY code) FROM ind),
    (SELECT json_agg(json_build_array(indicator_id, measure_id)) FROM fw),
    (SELECT json_agg(json_build_array(code, region_id) ORDER BY code)
        FROM indicators_municipality),
    (SELECT json_agg(json_build_array("group", municipality_id, cluster))
        FROM indicators_municipalitycluster),
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


def inputs_query(run, indicators, touched, pending_only):
    """(sql, params) of ``INPUTS_SQL`` for ``computation_lock(then=...)``."""
    return INPUTS_SQL, {
        "running": ComputationRun.Status.RUNNING,
        "run": run.pk,
        "pending_only": bool(pending_only),
        "finished": tuple(str(status) for status in FINISHED),
        "ids": indicator_ids(indicators),
        "since": month_date(touched[0]) if touched else datetime.date(1, 1, 1),
    }


def inputs_from_row(row):
    """(started_at or None when the run had already finished, Inputs) of ``INPUTS_SQL``."""
    started_at, specs, links, places, cluster_rows, bounds, counts, digests, milestones = row
    codes, regions, clusters = geography_columns(places or [], cluster_rows or [])
    inputs = Inputs(
        specs=spec_objects(specs or [], links or []),
        codes=codes,
        regions=regions,
        clusters=clusters,
        data_range=None if bounds[0] is None else (as_month(bounds[0]), as_month(bounds[1])),
        stored=(
            {(i, as_month(p)): n for i, p, n in counts or []},
            {(i, as_month(p)): d for i, p, d in digests or []},
        ),
        milestones=milestones or [],
    )
    return started_at, inputs


def as_month(period):
    if isinstance(period, str):
        period = datetime.date.fromisoformat(period[:10])
    return month_index(period)
