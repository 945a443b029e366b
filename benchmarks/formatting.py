"""Danish number and month formatting shared by the PDF report and the e-mails (numbers via
core.formatting, the same function the pages use)."""

from core.formatting import MISSING, da_date, da_month, da_number  # noqa: F401 - re-exported

MONTHS_DA = [
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
SUPPRESSED = "<5"


def signed_da_number(value, decimals=1):
    """Like da_number with an explicit '+' for increases."""
    if value is None:
        return MISSING
    text = da_number(value, decimals)
    return f"+{text}" if value > 0 and text.strip("0,.") else text


def month_label(day, *, long=False):
    """date -> 'nov. 2026' (short: the month style of every page, core.formatting.da_month) or
    'november 2026' (long, for running text)."""
    if not long:
        return da_month(day)
    return f"{MONTHS_DA[day.month - 1]} {day.year}"
