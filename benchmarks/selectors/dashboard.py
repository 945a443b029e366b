"""The reform dashboard for the steering group: national series of the sigtelinjer, the current
phase (the largest risks come from `risklog.selectors.largest_risks`)."""

from collections import defaultdict

from django.db.models import Max

from indicators.models import Indicator, IndicatorValue


def national_series(*, reform):
    """{indicator: [(period, national value)]} of the reform's sigtelinjer (two queries)."""
    indicators = list(
        Indicator.objects.filter(
            reform=reform, kind=Indicator.Kind.SIGTELINJE, target_group__isnull=True
        ).order_by("code")
    )
    rows = (
        IndicatorValue.objects.filter(indicator__in=indicators)
        .values("indicator_id", "period")
        .annotate(national=Max("national_value"))
        .order_by("indicator_id", "period")
    )
    series = defaultdict(list)
    for row in rows:
        series[row["indicator_id"]].append((row["period"], row["national"]))
    return [(indicator, series.get(indicator.pk, [])) for indicator in indicators]


def current_phase(*, reform):
    """The phase in progress, else the last one finished, else the first."""
    phases = list(reform.phases.all())
    for status in ("in_progress", "done"):
        matching = [p for p in phases if p.status == status]
        if matching:
            return matching[-1] if status == "done" else matching[0]
    return phases[0] if phases else None
