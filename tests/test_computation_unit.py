"""CONTRACT.md §6 on small hand-made grids (pure numpy, no database)."""

import numpy as np
import pytest

from indicators.computation.arithmetic import Grid, IndicatorSpec, compute_indicator

NAN = np.nan
N, D, F1, F2 = 1, 2, 3, 4


def grid_of(codes, months, data, regions=None, clusters=None, start=24300):
    grid = Grid(
        codes,
        regions if regions is not None else [1] * len(codes),
        clusters if clusters is not None else [-1] * len(codes),
        start,
        months,
    )
    for measure, rows in data.items():
        arr = np.array(rows, dtype=float)
        grid.data[measure] = arr
    return grid


def spec(**kw):
    base = {
        "id": 1,
        "code": "x",
        "numerator": N,
        "denominator": D,
        "scale": 100.0,
        "direction": "higher_is_better",
    }
    base.update(kw)
    return IndicatorSpec(**base)


def test_value_suppression_threshold_and_missing_precedence():
    # rows: D=4 (suppr.), D=5 ok, N=4 (suppr.), N=5 ok, N=0 ok, D=0 (suppr.), N missing, D missing
    num = [[1], [5], [4], [5], [0], [0], [NAN], [3]]
    den = [[4], [5], [10], [10], [10], [0], [10], [NAN]]
    g = grid_of(list(range(101, 109)), 1, {N: num, D: den})
    r = compute_indicator(spec(), g)
    assert r.suppressed[:, 0].tolist() == [True, False, True, False, False, True, False, False]
    assert r.value[1, 0] == 100.0 and r.value[3, 0] == 50.0 and r.value[4, 0] == 0.0
    assert np.isnan(r.value[[0, 2, 5, 6, 7], 0]).all()
    # suppressed rows reveal no numerator/denominator; missing rows keep what is present
    assert np.isnan(r.numerator[0, 0]) and np.isnan(r.denominator[0, 0])
    assert r.numerator[7, 0] == 3 and np.isnan(r.denominator[7, 0])
    # national over rows with N and D present, suppressed included: 15 / 39
    assert r.national[0] == pytest.approx(100 * 15 / 39)
    # rank among unsuppressed non-missing: rows 1 (100), 3 (50), 4 (0)
    assert r.rank[[1, 3, 4], 0].tolist() == [1, 2, 3]
    assert r.rank_of[0] == 3


def test_national_null_when_sum_d_zero_and_without_denominator():
    g = grid_of([101, 102], 1, {N: [[0], [0]], D: [[0], [0]]})
    r = compute_indicator(spec(), g)
    assert np.isnan(r.national[0])
    g = grid_of([101, 102, 103], 1, {N: [[3], [7], [NAN]]})
    r = compute_indicator(spec(denominator=None, scale=1.0), g)
    assert r.national[0] == 10.0
    assert r.suppressed[:, 0].tolist() == [True, False, False]
    assert r.value[1, 0] == 7.0


def test_competition_ranking_ties_and_direction():
    num = [[10], [20], [20], [30], [5]]
    den = [[100]] * 5
    g = grid_of([101, 102, 103, 104, 105], 1, {N: num, D: den})
    r = compute_indicator(spec(), g)
    assert r.rank[:, 0].tolist() == [4, 2, 2, 1, 5]
    r = compute_indicator(spec(direction="lower_is_better"), g)
    assert r.rank[:, 0].tolist() == [2, 3, 3, 5, 1]


def test_regions_and_clusters():
    g = grid_of(
        [101, 102, 103],
        1,
        {N: [[10], [20], [30]], D: [[100], [100], [50]]},
        regions=[1, 1, 2],
        clusters=[0, -1, 0],
    )
    r = compute_indicator(spec(), g)
    assert r.region[:, 0].tolist() == [15.0, 15.0, 60.0]
    assert r.cluster[0, 0] == pytest.approx(100 * 40 / 150) and np.isnan(r.cluster[1, 0])


