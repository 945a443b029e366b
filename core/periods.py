"""Periods are calendar months in Europe/Copenhagen, stored as the month's first day.

The one place a period is read (`parse_period`: the import's rules, used by the import, the
commands, every form, filter and API field), written (`format_period`) and named in Danish
(`month_label`); and the one form field, django-filter filter and DRF field built on them."""

import datetime
import re

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .formatting import da_month

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$", re.ASCII)
_JOBINDSATS_MONTH = re.compile(r"^(\d{4})M(\d{2})$", re.ASCII)
_QUARTER = re.compile(r"^(\d{4})Q(?:MAT)?(\d{1,2})$", re.ASCII)
#: jobindsats' series start in the 2000s; anything before this is a typing error, and year 0
#: cannot even be a date.
FIRST_YEAR = 1900

MONTH_NAMES = [
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


class PeriodError(ValueError):
    """A text that is not a period. `message` is a %-template and `params` what fills it, so
    that the user's input is never itself used as a format string (Django and django-filter
    %-format validation messages)."""

    def __init__(self, message, **params):
        self.message = message
        self.params = params
        super().__init__(message % params)


def parse_period(raw):
    """'2024-01', '2024-1', jobindsats' '2024M01', '2024QMAT02' or '2024Q2' (the quarter's last
    month), or a date -> the month's first day; PeriodError (a ValueError) with a Danish text
    for anything else."""
    if isinstance(raw, datetime.datetime):
        raw = raw.date()
    if isinstance(raw, datetime.date):
        return datetime.date(raw.year, raw.month, 1)
    text = str(raw if raw is not None else "").strip()
    match = _MONTH.match(text) or _JOBINDSATS_MONTH.match(text)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12 and year >= FIRST_YEAR:
            return datetime.date(year, month, 1)
        raise PeriodError("ugyldig måned i perioden »%(text)s«", text=text)
    match = _QUARTER.match(text)
    if match:
        year, quarter = int(match.group(1)), int(match.group(2))
        if 1 <= quarter <= 4 and year >= FIRST_YEAR:
            return datetime.date(year, quarter * 3, 1)
        raise PeriodError("ugyldigt kvartal i perioden »%(text)s«", text=text)
    if not text:
        raise PeriodError("perioden mangler (brug ÅÅÅÅ-MM eller ÅÅÅÅMmm)")
    raise PeriodError("ugyldig periode »%(text)s« (brug ÅÅÅÅ-MM eller ÅÅÅÅMmm)", text=text)


def format_period(day):
    """date -> 'YYYY-MM'."""
    return f"{day.year:04d}-{day.month:02d}"


def month_label(day, *, long=False):
    """date -> 'nov. 2026' (short: the month style of every page, core.formatting.da_month) or
    'november 2026' (long, for running text); always Danish."""
    if not long:
        return da_month(day)
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


def add_months(day, months):
    """The first day of the month `months` after day's month (negative goes back)."""
    index = day.year * 12 + (day.month - 1) + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_range(end, months):
    """The `months` months ending with end's month, oldest first."""
    return [add_months(end, -offset) for offset in range(months - 1, -1, -1)]


# --------------------------------------------------------------------- form, filter, API field


class MonthInput(forms.DateInput):
    """The browser's month picker (<input type="month">, value 'YYYY-MM')."""

    input_type = "month"

    def format_value(self, value):
        return format_period(value) if hasattr(value, "year") else value


class PeriodFormField(forms.CharField):
    """A month as 'YYYY-MM' (or any form parse_period reads) -> the month's first day; a Danish
    field error otherwise; empty -> None."""

    def prepare_value(self, value):
        return format_period(value) if hasattr(value, "year") else value

    def to_python(self, value):
        if isinstance(value, datetime.date):
            return parse_period(value)
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_period(value)
        except PeriodError as exc:
            raise forms.ValidationError(exc.message, code="invalid", params=exc.params) from None


class PeriodFilter(django_filters.Filter):
    """A django-filter filter on a month column (`?period=2024-06`): junk is a field error, so
    a 400 in the API and a Danish message on the page."""

    field_class = PeriodFormField


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2024-06"})
class PeriodSerializerField(serializers.Field):
    """A month in the API: 'YYYY-MM' out; in, anything parse_period reads (a Danish field
    error otherwise)."""

    default_error_messages = {"invalid": _("Ugyldig periode.")}

    def to_representation(self, value):
        return format_period(value)

    def to_internal_value(self, data):
        try:
            return parse_period(data)
        except PeriodError as exc:
            raise serializers.ValidationError(str(exc), code="invalid") from None
