"""Periods are calendar months in Europe/Copenhagen, stored as the month's first day."""

import datetime
import re

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_JOBINDSATS_MONTH = re.compile(r"^(\d{4})M(\d{2})$")


def parse_period(text):
    """'2024-01' or jobindsats' '2024M01' -> date(2024, 1, 1); ValueError with a Danish text."""
    text = (text or "").strip()
    match = _MONTH.match(text) or _JOBINDSATS_MONTH.match(text)
    if not match:
        raise ValueError(f"ugyldig periode »{text}« (brug ÅÅÅÅ-MM eller ÅÅÅÅMmm)")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"ugyldig måned i periode »{text}«")
    return datetime.date(year, month, 1)


def format_period(day):
    """date -> 'YYYY-MM'."""
    return f"{day.year:04d}-{day.month:02d}"


def add_months(day, months):
    """The first day of the month `months` after day's month (negative goes back)."""
    index = day.year * 12 + (day.month - 1) + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_range(end, months):
    """The `months` months ending with end's month, oldest first."""
    return [add_months(end, -offset) for offset in range(months - 1, -1, -1)]
