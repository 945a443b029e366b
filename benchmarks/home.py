"""The benchmarks app's home-page panel: early warnings for STAR readers."""

from django.utils.translation import gettext as _

from core.home import register_panel

from .selectors.overview import early_warnings, overview_periods


@register_panel
def early_warning_panel(user):
    if not user.is_star_reader:
        return None
    periods = overview_periods()
    period = periods[-1] if periods else None
    warnings = early_warnings(period=period) if period else []
    return {
        "title": _("Tidlig varsling"),
        "template": "benchmarks/_home_panel.html",
        "period": period,
        "count": len(warnings),
        "warnings": warnings[:5],
    }
