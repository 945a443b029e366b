"""Template helpers of the benchmark pages: signed Danish numbers, months, heat classes."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.periods import format_period
from core.templatetags.star import da_number

register = template.Library()

register.filter("bm_number", da_number)  # the shared formatter under its old name

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


@register.simple_tag
def series_rows(figure):
    """The <tr> rows of a chart's data table (built in Python: 36 months x many charts)."""
    parts = []
    for p in figure.series:
        own = "&lt;5" if p.suppressed else da_number(p.value)
        band = f"{da_number(p.peer_min)}–{da_number(p.peer_max)}" if p.peer_min is not None else "–"
        parts.append(
            f'<tr><th scope="row">{format_period(p.period)}</th>'
            f'<td class="text-right">{own}</td>'
            f'<td class="text-right">{da_number(p.national)}</td>'
            f'<td class="text-right">{da_number(p.region)}</td>'
            f'<td class="text-right">{escape(band)}</td></tr>'
        )
    return mark_safe("".join(parts))  # noqa: S308 - numbers and month strings only
