"""A deliberately naive, independent implementation of CONTRACT.md §6, written from the
contract's text alone (plain Python loops, no code shared with indicators/computation.py).

The engine is compared with it on random data in tests/test_contract_reference.py, as the
acceptance checks do on data we have not seen.
"""

import functools

import numpy as np

SUPPRESS_BELOW = 5


def month_index(day):
    return day.year * 12 + day.month - 1


def reference_values(*, municipalities, obs, indicator):
    """municipalities: {code: region_code}; obs: {(measure, code, month_index): value|None};
    indicator: dict(numerator, denominator, scale, direction, framework, milestone).
    Returns {(code, month_index): row dict with the §6 fields}."""
    num, den, scale = indicator["numerator"], indicator["denominator"], indicator["scale"]
    higher = indicator["direction"] == "higher_is_better"
    framework = indicator["framework"]
    codes = sorted(municipalities)

    def get(measure, code, t):
        return obs.get((measure, code, t))

    periods = sorted({t for (m, _c, t), v in obs.items() if m == num and v is not None})
    rows = {}
    for t in periods:
        for c in codes:
            n = get(num, c, t)
            d = get(den, c, t) if den else None
            missing = n is None or (den is not None and d is None)
            if missing:
                rows[(c, t)] = {"value": None, "suppressed": False, "n": n, "d": d}
                continue
            suppressed = (den is not None and d < SUPPRESS_BELOW) or (0 < n < SUPPRESS_BELOW)
            value = None if suppressed else (scale * n / d if den is not None else scale * n)
            rows[(c, t)] = {"value": value, "suppressed": suppressed, "n": n, "d": d}

    def area_value(t, members):
        sn = sd = 0.0
        any_member = False
        for c in members:
            r = rows[(c, t)]
            if r["n"] is None or (den is not None and r["d"] is None):
                continue
            any_member = True
            sn += r["n"]
            if den is not None:
                sd += r["d"]
        if den is not None:
            return None if sd == 0 else scale * sn / sd
        return scale * sn if any_member else None

    for t in periods:
        national = area_value(t, codes)
        regions = {}
        for c in codes:
            regions.setdefault(municipalities[c], []).append(c)
        region_values = {reg: area_value(t, members) for reg, members in regions.items()}
        ranked = [c for c in codes if rows[(c, t)]["value"] is not None]
        for c in codes:
            row = rows[(c, t)]
            row["national_value"] = national
            row["region_value"] = region_values[municipalities[c]]
            row["rank_of"] = len(ranked)
            if row["value"] is None:
                row["rank"] = None
            else:
                better = [
                    o
                    for o in ranked
                    if (
                        rows[(o, t)]["value"] > row["value"]
                        if higher
                        else rows[(o, t)]["value"] < row["value"]
                    )
                ]
                row["rank"] = len(better) + 1

        # expected value: OLS with intercept on the framework measures of the same period
        fit = []
        for c in codes:
            row = rows[(c, t)]
            xs = [get(f, c, t) for f in framework]
            if row["value"] is not None and all(x is not None for x in xs):
                fit.append((c, xs, row["value"]))
        k = len(framework)
        expected = {}
        if len(fit) > k + 2:
            design = np.array([[1.0, *xs] for _c, xs, _v in fit])
            target = np.array([v for _c, _xs, v in fit])
            beta, *_ = np.linalg.lstsq(design, target, rcond=None)
            for (c, _xs, _v), e in zip(fit, design @ beta, strict=True):
                expected[c] = float(e)
        spread = (max(expected.values()) - min(expected.values())) if expected else 0.0
        tol = 1e-9 * spread
        for c in codes:
            row = rows[(c, t)]
            if c in expected:
                row["expected"] = expected[c]
                row["residual"] = row["value"] - expected[c]
                others = [o for o in expected if o != c]

                def compare(a, b, c=c, expected=expected, tol=tol):
                    da, db = abs(expected[a] - expected[c]), abs(expected[b] - expected[c])
                    if abs(da - db) <= tol:
                        return -1 if a < b else (1 if a > b else 0)
                    return -1 if da < db else 1

                row["peers"] = sorted(others, key=functools.cmp_to_key(compare))[:10]
            else:
                row["expected"] = row["residual"] = row["peers"] = None

    for c in codes:
        for t in periods:
            row = rows[(c, t)]
            for lag, name in ((3, "change_3m"), (12, "change_12m")):
                before = rows.get((c, t - lag))
                if row["value"] is None or before is None or before["value"] is None:
                    row[name] = None
                else:
                    row[name] = row["value"] - before["value"]
        milestone = indicator.get("milestone")
        reached = None
        if milestone and periods:
            run = 0
            for t in range(periods[0], periods[-1] + 1):
                row = rows.get((c, t))
                if row is not None and row["value"] is not None and row["value"] >= milestone[0]:
                    run += 1
                    if run >= milestone[1] and reached is None:
                        reached = t
                else:
                    run = 0
        for t in periods:
            rows[(c, t)]["milestone_reached"] = (
                reached if reached is not None and reached <= t else None
            )
    return rows
