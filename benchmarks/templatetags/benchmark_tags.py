"""Template helpers of the benchmark pages: signed Danish numbers, months, heat classes."""

from django import template
from django.utils.translation import gettext as _

from core.periods import format_period
from core.templatetags.star import da_number

register = template.Library()

MONTHS = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]


@register.filter
def da_signed(value, decimals=1):
    """A change with its sign in Danish format (+1,5 / −2,0); '–' for missing."""
    if value is None or value == "":
        return "–"
    text = da_number(abs(value), decimals)
    if round(value, int(decimals)) == 0:
        return text
    return ("+" if value > 0 else "−") + text


@register.filter
def month_name(day):
    """date -> 'januar 2024' (Danish)."""
    if not day:
        return "–"
    return f"{_(MONTHS[day.month - 1])} {day.year}"


@register.filter
def ym(day):
    return format_period(day) if day else ""


@register.filter
def heat_class(level):
    if level is None:
        return "star-heat--none"
    return f"star-heat--{'p' if level >= 0 else 'm'}{abs(level)}"


@register.filter
def heat_symbol(level):
    """A shape beside the colour, so the grid does not rely on colour alone."""
    if level is None:
        return ""
    if level >= 2:
        return "▲▲"
    if level == 1:
        return "▲"
    if level <= -2:
        return "▼▼"
    if level == -1:
        return "▼"
    return "●"
