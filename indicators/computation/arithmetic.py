"""The indicator arithmetic of CONTRACT.md §6, set-based over whole periods (pure numpy).

Everything here works on dense arrays ``[municipality, month]`` over a contiguous calendar of
months (``Grid``); a month absent from the data is NaN (missing). Nothing here touches the
database: ``indicators.computation.engine`` loads observations into a ``Grid``, calls
``compute_indicator`` once per indicator and writes the rows it returns.

Months are integers ``year * 12 + (month - 1)`` ("month index") so that p − 3 months is a
subtraction.
"""

import dataclasses
import datetime
import hashlib

import numpy as np

try:  # the gufunc behind np.linalg.lstsq: numpy's, but private (see _lstsq_batch)
    from numpy.linalg import _umath_linalg
except ImportError:  # pragma: no cover - a numpy release that moved it
    _umath_linalg = None

#: Distances equal within this fraction of the period's range of expected values are ties.
PEER_TIE_TOLERANCE = 1e-9
PEER_COUNT = 10
CODE_SPAN = 1_000_000  # municipality codes are below this (kommunekoder are 101-860)


def month_index(day):
    return day.year * 12 + day.month - 1


def month_date(index):
    index = int(index)
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclasses.dataclass
class IndicatorSpec:
    """What the arithmetic needs of an Indicator (measures by id)."""

    id: int
    code: str
    numerator: int
    denominator: int | None
    scale: float
    direction: str  # higher_is_better | lower_is_better
    framework: list = dataclasses.field(default_factory=list)
    milestone_threshold: float | None = None
    milestone_months: int | None = None
    #: The benefit group whose cluster classification gives the cluster value ('' = the
    #: grid's default: all benefit groups).
    benefit_group: str = ""

    @property
    def has_milestone(self):
        return self.milestone_threshold is not None and bool(self.milestone_months)

    @property
    def ratio_measures(self):
        """The numerator and (if any) the denominator: what a value needs."""
        return [self.numerator] if self.denominator is None else [self.numerator, self.denominator]

    @property
    def measures(self):
        ids = [self.numerator, *self.framework]
        if self.denominator is not None:
            ids.append(self.denominator)
        return ids


class Grid:
    """Observations as dense arrays: ``data[measure_id]`` is ``float64[M, T]`` (NaN = missing).

    ``codes`` are the municipality codes in ascending order (row order), ``regions`` and
    ``clusters`` integer group ids per row (-1 = none), ``start`` the month index of column 0.
    ``clusters`` is one classification for every indicator, or {benefit group: ids per row}
    (one classification per benefit group; ``default_group`` serves an indicator without
    one; a group without a classification has no cluster values).
    """

    def __init__(self, codes, regions, clusters, start, months, default_group=""):  # noqa: PLR0913
        self.codes = np.asarray(codes, dtype=np.int64)
        order = np.argsort(self.codes, kind="stable")
        if not np.array_equal(order, np.arange(len(order))):
            raise ValueError("codes must be ascending")
        self.regions = np.asarray(regions, dtype=np.int64)
        if isinstance(clusters, dict):
            self.clusters = {g: np.asarray(ids, dtype=np.int64) for g, ids in clusters.items()}
        else:
            self.clusters = np.asarray(clusters, dtype=np.int64)
        self.default_group = default_group
        self.start = int(start)
        self.months = int(months)
        self.data = {}
        self._row_of = np.full(int(self.codes.max()) + 1 if len(self.codes) else 1, -1, np.int64)
        self._row_of[self.codes] = np.arange(len(self.codes))

    @property
    def shape(self):
        return (len(self.codes), self.months)

    def fill(self, measure_ids, municipality_codes, month_indexes, values):
        """Put observation columns (equal-length arrays) into the grid; unknown municipalities
        and months outside the calendar are ignored."""
        measure_ids = np.asarray(measure_ids, dtype=np.int64)
        codes = np.asarray(municipality_codes, dtype=np.int64)
        cols = np.asarray(month_indexes, dtype=np.int64) - self.start
        values = np.asarray(values, dtype=np.float64)
        known = (codes >= 0) & (codes < len(self._row_of))
        rows = np.full(len(codes), -1, np.int64)
        rows[known] = self._row_of[codes[known]]
        keep = (rows >= 0) & (cols >= 0) & (cols < self.months)
        measure_ids, rows, cols, values = (
            measure_ids[keep],
            rows[keep],
            cols[keep],
            values[keep],
        )
        for measure_id in np.unique(measure_ids):
            sel = measure_ids == measure_id
            arr = self.data.get(int(measure_id))
            if arr is None:
                arr = np.full(self.shape, np.nan)
                self.data[int(measure_id)] = arr
            arr[rows[sel], cols[sel]] = values[sel]

    def cluster_ids(self, benefit_group=""):
        """Cluster ids per row (-1 = none) of the benefit group's classification."""
        if not isinstance(self.clusters, dict):
            return self.clusters
        ids = self.clusters.get(benefit_group or self.default_group)
        return ids if ids is not None else np.full(len(self.codes), -1, np.int64)

    def get(self, measure_id):
        arr = self.data.get(measure_id)
        return arr if arr is not None else np.full(self.shape, np.nan)


