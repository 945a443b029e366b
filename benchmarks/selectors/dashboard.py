"""The reform dashboard for the steering group: national series of the sigtelinjer, the current
phase (the largest risks come from `risklog.selectors.largest_risks`)."""

from indicators.models import Indicator
from indicators.national import national_values_of


def national_series(*, reform):
    """{indicator: [(period, national value)]} of the reform's sigtelinjer (two queries)."""
    indicators = list(
        Indicator.objects.filter(
            reform=reform, kind=Indicator.Kind.SIGTELINJE, target_group__isnull=True
        ).order_by("code")
    )
    series = national_values_of(indicators)
    return [(indicator, series[indicator.pk]) for indicator in indicators]


def current_phase(*, reform):
    """The phase in progress, else the last one finished, else the first."""
    phases = list(reform.phases.all())
    for status in ("in_progress", "done"):
        matching = [p for p in phases if p.status == status]
        if matching:
            return matching[-1] if status == "done" else matching[0]
    return phases[0] if phases else None