def test_changes_missing_and_suppressed():
    num = [[10, 11, 12, 13, 14], [10, NAN, 12, 13, 1]]
    den = [[100] * 5, [100] * 5]
    g = grid_of([101, 102], 5, {N: num, D: den})
    r = compute_indicator(spec(), g)
    assert r.change_3m[0, 3] == pytest.approx(3.0)
    assert np.isnan(r.change_3m[0, 2])  # nothing 3 months earlier
    assert np.isnan(r.change_3m[1, 4])  # p suppressed (N=1)
    assert r.change_3m[1, 3] == pytest.approx(3.0)
    num = [[10, NAN, NAN, 13], [1, 5, 5, 13]]
    g = grid_of([101, 102], 4, {N: num, D: [[100] * 4] * 2})
    r = compute_indicator(spec(), g)
    assert np.isnan(r.change_3m[1, 3])  # p-3 suppressed


def test_expected_ols_too_few_and_mean():
    # k = 1 needs more than 3 municipalities in the fit
    num = [[10], [20], [30], [45]]
    den = [[100]] * 4
    fw = [[1], [2], [3], [4]]
    g = grid_of([101, 102, 103, 104], 1, {N: num, D: den, F1: fw})
    r = compute_indicator(spec(framework=[F1]), g)
    x = np.array([1, 2, 3, 4.0])
    y = np.array([10, 20, 30, 45.0])
    slope, intercept = np.polyfit(x, y, 1)
    assert r.expected[:, 0] == pytest.approx(intercept + slope * x)
    assert r.residual[:, 0] == pytest.approx(y - (intercept + slope * x))
    g3 = grid_of([101, 102, 103], 1, {N: num[:3], D: den[:3], F1: fw[:3]})
    r = compute_indicator(spec(framework=[F1]), g3)
    assert np.isnan(r.expected).all() and (r.peer_count == -1).all()
    # k = 0: the mean, needs more than 2
    r = compute_indicator(spec(), g3)
    assert r.expected[:, 0] == pytest.approx([20, 20, 20])
    g2 = grid_of([101, 102], 1, {N: num[:2], D: den[:2]})
    assert np.isnan(compute_indicator(spec(), g2).expected).all()


def test_expected_collinear_design_and_exclusions():
    num = [[10], [20], [30], [45], [50], [2]]
    den = [[100]] * 6
    fw1 = [[1], [2], [3], [4], [NAN], [6]]
    fw2 = [[2], [4], [6], [8], [10], [12]]  # = 2 * fw1: collinear
    g = grid_of([101, 102, 103, 104, 105, 106], 1, {N: num, D: den, F1: fw1, F2: fw2})
    r = compute_indicator(spec(framework=[F1, F2]), g)
    # 105 lacks a framework value, 106 is suppressed: outside the fit
    assert np.isnan(r.expected[4, 0]) and np.isnan(r.expected[5, 0])
    assert r.peers(4, 0) is None and r.peers(5, 0) is None
    # 4 municipalities, k = 2: 4 > 4 is false -> too few
    assert np.isnan(r.expected[:4, 0]).all()
    num = [[10], [20], [30], [45], [52]]
    fw1 = [[1], [2], [3], [4], [5]]
    fw2 = [[2], [4], [6], [8], [10]]
    g = grid_of([101, 102, 103, 104, 105], 1, {N: num, D: [[100]] * 5, F1: fw1, F2: fw2})
    r = compute_indicator(spec(framework=[F1, F2]), g)
    x = np.arange(1, 6.0)
    y = np.array([10, 20, 30, 45, 52.0])
    slope, intercept = np.polyfit(x, y, 1)
    assert r.expected[:, 0] == pytest.approx(intercept + slope * x)


def test_peers_nearest_first_ties_by_code_and_all_when_few():
    # k = 0: every expected value equals the mean -> all distances tie -> ascending code
    codes = list(range(101, 114))  # 13 municipalities
    num = [[10 + i] for i in range(13)]
    g = grid_of(codes, 1, {N: num, D: [[100]] * 13})
    r = compute_indicator(spec(), g)
    assert r.peers(0, 0) == list(range(102, 112))
    assert r.peers(5, 0) == [101, 102, 103, 104, 105, 107, 108, 109, 110, 111]
    # few: all others; symmetric distances tie -> lower code first
    fw = [[1], [2], [3], [4], [5]]
    num = [[10], [20], [30], [40], [50]]
    g = grid_of([101, 102, 103, 104, 105], 1, {N: num, D: [[100]] * 5, F1: fw})
    r = compute_indicator(spec(framework=[F1]), g)
    assert r.peers(2, 0) == [102, 104, 101, 105]
    assert r.peers(0, 0) == [102, 103, 104, 105]


