"""The (measure, period, municipality) cells of whole columns, as positions in the dense box
they span, so that duplicate cells, the load order and the match with stored cells are O(n)
scatters and gathers instead of sorts or per-row Python (docs/indicators-import.md)."""

from __future__ import annotations

import datetime

import numpy as np

EPOCH = datetime.date(2000, 1, 1)  # PostgreSQL dates are days since 2000-01-01
#: Dense tables are used while the box is at most this many times the rows (plus a floor).
_DENSE_FACTOR = 4
_DENSE_FLOOR = 1 << 20
_LUT_RANGE = 1 << 24


def days_to_date(days):
    return EPOCH + datetime.timedelta(days=int(days))


# --- cells -----------------------------------------------------------------------------------


def _uniques(values):
    """Sorted distinct values of an integer array (a flag scatter when the range is small)."""
    if not len(values):
        return np.zeros(0, np.int64)
    low, high = int(values.min()), int(values.max())
    if high - low < _LUT_RANGE:
        flags = np.zeros(high - low + 1, bool)
        flags[values - low] = True
        return np.flatnonzero(flags) + low
    return np.unique(values)


def _ranks(values, uniques):
    """Index of each value in `uniques` (every value must be there)."""
    if not len(values):
        return np.zeros(0, np.int64)
    low, high = int(uniques[0]), int(uniques[-1])
    if high - low < _LUT_RANGE:
        table = np.zeros(high - low + 1, np.int64)
        table[uniques - low] = np.arange(len(uniques))
        return table[values - low]
    return np.searchsorted(uniques, values)


class Categorical:
    """A column given as the value of each category and each row's category code (what
    pandas parses): rows are gathered when asked for (`column[rows]`, `np.asarray(column)`)."""

    def __init__(self, values, codes):
        self.values = values
        self.codes = codes

    def __len__(self):
        return len(self.codes)

    def __getitem__(self, rows):
        return self.values[self.codes[rows]]

    def __array__(self, dtype=None, copy=None):  # noqa: ARG002 - always a new array
        column = self.values[self.codes]
        return column if dtype is None else column.astype(dtype)


class CellSpace:
    """The box of (measure, period, municipality) cells spanned by some columns; a cell's
    position is its index in the box in that lexicographic order (the unique index's)."""

    def __init__(self, measures, periods, codes):
        self.measures = measures
        self.periods = periods
        self.codes = codes
        self.size = len(measures) * len(periods) * len(codes)

    @classmethod
    def spanning(cls, measure, period, code, *more):
        """The box of the cells of (measure, period, code) columns and of `more` such triples."""
        columns = [(measure, period, code), *zip(more[0::3], more[1::3], more[2::3], strict=True)]
        return cls(
            *(
                _uniques(np.concatenate([np.asarray(c[i], np.int64) for c in columns]))
                for i in range(3)
            )
        )

    @classmethod
    def of_categories(cls, measure, period, code):
        """(space, positions) of three Categorical columns: each category's share of the
        position is computed once, each row's is a sum of three small-table lookups."""
        columns = (measure, period, code)
        space = cls(*(_uniques(c.values.astype(np.int64)) for c in columns))
        dtype = np.int32 if space.size < 2**31 else np.int64
        scales = (len(space.periods) * len(space.codes), len(space.codes), 1)
        uniques = (space.measures, space.periods, space.codes)
        positions = None
        for column, values, scale in zip(columns, uniques, scales, strict=True):
            table = (_ranks(column.values.astype(np.int64), values) * scale).astype(dtype)
            if positions is None:
                positions = table[column.codes]
            else:
                positions += table[column.codes]
        return space, positions

    def positions(self, measure, period, code):
        """int64 box position of each cell (all must lie in the box)."""
        return self._combine(
            _ranks(np.asarray(measure, np.int64), self.measures),
            _ranks(np.asarray(period, np.int64), self.periods),
            _ranks(np.asarray(code, np.int64), self.codes),
        )

    def contains_codes(self, codes):
        return bool(np.isin(_uniques(np.asarray(codes, np.int64)), self.codes).all())

    def _combine(self, rank_m, rank_p, rank_c):
        positions = rank_m.astype(np.int64) * len(self.periods)
        positions += rank_p
        positions *= len(self.codes)
        positions += rank_c
        return positions

    def dense(self, rows):
        return self.size <= max(_DENSE_FACTOR * rows, _DENSE_FLOOR) and self.size < 2**31


def cell_order(positions, space):
    """(order, duplicated): the rows in cell order, and whether two rows share a cell."""
    n = len(positions)
    if space.dense(n):
        slots = np.full(space.size, -1, np.int32 if n < 2**31 else np.int64)
        slots[positions] = np.arange(n, dtype=slots.dtype)
        order = slots[slots >= 0]
        return order, len(order) != n  # a shared cell leaves fewer slots than rows
    order = np.argsort(positions, kind="stable")
    ordered = positions[order]
    return order, bool((ordered[1:] == ordered[:-1]).any())


def cell_match(positions, stored_positions, space):
    """Index into the stored cells of each row's cell, -1 where nothing is stored."""
    if not len(stored_positions):
        return np.full(len(positions), -1, np.int64)
    if space.dense(len(positions) + len(stored_positions)):
        slots = np.full(space.size, -1, np.int64)
        slots[stored_positions] = np.arange(len(stored_positions))
        return slots[positions]
    order = np.argsort(stored_positions)
    ordered = stored_positions[order]
    at = np.minimum(np.searchsorted(ordered, positions), len(ordered) - 1)
    return np.where(ordered[at] == positions, order[at], -1)
