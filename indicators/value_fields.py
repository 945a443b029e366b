"""The per-row fields of an indicator value as the contract names them (CONTRACT.md §6, the
``values`` rows), in API order: the one list that ``/api/v1/values/``, the benchmark API and the
downloads read."""

from core.periods import format_period

VALUE_FIELDS = (
    "value",
    "numerator",
    "denominator",
    "suppressed",
    "rank",
    "rank_of",
    "national_value",
    "region_value",
    "change_3m",
    "change_12m",
    "expected",
    "residual",
    "peers",
    "milestone_reached",
)
#: What a suppressed row never reveals (sent as null).
HIDDEN_WHEN_SUPPRESSED = (
    "value",
    "numerator",
    "denominator",
    "change_3m",
    "change_12m",
    "expected",
    "residual",
)


def contract_values(row):
    """row (an IndicatorValue, or None for a missing figure) as {field: value} of VALUE_FIELDS:
    a suppressed row reveals nothing, milestone_reached is a YYYY-MM month."""
    if row is None:
        return {f: (False if f == "suppressed" else None) for f in VALUE_FIELDS}
    data = {}
    for field in VALUE_FIELDS:
        value = getattr(row, field)
        if row.suppressed and field in HIDDEN_WHEN_SUPPRESSED:
            value = None
        if field == "milestone_reached" and value is not None:
            value = format_period(value)
        data[field] = value
    return data