def test_milestone_reached_on_third_month_and_broken_after():
    values = [50, 39, 40, 41, 45, 10, 50, 50, 50]
    g = grid_of(
        [101, 102], 9, {N: [values, [40, 40, NAN, 40, 40, 2, 40, 40, 40]], D: [[100] * 9] * 2}
    )
    r = compute_indicator(spec(milestone_threshold=40, milestone_months=3), g)
    assert r.milestone[0] == g.start + 4  # 40, 41, 45 -> completed in the 5th month
    # 102: missing (month 3) and suppressed (N=2, month 6) break runs -> months 7-9
    assert r.milestone[1] == g.start + 8
    g = grid_of([101], 3, {N: [[40, 40, 40]], D: [[100] * 3]})
    r = compute_indicator(spec(milestone_threshold=40, milestone_months=3), g)
    assert r.milestone[0] == g.start + 2


def test_rows_only_for_periods_with_any_numerator():
    g = grid_of([101, 102], 3, {N: [[1, NAN, 3], [NAN, NAN, 4]], D: [[10, 10, 10], [10] * 3]})
    r = compute_indicator(spec(), g)
    assert r.row_periods.tolist() == [True, False, True]


def _naive_peers(expected, codes):
    """Reference: per municipality, sort the others by distance, tie groups (consecutive
    sorted distances within 1e-9 x range) ordered by code, first 10."""
    out = {}
    values = {c: e for c, e in zip(codes, expected, strict=True) if not np.isnan(e)}
    if not values:
        return out
    spread = max(values.values()) - min(values.values())
    tol = 1e-9 * spread
    for code, e in values.items():
        others = sorted((abs(e - v), c) for c, v in values.items() if c != code)
        groups, last = [], None
        for d, c in others:
            if last is None or d - last > tol:
                groups.append([])
            groups[-1].append(c)
            last = d
        ordered = [c for g in groups for c in sorted(g)]
        out[code] = ordered[:10]
    return out


@pytest.mark.parametrize("seed", range(12))
def test_vectorized_peers_match_a_naive_reference(seed):
    from indicators.computation.arithmetic import _peers

    rng = np.random.default_rng(seed)
    m = int(rng.integers(2, 40))
    codes = np.sort(rng.choice(np.arange(101, 900), m, replace=False))
    columns = []
    for _ in range(5):
        col = np.round(rng.normal(0, 1, m), int(rng.integers(0, 2)))  # many exact ties
        col[rng.random(m) < 0.2] = np.nan
        columns.append(col)
    expected = np.column_stack(columns)
    peer_codes, count = _peers(expected, codes)
    for t in range(expected.shape[1]):
        naive = _naive_peers(expected[:, t], codes.tolist())
        for row, code in enumerate(codes.tolist()):
            k = int(count[row, t])
            got = None if k < 0 else peer_codes[row, t, :k].tolist()
            assert got == naive.get(code), (seed, t, code)


