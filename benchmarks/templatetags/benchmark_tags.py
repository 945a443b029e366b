"""Template helpers of the benchmark pages: signed Danish numbers, months, heat classes."""

from django import template
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.periods import parse_period
from core.templatetags.star import da_number

register = template.Library()

register.filter("bm_number", da_number)  # the shared formatter under its old name


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
    """A period -> 'nov. 2026' (the month style of core/formats, in the active language)."""
    if not day:
        return "–"
    return date_format(day, "YEAR_MONTH_FORMAT")


ym = register.filter("ym", month_name)  # the same month style under its old name


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
    d = figure.decimals
    for p in figure.series:
        own = "&lt;5" if p.suppressed else da_number(p.value, d)
        band = (
            f"{da_number(p.peer_min, d)}–{da_number(p.peer_max, d)}"
            if p.peer_min is not None and not figure.is_count
            else "–"
        )
        parts.append(
            f'<tr><th scope="row">{month_name(p.period)}</th>'
            f'<td class="text-right">{own}</td>'
            f'<td class="text-right">{da_number(p.national, d)}</td>'
            f'<td class="text-right">{da_number(p.region, d)}</td>'
            f'<td class="text-right">{escape(band)}</td></tr>'
        )
    return mark_safe("".join(parts))  # noqa: S308 - numbers and month strings only


@register.filter
def period_label(text):
    """'2026-11' -> 'nov. 2026' (a period's value in a form, shown in the month style)."""
    try:
        return month_name(parse_period(text))
    except ValueError:
        return text
