"""Planning: which months of which indicator a computation recomputes, and which observations
it loads for them."""

import dataclasses
import datetime

from core.periods import parse_period

from .arithmetic import month_index


def normalise_periods(periods):
    """Sorted month indexes of dates or 'YYYY-MM' strings; None stays None (every period)."""
    if periods is None:
        return None
    out = set()
    for p in periods:
        if isinstance(p, datetime.date):
            out.add(month_index(p))
        else:
            out.add(month_index(parse_period(str(p))))
    return sorted(out)


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


@dataclasses.dataclass
class Plan:
    """What one computation computes and loads."""

    #: spec id -> the month indexes to recompute, or None (every month: a full computation)
    months: dict
    grid_start: int
    grid_end: int
    #: ``inputs.load_observations`` arguments: the observations the months need
    selections: list
    #: specs whose milestone runs continue from the stored months before the first touched one
    milestone_specs: list


def plan_computation(specs, touched, data_range):
    """The plan of a computation of `touched` month indexes (None: every month) over the data's
    (first, last) month range."""
    first, last = data_range
    all_measures = sorted({m for s in specs for m in s.measures})
    if touched is None:
        return Plan(
            months={s.id: None for s in specs},
            grid_start=first,
            grid_end=last,
            selections=[{"measure_ids": all_measures, "start": first, "end": last}],
            milestone_specs=[],
        )
    months = {s.id: affected_months(s, touched, last) for s in specs}
    wanted = sorted({m for ms in months.values() for m in ms})
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
    milestone_specs = [s for s in specs if s.has_milestone and months[s.id]]
    if milestone_specs:
        history_from = max(first, touched[0] - max(s.milestone_months for s in milestone_specs) + 1)
        history = sorted({m for s in milestone_specs for m in s.ratio_measures})
        selections.append({"measure_ids": history, "start": history_from, "end": grid_end})
        grid_start = min(grid_start, history_from)
    return Plan(months, grid_start, grid_end, selections, milestone_specs)