def test_month_fingerprint_is_the_hash_of_the_documented_bytes():
    """The fingerprint's byte layout is fixed (stored fingerprints must stay comparable): per
    municipality the ten FINGERPRINT_FLOATS (NaN in one bit pattern), then suppressed, peer
    count, milestone as of the month and code as int32, then the peer codes as int32; then
    the national value and rank_of as float64."""
    import hashlib

    from indicators.computation.arithmetic import FINGERPRINT_FLOATS, month_fingerprints

    codes = [101, 102, 103, 104, 105]
    num = [[10, 12], [20, 3], [30, 33], [45, NAN], [52, 50]]
    g = grid_of(
        codes, 2, {N: num, D: [[100, 100]] * 5, F1: [[1, 1], [2, 2], [3, 3], [4, 4], [5, 6]]}
    )
    r = compute_indicator(spec(framework=[F1], milestone_threshold=20, milestone_months=1), g)
    got = month_fingerprints(g, r, np.array([0, 1]))
    for col in (0, 1):
        block = b""
        for row, code in enumerate(codes):
            floats = np.array([getattr(r, name)[row, col] for name in FINGERPRINT_FLOATS])
            floats[np.isnan(floats)] = np.nan
            reached = r.milestone[row] if 0 <= r.milestone[row] <= col + g.start else -1
            ints = [r.suppressed[row, col], r.peer_count[row, col], reached, code]
            block += floats.astype("<f8").tobytes() + np.array(ints, "<i4").tobytes()
            block += r.peer_codes[row, col].astype("<i4").tobytes()
        digest = hashlib.blake2b(block, digest_size=8)
        digest.update(np.array([r.national[col], float(r.rank_of[col])], "<f8").tobytes())
        assert got[col] == int.from_bytes(digest.digest(), "little", signed=True)
    assert r.suppressed[1, 1] and r.peer_count[3, 1] == -1  # both kinds of row are covered


def _fit_one(y, framework_cols):
    """Reference: one np.linalg.lstsq per period (the arithmetic before the batched solve)."""
    n, k = framework_cols.shape
    if n <= k + 2:
        return None
    if k == 0:
        return np.full(n, y.mean())
    design = np.column_stack([np.ones(n), framework_cols])
    beta, *_ = np.linalg.lstsq(design, y, rcond=None)
    return design @ beta


@pytest.mark.parametrize("gufunc", [True, False])
@pytest.mark.parametrize("k", [0, 1, 2, 3])
def test_batched_fit_is_bitwise_one_lstsq_per_period(k, gufunc, monkeypatch):
    """Both ways of _lstsq_batch: the gufunc, and the per-system fallback that takes over should
    a numpy release move numpy.linalg._umath_linalg."""
    from indicators.computation import arithmetic
    from indicators.computation.arithmetic import _fit_columns

    if not gufunc:
        monkeypatch.setattr(arithmetic, "_umath_linalg", None)

    rng = np.random.default_rng(k)
    m, c = 60, 80
    y = rng.normal(50, 10, size=(m, c))
    framework = rng.normal(size=(k, m, c))
    framework[:, :, 5] = framework[:, :1, 5]  # a collinear (rank-deficient) period
    in_fit = rng.random((m, c)) < rng.choice([0.05, 0.5, 0.9, 1.0], size=c)
    in_fit[:, 7] = False
    in_fit[: k + 3, 8], in_fit[k + 3 :, 8] = True, False  # the fewest rows that get a fit
    in_fit[: k + 2, 9], in_fit[k + 2 :, 9] = True, False  # one row too few
    got = _fit_columns(y, framework, in_fit)
    for j in range(c):
        rows = np.flatnonzero(in_fit[:, j])
        want = np.full(m, np.nan)
        fitted = _fit_one(y[rows, j], framework[:, rows, j].T)
        if fitted is not None:
            want[rows] = fitted
        assert np.array_equal(got[:, j], want, equal_nan=True), j
    assert not np.isnan(got[:, 8]).all() and np.isnan(got[:, 9]).all()


@pytest.mark.parametrize("seed", range(6))
def test_sorted_ranks_equal_the_pairwise_definition(seed):
    """Rank = 1 + the number strictly better (exact float ties share a rank, NaN unranked),
    for both directions, with many ties and signed zeros."""
    from indicators.computation.arithmetic import _ranks

    rng = np.random.default_rng(seed)
    m, c = int(rng.integers(1, 60)), 25
    values = np.round(rng.normal(size=(m, c)), int(rng.integers(0, 3)))
    values[rng.random((m, c)) < 0.2] = -0.0
    values[rng.random((m, c)) < rng.random()] = np.nan
    for higher in (True, False):
        key = values if higher else -values
        better = (key[:, None, :] > key[None, :, :]).sum(axis=0)
        want = np.where(np.isnan(values), np.nan, 1.0 + better)
        rank, ranked = _ranks(values, higher)
        assert np.array_equal(rank, want, equal_nan=True)
        assert np.array_equal(ranked, (~np.isnan(values)).sum(axis=0))
