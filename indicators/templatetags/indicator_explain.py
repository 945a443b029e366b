"""Template helpers for indicator figures and their explanation ("Sådan er tallet beregnet")."""

from django import template

from core.templatetags.star import da_number

from ..explanation import explain as build_explanation
from ..models import IndicatorValue

register = template.Library()


@register.filter
def explain(obj):
    """The Explanation (indicators.explanation) of an IndicatorValue, or of an Indicator alone."""
    if isinstance(obj, IndicatorValue):
        return build_explanation(obj.indicator, obj)
    return build_explanation(obj) if obj else None


@register.filter
def figure(value, decimals=1):
    """An IndicatorValue's value for display: '<5' when suppressed, '–' when missing."""
    if value is None:
        return "–"
    if value.suppressed:
        return "<5"
    return da_number(value.value, decimals)
