"""Template helpers for indicator figures and their explanation ("Sådan er tallet beregnet")."""

from django import template

from core.templatetags.star import da_number

from .. import services

register = template.Library()


@register.filter
def formula_text(indicator):
    return services.indicator_formula_text(indicator) if indicator else ""


@register.filter
def indicator_sources(indicator):
    return services.indicator_sources(indicator) if indicator else ""


@register.filter
def data_as_of(value):
    return services.value_data_as_of(value) if value else None


@register.filter
def figure(value, decimals=1):
    """An IndicatorValue's value for display: '<5' when suppressed, '–' when missing."""
    if value is None:
        return "–"
    if value.suppressed:
        return "<5"
    return da_number(value.value, decimals)