def _group_ratio(group_ids, present, num, den, scale, has_den):
    """s·ΣN/ΣD per group id and month over present rows (null when ΣD = 0 or nobody present);
    returned broadcast back to ``[M, T]`` (NaN for rows without a group)."""
    out = np.full(num.shape, np.nan)
    groups = np.unique(group_ids[group_ids >= 0])
    if not len(groups):
        return out
    onehot = (group_ids[None, :] == groups[:, None]).astype(np.float64)  # [G, M]
    n_sum = onehot @ np.where(present, num, 0.0)  # [G, T]
    count = onehot @ present.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        if has_den:
            d_sum = onehot @ np.where(present, den, 0.0)
            ratio = np.where(d_sum != 0, (scale * n_sum) / d_sum, np.nan)
        else:
            ratio = np.where(count > 0, scale * n_sum, np.nan)
    index = np.searchsorted(groups, group_ids)
    has_group = group_ids >= 0
    out[has_group] = ratio[index[has_group]]
    return out


def _ranks(valid_values, higher_is_better):
    """Competition ranks (1, 2, 2, 4) per column among non-NaN entries; NaN elsewhere.

    A rank is 1 + the number strictly better: in each column sorted best first, the place
    where the entry's run of exactly equal values starts (one sort instead of all pairs)."""
    valid = ~np.isnan(valid_values)
    worse_first = -valid_values if higher_is_better else valid_values
    order = np.argsort(worse_first, axis=0, kind="stable")  # best first, NaN last
    ordered = np.take_along_axis(worse_first, order, axis=0)
    starts = np.ones(ordered.shape, bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    place = np.arange(1, ordered.shape[0] + 1, dtype=np.float64)[:, None]
    run_start = np.maximum.accumulate(np.where(starts, place, 0.0), axis=0)
    rank = np.empty(ordered.shape)
    np.put_along_axis(rank, order, run_start, axis=0)
    rank = np.where(valid, rank, np.nan)
    return rank, valid.sum(axis=0)


def milestone_as_of(milestone, months):
    """`milestone_reached` of rows: the milestone month where it is at or before the row's
    month, else -1 (arrays broadcast)."""
    return np.where((milestone >= 0) & (milestone <= months), milestone, -1)


def _shift(arr, months):
    """arr shifted so that column t holds column t − months (NaN before the start)."""
    out = np.full(arr.shape, np.nan)
    if months < arr.shape[1]:
        out[:, months:] = arr[:, : arr.shape[1] - months]
    return out


LOWER_IS_BETTER = "lower_is_better"


def meets_milestone(value, threshold, direction):
    """CONTRACT §6: a month counts towards the milestone when value ≥ threshold for a
    higher-is-better indicator, value ≤ threshold for a lower-is-better one (numbers or numpy
    arrays; the one rule the engine, the pages and the reports use)."""
    if direction == LOWER_IS_BETTER:
        return value <= threshold
    return value >= threshold


def _milestone(valid_values, threshold, months, direction="higher_is_better"):
    """Column index (per row) completing the first run of `months` consecutive months that meet
    the threshold in the indicator's direction (meets_milestone), or -1. NaN (missing or
    suppressed) breaks a run."""
    with np.errstate(invalid="ignore"):
        ok = ~np.isnan(valid_values) & meets_milestone(valid_values, threshold, direction)
    rows, cols = ok.shape
    run = np.zeros(rows, np.int64)
    first = np.full(rows, -1, np.int64)
    for t in range(cols):
        run = np.where(ok[:, t], run + 1, 0)
        newly = (run >= months) & (first < 0)
        first[newly] = t
    return first


def _raise_lstsq_error(err, flag):
    raise np.linalg.LinAlgError("SVD did not converge in Linear Least Squares")


def _lstsq_batch(design, rhs, rcond):
    """Least-squares solutions ``[G, k + 1, 1]`` of the G systems design[g] @ b = rhs[g]: one
    call of np.linalg.lstsq's gufunc, or, should a numpy release move that private module, one
    np.linalg.lstsq per system (the same LAPACK gelsd and rcond: the same figures, slower)."""
    if _umath_linalg is not None:
        with np.errstate(
            call=_raise_lstsq_error, invalid="call", over="ignore", divide="ignore", under="ignore"
        ):
            return _umath_linalg.lstsq(design, rhs, rcond, signature="ddd->ddid")[0]
    pairs = zip(design, rhs, strict=True)
    return np.stack([np.linalg.lstsq(d, r, rcond=rcond)[0] for d, r in pairs])


def _fit_columns(y, framework, in_fit):
    """Fitted values ``[M, C]`` (NaN outside the fit) of OLS with intercept of y ``[M, C]`` on
    the framework measures ``[k, M, C]`` over each column's rows ``in_fit``; no fit (NaN) where a
    column has k + 2 rows or fewer, the mean where k = 0.

    Columns with the same number of fitted rows are solved in one call of the gufunc behind
    ``np.linalg.lstsq`` (the same LAPACK gelsd per column, with lstsq's rcond): the figures are
    those of one lstsq per column, without its per-call overhead.
    """
    m, c = y.shape
    k = framework.shape[0]
    out = np.full((m, c), np.nan)
    n_rows = in_fit.sum(axis=0)
    if k == 0:
        for j in np.flatnonzero(n_rows > 2):
            rows = np.flatnonzero(in_fit[:, j])
            out[rows, j] = y[rows, j].mean()
        return out
    for n in np.unique(n_rows[n_rows > k + 2]):
        group = np.flatnonzero(n_rows == n)
        rows = np.nonzero(in_fit[:, group].T)[1].reshape(len(group), n)  # ascending per column
        design = np.empty((len(group), n, k + 1))
        design[:, :, 0] = 1.0
        design[:, :, 1:] = framework[:, rows, group[:, None]].transpose(1, 2, 0)
        rhs = y[rows, group[:, None]][:, :, None]
        rcond = np.finfo(np.float64).eps * max(n, k + 1)
        beta = _lstsq_batch(design, rhs, rcond)
        for g, j in enumerate(group):
            out[rows[g], j] = design[g] @ beta[g, :, 0]
    return out


def _peers(expected, codes):
    """Peers for every column at once.

    expected: float[M, C] (NaN = outside the fit), codes: int[M] ascending. Returns
    (peer codes int[M, C, PEER_COUNT] padded with -1, count int[M, C], -1 outside the fit):
    the PEER_COUNT other fitted municipalities with the closest expected value, nearest first;
    distances equal within PEER_TIE_TOLERANCE x the column's range of expected values tie and
    are ordered by ascending code.

    Distances are one-dimensional, so a municipality's PEER_COUNT nearest are among the
    PEER_COUNT on either side of it in the column's sorted order (``_peers_window``); the few
    columns where a tie group may reach past that window are done exactly (``_peers_exact``).
    """
    m, c = expected.shape
    peer_codes = np.full((m, c, PEER_COUNT), -1, np.int64)
    count = np.full((m, c), -1, np.int64)
    fitted = ~np.isnan(expected)
    with_fit = np.flatnonzero(fitted.any(axis=0))  # columns with a fit
    if not len(with_fit):
        return peer_codes, count
    # A column whose expected values are all equal (no framework measures: everybody's expected
    # value is the mean) is one tie group: the peers are the lowest codes, oneself excluded.
    with np.errstate(invalid="ignore"):
        flat = np.nanmax(expected[:, with_fit], axis=0) == np.nanmin(expected[:, with_fit], axis=0)
    _peers_flat(fitted, codes, with_fit[flat], peer_codes, count)
    with_fit = with_fit[~flat]
    unsure = np.concatenate(
        [
            _peers_window(expected, codes, with_fit[lo : lo + 64], peer_codes, count)
            for lo in range(0, len(with_fit), 64)
        ]
        or [np.zeros(0, np.int64)]
    )
    if len(unsure):
        _peers_exact(expected, codes, unsure, peer_codes, count)
    peer_codes[count < 0] = -1  # canonical: nothing outside the fit (fingerprints compare it)
    return peer_codes, count


def _peers_flat(fitted, codes, columns, peer_codes, count):
    """Peers of columns whose expected values are all equal (one tie group): the PEER_COUNT
    lowest codes of the fit, oneself left out. A municipality whose place q among the fitted
    (by code) is within the first take + 1 skips itself: peer i is the fit's (i + (i >= q))-th."""
    if not len(columns):
        return
    fit = fitted[:, columns]  # [M, F]
    place = np.cumsum(fit, axis=0) - 1  # place among the fitted rows of the column (by code)
    take = np.minimum(PEER_COUNT, fit.sum(axis=0) - 1)  # [F]
    lowest = np.full((len(columns), PEER_COUNT + 1), -1, np.int64)  # the fit's lowest codes
    r, f = np.nonzero(fit & (place <= PEER_COUNT))
    lowest[f, place[r, f]] = codes[r]
    r, f = np.nonzero(fit)
    i = np.arange(PEER_COUNT)
    ranked = lowest[f[:, None], i + (i >= place[r, f][:, None])]  # [rows, P]
    peer_codes[r, columns[f]] = np.where(i < take[f][:, None], ranked, -1)
    count[r, columns[f]] = take[f]


def _tie_ordered(sorted_dist, candidate_codes, spread):
    """Given candidates sorted by distance ([..., K]), the keys (tie group, code) that order
    them as §6 wants, and the tie group of each candidate (in the codes' integer type: int32
    keys suffice while K x CODE_SPAN fits)."""
    tol = (PEER_TIE_TOLERANCE * spread)[..., None]
    with np.errstate(invalid="ignore"):
        gaps = (sorted_dist[..., 1:] - sorted_dist[..., :-1]) > tol
    group = np.zeros(sorted_dist.shape, candidate_codes.dtype)
    np.cumsum(gaps, axis=-1, dtype=group.dtype, out=group[..., 1:])
    return group * group.dtype.type(CODE_SPAN) + candidate_codes, group


def _peers_window(expected, codes, with_fit, peer_codes, count):
    """Fills the columns where the window decides; returns the columns it could not decide.

    In a column's sorted order a municipality's candidates are the PEER_COUNT on either side
    (sliding windows over the sorted values, NaN-padded: no fancy indexing); they are ordered
    by distance, split into tie groups and ranked by (tie group, code). The column is decided
    when, for every municipality, the tie group of the last peer taken ends (plus the tolerance)
    before the nearest value outside the window.
    """
    w = PEER_COUNT
    e = expected[:, with_fit].T  # [C, M]
    n_cols, m = e.shape
    order = np.argsort(e, axis=1, kind="stable")  # NaN (outside the fit) last
    v = np.take_along_axis(e, order, axis=1)  # sorted expected values
    n_fit = m - np.isnan(v).sum(axis=1)  # [C]
    last_fit = np.maximum(n_fit - 1, 0)
    spread = np.where(n_fit > 0, v[np.arange(n_cols), last_fit] - v[:, 0], 0.0)  # max - min
    take = np.minimum(PEER_COUNT, last_fit)  # [C]
    # Windows of 2w + 3 around each sorted position: [outside, w left, self, w right, outside].
    pad = np.full((n_cols, w + 1), np.nan)
    window = np.lib.stride_tricks.sliding_window_view(
        np.concatenate([pad, v, pad], axis=1), 2 * w + 3, axis=1
    )  # [C, M, 2w + 3]
    sorted_codes = codes.astype(np.int32)[order]  # int32: keys below 2w x CODE_SPAN
    code_pad = np.full((n_cols, w + 1), -1, sorted_codes.dtype)
    code_window = np.lib.stride_tricks.sliding_window_view(
        np.concatenate([code_pad, sorted_codes, code_pad], axis=1), 2 * w + 3, axis=1
    )
    inner = np.r_[1 : w + 1, w + 2 : 2 * w + 2]  # the 2w candidates, oneself left out
    with np.errstate(invalid="ignore"):
        dist = np.abs(window[:, :, inner] - v[:, :, None])  # [C, M, K], NaN = no candidate
        d_out = np.fmin(v - window[:, :, 0], window[:, :, -1] - v)  # nearest outside (NaN: none)
    dist[np.isnan(dist)] = np.inf
    # Order among equal distances does not matter: ties are re-ordered by code below. One flat
    # index gathers distances and codes (cheaper than two take_along_axis).
    cand_order = np.argsort(dist, axis=2)
    cand_order += (np.arange(n_cols * m) * len(inner)).reshape(n_cols, m, 1)
    sorted_dist = np.take(dist, cand_order)
    cand_codes = np.take(code_window[:, :, inner], cand_order)
    key, group = _tie_ordered(sorted_dist, cand_codes, spread[:, None])
    # Candidates past the ones that exist (inf distance) sort last and are dropped by `take`.
    key[np.isinf(sorted_dist)] = np.iinfo(key.dtype).max
    best = np.sort(key, axis=2)[:, :, :PEER_COUNT] % CODE_SPAN  # [C, M, P]
    # The tie group of the last peer taken must end before anything outside the window.
    last = np.broadcast_to(np.maximum(take - 1, 0)[:, None, None], (n_cols, m, 1))
    last_group = np.take_along_axis(group, last, axis=2)
    end = (group <= last_group).sum(axis=2, keepdims=True) - 1  # index of the group's last
    group_end = np.take_along_axis(sorted_dist, end, axis=2)[:, :, 0]
    tol = PEER_TIE_TOLERANCE * spread[:, None]
    fitted_pos = np.arange(m)[None, :] < n_fit[:, None]  # [C, M] sorted positions in the fit
    with np.errstate(invalid="ignore"):
        decided = np.isnan(d_out) | (group_end + tol < d_out)
    decided |= ~fitted_pos | (take[:, None] == 0)
    sure = decided.all(axis=1)
    keep = np.arange(PEER_COUNT)[None, None, :] < take[:, None, None]
    best = np.where(keep, best, -1)
    ci, pos = np.nonzero(fitted_pos & sure[:, None])
    rows = order[ci, pos]  # sorted position -> municipality row
    peer_codes[rows, with_fit[ci], :] = best[ci, pos]
    count[rows, with_fit[ci]] = take[ci]
    return with_fit[~sure]


def _peers_exact(expected, codes, columns, peer_codes, count, chunk=32):
    """The exact method (every pairwise distance) for the given columns."""
    m = expected.shape[0]
    for lo in range(0, len(columns), chunk):
        cols = columns[lo : lo + chunk]
        e = expected[:, cols].T  # [C, M]
        fitted = ~np.isnan(e)
        n_fit = fitted.sum(axis=1)  # [C]
        with np.errstate(invalid="ignore"):
            spread = np.where(
                n_fit > 0,
                np.nanmax(np.where(fitted, e, -np.inf), axis=1)
                - np.nanmin(np.where(fitted, e, np.inf), axis=1),
                0.0,
            )
            dist = np.abs(e[:, :, None] - e[:, None, :])  # [C, M, M]
        dist[np.isnan(dist)] = np.inf
        idx = np.arange(m)
        dist[:, idx, idx] = np.inf
        # Order among equal distances does not matter here: ties are re-ordered by code below.
        order = np.argsort(dist, axis=2)
        sorted_dist = np.take_along_axis(dist, order, axis=2)
        key, _ = _tie_ordered(sorted_dist, codes[order], spread[:, None])
        if m > PEER_COUNT + 1:
            nearest = np.argpartition(key, PEER_COUNT, axis=2)[:, :, :PEER_COUNT]
            nearest_key = np.take_along_axis(key, nearest, axis=2)
        else:
            nearest_key = key
        nearest_key = np.sort(nearest_key, axis=2)[:, :, :PEER_COUNT]
        ranked = nearest_key % CODE_SPAN  # [C, M, P]
        take = np.minimum(PEER_COUNT, np.maximum(n_fit - 1, 0))  # [C]
        keep = np.arange(ranked.shape[2])[None, None, :] < take[:, None, None]
        ranked = np.where(keep, ranked, -1)
        width = ranked.shape[2]
        peer_codes[:, cols, :width] = ranked.transpose(1, 0, 2)
        count[:, cols] = np.where(fitted, take[:, None], -1).T


def attach_peers(grid, results):
    """Peers of many indicators in one search: ``results`` is a list of (Result, cols) whose
    expected values at grid columns ``cols`` get their peers (compute_indicator with
    ``with_peers=False``)."""
    results = [(r, np.asarray(c, np.int64)) for r, c in results if len(c)]
    if not results:
        return
    stacked = np.concatenate([r.expected[:, c] for r, c in results], axis=1)
    codes, count = _peers(stacked, grid.codes)
    at = 0
    for result, cols in results:
        width = len(cols)
        result.peer_codes[:, cols] = codes[:, at : at + width]
        result.peer_count[:, cols] = count[:, at : at + width]
        at += width


@dataclasses.dataclass
class Result:
    """Every §6 figure of one indicator on the grid, as ``[M, T]`` arrays (NaN = null)."""

    row_periods: np.ndarray  # bool[T]: the months that get rows (any N present)
    value: np.ndarray
    numerator: np.ndarray
    denominator: np.ndarray
    suppressed: np.ndarray  # bool
    rank: np.ndarray
    rank_of: np.ndarray  # int[T]
    national: np.ndarray  # [T]
    region: np.ndarray
    cluster: np.ndarray
    change_3m: np.ndarray
    change_12m: np.ndarray
    expected: np.ndarray
    residual: np.ndarray
    peer_codes: np.ndarray  # int[M, T, PEER_COUNT], -1 padded
    peer_count: np.ndarray  # int[M, T]: how many peers; -1 = outside the fit (peers null)
    milestone: np.ndarray  # int[M]: month index of the milestone month, or -1

    def peers(self, row, col):
        """The peer codes of one cell, or None outside the fit."""
        count = int(self.peer_count[row, col])
        return None if count < 0 else self.peer_codes[row, col, :count].tolist()


def compute_indicator(  # noqa: PLR0913
    spec, grid, suppress_below=5, columns=None, milestone_prior=None, with_peers=True
):
    """All §6 figures of one indicator over the grid.

    ``columns`` (bool[T] or None) limits the per-period work (national, region and cluster
    values, ranks, expected values, peers) to the months that will be written (NaN elsewhere);
    values, changes and milestones always use the whole grid. ``milestone_prior`` (int[M],
    month index or -1): milestones already reached before the grid's history starts (an
    incremental computation reads them from the stored rows); they win over the grid's.
    ``with_peers=False`` leaves the peers to ``attach_peers`` (one search for many indicators).
    """
    num = grid.get(spec.numerator)
    has_den = spec.denominator is not None
    den = grid.get(spec.denominator) if has_den else None
    scale = float(spec.scale)

    n_present = ~np.isnan(num)
    present = n_present & ~np.isnan(den) if has_den else n_present
    missing = ~present
    if has_den:
        suppressed = present & ((den < suppress_below) | (den == 0))
        suppressed |= present & (num > 0) & (num < suppress_below)
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.where(present & ~suppressed, (scale * num) / den, np.nan)
    else:
        suppressed = present & (num > 0) & (num < suppress_below)
        value = np.where(present & ~suppressed, scale * num, np.nan)
    suppressed &= ~missing  # missing wins over suppression (already implied by `present`)

    row_periods = n_present.any(axis=0)
    wanted = row_periods if columns is None else (row_periods & columns)
    cols = np.flatnonzero(wanted)
    shape = grid.shape

    def widen(part):  # [M, len(cols)] -> [M, T], NaN outside the wanted columns
        out = np.full(shape, np.nan)
        out[:, cols] = part
        return out

    sub_present = present[:, cols]
    sub_num = num[:, cols]
    sub_den = den[:, cols] if has_den else None
    sub_value = value[:, cols]
    national = np.full(shape[1], np.nan)
    national[cols] = _group_ratio(
        np.zeros(shape[0], np.int64), sub_present, sub_num, sub_den, scale, has_den
    )[0]
    region = widen(_group_ratio(grid.regions, sub_present, sub_num, sub_den, scale, has_den))
    clusters = grid.cluster_ids(spec.benefit_group)
    cluster = widen(_group_ratio(clusters, sub_present, sub_num, sub_den, scale, has_den))

    sub_rank, sub_rank_of = _ranks(sub_value, spec.direction != "lower_is_better")
    rank = widen(sub_rank)
    rank_of = np.zeros(shape[1], np.int64)
    rank_of[cols] = sub_rank_of
    change_3m = value - _shift(value, 3)
    change_12m = value - _shift(value, 12)

    expected = np.full(shape, np.nan)
    framework = [grid.get(m)[:, cols] for m in spec.framework]
    if framework:
        f_stack = np.stack(framework)  # [k, M, C]
        f_present = ~np.isnan(f_stack).any(axis=0)
    else:
        f_stack = np.zeros((0, shape[0], len(cols)))
        f_present = np.ones((shape[0], len(cols)), bool)
    in_fit = ~np.isnan(sub_value) & f_present
    expected[:, cols] = _fit_columns(sub_value, f_stack, in_fit)
    peer_codes = np.full((*shape, PEER_COUNT), -1, np.int64)
    peer_count = np.full(shape, -1, np.int64)
    if len(cols) and with_peers:
        sub_codes, sub_count = _peers(expected[:, cols], grid.codes)
        peer_codes[:, cols] = sub_codes
        peer_count[:, cols] = sub_count
    residual = value - expected

    if spec.has_milestone:
        first = _milestone(
            value, float(spec.milestone_threshold), int(spec.milestone_months), spec.direction
        )
        milestone = np.where(first >= 0, first + grid.start, -1)
        if milestone_prior is not None:
            milestone = np.where(milestone_prior >= 0, milestone_prior, milestone)
    else:
        milestone = np.full(shape[0], -1, np.int64)

    return Result(
        row_periods=row_periods,
        value=value,
        numerator=np.where(suppressed, np.nan, num),
        denominator=np.where(suppressed, np.nan, den) if has_den else np.full(shape, np.nan),
        suppressed=suppressed,
        rank=rank,
        rank_of=rank_of,
        national=national,
        region=region,
        cluster=cluster,
        change_3m=change_3m,
        change_12m=change_12m,
        expected=expected,
        residual=residual,
        peer_codes=peer_codes,
        peer_count=peer_count,
        milestone=milestone,
    )


#: The per-row figures a month's fingerprint covers (besides suppressed, peers, milestone).
FINGERPRINT_FLOATS = (
    "value",
    "numerator",
    "denominator",
    "rank",
    "region",
    "cluster",
    "change_3m",
    "change_12m",
    "expected",
    "residual",
)


def month_fingerprints(grid, result, cols):
    """One signed 64-bit fingerprint per grid column in ``cols``: a BLAKE2b hash of every
    figure stored on the column's rows (all municipalities) and of the column's national value
    and rank_of. Equal fingerprints = the stored rows would be identical, so the writer can
    leave that month alone."""
    cols = np.asarray(cols, dtype=np.int64)
    if not len(cols):
        return np.zeros(0, np.int64)
    # One packed record per (column, municipality), written field by field straight into the
    # [C, M] layout the hash reads: the ten floats (one bit pattern for every NaN), suppressed,
    # peer count, milestone as of the month and code (int32 each), then the peer codes.
    record = np.dtype(
        [(name, "<f8") for name in FINGERPRINT_FLOATS]
        + [(name, "<i4") for name in ("suppressed", "peer_count", "reached", "code")]
        + [("peers", "<i4", (result.peer_codes.shape[2],))]
    )
    block = np.empty((len(cols), grid.shape[0]), record)
    for name in FINGERPRINT_FLOATS:
        block[name] = getattr(result, name)[:, cols].T
        field = block[name]
        field[np.isnan(field)] = np.nan
    block["suppressed"] = result.suppressed[:, cols].T
    block["peer_count"] = result.peer_count[:, cols].T
    block["reached"] = milestone_as_of(result.milestone[None, :], (cols + grid.start)[:, None])
    block["code"] = grid.codes[None, :]
    block["peers"] = result.peer_codes[:, cols].transpose(1, 0, 2)
    block = block.view(np.uint8).reshape(len(cols), -1)
    per_column = np.stack([result.national[cols], result.rank_of[cols].astype(np.float64)], -1)
    per_column = np.ascontiguousarray(np.where(np.isnan(per_column), np.nan, per_column))
    out = np.empty(len(cols), np.int64)
    for j in range(len(cols)):
        digest = hashlib.blake2b(block[j], digest_size=8)
        digest.update(per_column[j])
        out[j] = int.from_bytes(digest.digest(), "little", signed=True)
    return out
